/**
 * The joint refinement of `pairwise-mle`: pairs refitted in all five
 * parameters of their censored bivariate normal (both marginals and ρ), so
 * that each coordinate can borrow what a strongly correlated partner says
 * about its censored values.
 *
 * The two-step estimate (Tobit marginals, then ρ with the marginals held)
 * is efficient when the Fisher information is near block diagonal (weak
 * correlations) but not under strong correlation, where a zero of x_i next
 * to a positive x_j says more about b_i than the Tobit marginal hears. Each
 * selected pair (|ρ̂| at least a threshold) is refitted by Newton from the
 * two-step estimate (`_joint_pair.ts`); then
 * - Σ_ij = ρ̂ σ̂_i σ̂_j from the pair's own joint fit (the bivariate maximum
 *   likelihood estimate of Σ_ij), its standard error by the delta method
 *   from the pair's inverse observed information;
 * - b_i and Σ_ii from the refitted pair that pins (b_i, σ_i) down best (the
 *   smallest determinant of their 2 × 2 covariance), with standard errors
 *   from that covariance. Pair fits of one coordinate share its data, and
 *   their cross-covariances need three-way statistics, so they are not
 *   averaged: the best one is taken.
 * At d = 2 with the pair selected this is the maximum likelihood estimate of
 * all five parameters. Pairs and coordinates not refitted keep the two-step
 * estimate and its standard errors.
 *
 * This module is browser compatible.
 * @module
 */
import type { ColumnStats } from "../kernels/column_stats.ts";
import type { MaskedGram } from "../kernels/masked_gram.ts";
import {
  JointPair,
  maximizeJointPair,
  MU_I,
  MU_J,
  PAIR_PARAMETERS,
  RHO,
  SIGMA_I,
  SIGMA_J,
} from "./_joint_pair.ts";
import type { Marginals } from "./_marginal_fit.ts";
import { checkStop } from "../stop/stop_check.ts";
import type { StandardErrors } from "./_standard_errors.ts";

/**
 * Most pairs refitted in one fit: 2d, those with the largest |ρ̂|, a bound
 * the cost model can price before any work. Past d = 25 the gains of
 * refits are within noise in the measurements (README), while on sparse
 * data (MNIST-like, d = 784) each refit costs tens of correlation-only pair
 * fits: an eighth of the pairs there made the fit 1.6x slower, 2d pairs
 * about 1.15x.
 */
export function jointPairLimit(d: number): number {
  return 2 * d;
}

/** What the refinement changed, for the diagnostics. */
export interface RefinementSummary {
  /** Pairs refitted jointly. */
  readonly refinedPairs: number;
  /** Pairs at or above the threshold left out by `jointPairLimit`. */
  readonly cappedPairs: number;
  /** Selected pairs whose joint fit failed (kept at the two-step estimate). */
  readonly failedPairs: number;
  /** Coordinates whose b and Σ_ii come from a joint pair fit. */
  readonly refinedCoordinates: number;
  /** Newton steps over all refitted pairs. */
  readonly newtonSteps: number;
}

/** The best joint estimate of one coordinate's marginal found so far. */
interface Candidate {
  mu: number;
  sigma: number;
  varMu: number;
  varSigma: number;
  det: number;
}

/**
 * Refits the pairs of fitted coordinates with |ρ_ij| ≥ `threshold` jointly,
 * at most `jointPairLimit(d)` of them (those with the largest |ρ_ij|), and
 * writes the refined estimates into `b`, `sigma` (d × d) and, when
 * given, `errors`, in place (see the module comment). `correlation` holds
 * the two-step ρ_ij at [i d + j], i < j. Cost O(bins) per gradient, about 17
 * gradients per refitted pair.
 */
