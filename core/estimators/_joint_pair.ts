/**
 * The full censored bivariate normal likelihood of one pair of coordinates,
 * all five parameters free (μ_i, σ_i, μ_j, σ_j, ρ), and its maximisation by
 * Newton from a nearby start: at d = 2 this is the maximum likelihood
 * estimate of the whole model.
 *
 * With h = −μ_i/σ_i, k = −μ_j/σ_j, z = (x − μ)/σ and u = 1 − ρ², the rows of
 * the pair contribute by region (constants dropped):
 * - both zero:          log Φ2(h, k; ρ)
 * - x_i = 0 < x_j:      −log σ_j − z_j²/2 + log Φ((h − ρ z_j)/√u)
 * - x_j = 0 < x_i:      the same with i and j swapped
 * - both positive:      −log σ_i σ_j − ½ log u − (z_i² − 2ρ z_i z_j + z_j²)/(2u)
 * The Gaussian terms sum exactly from the column statistics and the masked
 * Gram; the log Φ terms are read at the mean of each one-zero histogram bin
 * (an error of second order in the bin width), as in the correlation-only
 * likelihood of `_pairwise_likelihood.ts`.
 *
 * The gradient is analytic; the Hessian is forward differences of it (six
 * gradients, O(bins) each). Newton from the two-step estimate (Tobit
 * marginals, then ρ), reusing the Hessian while it converges, takes 2–3
 * steps.
 *
 * This module is browser compatible.
 * @module
 */
import type { ColumnStats } from "../kernels/column_stats.ts";
import type { MaskedGram } from "../kernels/masked_gram.ts";
import { loadBins } from "./_pairwise_likelihood.ts";
import {
  bivariateNormalCdf,
  bivariateNormalPdf,
  RHO_LIMIT,
} from "../special/bivariate.ts";
import { normCdf, normPdf } from "../special/normal.ts";
import {
  tabulatedLogCdfAndRatio,
  tabulatedPdfOverCdf,
} from "../special/normal_table.ts";
import { choleskyOf, cholSolve } from "../fisher/_censored_likelihood.ts";

/** Number of parameters of a pair: μ_i, σ_i, μ_j, σ_j, ρ. */
export const PAIR_PARAMETERS = 5;

/** Positions of the parameters in a pair's parameter vector. */
export const MU_I = 0, SIGMA_I = 1, MU_J = 2, SIGMA_J = 3, RHO = 4;

/** The Gaussian sums of one coordinate over one region of a pair. */
interface RegionSums {
  count: number;
  sum: number;
  squares: number;
}

/** One side of the one-zero rows: the other coordinate is 0, this one positive. */
interface OneZeroSide {
  /** Exact count, Σ x and Σ x² of this coordinate over those rows. */
  readonly exact: RegionSums;
  /** Non-empty histogram bins: counts and raw bin means, `used` of them. */
  count: Float64Array;
  mean: Float64Array;
  used: number;
}

function oneZeroSide(): OneZeroSide {
  return {
    exact: { count: 0, sum: 0, squares: 0 },
    count: new Float64Array(0),
    mean: new Float64Array(0),
    used: 0,
  };
}

/**
 * The full likelihood of one pair, read once from the statistics by `load`
 * and then evaluated at any parameters. Reused across pairs: `load`
 * overwrites it and allocates only when the bin count grows.
 */
export class JointPair {
  private n00 = 0;
  private n11 = 0;
  /** Σ x_i, Σ x_i², Σ x_j, Σ x_j², Σ x_i x_j over the both-positive rows. */
  private sumI = 0;
  private squaresI = 0;
  private sumJ = 0;
  private squaresJ = 0;
  private cross = 0;
  /** x_i = 0 < x_j (bins of x_j), and x_j = 0 < x_i (bins of x_i). */
  private readonly zeroI = oneZeroSide();
  private readonly zeroJ = oneZeroSide();
  private readonly up = new Float64Array(PAIR_PARAMETERS);
  private readonly down = new Float64Array(PAIR_PARAMETERS);
  private readonly at = new Float64Array(PAIR_PARAMETERS);

  /** Reads pair (i, j), i ≠ j, of `g` and the columns of `stats`. Cost O(bins). */
  load(stats: ColumnStats, g: MaskedGram, i: number, j: number): void {
    const { d, n } = g;
    const ij = i * d + j;
    const ji = j * d + i;
    const n11 = g.count[ij];
    this.n11 = n11;
    this.n00 = n - stats.positives[i] - stats.positives[j] + n11;
    this.sumI = g.sum[ij];
    this.squaresI = g.sumSquares[ij];
    this.sumJ = g.sum[ji];
    this.squaresJ = g.sumSquares[ji];
    this.cross = g.cross[ij];
    loadSide(stats, g, j, ji, ij, this.zeroI);
    loadSide(stats, g, i, ij, ji, this.zeroJ);
  }

