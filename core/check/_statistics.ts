/**
 * The discrepancy statistics of a model check, computed the same way on the
 * observed data and on every bootstrap data set: one per coordinate (a
 * Cramér–von Mises distance that sees both the zero share and the positive
 * part) and one per checked pair (both-zero share and correlation of the
 * positive parts).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { normCdf } from "../special/normal.ts";
import { bothZeroShare, positivePartCorrelation } from "./_fitted.ts";

/** The fitted model as the statistics read it: per coordinate and per checked pair. */
export interface Reference {
  /** b_i (length d). */
  readonly mean: Float64Array;
  /** √Σ_ii, NaN when Σ_ii is not positive and finite (nothing to compare with). */
  readonly sd: Float64Array;
  /** P(y_i ≤ 0, y_j ≤ 0) per checked pair. */
  readonly bothZero: Float64Array;
  /** Correlation of (y_i, y_j) given both positive, per checked pair (NaN: undefined). */
  readonly positiveCorrelation: Float64Array;
}

/**
 * Reads b and Σ as a `Reference` for the checked pairs (`pairs[2p]`,
 * `pairs[2p + 1]`). Σ is used as given: its diagonal for the marginals,
 * Σ_ij / √(Σ_ii Σ_jj) (clamped to [−1, 1]) for the correlations.
 * Cost: O(d + pairs) special-function evaluations.
 */
export function prepareReference(
  b: Float64Array,
  sigma: Matrix,
  pairs: Int32Array,
): Reference {
  const d = b.length;
  const sd = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const v = sigma.data[i * d + i];
    sd[i] = v > 0 && v < Infinity ? Math.sqrt(v) : NaN;
  }
  const count = pairs.length / 2;
  const bothZero = new Float64Array(count);
  const positiveCorrelation = new Float64Array(count);
  for (let p = 0; p < count; p++) {
    const i = pairs[2 * p];
    const j = pairs[2 * p + 1];
    const rho = sigma.data[i * d + j] / (sd[i] * sd[j]);
    const h = -b[i] / sd[i];
    const k = -b[j] / sd[j];
    if (Number.isNaN(rho) || Number.isNaN(h) || Number.isNaN(k)) {
      bothZero[p] = NaN;
      positiveCorrelation[p] = NaN;
      continue;
    }
    bothZero[p] = bothZeroShare(h, k, rho);
    positiveCorrelation[p] = positivePartCorrelation(h, k, rho);
  }
  return { mean: b, sd, bothZero, positiveCorrelation };
}

/** Counts and correlation of one pair of columns. */
export interface PairSummary {
  /** Rows where both are zero. */
  bothZero: number;
  /** Rows where both are positive. */
  bothPositive: number;
  /** Pearson correlation over the rows where both are positive (NaN: fewer than 3, or constant). */
  correlation: number;
}

/**
 * Holds one data set at a time (column by column) with scratch space, and
 * computes its statistics against a `Reference`. Buffers are allocated once
 * for all data sets of the same shape.
 */
export class CheckData {
  readonly n: number;
  readonly d: number;
  /** Checked pairs as index pairs (i, j), i < j. */
  readonly pairs: Int32Array;
  /** The data set, column-major: column j is columns[j·n .. (j + 1)·n). */
  private readonly columns: Float64Array;
  /** Zeros per column. */
  readonly zeros: Float64Array;
  /** Mean of each column's positive values (0 when none): shift for the pair sums. */
  private readonly positiveMean: Float64Array;
  /** A column's positive values, sorted ascending, after `sortPositives`. */
  readonly sorted: Float64Array;

  constructor(n: number, d: number, pairs: Int32Array) {
    this.n = n;
    this.d = d;
    this.pairs = pairs;
    this.columns = new Float64Array(n * d);
    this.zeros = new Float64Array(d);
    this.positiveMean = new Float64Array(d);
    this.sorted = new Float64Array(n);
  }

  /** Copies the (n, d) row-major data set `x` in and counts zeros. Cost O(n d). */
  load(x: Matrix): void {
    const { n, d, columns, zeros, positiveMean } = this;
    const data = x.data;
    zeros.fill(0);
    positiveMean.fill(0);
    for (let r = 0; r < n; r++) {
      const o = r * d;
      for (let j = 0; j < d; j++) {
        const v = data[o + j];
        columns[j * n + r] = v;
        if (v > 0) positiveMean[j] += v;
        else zeros[j]++;
      }
    }
    for (let j = 0; j < d; j++) {
      const positives = n - zeros[j];
      if (positives > 0) positiveMean[j] /= positives;
    }
  }

  /** Sorts column i's positive values into `sorted[0 .. m)`; returns m. Cost O(n log n). */
  sortPositives(i: number): number {
    const { n, columns, sorted } = this;
    let m = 0;
    for (let r = i * n, end = r + n; r < end; r++) {
      const v = columns[r];
      if (v > 0) sorted[m++] = v;
    }
    sorted.subarray(0, m).sort();
    return m;
  }

