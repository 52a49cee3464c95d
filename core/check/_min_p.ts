/**
 * Bootstrap p-values of several statistics at once, and their family-wise
 * adjustment by the single-step min-p method of Westfall and Young
 * ("Resampling-Based Multiple Testing", 1993, §2.6), using the same
 * bootstrap data sets: no further simulation.
 *
 * Row 0 of the table holds the observed statistics, rows 1..R the bootstrap
 * ones; larger means more discrepant. Under the model the R + 1 rows are
 * (approximately) exchangeable, so the raw p-value of test j,
 * #{s : T_j(s) ≥ T_j(0)} / (R + 1), is uniform on {1, …, R + 1}/(R + 1) and
 * P(p ≤ α) ≤ α (equal when α(R + 1) is an integer).
 *
 * For the adjustment every row s gets a p-value q_j(s) per test from the
 * pool of that test's R + 1 statistics, and its smallest one, minQ(s); the
 * adjusted p-value of test j is #{s : minQ(s) ≤ q_j(0)} / (R + 1). Because
 * q is computed from the whole pool in the same way for every row, the rows
 * stay exchangeable and flagging adjusted p ≤ α flags any test at all with
 * probability ≤ α, whatever the dependence between the tests.
 *
 * Rank p-values would tie: with m tests, up to m rows hold some test's
 * largest value, so even a gross misfit could not get an adjusted p-value
 * below about m/(R + 1). So q smooths the upper tail: above the pool's 90%
 * quantile u, q(t) = (share above u) · exp(−(t − u)/β), an exponential tail
 * (the tail type of sums of weighted χ² variables, which the statistics
 * are) with β = median excess over u / ln 2, robust to one outlying row;
 * at or below u, q is the rank p-value. A gross misfit then gets adjusted
 * p = 1/(R + 1).
 *
 * This module is browser compatible.
 * @module
 */
import { sortedQuantile } from "./sorted_quantile.ts";

/** Raw and family-wise adjusted p-values of the observed row. */
export interface MinPResult {
  /** Raw p-value per test; NaN for inactive tests. */
  readonly raw: Float64Array;
  /** Westfall–Young single-step min-p adjusted p-value per test; NaN for inactive ones. */
  readonly adjusted: Float64Array;
}

/**
 * P-values of the observed row of `table` (rows × tests, row-major, row 0
 * observed) over the tests with `active[j] = 1`. NaN entries are read as
 * +Infinity (a data set the statistic could not assess counts as more
 * discrepant than any other: conservative).
 * Cost O(tests · rows log rows).
 */
export function minPValues(
  table: Float64Array,
  rows: number,
  tests: number,
  active: Uint8Array,
): MinPResult {
  const raw = new Float64Array(tests).fill(NaN);
  const observedQ = new Float64Array(tests).fill(NaN);
  const minQ = new Float64Array(rows).fill(Infinity);
  const column = new Float64Array(rows);
  const sorted = new Float64Array(rows);
  const q = new Float64Array(rows);
  for (let j = 0; j < tests; j++) {
    if (active[j] !== 1) continue;
    for (let s = 0; s < rows; s++) {
      const v = table[s * tests + j];
      column[s] = Number.isNaN(v) ? Infinity : v;
    }
    sorted.set(column);
    sorted.sort();
    raw[j] = (rows - lowerBound(sorted, column[0])) / rows;
    tailSmoothedPValues(column, sorted, q);
    observedQ[j] = q[0];
    for (let s = 0; s < rows; s++) if (q[s] < minQ[s]) minQ[s] = q[s];
  }
  minQ.sort();
  const adjusted = new Float64Array(tests).fill(NaN);
  for (let j = 0; j < tests; j++) {
    if (active[j] !== 1) continue;
    adjusted[j] = upperBound(minQ, observedQ[j]) / rows;
  }
  return { raw, adjusted };
}

/** Share of the pool above which the tail is smoothed. */
const TAIL_SHARE = 0.1;

/**
 * Writes into `out` the p-value of every entry of `column` within the pool
 * (`sorted` is `column` ascending): the rank p-value #{t ≥ v}/rows, with the
 * exponential tail described in the module doc above the pool's 90%
 * quantile. Non-increasing in the value; +Infinity gets 0.
 */
function tailSmoothedPValues(
  column: Float64Array,
  sorted: Float64Array,
  out: Float64Array,
): void {
  const rows = column.length;
  const u = sortedQuantile(sorted, rows, 1 - TAIL_SHARE);
  const above = rows - upperBound(sorted, u);
  // Median excess over u of the finite values above it.
  let finiteAbove = above;
  while (
    finiteAbove > 0 && sorted[rows - above + finiteAbove - 1] === Infinity
  ) {
    finiteAbove--;
  }
  let beta = NaN;
  if (Number.isFinite(u) && finiteAbove > 0) {
    const first = rows - above;
    const median = sortedQuantile(
      sorted.subarray(first, first + finiteAbove),
      finiteAbove,
      0.5,
    );
    beta = (median - u) / Math.LN2;
  }
  const smooth = beta > 0;
  for (let s = 0; s < rows; s++) {
    const v = column[s];
    if (v === Infinity) out[s] = 0;
    else if (smooth && v > u) {
      out[s] = (above / rows) * Math.exp(-(v - u) / beta);
    } else out[s] = (rows - lowerBound(sorted, v)) / rows;
  }
}
/** First index with sorted[i] ≥ v (sorted ascending). */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with sorted[i] > v (sorted ascending). */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
