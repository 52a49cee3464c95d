/**
 * Standard errors of the censored estimators by influence functions.
 *
 * Each estimate is, to first order, a mean over rows of an influence
 * function IF(x); its variance is E[IF²]/n. The censored-normal marginal of
 * coordinate i has score s_i(x_i) in Olsen's parameters (γ, δ) = (1/σ, μ/σ):
 *   x_i > 0:  s_γ = 1/γ − x_i(γ x_i − δ),  s_δ = γ x_i − δ
 *   x_i = 0:  s_γ = 0,                     s_δ = −λ(δ),  λ(δ) = φ(δ)/Φ(−δ)
 * so its IF is n V_i s_i with V_i the inverse observed information. For a
 * pair the IF of Σ_ij = ρ σ_i σ_j combines a pair term (the pair score of ρ,
 * or the moment x_i x_j − m) with s_i and s_j; every expectation of products
 * is a polynomial moment over "both positive" rows, read from
 * `kernels/masked_gram.ts`, and the zeros' constant scores cancel because
 * each score has empirical mean exactly 0 at the fitted marginals.
 *
 * This module is browser compatible.
 * @module
 */
import type { ColumnStats } from "../kernels/column_stats.ts";
import type { MaskedGram } from "../kernels/masked_gram.ts";
import type { Matrix } from "../linalg/matrix.ts";
import {
  rectifiedCrossMoment,
  rectifiedCrossMomentSlope,
} from "../special/rectified_moments.ts";
import type { NormalPair } from "../special/rectified_moments.ts";
import {
  bivariateNormalPdf,
  bivariateNormalUpper,
} from "../special/bivariate.ts";
import { inverseMillsRatio } from "../special/normal.ts";
import { columnSummary, normalPair } from "./_marginal_fit.ts";
import type { Marginals } from "./_marginal_fit.ts";
import { PairScore } from "./_pairwise_likelihood.ts";
import { checkStop } from "../stop/stop_check.ts";

/** Standard errors as attached to a `FitResult`. */
export interface StandardErrors {
  readonly b: Float64Array;
  readonly sigma: Matrix;
}

/** A fitted censored marginal in Olsen's parameters, with its information. */
export interface MarginalScore {
  readonly gamma: number;
  readonly delta: number;
  /** λ(δ) = φ(δ)/Φ(−δ), minus the zeros' score of δ. */
  readonly lambda: number;
  /** Per-row observed information in (γ, δ): [Iγγ, Iγδ, Iδδ]. */
  readonly info: Float64Array;
  /** Covariance of (γ̂, δ̂) = inverse of the total observed information: [Vγγ, Vγδ, Vδδ]. */
  readonly cov: Float64Array;
}

/**
 * Observed information of coordinate j's censored likelihood at (mu, sigma).
 * −∂²ℓ: γγ = N1/γ² + Σx², γδ = −Σx, δδ = N0 λ(λ − δ) + N1 (sums over positives).
 */
export function marginalScore(
  stats: ColumnStats,
  j: number,
  mu: number,
  sigma: number,
): MarginalScore {
  const column = columnSummary(stats, j);
  const n = stats.n;
  const n1 = column.positives;
  const n0 = column.zeros;
  const s1 = n1 * column.mean;
  const s2 = column.centeredSquares + s1 * column.mean;
  const gamma = 1 / sigma;
  const delta = mu / sigma;
  const lambda = n0 > 0 ? inverseMillsRatio(delta) : 0;
  const hgg = n1 / (gamma * gamma) + s2;
  const hgd = -s1;
  const hdd = n0 * lambda * (lambda - delta) + n1;
  const det = hgg * hdd - hgd * hgd;
  return {
    gamma,
    delta,
    lambda,
    info: new Float64Array([hgg / n, hgd / n, hdd / n]),
    cov: new Float64Array([hdd / det, -hgd / det, hgg / det]),
  };
}

/** ∂(μ, σ)/∂(γ, δ) applied to a row vector (∂f/∂μ, ∂f/∂σ): returns (∂f/∂γ, ∂f/∂δ). */
function toOlsen(
  m: MarginalScore,
  dMu: number,
  dSigma: number,
  out: Float64Array,
): void {
  const g2 = m.gamma * m.gamma;
  out[0] = -dMu * m.delta / g2 - dSigma / g2;
  out[1] = dMu / m.gamma;
}