  /** Both-zero and both-positive counts and the positive-part correlation of pair p. Cost O(n). */
  pairSummary(p: number, out: PairSummary): PairSummary {
    const { n, columns, positiveMean } = this;
    const i = this.pairs[2 * p];
    const j = this.pairs[2 * p + 1];
    const oi = i * n;
    const oj = j * n;
    // Sums shifted by the columns' positive means, against cancellation.
    const si = positiveMean[i];
    const sj = positiveMean[j];
    let bothZero = 0;
    let both = 0;
    let sa = 0, sc = 0, saa = 0, scc = 0, sac = 0;
    for (let r = 0; r < n; r++) {
      const xi = columns[oi + r];
      const xj = columns[oj + r];
      if (xi > 0) {
        if (xj > 0) {
          both++;
          const a = xi - si;
          const c = xj - sj;
          sa += a;
          sc += c;
          saa += a * a;
          scc += c * c;
          sac += a * c;
        }
      } else if (!(xj > 0)) {
        bothZero++;
      }
    }
    out.bothZero = bothZero;
    out.bothPositive = both;
    out.correlation = NaN;
    if (both >= 3) {
      const vi = saa - sa * sa / both;
      const vj = scc - sc * sc / both;
      if (vi > 0 && vj > 0) {
        const r = (sac - sa * sc / both) / Math.sqrt(vi * vj);
        out.correlation = Math.max(-1, Math.min(1, r));
      }
    }
    return out;
  }

  /**
   * Writes the statistics of the loaded data set against `ref` into `out`:
   * d coordinate statistics, then one per checked pair. A coordinate or pair
   * the reference cannot describe (Σ_ii not positive) gets NaN.
   * Cost O(d n log n + pairs · n).
   */
  statistics(ref: Reference, out: Float64Array): void {
    const { n, d } = this;
    for (let i = 0; i < d; i++) {
      const sd = ref.sd[i];
      if (Number.isNaN(sd)) {
        out[i] = NaN;
        continue;
      }
      const m = this.sortPositives(i);
      out[i] = cramerVonMises(
        this.sorted,
        m,
        this.zeros[i],
        n,
        ref.mean[i],
        sd,
      );
    }
    const summary: PairSummary = {
      bothZero: 0,
      bothPositive: 0,
      correlation: 0,
    };
    const count = this.pairs.length / 2;
    for (let p = 0; p < count; p++) {
      this.pairSummary(p, summary);
      out[d + p] = pairStatistic(
        summary,
        n,
        ref.bothZero[p],
        ref.positiveCorrelation[p],
      );
    }
  }
}

/**
 * Cramér–von Mises distance n ∫ (F_n − F)² dF between the empirical
 * distribution F_n of one coordinate and its fitted distribution
 * F(t) = Φ((t − b)/sd) for t ≥ 0, whose atom at 0 has mass F(0) = Φ(−b/sd).
 *
 * The atom contributes F(0)·(F_n(0) − F(0))², so an excess or lack of zeros
 * counts; above 0, F_n is constant between sorted positives, and in the
 * variable u = F(t) each piece integrates exactly:
 * ∫_lo^hi (c − u)² du = ((hi − c)³ − (lo − c)³)/3.
 *
 * @param sorted positive values ascending in `sorted[0 .. m)`.
 * @param zeros number of zero entries (n = zeros + m).
 */
export function cramerVonMises(
  sorted: Float64Array,
  m: number,
  zeros: number,
  n: number,
  b: number,
  sd: number,
): number {
  const atom = normCdf(-b / sd);
  let c = zeros / n;
  let total = atom * (c - atom) * (c - atom);
  let lo = atom;
  for (let t = 0; t < m; t++) {
    const hi = Math.max(lo, normCdf((sorted[t] - b) / sd));
    total += (cube(hi - c) - cube(lo - c)) / 3;
    lo = hi;
    c = (zeros + t + 1) / n;
  }
  total += (cube(1 - c) - cube(lo - c)) / 3;
  return n * total;
}

function cube(x: number): number {
  return x * x * x;
}

/**
 * Discrepancy of one pair: a squared standardised difference of the
 * both-zero share, n (p̂00 − p00)² / (p00 (1 − p00)), plus, when at least 3
 * rows are positive in both and both correlations are defined, one of the
 * positive-part correlation, n11 (r̂ − r)² / (1 − r²)² (the normal-theory
 * variance of a correlation; the scales only weigh the two parts, the
 * bootstrap calibrates the sum). Denominators are kept ≥ 1/n and 1/n11.
 */
export function pairStatistic(
  summary: PairSummary,
  n: number,
  fittedBothZero: number,
  fittedCorrelation: number,
): number {
  const f = fittedBothZero;
  const dz = summary.bothZero / n - f;
  let t = n * dz * dz / Math.max(f * (1 - f), 1 / n);
  const n11 = summary.bothPositive;
  const r = summary.correlation;
  if (n11 >= 3 && !Number.isNaN(r) && !Number.isNaN(fittedCorrelation)) {
    const dr = r - fittedCorrelation;
    const v = (1 - fittedCorrelation * fittedCorrelation) ** 2;
    t += n11 * dr * dr / Math.max(v, 1 / n11);
  }
  return t;
}