export function refineJointly(
  stats: ColumnStats,
  marginals: Marginals,
  g: MaskedGram,
  correlation: Float64Array,
  threshold: number,
  b: Float64Array,
  sigma: Float64Array,
  errors?: StandardErrors,
): RefinementSummary {
  const d = stats.d;
  const { mu, scale } = marginals;
  const pair = new JointPair();
  const start = new Float64Array(PAIR_PARAMETERS);
  const best: (Candidate | undefined)[] = new Array(d);
  const selected = selectPairs(marginals, correlation, threshold);
  const limit = jointPairLimit(d);
  let refinedPairs = 0;
  let failedPairs = 0;
  let newtonSteps = 0;
  for (let t = 0; t < Math.min(selected.length, limit); t++) {
    checkStop();
    const i = Math.floor(selected[t] / d), j = selected[t] % d;
    const rho = correlation[i * d + j];
    pair.load(stats, g, i, j);
    start.set([mu[i], scale[i], mu[j], scale[j], rho]);
    const fit = maximizeJointPair(pair, start);
    if (!fit) {
      failedPairs++;
      continue;
    }
    refinedPairs++;
    newtonSteps += fit.iterations;
    const { theta, covariance: c } = fit;
    const p = PAIR_PARAMETERS;
    const si = theta[SIGMA_I], sj = theta[SIGMA_J], r = theta[RHO];
    const s = r * si * sj;
    sigma[i * d + j] = s;
    sigma[j * d + i] = s;
    if (errors) {
      // ∇Σ_ij = (0, ρσ_j, 0, ρσ_i, σ_iσ_j) over (μ_i, σ_i, μ_j, σ_j, ρ).
      const grad = [0, r * sj, 0, r * si, si * sj];
      let v = 0;
      for (let a = 0; a < p; a++) {
        for (let e = 0; e < p; e++) v += grad[a] * c[a * p + e] * grad[e];
      }
      const se = Math.sqrt(Math.max(0, v));
      errors.sigma.data[i * d + j] = se;
      errors.sigma.data[j * d + i] = se;
    }
    offer(best, i, theta, c, MU_I, SIGMA_I);
    offer(best, j, theta, c, MU_J, SIGMA_J);
  }
  const cappedPairs = Math.max(0, selected.length - limit);
  let refinedCoordinates = 0;
  for (let i = 0; i < d; i++) {
    const m = best[i];
    if (!m) continue;
    refinedCoordinates++;
    b[i] = m.mu;
    sigma[i * d + i] = m.sigma * m.sigma;
    if (errors) {
      errors.b[i] = Math.sqrt(m.varMu);
      errors.sigma.data[i * d + i] = 2 * m.sigma * Math.sqrt(m.varSigma);
    }
  }
  return {
    refinedPairs,
    cappedPairs,
    failedPairs,
    refinedCoordinates,
    newtonSteps,
  };
}

/**
 * The pairs (i d + j, i < j, both fitted) with |ρ_ij| ≥ `threshold`, in
 * decreasing order of |ρ_ij| (ties in row order).
 */
function selectPairs(
  marginals: Marginals,
  correlation: Float64Array,
  threshold: number,
): number[] {
  const { fitted } = marginals;
  const d = fitted.length;
  const out: number[] = [];
  for (let i = 0; i < d; i++) {
    if (!fitted[i]) continue;
    for (let j = i + 1; j < d; j++) {
      if (fitted[j] && Math.abs(correlation[i * d + j]) >= threshold) {
        out.push(i * d + j);
      }
    }
  }
  return out.sort((a, b) =>
    Math.abs(correlation[b]) - Math.abs(correlation[a]) || a - b
  );
}

/**
 * Keeps the pair fit's estimate of one coordinate's (μ, σ), at positions
 * `m` and `s` of θ, if its covariance determinant is the smallest so far.
 */
function offer(
  best: (Candidate | undefined)[],
  coordinate: number,
  theta: Float64Array,
  c: Float64Array,
  m: number,
  s: number,
): void {
  const p = PAIR_PARAMETERS;
  const varMu = c[m * p + m];
  const varSigma = c[s * p + s];
  const det = varMu * varSigma - c[m * p + s] * c[s * p + m];
  const current = best[coordinate];
  if (current && current.det <= det) return;
  best[coordinate] = { mu: theta[m], sigma: theta[s], varMu, varSigma, det };
}