/** u A vᵀ for 2-vectors and a symmetric 2 × 2 [a00, a01, a11]. */
function quad(u: Float64Array, a: Float64Array, v: Float64Array): number {
  return u[0] * (a[0] * v[0] + a[1] * v[1]) +
    u[1] * (a[1] * v[0] + a[2] * v[1]);
}

/** v V (a row vector times a symmetric 2 × 2), written into `out`. */
function times(v: Float64Array, a: Float64Array, out: Float64Array): void {
  const x = v[0] * a[0] + v[1] * a[1];
  const y = v[0] * a[1] + v[1] * a[2];
  out[0] = x;
  out[1] = y;
}

/**
 * Per-row E[s_i s_jᵀ] (2 × 2, row-major: [γγ, γδ, δγ, δδ]) from polynomial
 * moments over the rows where both are positive.
 */
function scoreCross(
  g: MaskedGram,
  i: number,
  j: number,
  a: MarginalScore,
  b: MarginalScore,
): Float64Array {
  const { d, n } = g;
  const ij = i * d + j;
  const ji = j * d + i;
  // N[p][q] = E[1{x_i > 0, x_j > 0} x_i^p x_j^q], p, q ≤ 2.
  const m = [
    [g.count[ij], g.sum[ji], g.sumSquares[ji]],
    [g.sum[ij], g.cross[ij], g.squareCross[ji]],
    [g.sumSquares[ij], g.squareCross[ij], g.squareSquare[ij]],
  ];
  // s_γ = P·(1/γ + δ x − γ x²); s_δ = P·(λ − δ + γ x) − λ.
  const fa = [[1 / a.gamma, a.delta, -a.gamma], [
    a.lambda - a.delta,
    a.gamma,
    0,
  ]];
  const fb = [[1 / b.gamma, b.delta, -b.gamma], [
    b.lambda - b.delta,
    b.gamma,
    0,
  ]];
  const out = new Float64Array(4);
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let p = 0; p < 3; p++) {
        for (let q = 0; q < 3; q++) s += fa[r][p] * fb[c][q] * m[p][q];
      }
      out[r * 2 + c] = s / n - (r === 1 && c === 1 ? a.lambda * b.lambda : 0);
    }
  }
  return out;
}

/** Per-row E[x_i x_j s_i(x_i)] (the zeros contribute nothing). */
function momentScore(
  g: MaskedGram,
  i: number,
  j: number,
  a: MarginalScore,
  out: Float64Array,
): void {
  const p = i * g.d + j;
  censoredScore(
    g.cross[p] / g.n,
    g.squareCross[p] / g.n,
    g.cubeCross[p] / g.n,
    a,
    1,
    out,
  );
}

/**
 * c·E[w s_i] for a per-row weight w with E[w], E[w x_i], E[w x_i²] = m0, m1,
 * m2 over rows with x_i > 0, where the censored score is s_γ = 1/γ + δx − γx²
 * and s_δ = γx − δ.
 */
function censoredScore(
  m0: number,
  m1: number,
  m2: number,
  a: MarginalScore,
  c: number,
  out: Float64Array,
): void {
  out[0] = c * (m0 / a.gamma + a.delta * m1 - a.gamma * m2);
  out[1] = c * (a.gamma * m1 - a.delta * m0);
}

/** Marginal scores of every fitted coordinate (undefined for degenerate ones). */
function marginalScores(
  stats: ColumnStats,
  marginals: Marginals,
): (MarginalScore | undefined)[] {
  const out: (MarginalScore | undefined)[] = [];
  for (let j = 0; j < stats.d; j++) {
    out.push(
      marginals.fitted[j]
        ? marginalScore(stats, j, marginals.mu[j], marginals.scale[j])
        : undefined,
    );
  }
  return out;
}

/**
 * Standard errors of b_i and Σ_ii from the marginals alone, 0 for
 * degenerate coordinates (set, not estimated). Delta method: b = δ/γ,
 * Σ_ii = 1/γ².
 */
