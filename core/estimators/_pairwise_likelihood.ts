/**
 * The censored bivariate normal log-likelihood of one pair of coordinates as
 * a function of their correlation ρ, with the marginals N(μ, σ²) given, and
 * its maximisation by safeguarded Newton.
 *
 * With a = μ/σ and z = (x − μ)/σ, the rows of a pair (i, j) contribute by
 * region (terms free of ρ dropped):
 * - both zero:          log Φ2(−a_i, −a_j; ρ)
 * - x_i = 0 < x_j:      log Φ((−a_i − ρ z_j) / √(1 − ρ²))
 * - x_j = 0 < x_i:      the same with i and j swapped
 * - both positive:      −½ log(1 − ρ²) − (z_i² − 2ρ z_i z_j + z_j²) / (2(1 − ρ²))
 * The last sums exactly from masked Gram statistics; the one-zero terms are
 * evaluated at the mean of each histogram bin of x_j (see
 * `kernels/masked_gram.ts`), an error of second order in the bin width.
 *
 * This module is browser compatible.
 * @module
 */
import type { MaskedGram } from "../kernels/masked_gram.ts";
import type { NormalPair } from "../special/rectified_moments.ts";
import {
  bivariateNormalCdf,
  bivariateNormalPdf,
  RHO_LIMIT,
} from "../special/bivariate.ts";
import {
  erfcxNonNegative,
  erfSmall,
  expNegScaledSquare,
} from "../special/normal.ts";

/** 1 / √(2π) and √(2/π), the literals `special/normal.ts` uses. */
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_2_OVER_PI = 0.7978845608028654;

/**
 * log Φ(x) and the ratio φ(x)/Φ(x) (= `inverseMillsRatio(−x)`) together,
 * written to `out[0]` and `out[1]`: the same values, bit for bit, as
 * `normLogCdf(x)` and `inverseMillsRatio(−x)` (it follows their branches),
 * sharing their erfcx and exp(−x²/2) where the branches meet: about half the
 * cost of the two calls in the one-zero terms. NaN gives NaN in both.
 */
export function normLogCdfAndRatio(x: number, out: Float64Array): void {
  if (x < -Math.SQRT1_2) {
    const e = erfcxNonNegative(-x * Math.SQRT1_2);
    out[0] = x < -1
      ? Math.log(0.5 * e) - 0.5 * x * x
      : Math.log(0.5 * e * expNegScaledSquare(x, 0.5));
    out[1] = SQRT_2_OVER_PI / e;
  } else if (x <= Math.SQRT1_2) {
    // erfSmall is odd to the bit, so Φ(−x) = 1/2 − erfSmall(x/√2)/2 exactly.
    const half = 0.5 * erfSmall(x * Math.SQRT1_2);
    if (x < 0) {
      out[0] = Math.log(0.5 + half);
      out[1] = SQRT_2_OVER_PI / erfcxNonNegative(-x * Math.SQRT1_2);
    } else {
      out[0] = Math.log1p(-(0.5 - half));
      out[1] = x > 0
        ? INV_SQRT_2PI * expNegScaledSquare(x, 0.5) / (0.5 + half)
        : SQRT_2_OVER_PI / erfcxNonNegative(-x * Math.SQRT1_2);
    }
  } else if (x > Math.SQRT1_2) {
    const e = erfcxNonNegative(x * Math.SQRT1_2);
    const g = expNegScaledSquare(x, 0.5);
    const upper = 0.5 * e * g; // Φ(−x)
    out[0] = Math.log1p(-upper);
    out[1] = INV_SQRT_2PI * g / (1 - upper);
  } else {
    out[0] = NaN;
    out[1] = NaN;
  }
}

/**
 * φ(x)/Φ(x) (= `inverseMillsRatio(−x)`): the same value, bit for bit, as
 * `normLogCdfAndRatio(x, out)` writes to `out[1]`, without the logarithm.
 */
