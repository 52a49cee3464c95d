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
 * `kernels/masked_gram.ts`), an error of second order in the bin width,
 * with log Φ and φ/Φ read from `special/normal_table.ts` (absolute error
 * below 4e-15 a term, far below the bins' approximation).
 *
 * A pair is read from the masked Gram statistics once (`loadPairStatistics`)
 * and standardised at given marginals by one function (`standardisePair`);
 * the likelihood with its derivatives, or the score alone, is then evaluated
 * from the standardised terms at any ρ (`evaluatePair`). All scratch lives in
 * a `PairWorkspace`, made per fit and reused across pairs, so a sweep
 * allocates nothing per pair.
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
import { normCdf, normPdf } from "../special/normal.ts";
import {
  tabulatedLogCdfAndRatio,
  tabulatedPdfOverCdf,
} from "../special/normal_table.ts";

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
 * What a pair reads from the masked Gram statistics, as stored there: the
 * region counts, the raw both-positive sums, and the non-empty one-zero bins
 * with their raw means. Free of the marginals, so read once per pair.
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

/**
 * The statistics standardised at the marginals, z = (x − μ)/σ: what the
 * likelihood reads at every ρ.
 */
interface PairTerms {
  /** −μ/σ of i and of j. */
  h: number;
  k: number;
  /** Σ z_i², Σ z_j², Σ z_i z_j over the both-positive rows. */
  squaresI: number;
  squaresJ: number;
  crossIJ: number;
  /** z_j at the means of the non-empty bins of x_j where x_i = 0; the same for i. */
  zJ: Float64Array;
  zI: Float64Array;
}

/**
 * Scratch of the pair evaluations of one fit, grown to the bin count on
 * first use and never shrunk. Make one per fit with `pairWorkspace()` and
 * pass it to every call; each call overwrites it, so it must not be shared by
 * evaluations that interleave.
 */
export interface PairWorkspace {
  readonly statistics: PairStatistics;
  readonly terms: PairTerms;
  /** The likelihood at the current and at a trial ρ during maximisation. */
  readonly current: PairDerivatives;
  readonly trial: PairDerivatives;
  /** One one-zero sum. */
  readonly part: PairDerivatives;
  /** [log Φ(t), φ(t)/Φ(t)] of the bin being summed. */
  readonly logCdfAndRatio: Float64Array;
}

/** A new, empty `PairWorkspace`. */
export function pairWorkspace(): PairWorkspace {
  return {
    statistics: {
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
    },
    terms: {
      h: 0,
      k: 0,
      squaresI: 0,
      squaresJ: 0,
      crossIJ: 0,
      zJ: new Float64Array(0),
      zI: new Float64Array(0),
    },
    current: pairDerivatives(),
    trial: pairDerivatives(),
    part: pairDerivatives(),
    logCdfAndRatio: new Float64Array(2),
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

/**
 * Standardises the loaded statistics at the marginals of i (mu1, sigma1) and
 * j (mu2, sigma2), σ > 0, into the workspace's terms. Cost O(bins).
 */
function standardisePair(work: PairWorkspace, pair: NormalPair): void {
  const { statistics: st, terms } = work;
  const { mu1, sigma1, mu2, sigma2 } = pair;
  if (terms.zJ.length < st.countJ.length) {
    terms.zJ = new Float64Array(st.countJ.length);
    terms.zI = new Float64Array(st.countI.length);
  }
  const n11 = st.n11;
  terms.h = -mu1 / sigma1;
  terms.k = -mu2 / sigma2;
  terms.squaresI = (st.squaresI - 2 * mu1 * st.sumI + n11 * mu1 * mu1) /
    (sigma1 * sigma1);
  terms.squaresJ = (st.squaresJ - 2 * mu2 * st.sumJ + n11 * mu2 * mu2) /
    (sigma2 * sigma2);
  terms.crossIJ = (st.cross - mu2 * st.sumI - mu1 * st.sumJ +
    n11 * mu1 * mu2) / (sigma1 * sigma2);
  standardise(st.meanJ, st.binsJ, mu2, sigma2, terms.zJ);
  standardise(st.meanI, st.binsI, mu1, sigma1, terms.zI);
}

/** z = (mean − mu) / sd for the first `used` bins. */
function standardise(
  mean: Float64Array,
  used: number,
  mu: number,
  sd: number,
  z: Float64Array,
): void {
  for (let b = 0; b < used; b++) z[b] = (mean[b] - mu) / sd;
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
  work: PairWorkspace = pairWorkspace(),
): void {
  loadPairStatistics(g, i, j, work.statistics);
  standardisePair(work, pair);
  evaluatePair(work, rho, false, out);
}

/**
 * The log-likelihood of the pair standardised in `work` at ρ, with its score
 * and curvature; with `scoreOnly`, the score alone (`value` and `curvature`
 * are left 0), which needs no logarithms. The score is the same number either
 * way: the same expressions summed in the same order.
 */
function evaluatePair(
  work: PairWorkspace,
  rho: number,
  scoreOnly: boolean,
  out: PairDerivatives,
): void {
  const { statistics: st, terms, part } = work;
  const { n00, n11 } = st;
  const { h, k } = terms;
  const u = (1 - rho) * (1 + rho);
  const s = Math.sqrt(u);
  let value = 0;
  let score = 0;
  let curvature = 0;
  // Both zero: Φ2 with Plackett's ∂Φ2/∂ρ = φ2.
  if (n00 > 0) {
    const f = bivariateNormalCdf(h, k, rho);
    const f1 = bivariateNormalPdf(h, k, rho);
    const r1 = f1 / f;
    score += n00 * r1;
    if (!scoreOnly) {
      const q = h * h - 2 * rho * h * k + k * k;
      const f2 = f1 * ((rho + h * k) / u - rho * q / (u * u));
      value += n00 * Math.log(f);
      curvature += n00 * (f2 / f - r1 * r1);
    }
  }
  // One coordinate zero: Σ over bins of the other's positive values.
  oneZero(work, st.countJ, terms.zJ, st.binsJ, h, rho, s, scoreOnly);
  value += part.value;
  score += part.score;
  curvature += part.curvature;
  oneZero(work, st.countI, terms.zI, st.binsI, k, rho, s, scoreOnly);
  value += part.value;
  score += part.score;
  curvature += part.curvature;
  // Both positive: bivariate normal density from sufficient statistics.
  if (n11 > 0) {
    const a = terms.squaresI;
    const b = terms.squaresJ;
    const c = terms.crossIJ;
    const rr = rho * rho;
    score += n11 * rho / u - (a + b) * rho / (u * u) +
      c * (1 + rr) / (u * u);
    if (!scoreOnly) {
      value += -0.5 * n11 * Math.log(u) - (a + b) / (2 * u) + rho * c / u;
      curvature += n11 * (1 + rr) / (u * u) -
        (a + b) * (1 + 3 * rr) / (u * u * u) +
        2 * rho * c * (3 + rr) / (u * u * u);
    }
  }
  out.value = value;
  out.score = score;
  out.curvature = curvature;
}

/**
 * Σ_b count_b · log Φ(t_b), t_b = (c − ρ z_b)/s, over `used` standardised
 * bins of the positive coordinate among rows where the other is 0, whose
 * c = −μ/σ, with its derivatives (only the score with `scoreOnly`), into
 * `work.part`.
 */
function oneZero(
  work: PairWorkspace,
  count: Float64Array,
  zs: Float64Array,
  used: number,
  c: number,
  rho: number,
  s: number,
  scoreOnly: boolean,
): void {
  const s3 = s * s * s;
  const s5 = s3 * s * s;
  const pair = work.logCdfAndRatio;
  let value = 0;
  let score = 0;
  let curvature = 0;
  for (let b = 0; b < used; b++) {
    const cnt = count[b];
    const z = zs[b];
    const t = (c - rho * z) / s;
    const t1 = (rho * c - z) / s3;
    if (scoreOnly) {
      score += cnt * tabulatedPdfOverCdf(t) * t1;
      continue;
    }
    const t2 = c / s3 + 3 * rho * (rho * c - z) / s5;
    tabulatedLogCdfAndRatio(t, pair);
    // φ(t)/Φ(t) is the hazard at −t.
    const lambda = pair[1];
    value += cnt * pair[0];
    score += cnt * lambda * t1;
    curvature += cnt * (lambda * t2 - lambda * (t + lambda) * t1 * t1);
  }
  const out = work.part;
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
 * and kept inside the interval. `work` is the fit's scratch (a fresh one if
 * omitted).
 */
export function maximizePairLikelihood(
  g: MaskedGram,
  i: number,
  j: number,
  pair: NormalPair,
  start: number,
  work: PairWorkspace = pairWorkspace(),
): PairMaximum {
  const { current, trial } = work;
  let rho = Math.max(-RHO_LIMIT, Math.min(RHO_LIMIT, start));
  loadPairStatistics(g, i, j, work.statistics);
  standardisePair(work, pair);
  evaluatePair(work, rho, false, current);
  let iterations = 0;
  while (iterations < MAX_STEPS) {
    iterations++;
    const { score, curvature } = current;
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
      evaluatePair(work, rho + step, false, trial);
      if (trial.value >= current.value) {
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
    rho += step;
    current.value = trial.value;
    current.score = trial.score;
    current.curvature = trial.curvature;
    if (Math.abs(step) < 1e-12) break;
  }
  return { rho, information: -current.curvature, iterations };
}

/**
 * The score ∂ℓ/∂ρ of one pair at any marginals and ρ, for callers that need
 * only the score (the standard errors differentiate it in the marginals):
 * the pair's statistics and non-empty bins are read once by `load`, then
 * each `at` standardises them and costs one Φ2 and one φ/Φ ratio per bin,
 * with no logarithms and no curvature. Equal, bit for bit, to
 * `pairLogLikelihood(...).score` (both evaluate through `evaluatePair`).
 */
export class PairScore {
  private work = pairWorkspace();
  private out = pairDerivatives();

  /** Reads pair (i, j) of `g`. Cost O(bins). */
  load(g: MaskedGram, i: number, j: number): void {
    loadPairStatistics(g, i, j, this.work.statistics);
  }

  /**
   * ∂ℓ/∂ρ of the loaded pair at ρ, with the marginals of i (mu1, sigma1)
   * and j (mu2, sigma2), σ > 0. Cost O(bins).
   */
  at(pair: NormalPair, rho: number): number {
    standardisePair(this.work, pair);
    evaluatePair(this.work, rho, true, this.out);
    return this.out.score;
  }

  /**
   * ∂/∂(μ_i, σ_i, μ_j, σ_j) of the loaded pair's ρ-score at ρ and the
   * marginals `pair`, into `out` (see `pairScoreGradient`). Cost O(bins).
   */
  gradient(pair: NormalPair, rho: number, out: Float64Array): void {
    pairScoreGradient(this.work, pair, rho, out);
  }
}

/**
 * The partial derivatives of a pair's ρ-score ∂ℓ/∂ρ in the marginals at ρ,
 * in closed form from one pass over the standardised terms (what the
 * standard errors' two-step correction needs, in place of central
 * differences, which cost eight score evaluations). With h = −μ_i/σ_i,
 * k = −μ_j/σ_j, z = (x − μ)/σ and λ = φ/Φ (λ' = −λ(t + λ)):
 * - both zero, n00 φ2/Φ2: ∂/∂h = r (−(h − ρk)/(1 − ρ²) − φ(h) Φ((k − ρh)/s)/Φ2),
 *   r = φ2/Φ2, and the same in k;
 * - one zero, Σ cnt λ(t) t', t = (c − ρz)/s, t' = (ρc − z)/s³:
 *   ∂/∂c = cnt (λ' t'/s + λ ρ/s³), ∂/∂z = −cnt (λ' ρ t'/s + λ/s³);
 * - both positive, n11 ρ/u − (A + B) ρ/u² + C (1 + ρ²)/u² with A = Σz_i²,
 *   B = Σz_j², C = Σz_i z_j: ∂A/∂μ_i = −2Σz_i/σ_i, ∂A/∂σ_i = −2A/σ_i,
 *   ∂C/∂μ_i = −Σz_j/σ_i, ∂C/∂σ_i = −C/σ_i;
 * and ∂c/∂μ = −1/σ, ∂c/∂σ = −c/σ, ∂z/∂μ = −1/σ, ∂z/∂σ = −z/σ.
 * Written to `out` as [∂/∂μ_i, ∂/∂σ_i, ∂/∂μ_j, ∂/∂σ_j]; call after `load`.
 */
function pairScoreGradient(
  work: PairWorkspace,
  pair: NormalPair,
  rho: number,
  out: Float64Array,
): void {
  standardisePair(work, pair);
  const { statistics: st, terms } = work;
  const { mu1, sigma1, mu2, sigma2 } = pair;
  const { h, k } = terms;
  const u = (1 - rho) * (1 + rho);
  const s = Math.sqrt(u);
  let dh = 0, dk = 0;
  if (st.n00 > 0) {
    const f = bivariateNormalCdf(h, k, rho);
    const r = bivariateNormalPdf(h, k, rho) / f;
    const fh = normPdf(h) * normCdf((k - rho * h) / s);
    const fk = normPdf(k) * normCdf((h - rho * k) / s);
    dh += st.n00 * r * (-(h - rho * k) / u - fh / f);
    dk += st.n00 * r * (-(k - rho * h) / u - fk / f);
  }
  // x_i = 0 < x_j: c = h, z of j; then x_j = 0 < x_i: c = k, z of i.
  const sideJ = oneZeroGradient(work, "J", rho);
  dh += sideJ.dc;
  let dMu2 = -sideJ.dz / sigma2;
  let dSigma2 = -sideJ.dzz / sigma2;
  const sideI = oneZeroGradient(work, "I", rho);
  dk += sideI.dc;
  let dMu1 = -sideI.dz / sigma1;
  let dSigma1 = -sideI.dzz / sigma1;
  dMu1 += -dh / sigma1;
  dSigma1 += -dh * h / sigma1;
  dMu2 += -dk / sigma2;
  dSigma2 += -dk * k / sigma2;
  if (st.n11 > 0) {
    const zi = (st.sumI - st.n11 * mu1) / sigma1;
    const zj = (st.sumJ - st.n11 * mu2) / sigma2;
    const wa = -rho / (u * u);
    const wc = (1 + rho * rho) / (u * u);
    dMu1 += wa * (-2 * zi / sigma1) + wc * (-zj / sigma1);
    dSigma1 += wa * (-2 * terms.squaresI / sigma1) +
      wc * (-terms.crossIJ / sigma1);
    dMu2 += wa * (-2 * zj / sigma2) + wc * (-zi / sigma2);
    dSigma2 += wa * (-2 * terms.squaresJ / sigma2) +
      wc * (-terms.crossIJ / sigma2);
  }
  out[0] = dMu1;
  out[1] = dSigma1;
  out[2] = dMu2;
  out[3] = dSigma2;
}

/** Sums of one side's one-zero score derivatives (see `pairScoreGradient`). */
const SIDE = { dc: 0, dz: 0, dzz: 0 };

/**
 * Σ ∂/∂c, Σ ∂/∂z_b and Σ z_b ∂/∂z_b of Σ_b cnt λ(t_b) t'_b over the
 * non-empty bins of the positive coordinate of one side ("J": x_i = 0 < x_j,
 * c = h; "I": the other way, c = k), into a shared scratch object read
 * before the next call.
 */
function oneZeroGradient(
  work: PairWorkspace,
  side: "I" | "J",
  rho: number,
): typeof SIDE {
  const { statistics: st, terms } = work;
  const [count, zs, used, c] = side === "J"
    ? [st.countJ, terms.zJ, st.binsJ, terms.h]
    : [st.countI, terms.zI, st.binsI, terms.k];
  const s = Math.sqrt((1 - rho) * (1 + rho));
  const s3 = s * s * s;
  let dc = 0, dz = 0, dzz = 0;
  for (let b = 0; b < used; b++) {
    const cnt = count[b];
    const z = zs[b];
    const t = (c - rho * z) / s;
    const t1 = (rho * c - z) / s3;
    const lambda = tabulatedPdfOverCdf(t);
    const slope = -lambda * (t + lambda) * t1 / s;
    dc += cnt * (slope + lambda * rho / s3);
    const g = -cnt * (slope * rho + lambda / s3);
    dz += g;
    dzz += g * z;
  }
  SIDE.dc = dc;
  SIDE.dz = dz;
  SIDE.dzz = dzz;
  return SIDE;
}

/**
 * Copies the non-empty bins of column `pos` among rows where the pair's other
 * column is 0, counts and raw bin means, in bin order; returns how many.
 */
export function loadBins(
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
