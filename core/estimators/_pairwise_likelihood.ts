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
import { inverseMillsRatio, normLogCdf } from "../special/normal.ts";

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
  const { d, n } = g;
  const { mu1, sigma1, mu2, sigma2 } = pair;
  const u = (1 - rho) * (1 + rho);
  const s = Math.sqrt(u);
  const ij = i * d + j;
  const ji = j * d + i;
  const n11 = g.count[ij];
  const n00 = n - g.count[i * d + i] - g.count[j * d + j] + n11;
  let value = 0;
  let score = 0;
  let curvature = 0;
  // Both zero: Φ2 with Plackett's ∂Φ2/∂ρ = φ2.
  const h = -mu1 / sigma1;
  const k = -mu2 / sigma2;
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
  oneZero(g, i, j, h, mu2, sigma2, rho, s, out);
  value += out.value;
  score += out.score;
  curvature += out.curvature;
  oneZero(g, j, i, k, mu1, sigma1, rho, s, out);
  value += out.value;
  score += out.score;
  curvature += out.curvature;
  // Both positive: bivariate normal density from sufficient statistics.
  if (n11 > 0) {
    const a = (g.sumSquares[ij] - 2 * mu1 * g.sum[ij] + n11 * mu1 * mu1) /
      (sigma1 * sigma1);
    const b = (g.sumSquares[ji] - 2 * mu2 * g.sum[ji] + n11 * mu2 * mu2) /
      (sigma2 * sigma2);
    const c = (g.cross[ij] - mu2 * g.sum[ij] - mu1 * g.sum[ji] +
      n11 * mu1 * mu2) / (sigma1 * sigma2);
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
 * Σ_b count_b · log Φ(t_b), t_b = (c − ρ z_b)/s, over the bins of column
 * `pos` among rows where column `zero` is 0; c = −μ_zero/σ_zero.
 */
function oneZero(
  g: MaskedGram,
  zero: number,
  pos: number,
  c: number,
  mu: number,
  sigma: number,
  rho: number,
  s: number,
  out: PairDerivatives,
): void {
  const { bins, d } = g;
  const s3 = s * s * s;
  const s5 = s3 * s * s;
  const colBase = pos * bins;
  const pairBase = (zero * d + pos) * bins;
  let value = 0;
  let score = 0;
  let curvature = 0;
  for (let b = 0; b < bins; b++) {
    const cnt = g.zeroBins[pairBase + b];
    if (cnt === 0) continue;
    const z = (g.binMean[colBase + b] - mu) / sigma;
    const t = (c - rho * z) / s;
    const t1 = (rho * c - z) / s3;
    const t2 = c / s3 + 3 * rho * (rho * c - z) / s5;
    // φ(t)/Φ(t) is the hazard at −t.
    const lambda = inverseMillsRatio(-t);
    value += cnt * normLogCdf(t);
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
  pairLogLikelihood(g, i, j, pair, rho, work);
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
    }
    let accepted = false;
    for (let halvings = 0; halvings < 40; halvings++) {
      pairLogLikelihood(g, i, j, pair, rho + step, trial);
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