  /**
   * The log-likelihood at θ = (μ_i, σ_i, μ_j, σ_j, ρ), σ > 0, |ρ| < 1
   * (−Infinity where a region's probability underflows). Cost O(bins).
   */
  value(theta: Float64Array): number {
    const [mu1, s1, mu2, s2, rho] = theta;
    const h = -mu1 / s1;
    const k = -mu2 / s2;
    const u = (1 - rho) * (1 + rho);
    const s = Math.sqrt(u);
    let value = 0;
    if (this.n00 > 0) {
      value += this.n00 * Math.log(bivariateNormalCdf(h, k, rho));
    }
    value += sideValue(this.zeroI, { mu: mu2, sd: s2, c: h, rho, s });
    value += sideValue(this.zeroJ, { mu: mu1, sd: s1, c: k, rho, s });
    const n11 = this.n11;
    if (n11 > 0) {
      const p = this.positiveSums(mu1, s1, mu2, s2);
      value += -n11 * (Math.log(s1 * s2) + 0.5 * Math.log(u)) -
        (p.a - 2 * rho * p.c + p.b) / (2 * u);
    }
    return value;
  }

  /** The gradient of `value` at θ, written into `out` (length 5). Cost O(bins). */
  gradient(theta: Float64Array, out: Float64Array): void {
    const [mu1, s1, mu2, s2, rho] = theta;
    const h = -mu1 / s1;
    const k = -mu2 / s2;
    const u = (1 - rho) * (1 + rho);
    const s = Math.sqrt(u);
    out.fill(0);
    // Both zero: ∂Φ2/∂h = φ(h) Φ((k − ρh)/s), ∂Φ2/∂ρ = φ2 (Plackett).
    if (this.n00 > 0) {
      const f = bivariateNormalCdf(h, k, rho);
      const dh = this.n00 * normPdf(h) * normCdf((k - rho * h) / s) / f;
      const dk = this.n00 * normPdf(k) * normCdf((h - rho * k) / s) / f;
      out[MU_I] -= dh / s1;
      out[SIGMA_I] -= dh * h / s1;
      out[MU_J] -= dk / s2;
      out[SIGMA_J] -= dk * k / s2;
      out[RHO] += this.n00 * bivariateNormalPdf(h, k, rho) / f;
    }
    const atI = { mu: mu2, sd: s2, c: h, rho, s };
    sideGradient(this.zeroI, atI, s1, out, MU_I, MU_J);
    const atJ = { mu: mu1, sd: s1, c: k, rho, s };
    sideGradient(this.zeroJ, atJ, s2, out, MU_J, MU_I);
    const n11 = this.n11;
    if (n11 > 0) {
      const p = this.positiveSums(mu1, s1, mu2, s2);
      out[MU_I] += (p.p1 - rho * p.p2) / (u * s1);
      out[SIGMA_I] += -n11 / s1 + (p.a - rho * p.c) / (u * s1);
      out[MU_J] += (p.p2 - rho * p.p1) / (u * s2);
      out[SIGMA_J] += -n11 / s2 + (p.b - rho * p.c) / (u * s2);
      out[RHO] += n11 * rho / u - (p.a + p.b) * rho / (u * u) +
        p.c * (1 + rho * rho) / (u * u);
    }
  }

  /**
   * The Hessian of `value` at θ by forward differences of the gradient
   * (steps 1e-5 of σ for the marginals, of 1 − |ρ| towards 0 for ρ: a
   * relative error of about 1e-5), symmetrised, into `out` (5 × 5
   * row-major). Cost 6 gradients.
   */
  hessian(theta: Float64Array, out: Float64Array): void {
    const p = PAIR_PARAMETERS;
    const { up, down: base, at } = this;
    this.gradient(theta, base);
    for (let c = 0; c < p; c++) {
      const step = c === RHO
        ? -1e-5 * (theta[RHO] < 0 ? -1 : 1) * (1 - Math.abs(theta[RHO]))
        : 1e-5 * theta[c < MU_J ? SIGMA_I : SIGMA_J];
      at.set(theta);
      at[c] = theta[c] + step;
      this.gradient(at, up);
      for (let r = 0; r < p; r++) out[r * p + c] = (up[r] - base[r]) / step;
    }
    for (let r = 0; r < p; r++) {
      for (let c = r + 1; c < p; c++) {
        const m = 0.5 * (out[r * p + c] + out[c * p + r]);
        out[r * p + c] = m;
        out[c * p + r] = m;
      }
    }
  }