function diagonalErrors(
  scores: (MarginalScore | undefined)[],
  d: number,
): { b: Float64Array; sigma: Float64Array } {
  const b = new Float64Array(d);
  const sigma = new Float64Array(d * d);
  const grad = new Float64Array(2);
  for (let j = 0; j < d; j++) {
    const m = scores[j];
    if (!m) continue;
    toOlsen(m, 1, 0, grad);
    b[j] = Math.sqrt(quad(grad, m.cov, grad));
    // Σ_ii = σ²: ∂/∂σ = 2σ.
    toOlsen(m, 0, 2 / m.gamma, grad);
    sigma[j * d + j] = Math.sqrt(quad(grad, m.cov, grad));
  }
  return { b, sigma };
}

/**
 * Variance of Σ_ij from IF = c_T·T + u_i·s_i + u_j·s_j, where E[T²] = `tt`,
 * E[T s_i] = `ti`, E[T s_j] = `tj` (per row) and E[s_i s_jᵀ] = `cross`.
 */
function pairVariance(
  n: number,
  tt: number,
  ti: Float64Array,
  tj: Float64Array,
  ui: Float64Array,
  uj: Float64Array,
  a: MarginalScore,
  b: MarginalScore,
  cross: Float64Array,
): number {
  const ij = ui[0] * (cross[0] * uj[0] + cross[1] * uj[1]) +
    ui[1] * (cross[2] * uj[0] + cross[3] * uj[1]);
  const v = tt + 2 * (ui[0] * ti[0] + ui[1] * ti[1]) +
    2 * (uj[0] * tj[0] + uj[1] * tj[1]) + quad(ui, a.info, ui) +
    quad(uj, b.info, uj) + 2 * ij;
  return Math.max(0, v) / n;
}

/** n V ∇σ: the IF of σ̂ is this row vector times s. */
function sigmaInfluence(m: MarginalScore, n: number, out: Float64Array): void {
  toOlsen(m, 0, 1, out);
  times(out, m.cov, out);
  out[0] *= n;
  out[1] *= n;
}

/** Scratch 2-vectors for one pair's influence function. */
interface PairWork {
  readonly di: Float64Array;
  readonly dj: Float64Array;
  readonly ei: Float64Array;
  readonly ej: Float64Array;
  readonly ui: Float64Array;
  readonly uj: Float64Array;
}

function pairWork(): PairWork {
  return {
    di: new Float64Array(2),
    dj: new Float64Array(2),
    ei: new Float64Array(2),
    ej: new Float64Array(2),
    ui: new Float64Array(2),
    uj: new Float64Array(2),
  };
}

/**
 * Standard errors of the diagonal (`diagonalErrors`) and of every pair of
 * fitted coordinates, whose variance `pairVarianceOf` gives; 0 in the rows and
 * columns of degenerate coordinates.
 */
function standardErrorsByPair(
  stats: ColumnStats,
  marginals: Marginals,
  pairVarianceOf: (
    i: number,
    j: number,
    a: MarginalScore,
    b: MarginalScore,
  ) => number,
): StandardErrors {
  const d = stats.d;
  const scores = marginalScores(stats, marginals);
  const diag = diagonalErrors(scores, d);
  for (let i = 0; i < d; i++) {
    const a = scores[i];
    if (!a) continue;
    for (let j = i + 1; j < d; j++) {
      const b = scores[j];
      if (!b) continue;
      checkStop();
      const se = Math.sqrt(pairVarianceOf(i, j, a, b));
      diag.sigma[i * d + j] = se;
      diag.sigma[j * d + i] = se;
    }
  }
  return { b: diag.b, sigma: { rows: d, cols: d, data: diag.sigma } };
}

/**
 * Weights u_i, u_j (into `w.ui`, `w.uj`) of s_i and s_j in the IF of
 * Σ_ij = ρσ_iσ_j when ρ solves an estimating equation F(ρ; θ_i, θ_j) = T̄
 * with the marginals plugged in and IF_ρ = (c/σ_iσ_j)(T − ∇_θF · IF_θ):
 *   IF_Σ = σ_iσ_j IF_ρ + ρσ_j IF_σi + ρσ_i IF_σj = c·T + u_i·s_i + u_j·s_j.
 * ∇_θF by central differences of `f` in each side's (μ, σ), steps `step`·σ,
 * divided by `rows` (n when `f` sums over rows, 1 when it is a mean).
 */
