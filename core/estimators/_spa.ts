/**
 * Successive projection (SPA) for separable non-negative matrix factorisation,
 * run on a Gram matrix so the data are read once.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { checkStop } from "../stop/stop_check.ts";

/**
 * The Gram matrix Xᵀ X (d x d) of an (n, d) matrix and its column sums.
 * Cost: O(n d²/2) time, O(d²) memory.
 */
export function columnGram(x: Matrix): { gram: Matrix; sums: Float64Array } {
  const { rows: n, cols: d, data } = x;
  const g = new Float64Array(d * d);
  const sums = new Float64Array(d);
  for (let s = 0; s < n; s++) {
    if ((s & 63) === 0) checkStop();
    const o = s * d;
    for (let i = 0; i < d; i++) {
      const v = data[o + i]!;
      if (v === 0) continue; // rectified data are sparse: skip zero rows of the outer product
      sums[i] = sums[i]! + v;
      const gi = i * d;
      for (let j = i; j < d; j++) g[gi + j] = g[gi + j]! + v * data[o + j]!;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) g[i * d + j] = g[j * d + i]!;
  }
  return { gram: { rows: d, cols: d, data: g }, sums };
}

/** What successive projection picked. */
export interface SpaResult {
  /** Column indices of the anchors, in pick order. */
  readonly anchors: number[];
  /**
   * Norm of each pick's residual, relative to the largest normalised column
   * (the first pick has 1). A tiny last value means nearly collinear anchors.
   */
  readonly pivots: number[];
  /**
   * Largest residual norm of any column after projecting out the anchors,
   * relative to the largest normalised column: 0 for exactly separable data.
   */
  readonly residualRatio: number;
}

/** How many anchors to pick. */
export interface SpaOptions {
  /** Anchors to pick; 0 picks until `residualRatio` ≤ `tolerance`. */
  readonly count: number;
  /** Residual ratio at which the columns count as explained. */
  readonly tolerance: number;
  /** Pivots below this (relative) are treated as rank deficiency. */
  readonly degenerate: number;
}

/**
 * SPA of Gillis and Vavasis (2014) on columns scaled by `weights`: each step
 * picks the column of largest residual norm and projects every column onto
 * the orthogonal complement of it. In Gram form this is a diagonally pivoted
 * Cholesky of W G W. With non-negative data and `weights` = 1 / column sums,
 * the scaled columns lie in the convex hull of the scaled anchor columns, whose
 * vertices are exactly the columns of largest norm that SPA finds.
 *
 * @param gram Gram matrix Xᵀ X (d x d) of the unscaled columns.
 * @param weights scale of each column (0 excludes the column).
 * @throws {RangeError} when `count` > 0 anchors cannot be found because the
 *   remaining columns are (numerically) in the span of the picked ones.
 * Cost: O(d² · anchors) time, O(d²) memory.
 */
export function successiveProjection(
  gram: Matrix,
  weights: Float64Array,
  options: SpaOptions,
): SpaResult {
  const d = gram.rows;
  const r = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      r[i * d + j] = gram.data[i * d + j]! * weights[i]! * weights[j]!;
    }
  }
  let top = 0;
  for (let i = 0; i < d; i++) top = Math.max(top, r[i * d + i]!);
  if (!(top > 0)) {
    throw new RangeError("Cannot pick anchors: every column of x is zero");
  }
  const anchors: number[] = [];
  const pivots: number[] = [];
  const limit = options.count > 0 ? options.count : d;
  const column = new Float64Array(d);
  let residualRatio = 1;
  while (anchors.length < limit) {
    checkStop();
    let pick = -1;
    let best = 0;
    for (let i = 0; i < d; i++) {
      const v = r[i * d + i]!;
      if (v > best && !anchors.includes(i)) {
        best = v;
        pick = i;
      }
    }
    const pivot = Math.sqrt(Math.max(best, 0) / top);
    if (pick < 0 || pivot <= options.degenerate) {
      if (options.count > 0) {
        throw new RangeError(
          `Cannot pick ${options.count} anchors: the columns of x span only ${anchors.length} directions (next residual ${
            pivot.toExponential(2)
          })`,
        );
      }
      break;
    }
    anchors.push(pick);
    pivots.push(pivot);
    // Project every column off the picked one: R <- R - r_p r_pᵀ / R_pp.
    for (let j = 0; j < d; j++) column[j] = r[pick * d + j]!;
    for (let i = 0; i < d; i++) {
      const f = column[i]! / best;
      if (f === 0) continue;
      for (let j = 0; j < d; j++) r[i * d + j] = r[i * d + j]! - f * column[j]!;
    }
    let rest = 0;
    for (let i = 0; i < d; i++) rest = Math.max(rest, r[i * d + i]!);
    residualRatio = Math.sqrt(Math.max(rest, 0) / top);
    if (options.count === 0 && residualRatio <= options.tolerance) break;
  }
  return { anchors, pivots, residualRatio };
}