  /** Σ z_i, Σ z_j, Σ z_i², Σ z_j², Σ z_i z_j over the both-positive rows. */
  private positiveSums(mu1: number, s1: number, mu2: number, s2: number) {
    const n11 = this.n11;
    return {
      p1: (this.sumI - n11 * mu1) / s1,
      p2: (this.sumJ - n11 * mu2) / s2,
      a: (this.squaresI - 2 * mu1 * this.sumI + n11 * mu1 * mu1) / (s1 * s1),
      b: (this.squaresJ - 2 * mu2 * this.sumJ + n11 * mu2 * mu2) / (s2 * s2),
      c: (this.cross - mu2 * this.sumI - mu1 * this.sumJ + n11 * mu1 * mu2) /
        (s1 * s2),
    };
  }
}

/**
 * Reads the rows where the column other than `pos` is 0 and `pos` is
 * positive: exact sums as column totals minus the both-positive sums
 * (`posIndex` = pos·d + other), and the histogram of `pos` there
 * (`zeroIndex` = other·d + pos).
 */
function loadSide(
  stats: ColumnStats,
  g: MaskedGram,
  pos: number,
  posIndex: number,
  zeroIndex: number,
  side: OneZeroSide,
): void {
  side.exact.count = stats.positives[pos] - g.count[posIndex];
  side.exact.sum = stats.sum[pos] - g.sum[posIndex];
  side.exact.squares = stats.sumSquares[pos] - g.sumSquares[posIndex];
  if (side.count.length < g.bins) {
    side.count = new Float64Array(g.bins);
    side.mean = new Float64Array(g.bins);
  }
  side.used = loadBins(g, zeroIndex, pos, side.count, side.mean);
}

/**
 * Where a one-zero side is evaluated: the positive coordinate's marginal
 * (mu, sd), c = −μ/σ of the zero one, ρ and s = √(1 − ρ²).
 */
interface SideAt {
  mu: number;
  sd: number;
  c: number;
  rho: number;
  s: number;
}

/** Scratch of `sideValue`: log Φ(t) and φ(t)/Φ(t). */
const logCdfAndRatio = new Float64Array(2);

/**
 * One one-zero side's log-likelihood: the positive coordinate's normal
 * density (mu, sd) and log Φ((c − ρ z)/s) per bin, c = −μ/σ of the zero one.
 */
function sideValue(side: OneZeroSide, at: SideAt): number {
  const { mu, sd, c, rho, s } = at;
  const { count, sum, squares } = side.exact;
  let value = -count * Math.log(sd) -
    (squares - 2 * mu * sum + count * mu * mu) / (2 * sd * sd);
  for (let b = 0; b < side.used; b++) {
    const z = (side.mean[b] - mu) / sd;
    tabulatedLogCdfAndRatio((c - rho * z) / s, logCdfAndRatio);
    value += side.count[b] * logCdfAndRatio[0];
  }
  return value;
}

/**
 * Adds one one-zero side's gradient to `out`: `zero` is the position of the
 * zero coordinate's μ (its σ follows), `pos` that of the positive one;
 * (mu, sd) the positive coordinate's marginal, c = −μ/σ and `zeroSd` the
 * zero one's.
 */
function sideGradient(
  side: OneZeroSide,
  at: SideAt,
  zeroSd: number,
  out: Float64Array,
  zero: number,
  pos: number,
): void {
  const { mu, sd, c, rho, s } = at;
  const { count, sum, squares } = side.exact;
  // The positive coordinate's normal density.
  out[pos] += (sum - count * mu) / (sd * sd);
  out[pos + 1] += -count / sd +
    (squares - 2 * mu * sum + count * mu * mu) / (sd * sd * sd);
  // log Φ(t), t = (c − ρz)/s: ∂t/∂c = 1/s, ∂t/∂z = −ρ/s, ∂t/∂ρ = (ρc − z)/s³.
  let dc = 0;
  let dzz = 0;
  let dr = 0;
  const s3 = s * s * s;
  for (let b = 0; b < side.used; b++) {
    const z = (side.mean[b] - mu) / sd;
    const w = side.count[b] * tabulatedPdfOverCdf((c - rho * z) / s);
    dc += w;
    dzz += w * z;
    dr += w * (rho * c - z);
  }
  // c = −μ_zero/σ_zero; z = (x − mu)/sd.
  out[zero] -= dc / (s * zeroSd);
  out[zero + 1] -= dc * c / (s * zeroSd);
  out[pos] += dc * rho / (s * sd);
  out[pos + 1] += dzz * rho / (s * sd);
  out[RHO] += dr / s3;
}