function plugInWeights(
  w: PairWork,
  marginals: Marginals,
  pair: { i: number; j: number; a: MarginalScore; b: MarginalScore },
  rho: number,
  c: number,
  n: number,
  f: (pair: NormalPair) => number,
  step: number,
  rows: number,
): void {
  const { i, j, a, b } = pair;
  const { scale } = marginals;
  const base = normalPair(marginals, i, j);
  const difference = (key: keyof NormalPair, h: number) => {
    const up = { ...base, [key]: base[key] + h };
    const down = { ...base, [key]: base[key] - h };
    return (f(up) - f(down)) / (2 * h * rows);
  };
  toOlsen(
    a,
    difference("mu1", step * scale[i]),
    difference("sigma1", step * scale[i]),
    w.di,
  );
  toOlsen(
    b,
    difference("mu2", step * scale[j]),
    difference("sigma2", step * scale[j]),
    w.dj,
  );
  sigmaInfluence(a, n, w.ei);
  sigmaInfluence(b, n, w.ej);
  times(w.di, a.cov, w.ui);
  times(w.dj, b.cov, w.uj);
  for (let t = 0; t < 2; t++) {
    w.ui[t] = -c * n * w.ui[t] + rho * scale[j] * w.ei[t];
    w.uj[t] = -c * n * w.uj[t] + rho * scale[i] * w.ej[t];
  }
}

/**
 * Standard errors for `pairwise-mle`. The pair's ρ solves its score with the
 * marginals plugged in; its IF is (s_ρ − I_ρθ IF_θ)/I_ρρ (the two-step
 * correction of Murphy and Topel 1985), and E[s_ρ s_i] = 0 because the
 * conditional score of x_j given x_i has mean 0. I_ρρ is the observed
 * information, I_ρθ central differences of the ρ-score in the marginals
 * (eight score-only evaluations per pair, the pair's bins read once).
 * Neglected: the histogram approximation inside the pair likelihood.
 */
export function pairwiseStandardErrors(
  stats: ColumnStats,
  marginals: Marginals,
  g: MaskedGram,
  correlation: Float64Array,
  information: Float64Array,
): StandardErrors {
  const { n, d } = stats;
  const { scale } = marginals;
  const pairScore = new PairScore();
  const w = pairWork();
  const zero = new Float64Array(2);
  return standardErrorsByPair(stats, marginals, (i, j, a, b) => {
    const rho = correlation[i * d + j];
    const info = information[i * d + j] / n; // per row
    const ss = scale[i] * scale[j];
    // −∂²ℓ/∂ρ∂θ per row: minus the differences of the ρ-score (a sum).
    pairScore.load(g, i, j);
    const minusScore = (pair: NormalPair) => -pairScore.at(pair, rho);
    plugInWeights(
      w,
      marginals,
      { i, j, a, b },
      rho,
      ss / info,
      n,
      minusScore,
      1e-4,
      n,
    );
    return pairVariance(
      n,
      ss * ss / info,
      zero,
      zero,
      w.ui,
      w.uj,
      a,
      b,
      scoreCross(g, i, j, a, b),
    );
  });
}

/**
 * Standard errors for `censored-moment`: ρ solves M(ρ; θ_i, θ_j) = mean of
 * x_i x_j, so IF_ρ = (x_i x_j − m − ∇_θM · IF_θ)/M_ρ, with ∇_θM by central
 * differences of the closed form and M_ρ by Price's theorem. Nothing is
 * neglected beyond first order.
 */