export function normRatio(x: number): number {
  if (x <= 0) return SQRT_2_OVER_PI / erfcxNonNegative(-x * Math.SQRT1_2);
  if (x <= Math.SQRT1_2) {
    const half = 0.5 * erfSmall(x * Math.SQRT1_2);
    return INV_SQRT_2PI * expNegScaledSquare(x, 0.5) / (0.5 + half);
  }
  if (x > Math.SQRT1_2) {
    const g = expNegScaledSquare(x, 0.5);
    const upper = 0.5 * erfcxNonNegative(x * Math.SQRT1_2) * g; // Φ(−x)
    return INV_SQRT_2PI * g / (1 - upper);
  }
  return NaN;
}

/** Value, first and second derivative in ρ of a pair's log-likelihood. */
export interface PairDerivatives {
  value: number;
  score: number;
  curvature: number;
}

/** A new zeroed `PairDerivatives`, reused across evaluations. */
export function pairDerivatives(): PairDerivatives {
  return { value: 0, score: 0, curvature: 0 };
}

/**
 * What the likelihood of one pair reads at every ρ, gathered once per pair:
 * the region counts, the both-positive statistics standardised, and the
 * non-empty one-zero bins with their standardised means. Reused across
 * pairs (grown, never shrunk), so a sweep allocates nothing per pair.
 */
interface PairTerms {
  n00: number;
  h: number;
  k: number;
  n11: number;
  /** Σ z_i², Σ z_j², Σ z_i z_j over the both-positive rows. */
  squaresI: number;
  squaresJ: number;
  crossIJ: number;
  /** Non-empty bins of x_j where x_i = 0: counts and z_j at the bin mean. */
  countJ: Float64Array;
  zJ: Float64Array;
  binsJ: number;
  /** The same for x_i where x_j = 0. */
  countI: Float64Array;
  zI: Float64Array;
  binsI: number;
}

const terms: PairTerms = {
  n00: 0,
  h: 0,
  k: 0,
  n11: 0,
  squaresI: 0,
  squaresJ: 0,
  crossIJ: 0,
  countJ: new Float64Array(0),
  zJ: new Float64Array(0),
  binsJ: 0,
  countI: new Float64Array(0),
  zI: new Float64Array(0),
  binsI: 0,
};

/** [log Φ(t), φ(t)/Φ(t)] of the bin being summed. */
const logCdfAndRatio = new Float64Array(2);

/**
 * What a pair reads from the masked Gram statistics, as stored there: the
 * region counts, the raw both-positive sums, and the non-empty one-zero bins
 * with their raw means. Both the likelihood (`gatherPair`) and the score
 * (`PairScore`) load a pair through `loadPairStatistics`.
 */
interface PairStatistics {
  n00: number;
  n11: number;
  /** Σ x_i, Σ x_i², Σ x_j, Σ x_j², Σ x_i x_j over the both-positive rows. */
  sumI: number;
  squaresI: number;
  sumJ: number;
  squaresJ: number;
  cross: number;
  /** Non-empty bins of x_j where x_i = 0: counts and bin means; the same for x_i. */
  countJ: Float64Array;
  meanJ: Float64Array;
  binsJ: number;
  countI: Float64Array;
  meanI: Float64Array;
  binsI: number;
}

/** A new empty `PairStatistics`, grown by the first load. */
function pairStatistics(): PairStatistics {
  return {
    n00: 0,
    n11: 0,
    sumI: 0,
    squaresI: 0,
    sumJ: 0,
    squaresJ: 0,
    cross: 0,
    countJ: new Float64Array(0),
    meanJ: new Float64Array(0),
    binsJ: 0,
    countI: new Float64Array(0),
    meanI: new Float64Array(0),
    binsI: 0,
  };
}

/** Reads pair (i, j) of `g` into `stats` (grown, never shrunk). Cost O(bins). */
function loadPairStatistics(
  g: MaskedGram,
  i: number,
  j: number,
  stats: PairStatistics,
): void {
  const { d, n, bins } = g;
  if (stats.countJ.length < bins) {
    stats.countJ = new Float64Array(bins);
    stats.meanJ = new Float64Array(bins);
    stats.countI = new Float64Array(bins);
    stats.meanI = new Float64Array(bins);
  }
  const ij = i * d + j;
  const ji = j * d + i;
  const n11 = g.count[ij];
  stats.n00 = n - g.count[i * d + i] - g.count[j * d + j] + n11;
  stats.n11 = n11;
  stats.sumI = g.sum[ij];
  stats.squaresI = g.sumSquares[ij];
  stats.sumJ = g.sum[ji];
  stats.squaresJ = g.sumSquares[ji];
  stats.cross = g.cross[ij];
  stats.binsJ = loadBins(g, ij, j, stats.countJ, stats.meanJ);
  stats.binsI = loadBins(g, ji, i, stats.countI, stats.meanI);
}

