/**
 * Sample quantiles of sorted values.
 *
 * This module is browser compatible.
 * @module
 */

/**
 * The p-quantile of `sorted[0 .. m)` (ascending) by linear interpolation
 * between order statistics: position (m − 1) p, the default of R's
 * `quantile` (type 7) and numpy's `percentile`.
 *
 * @param sorted values in ascending order.
 * @param m how many leading entries of `sorted` to use (≥ 1).
 * @param p probability in [0, 1].
 * @returns the quantile; NaN when m = 0.
 *
 * @example The median of four values
 * ```ts
 * import { sortedQuantile } from "./sorted_quantile.ts";
 * console.log(sortedQuantile(Float64Array.of(1, 2, 4, 8), 4, 0.5)); // 3
 * ```
 */
export function sortedQuantile(
  sorted: ArrayLike<number>,
  m: number,
  p: number,
): number {
  if (m < 1) return NaN;
  const h = (m - 1) * p;
  const lo = Math.floor(h);
  if (lo >= m - 1) return sorted[m - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}
