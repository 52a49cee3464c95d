/**
 * Censored-normal marginals with orthant-probability angles.
 *
 * Per coordinate, x_i = ReLU(y_i) with y_i ~ N(b_i, Σ_ii) is a normal
 * censored at 0; its exact maximum likelihood fit (zeros and positives both
 * count, see `_censored_marginal.ts`) gives b_i of any sign and Σ_ii. Per
 * pair, with thresholds t_i = max(b_i, 0), the share of samples with
 * x_i > t_i and x_j > t_j estimates P(y_i > t_i, y_j > t_j), a bivariate normal
 * orthant probability increasing in the correlation ρ_ij; inverting it gives
 * Σ_ij = ρ_ij σ_i σ_j. When b ≥ 0 the thresholds are the means and this is
 * the paper's angle formula (Lemma 2): P = 1/4 + asin(ρ)/(2π).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { countJointExceedances } from "../kernels/cooccurrence.ts";
import { orthantCorrelation } from "../special/bivariate.ts";
import { assembleSigma, fitCensoredNormal } from "./_censored_marginal.ts";
import {
  marginalFitResult,
  pairWarnings,
  setUpMarginals,
} from "./_marginal_fit.ts";
import { orthantStandardErrors } from "./_standard_errors.ts";
import type { Estimator, FitContext, FitResult } from "./types.ts";

/** Method name in the registry. */
export const CENSORED_METHOD = "censored";

/**
 * Fits Sigma and b with censored marginals and orthant-probability angles.
 *
 * @param x samples of shape (n, d), one per row; entries finite and ≥ 0.
 * @param _context unused: the method is deterministic and has no options.
 * @returns the estimate with standard errors (see `_standard_errors.ts`:
 *   those of Σ_ij treat the thresholds as known); `diagnostics.clampedPairs`
 *   counts pairs whose joint exceedance share was outside the range any
 *   correlation can produce.
 * @throws {RangeError} for n < 2, d < 1, or a negative or non-finite entry.
 *
 * @example
 * ```ts
 * import { fitCensored } from "./censored.ts";
 * import { sampleRectifiedGaussian } from "../sampling/mod.ts";
 * import { createPrng } from "../random/mod.ts";
 * import { fromRows } from "../linalg/mod.ts";
 * const x = sampleRectifiedGaussian(fromRows([[1, 0], [0.6, 0.8]]), new Float64Array([-0.5, 0.2]), 20000, createPrng(1));
 * const fit = fitCensored(x, { seed: 0, options: {} });
 * console.log(fit.b, fit.sigma.data);
 * ```
 */
export function fitCensored(x: Matrix, _context: FitContext): FitResult {
  const setup = setUpMarginals(CENSORED_METHOD, x, fitCensoredNormal);
  const { n, d, stats, marginals } = setup;
  const { mu, sigma: scale } = marginals;
  const thresholds = new Float64Array(d);
  const h = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    thresholds[i] = Math.max(mu[i], 0);
    h[i] = scale[i] > 0 ? (thresholds[i] - mu[i]) / scale[i] : 0;
  }
  const counts = countJointExceedances(x, thresholds);
  const assembled = assembleSigma(
    marginals,
    (i, j) => orthantCorrelation(h[i], h[j], counts[i * d + j] / n),
  );
  const standardErrors = orthantStandardErrors(
    stats,
    marginals,
    h,
    (i, j) => counts[i * d + j] / n,
    (i, j) => assembled.sigma[i * d + j] / (scale[i] * scale[j]),
  );
  return marginalFitResult(CENSORED_METHOD, setup, {
    b: mu,
    sigma: assembled.sigma,
    diagnostics: {
      marginalNewtonSteps: marginals.iterations,
      correlationSolverSteps: assembled.solverSteps,
      clampedPairs: assembled.clampedPairs,
    },
    warnings: pairWarnings(
      marginals,
      assembled.clampedPairs,
      "exceeded their thresholds together more or less often than any correlation allows",
    ),
    standardErrors,
  });
}

/** The censored method, for the registry. */
export const censoredEstimator: Estimator = {
  name: CENSORED_METHOD,
  description:
    "Censored-normal (Tobit) maximum likelihood per coordinate, using the zeros as well as the positive values, and pairwise correlations by inverting the bivariate normal probability that two coordinates exceed max(b, 0) together",
  assumptions:
    "Data from ReLU(W z + b) with any sign of b (a coordinate needs at least 2 distinct positive values; others are reported as degenerate with variance 0); correlations use only signs relative to the thresholds",
  cost:
    "O(n d) time for column statistics and a few Newton steps per coordinate; O(n d² / 32) word operations for the joint exceedance counts and O(d²) root finds; memory n d / 8 bytes of indicator bits plus the d x d result",
  options: [],
  fit: fitCensored,
};