/** The raw statistics `gatherPair` standardises into `terms`. */
const gathered = pairStatistics();

/** Fills `terms` for pair (i, j). Cost O(bins). */
function gatherPair(
  g: MaskedGram,
  i: number,
  j: number,
  pair: NormalPair,
): void {
  const { bins } = g;
  const { mu1, sigma1, mu2, sigma2 } = pair;
  const raw = gathered;
  loadPairStatistics(g, i, j, raw);
  if (terms.zJ.length < bins) {
    terms.zJ = new Float64Array(bins);
    terms.zI = new Float64Array(bins);
  }
  const n11 = raw.n11;
  terms.n00 = raw.n00;
  terms.h = -mu1 / sigma1;
  terms.k = -mu2 / sigma2;
  terms.n11 = n11;
  terms.squaresI = (raw.squaresI - 2 * mu1 * raw.sumI + n11 * mu1 * mu1) /
    (sigma1 * sigma1);
  terms.squaresJ = (raw.squaresJ - 2 * mu2 * raw.sumJ + n11 * mu2 * mu2) /
    (sigma2 * sigma2);
  terms.crossIJ = (raw.cross - mu2 * raw.sumI - mu1 * raw.sumJ +
    n11 * mu1 * mu2) / (sigma1 * sigma2);
  terms.countJ = raw.countJ;
  terms.binsJ = standardise(raw.meanJ, raw.binsJ, mu2, sigma2, terms.zJ);
  terms.countI = raw.countI;
  terms.binsI = standardise(raw.meanI, raw.binsI, mu1, sigma1, terms.zI);
}

/** z = (mean − mu) / sigma for the first `used` bins; returns `used`. */
function standardise(
  mean: Float64Array,
  used: number,
  mu: number,
  sigma: number,
  z: Float64Array,
): number {
  for (let b = 0; b < used; b++) z[b] = (mean[b] - mu) / sigma;
  return used;
}

/**
 * Writes log-likelihood, score and curvature in ρ of pair (i, j) into `out`.
 * `pair` holds the marginals of i (mu1, sigma1) and j (mu2, sigma2), σ > 0.
 * Cost O(bins).
 */
export function pairLogLikelihood(
  g: MaskedGram,
  i: number,
  j: number,
  pair: NormalPair,
  rho: number,
  out: PairDerivatives,
): void {
  gatherPair(g, i, j, pair);
  evaluatePair(rho, out);
}

/** `pairLogLikelihood` of the pair last gathered into `terms`. */
function evaluatePair(rho: number, out: PairDerivatives): void {
  const { n00, h, k, n11 } = terms;
  const u = (1 - rho) * (1 + rho);
  const s = Math.sqrt(u);
  let value = 0;
  let score = 0;
  let curvature = 0;
  // Both zero: Φ2 with Plackett's ∂Φ2/∂ρ = φ2.
  if (n00 > 0) {
    const f = bivariateNormalCdf(h, k, rho);
    const f1 = bivariateNormalPdf(h, k, rho);
    const q = h * h - 2 * rho * h * k + k * k;
    const f2 = f1 * ((rho + h * k) / u - rho * q / (u * u));
    const r1 = f1 / f;
    value += n00 * Math.log(f);
    score += n00 * r1;
    curvature += n00 * (f2 / f - r1 * r1);
  }
  // One coordinate zero: Σ over bins of the other's positive values.
  oneZero(terms.countJ, terms.zJ, terms.binsJ, h, rho, s, out);
  value += out.value;
  score += out.score;
  curvature += out.curvature;
  oneZero(terms.countI, terms.zI, terms.binsI, k, rho, s, out);
  value += out.value;
  score += out.score;
  curvature += out.curvature;
  // Both positive: bivariate normal density from sufficient statistics.
  if (n11 > 0) {
    const a = terms.squaresI;
    const b = terms.squaresJ;
    const c = terms.crossIJ;
    const rr = rho * rho;
    value += -0.5 * n11 * Math.log(u) - (a + b) / (2 * u) + rho * c / u;
    score += n11 * rho / u - (a + b) * rho / (u * u) +
      c * (1 + rr) / (u * u);
    curvature += n11 * (1 + rr) / (u * u) -
      (a + b) * (1 + 3 * rr) / (u * u * u) +
      2 * rho * c * (3 + rr) / (u * u * u);
  }
  out.value = value;
  out.score = score;
  out.curvature = curvature;
}

