/**
 * One pass over an (n, d) sample matrix collecting, per column, the
 * statistics a censored or truncated normal marginal depends on: how many
 * entries are zero, how many are positive, and the sum and sum of squares of
 * the positive part (the sufficient statistics of a normal truncated to
 * (0, ∞)), plus the extremes.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { checkStop } from "../stop/stop_check.ts";

/** Per-column statistics of an (n, d) sample matrix; every field has length d. */
export interface ColumnStats {
  /** Number of rows. */
  readonly n: number;
  /** Number of columns. */
  readonly d: number;
  /** Entries equal to 0. */
  readonly zeros: Float64Array;
  /** Entries greater than 0. */
  readonly positives: Float64Array;
  /** Sum of the positive entries. */
  readonly sum: Float64Array;
  /** Sum of squares of the positive entries. */
  readonly sumSquares: Float64Array;
  /** Smallest entry (Infinity when n = 0). */
  readonly min: Float64Array;
  /** Largest entry (-Infinity when n = 0). */
  readonly max: Float64Array;
  /** Smallest positive entry (Infinity when there is none). */
  readonly minPositive: Float64Array;
}

/** How `columnStats` words its errors. */
export interface ColumnStatsOptions {
  /** The action named in error messages ("Cannot <action>: …"). @default {"compute column statistics"} */
  readonly action?: string;
  /** The number errors give the first row of `x` (e.g. a block's offset in the data). @default {0} */
  readonly firstRow?: number;
}

/**
 * Statistics of every column of `x` in one row-major pass.
 *
 * Samples of a rectified Gaussian are finite and non-negative, so any other
 * entry is an error in the data rather than something to skip.
 *
 * @param x samples of shape (n, d), one per row.
 * @param options wording of errors.
 * @returns per-column counts, sums and extremes.
 * @throws {RangeError} for a negative or non-finite entry, naming its row and column.
 *
 * @example Counting zeros and positives
 * ```ts
 * import assert from "node:assert/strict";
 * import { columnStats } from "./column_stats.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const s = columnStats(fromRows([[0, 2], [3, 4]]));
 * assert.deepEqual([s.zeros[0], s.positives[1], s.sumSquares[1]], [1, 2, 20]);
 * ```
 *
 * Cost: O(n d) time, O(d) memory.
 */
export function columnStats(
  x: Matrix,
  options: ColumnStatsOptions = {},
): ColumnStats {
  const { rows: n, cols: d, data } = x;
  const zeros = new Float64Array(d);
  const positives = new Float64Array(d);
  const sum = new Float64Array(d);
  const sumSquares = new Float64Array(d);
  const min = new Float64Array(d).fill(Infinity);
  const max = new Float64Array(d).fill(-Infinity);
  const minPositive = new Float64Array(d).fill(Infinity);
  for (let row = 0; row < n; row++) {
    if ((row & 4095) === 0) checkStop();
    const offset = row * d;
    for (let j = 0; j < d; j++) {
      const v = data[offset + j];
      // One comparison rejects negatives, NaN and ±Infinity together.
      if (!(v >= 0 && v < Infinity)) {
        throw new RangeError(
          `Cannot ${
            options.action ?? "compute column statistics"
          }: entry at row ${
            row + (options.firstRow ?? 0)
          }, column ${j} is ${v}; samples must be finite and non-negative`,
        );
      }
      if (v === 0) {
        zeros[j]++;
      } else {
        positives[j]++;
        sum[j] += v;
        sumSquares[j] += v * v;
        if (v < minPositive[j]) minPositive[j] = v;
      }
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
    }
  }
  return { n, d, zeros, positives, sum, sumSquares, min, max, minPositive };
}
