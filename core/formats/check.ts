/**
 * The one validation every sample parser ends with, so that CSV, JSON and NPY
 * input report the same problem with the same words.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { SampleFormatError } from "./errors.ts";

/** What a sample matrix must satisfy. */
export interface SampleCheckOptions {
  /**
   * Accept negative entries. Samples of ReLU(W z + b) are never negative, so
   * this is only for matrices that are not samples (e.g. a weight matrix).
   * @default {false}
   */
  readonly allowNegative?: boolean;
  /**
   * The 1-based row number, as the user counts it, of the matrix's first row
   * (CSV with a header line: 2). Errors report `firstRow + i` for row i.
   * @default {1}
   */
  readonly firstRow?: number;
  /**
   * The row number the user sees for matrix row i (0-based), when rows were
   * left out or do not follow one another (CSV: line numbers). Overrides
   * `firstRow`; called only to word an error.
   */
  readonly rowNumber?: (i: number) => number;
  /**
   * The 1-based column number in the user's file of each matrix column, when
   * only some columns were read.
   * @default {matrix column j is column j + 1}
   */
  readonly columnNumbers?: readonly number[];
}

/**
 * Checks that `m` is a usable sample matrix: at least one row and one column,
 * every entry finite, and no entry negative unless `allowNegative`.
 *
 * @param m an (n, d) matrix, one sample per row.
 * @param options what to accept and how to number rows in messages.
 * @returns `m` itself, for chaining.
 * @throws {SampleFormatError} naming the row and column of the first bad
 *   entry in row-major order, or saying the matrix is empty.
 *
 * @example Rejecting a NaN
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkSamples } from "./check.ts";
 * const m = { rows: 1, cols: 2, data: new Float64Array([1, NaN]) };
 * assert.throws(() => checkSamples(m), {
 *   message: "Cannot read samples: row 1, column 2 is NaN, not a finite number",
 * });
 * ```
 */
export function checkSamples(
  m: Matrix,
  options: SampleCheckOptions = {},
): Matrix {
  const firstRow = options.firstRow ?? 1;
  if (m.rows === 0) {
    throw new SampleFormatError("the input has no rows of numbers");
  }
  if (m.cols === 0) {
    const row = options.rowNumber?.(0) ?? firstRow;
    throw new SampleFormatError(`row ${row} has no values`, { row });
  }
  const { data, cols } = m;
  const allowNegative = options.allowNegative ?? false;
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    // One comparison on the common path: finite and non-negative values pass.
    if (v >= 0 && v < Infinity) continue;
    if (allowNegative && Number.isFinite(v)) continue;
    const i = Math.floor(k / cols);
    const row = options.rowNumber?.(i) ?? firstRow + i;
    const column = options.columnNumbers?.[k % cols] ?? (k % cols) + 1;
    const at = `row ${row}, column ${column}`;
    if (!Number.isFinite(v)) {
      throw new SampleFormatError(`${at} is ${v}, not a finite number`, {
        row,
        column,
      });
    }
    throw new SampleFormatError(
      `${at} is ${v}, but samples of ReLU(W z + b) are never negative`,
      { row, column },
    );
  }
  return m;
}