export function momentStandardErrors(
  stats: ColumnStats,
  marginals: Marginals,
  g: MaskedGram,
  correlation: Float64Array,
): StandardErrors {
  const { n, d } = stats;
  const { scale } = marginals;
  const w = pairWork();
  const ti = new Float64Array(2);
  const tj = new Float64Array(2);
  return standardErrorsByPair(stats, marginals, (i, j, a, b) => {
    const rho = correlation[i * d + j];
    const slope = rectifiedCrossMomentSlope(normalPair(marginals, i, j), rho);
    const cT = scale[i] * scale[j] / slope;
    const moment = (pair: NormalPair) => rectifiedCrossMoment(pair, rho);
    plugInWeights(w, marginals, { i, j, a, b }, rho, cT, n, moment, 1e-5, 1);
    const p = i * d + j;
    const m = g.cross[p] / n;
    const tt = cT * cT * (g.squareSquare[p] / n - m * m);
    momentScore(g, i, j, a, ti);
    momentScore(g, j, i, b, tj);
    for (let t = 0; t < 2; t++) {
      ti[t] *= cT;
      tj[t] *= cT;
    }
    return pairVariance(
      n,
      tt,
      ti,
      tj,
      w.ui,
      w.uj,
      a,
      b,
      scoreCross(g, i, j, a, b),
    );
  });
}

/**
 * Per-row c·E[T s_i] for the exceedance indicator T of pair (i, j), from
 * sums over the rows where both exceed their thresholds (`e`, a masked Gram
 * of x with entries at or below the thresholds set to 0). Such rows have
 * x_i > t_i ≥ 0, where s_γ = 1/γ + δx − γx² and s_δ = γx − δ.
 */
function exceedanceScore(
  e: MaskedGram,
  i: number,
  j: number,
  a: MarginalScore,
  c: number,
  out: Float64Array,
): void {
  const p = i * e.d + j;
  censoredScore(
    e.count[p] / e.n,
    e.sum[p] / e.n,
    e.sumSquares[p] / e.n,
    a,
    c,
    out,
  );
}

/**
 * Standard errors for `censored` (orthant angles). ρ̂ solves
 * F(ρ; (t̂ − μ̂)/σ̂) = p̂, p̂ the share of rows exceeding both thresholds
 * t̂ = max(μ̂, 0) and F the standardized upper orthant probability. To first
 * order p̂ − P(t̂) is the mean of T − p at the true thresholds, and P(t̂)
 * moves with t̂ exactly as F does, so the thresholds' influence cancels
 * (whether t̂ = μ̂ or t̂ = 0) and IF_ρ = (T − p − ∇_θF · IF_θ)/F_ρ with F
 * at fixed thresholds, F_ρ the bivariate density (Plackett) and ∇_θF by
 * central differences. Then IF_Σ = c·(T − p) + u_i·s_i + u_j·s_j as for
 * the other methods. `g`: masked Gram with higher moments (for E[s_i s_jᵀ]);
 * `e`: masked Gram of x thresholded at t (for E[T s_i]).
 */
export function orthantStandardErrors(
  stats: ColumnStats,
  marginals: Marginals,
  g: MaskedGram,
  e: MaskedGram,
  thresholds: Float64Array,
  correlation: (i: number, j: number) => number,
): StandardErrors {
  const { n, d } = stats;
  const { scale } = marginals;
  const w = pairWork();
  const ti = new Float64Array(2);
  const tj = new Float64Array(2);
  return standardErrorsByPair(stats, marginals, (i, j, a, b) => {
    const rho = correlation(i, j);
    const ti0 = thresholds[i];
    const tj0 = thresholds[j];
    const orthant = (pair: NormalPair) =>
      bivariateNormalUpper(
        (ti0 - pair.mu1) / pair.sigma1,
        (tj0 - pair.mu2) / pair.sigma2,
        rho,
      );
    const hi = (ti0 - marginals.mu[i]) / scale[i];
    const hj = (tj0 - marginals.mu[j]) / scale[j];
    const cT = scale[i] * scale[j] / bivariateNormalPdf(hi, hj, rho);
    plugInWeights(w, marginals, { i, j, a, b }, rho, cT, n, orthant, 1e-5, 1);
    const p = e.count[i * d + j] / n;
    exceedanceScore(e, i, j, a, cT, ti);
    exceedanceScore(e, j, i, b, cT, tj);
    return pairVariance(
      n,
      cT * cT * p * (1 - p),
      ti,
      tj,
      w.ui,
      w.uj,
      a,
      b,
      scoreCross(g, i, j, a, b),
    );
  });
}