/**
 * Σ_b count_b · log Φ(t_b), t_b = (c − ρ z_b)/s, over `used` gathered bins
 * of the positive coordinate among rows where the other is 0, whose
 * c = −μ/σ.
 */
function oneZero(
  count: Float64Array,
  zs: Float64Array,
  used: number,
  c: number,
  rho: number,
  s: number,
  out: PairDerivatives,
): void {
  const s3 = s * s * s;
  const s5 = s3 * s * s;
  const pair = logCdfAndRatio;
  let value = 0;
  let score = 0;
  let curvature = 0;
  for (let b = 0; b < used; b++) {
    const cnt = count[b];
    const z = zs[b];
    const t = (c - rho * z) / s;
    const t1 = (rho * c - z) / s3;
    const t2 = c / s3 + 3 * rho * (rho * c - z) / s5;
    normLogCdfAndRatio(t, pair);
    // φ(t)/Φ(t) is the hazard at −t.
    const lambda = pair[1];
    value += cnt * pair[0];
    score += cnt * lambda * t1;
    curvature += cnt * (lambda * t2 - lambda * (t + lambda) * t1 * t1);
  }
  out.value = value;
  out.score = score;
  out.curvature = curvature;
}

/** Where the maximisation of one pair ended. */
export interface PairMaximum {
  readonly rho: number;
  /** Observed information −∂²ℓ/∂ρ² at the maximum (per pair, not per sample). */
  readonly information: number;
  readonly iterations: number;
}

/** Largest number of Newton steps per pair; 3–5 are typical from the moment start. */
const MAX_STEPS = 50;

/** A Newton step shorter than this is the last one, taken unchecked. */
const FINISH_STEP = 1e-7;

/**
 * Maximises the pair's log-likelihood in ρ on [−RHO_LIMIT, RHO_LIMIT] from
 * `start`: Newton steps where the curvature is negative, otherwise a step of
 * the score's sign; each step halved until the likelihood does not decrease
 * and kept inside the interval.
 */
