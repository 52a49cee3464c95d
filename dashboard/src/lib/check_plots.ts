/**
 * What the model check's charts draw: per column, a histogram of the
 * positive values beside the fitted density of the positive part; per pair,
 * the adjusted p-values as a matrix; the pairs worth a look first.
 *
 * Scales: the histogram's bars have area (share of all rows in the bin), so
 * they add up to the observed share of positive values; the fitted density
 * φ((x − b)/s)/s on x > 0 adds up to the fitted share, 1 − Φ(−b/s). The two
 * are comparable at a glance, and so are the zero shares beside them.
 *
 * @module
 */
import type { Matrix } from "../../../core/linalg/matrix.ts";
import { sortedQuantile } from "../../../core/check/sorted_quantile.ts";
import { normPdf } from "../../../core/special/normal.ts";
import type { ModelCheckReport, PairCheck } from "../api/types.ts";

/** A histogram of one column's positive values. */
export interface PositiveHistogram {
  /** Bin edges, ascending (bins + 1 of them), from 0. */
  readonly edges: number[];
  /** Bar heights: share of all n rows in the bin, per unit of x. */
  readonly density: number[];
  /** Values above the last edge (not drawn). */
  readonly beyond: number;
  /** Rows with x > 0. */
  readonly positives: number;
  /** Rows in all. */
  readonly n: number;
}

/** Column `j` of `m` as a new array. */
export function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j]!;
  return out;
}

/**
 * Bins the positive values of `values` over [0, upper]: `upper` is at least
 * their 99.5th percentile, and at least b + 3 s so that the fitted density's
 * tail shows too (b, s: the fitted mean and standard deviation). About √(positives)
 * bins, 8 to 40.
 */
export function positiveHistogram(
  values: ArrayLike<number>,
  fitted: { readonly b: number; readonly s: number } | null,
): PositiveHistogram {
  const n = values.length;
  const positive: number[] = [];
  for (let i = 0; i < n; i++) if (values[i]! > 0) positive.push(values[i]!);
  const sorted = Float64Array.from(positive).sort();
  const m = sorted.length;
  let upper = m > 0 ? sortedQuantile(sorted, m, 0.995) : 0;
  if (fitted && fitted.s > 0) upper = Math.max(upper, fitted.b + 3 * fitted.s);
  if (!(upper > 0)) upper = 1;
  const bins = Math.max(8, Math.min(40, Math.ceil(Math.sqrt(m))));
  const width = upper / bins;
  const counts = new Array<number>(bins).fill(0);
  let beyond = 0;
  for (const v of positive) {
    if (v > upper) beyond++;
    else counts[Math.min(bins - 1, Math.floor(v / width))]++;
  }
  return {
    edges: Array.from({ length: bins + 1 }, (_, i) => i * width),
    density: counts.map((c) => n > 0 ? c / (n * width) : 0),
    beyond,
    positives: m,
    n,
  };
}

/**
 * The fitted density of the positive part, φ((x − b)/s)/s, at `points`
 * evenly spaced x in (0, upper].
 */
export function fittedDensity(
  b: number,
  s: number,
  upper: number,
  points = 120,
): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  if (!(s > 0)) return { xs, ys };
  for (let i = 1; i <= points; i++) {
    const x = (upper * i) / points;
    xs.push(x);
    ys.push(normPdf((x - b) / s) / s);
  }
  return { xs, ys };
}

/**
 * The adjusted p-values as a d × d matrix: coordinate i on the diagonal,
 * pair (i, j) at (i, j) and (j, i); NaN where nothing was checked (a pair
 * left out of a sampled selection, or a coordinate without variance).
 */
export function adjustedPValueMatrix(check: ModelCheckReport): number[][] {
  const d = check.d;
  const out = Array.from({ length: d }, () => new Array<number>(d).fill(NaN));
  for (const c of check.coordinates) {
    if (c.index < d) out[c.index]![c.index] = c.adjustedPValue ?? NaN;
  }
  for (const p of check.pairs) {
    const [i, j] = p.indices;
    if (i < d && j < d) {
      out[i]![j] = p.adjustedPValue ?? NaN;
      out[j]![i] = p.adjustedPValue ?? NaN;
    }
  }
  return out;
}

/** Whether entry (i, j) of `adjustedPValueMatrix` is flagged. */
export function flaggedCells(
  check: ModelCheckReport,
): (i: number, j: number) => boolean {
  const flagged = new Set<string>();
  for (const c of check.coordinates) {
    if (c.flagged) flagged.add(`${c.index},${c.index}`);
  }
  for (const p of check.pairs) {
    if (!p.flagged) continue;
    const [i, j] = p.indices;
    flagged.add(`${i},${j}`);
    flagged.add(`${j},${i}`);
  }
  return (i, j) => flagged.has(`${i},${j}`);
}

/**
 * Checked pairs, flagged first, then by adjusted and raw p-value (smallest
 * first); at most `limit`.
 */
export function pairsToShow(
  pairs: readonly PairCheck[],
  limit: number,
): PairCheck[] {
  const p = (x: number | null) => x ?? Infinity;
  return pairs.filter((x) => x.checked).sort((a, b) =>
    Number(b.flagged) - Number(a.flagged) ||
    p(a.adjustedPValue) - p(b.adjustedPValue) ||
    p(a.pValue) - p(b.pValue)
  ).slice(0, limit);
}

/** "p = 0.010 (adjusted 0.020)"; "not checked" without a p-value. */
export function describePValues(
  pValue: number | null,
  adjusted: number | null,
): string {
  if (pValue === null) return "not checked";
  return `p = ${formatP(pValue)} (adjusted ${formatP(adjusted)})`;
}

/** A p-value with 2 significant digits ("0.010", "0.35", "< 0.001"). */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "–";
  if (p < 0.001) return "< 0.001";
  return p >= 0.1 ? p.toFixed(2) : p.toFixed(3);
}
