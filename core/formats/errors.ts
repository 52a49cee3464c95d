/**
 * The error every sample parser throws for data it cannot use.
 *
 * This module is browser compatible.
 * @module
 */

/**
 * Sample data that cannot be read or used: malformed bytes, ragged rows,
 * non-numbers, non-finite or negative values, no rows at all.
 *
 * `row` and `column` are 1-based and count the way a user reads their file:
 * for CSV, `row` is the line number in the file (a header line counts as line
 * 1); for JSON and NPY, `row` is the position of the sample (the first sample
 * is row 1). Both are absent when the problem is not tied to one place.
 *
 * @example Telling a user where their file is wrong
 * ```ts
 * import assert from "node:assert/strict";
 * import { SampleFormatError } from "./errors.ts";
 * const e = new SampleFormatError("row 3, column 2 is \"abc\", not a number", {
 *   row: 3,
 *   column: 2,
 * });
 * assert.equal(e.message, 'Cannot read samples: row 3, column 2 is "abc", not a number');
 * assert.deepEqual([e.row, e.column], [3, 2]);
 * ```
 */
export class SampleFormatError extends RangeError {
  /** 1-based row (CSV: line in the file; JSON/NPY: sample number), if known. */
  readonly row?: number;
  /** 1-based column, if known. */
  readonly column?: number;

  /**
   * @param problem what is wrong, without the "Cannot read samples: " prefix.
   * @param where the 1-based row and column the problem is at, if any.
   */
  constructor(
    problem: string,
    where: { readonly row?: number; readonly column?: number } = {},
  ) {
    super(`Cannot read samples: ${problem}`);
    this.name = "SampleFormatError";
    if (where.row !== undefined) this.row = where.row;
    if (where.column !== undefined) this.column = where.column;
  }
}

/**
 * A column selection that does not fit the data: an unknown or ambiguous
 * name, a column number out of range, a column listed twice, or nothing left
 * to fit. The message names the columns there are.
 *
 * @example
 * ```ts
 * import { ColumnSelectionError } from "./errors.ts";
 * const e = new ColumnSelectionError('no column is named "c"; the columns are "a", "b"');
 * console.log(e.message); // Cannot select columns: no column is named "c"; the columns are "a", "b"
 * ```
 */
export class ColumnSelectionError extends RangeError {
  /** @param problem what is wrong, without the "Cannot select columns: " prefix. */
  constructor(problem: string) {
    super(`Cannot select columns: ${problem}`);
    this.name = "ColumnSelectionError";
  }
}