export function maximizePairLikelihood(
  g: MaskedGram,
  i: number,
  j: number,
  pair: NormalPair,
  start: number,
  work: PairDerivatives = pairDerivatives(),
): PairMaximum {
  const trial = pairDerivatives();
  let rho = Math.max(-RHO_LIMIT, Math.min(RHO_LIMIT, start));
  gatherPair(g, i, j, pair);
  evaluatePair(rho, work);
  let iterations = 0;
  while (iterations < MAX_STEPS) {
    iterations++;
    const { score, curvature } = work;
    let step = curvature < 0
      ? -score / curvature
      : Math.sign(score) * 0.1 * (1 - Math.abs(rho));
    // Stay strictly inside (−1, 1): at most half way to the edge.
    const room = score > 0 ? RHO_LIMIT - rho : -RHO_LIMIT - rho;
    if (
      Math.abs(step) > Math.abs(room) / 2 && Math.sign(step) === Math.sign(room)
    ) {
      step = room / 2;
    } else if (curvature < 0 && Math.abs(step) < FINISH_STEP) {
      // Quadratic convergence: the step after this one would be below
      // 1e-13, and the likelihood change is at its rounding level, so take
      // the Newton step without evaluating (or halving) it.
      rho += step;
      break;
    }
    let accepted = false;
    for (let halvings = 0; halvings < 40; halvings++) {
      evaluatePair(rho + step, trial);
      if (trial.value >= work.value) {
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
    rho += step;
    work.value = trial.value;
    work.score = trial.score;
    work.curvature = trial.curvature;
    if (Math.abs(step) < 1e-12) break;
  }
  return { rho, information: -work.curvature, iterations };
}

/**
 * The score ∂ℓ/∂ρ of one pair at any marginals and ρ, for callers that need
 * only the score (the standard errors differentiate it in the marginals):
 * the pair's statistics and non-empty bins are read once by `load`, then
 * each `at` costs one Φ2 and one φ/Φ ratio per bin, with no logarithms and
 * no curvature. Equal, bit for bit, to `pairLogLikelihood(...).score`: the
 * same expressions summed in the same order.
 */
export class PairScore {
  private stats = pairStatistics();

  /** Reads pair (i, j) of `g`. Cost O(bins). */
  load(g: MaskedGram, i: number, j: number): void {
    loadPairStatistics(g, i, j, this.stats);
  }

  /**
   * ∂ℓ/∂ρ of the loaded pair at ρ, with the marginals of i (mu1, sigma1)
   * and j (mu2, sigma2), σ > 0. Cost O(bins).
   */
  at(pair: NormalPair, rho: number): number {
    const st = this.stats;
    const { n00, n11 } = st;
    const { mu1, sigma1, mu2, sigma2 } = pair;
    const h = -mu1 / sigma1;
    const k = -mu2 / sigma2;
    const u = (1 - rho) * (1 + rho);
    const s = Math.sqrt(u);
    let score = 0;
    if (n00 > 0) {
      const f = bivariateNormalCdf(h, k, rho);
      const f1 = bivariateNormalPdf(h, k, rho);
      score += n00 * (f1 / f);
    }
    score += oneZeroScore(
      st.countJ,
      st.meanJ,
      st.binsJ,
      mu2,
      sigma2,
      h,
      rho,
      s,
    );
    score += oneZeroScore(
      st.countI,
      st.meanI,
      st.binsI,
      mu1,
      sigma1,
      k,
      rho,
      s,
    );
    if (n11 > 0) {
      const a = (st.squaresI - 2 * mu1 * st.sumI + n11 * mu1 * mu1) /
        (sigma1 * sigma1);
      const b = (st.squaresJ - 2 * mu2 * st.sumJ + n11 * mu2 * mu2) /
        (sigma2 * sigma2);
      const c = (st.cross - mu2 * st.sumI - mu1 * st.sumJ +
        n11 * mu1 * mu2) / (sigma1 * sigma2);
      const rr = rho * rho;
      score += n11 * rho / u - (a + b) * rho / (u * u) +
        c * (1 + rr) / (u * u);
    }
    return score;
  }
}

/**
 * Copies the non-empty bins of column `pos` among rows where the pair's other
 * column is 0, counts and raw bin means, in bin order; returns how many.
 */
function loadBins(
  g: MaskedGram,
  pairIndex: number,
  pos: number,
  count: Float64Array,
  mean: Float64Array,
): number {
  const { bins } = g;
  const colBase = pos * bins;
  const pairBase = pairIndex * bins;
  let used = 0;
  for (let b = 0; b < bins; b++) {
    const cnt = g.zeroBins[pairBase + b];
    if (cnt === 0) continue;
    count[used] = cnt;
    mean[used] = g.binMean[colBase + b];
    used++;
  }
  return used;
}

/** The score part of `oneZero`, standardising the bin means at (mu, sigma). */
function oneZeroScore(
  count: Float64Array,
  mean: Float64Array,
  used: number,
  mu: number,
  sigma: number,
  c: number,
  rho: number,
  s: number,
): number {
  const s3 = s * s * s;
  let score = 0;
  for (let b = 0; b < used; b++) {
    const z = (mean[b] - mu) / sigma;
    const t = (c - rho * z) / s;
    score += count[b] * normRatio(t) * ((rho * c - z) / s3);
  }
  return score;
}