/** Largest number of steps; 2–4 are typical from the two-step estimate. */
const MAX_STEPS = 20;

/** Newton decrement (log-likelihood units) below which the fit has converged. */
const CONVERGED = 1e-10;

/** Where the joint maximisation of one pair ended. */
export interface JointPairFit {
  /** θ̂ = (μ_i, σ_i, μ_j, σ_j, ρ). */
  readonly theta: Float64Array;
  /** Inverse of the observed information −∇²ℓ at θ̂ (5 × 5): the covariance of θ̂. */
  readonly covariance: Float64Array;
  readonly iterations: number;
}

/**
 * Maximises the pair's log-likelihood from `start` by Newton with the
 * Hessian of `JointPair.hessian`, reused across steps while they converge
 * (chord steps: one gradient each), with step halving (keeping σ > 0 and
 * |ρ| ≤ RHO_LIMIT). Returns undefined when the Hessian is not negative
 * definite at some iterate (the start is too far or the pair too thin):
 * the caller keeps its own estimate.
 */
export function maximizeJointPair(
  pair: JointPair,
  start: Float64Array,
): JointPairFit | undefined {
  const p = PAIR_PARAMETERS;
  const theta = Float64Array.from(start);
  const trial = new Float64Array(p);
  const grad = new Float64Array(p);
  const hess = new Float64Array(p * p);
  const chol = new Float64Array(p * p);
  const step = new Float64Array(p);
  const all = Int32Array.from({ length: p }, (_, t) => t);
  const negated = { rows: p, cols: p, data: hess };
  /** Factors −H at θ into `chol`; false when −H is not positive definite. */
  const factor = (): boolean => {
    pair.hessian(theta, hess);
    for (let t = 0; t < p * p; t++) hess[t] = -hess[t];
    return choleskyOf(negated, all, chol);
  };
  let value = pair.value(theta);
  if (!Number.isFinite(value) || !factor()) return undefined;
  let iterations = 0;
  let fresh = true;
  let previous = Infinity;
  while (iterations < MAX_STEPS) {
    pair.gradient(theta, grad);
    step.set(grad);
    cholSolve(chol, p, step);
    let decrement = 0;
    for (let t = 0; t < p; t++) decrement += grad[t] * step[t];
    if (!(decrement > CONVERGED)) break;
    // Chord steps reuse the Hessian while they converge fast (it changes by
    // O(1/√n) relative over the start's distance to the maximum); when the
    // decrement stops falling a hundredfold, the Hessian is refreshed.
    if (!fresh && decrement > previous / 100) {
      if (!factor()) return undefined;
      fresh = true;
      continue;
    }
    fresh = false;
    previous = decrement;
    iterations++;
    let scale = feasibleScale(theta, step);
    let accepted = false;
    for (let halvings = 0; halvings < 40; halvings++) {
      for (let t = 0; t < p; t++) trial[t] = theta[t] + scale * step[t];
      const next = pair.value(trial);
      if (next >= value - 1e-13 * Math.abs(value)) {
        value = next;
        accepted = true;
        break;
      }
      scale /= 2;
    }
    if (!accepted) break;
    theta.set(trial);
  }
  // The covariance from the Hessian at the maximum.
  if (iterations > 0 && !factor()) return undefined;
  const covariance = new Float64Array(p * p);
  for (let c = 0; c < p; c++) {
    step.fill(0);
    step[c] = 1;
    cholSolve(chol, p, step);
    for (let r = 0; r < p; r++) covariance[r * p + c] = step[r];
  }
  return { theta, covariance, iterations };
}

/**
 * The largest t ≤ 1 such that θ + t·step keeps σ above half its value and
 * ρ at most half way to ±RHO_LIMIT.
 */
function feasibleScale(theta: Float64Array, step: Float64Array): number {
  let t = 1;
  for (const c of [SIGMA_I, SIGMA_J]) {
    if (step[c] < 0) t = Math.min(t, -0.5 * theta[c] / step[c]);
  }
  const r = theta[RHO];
  const room = step[RHO] > 0 ? RHO_LIMIT - r : -RHO_LIMIT - r;
  if (step[RHO] !== 0) t = Math.min(t, 0.5 * room / step[RHO]);
  return t;
}
