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
import {
  columnsOf,
  exceedancesOf,
  fitWithRecipe,
  maskedOf,
  type PassRequest,
  type SampleStats,
  type StatsRecipe,
} from "../stats/sample_stats.ts";
import { orthantCorrelation } from "../special/bivariate.ts";
import { fitCensoredNormal } from "./_censored_marginal.ts";
import {
  assembleSigma,
  marginalFitResult,
  type MarginalSetup,
  marginalsFromStats,
  pairWarnings,
} from "./_marginal_fit.ts";
import { orthantStandardErrors } from "./_standard_errors.ts";
import { defineEstimator, defineOptions, type OptionValues } from "./define.ts";
import {
  indicatorBits,
  marginalFits,
  pairPass,
  perPair,
  squareMatrices,
} from "./_cost_terms.ts";
import type {
  DataShape,
  EstimatorCost,
  EstimatorResult,
  FitContext,
} from "./types.ts";

/** Method name in the registry. */
export const CENSORED_METHOD = "censored";

const OPTIONS = defineOptions({
  standardErrors: {
    kind: "boolean",
    default: false,
    description:
      "Attach standard errors of b and Sigma (influence functions); off by default because it costs two masked Gram passes, about 12x the fit at d = 50 and far more at large d, where this method is the fast choice",
  },
});

/** Options of the censored method, as its fit receives them. */
export type CensoredOptions = OptionValues<typeof OPTIONS>;

/**
 * Fits Sigma and b with censored marginals and orthant-probability angles.
 *
 * @param x samples of shape (n, d), one per row; entries finite and ≥ 0.
 * @param context `options.standardErrors` (default false) attaches standard
 *   errors; the method is deterministic and ignores the seed.
 * @returns the estimate, with standard errors when asked (influence
 *   functions that include the estimated thresholds and marginals, see
 *   `_standard_errors.ts`); `diagnostics.clampedPairs`
 *   counts pairs whose joint exceedance share was outside the range any
 *   correlation can produce.
 * @throws {RangeError} for n < 2, d < 1, or a negative or non-finite entry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitCensored } from "./censored.ts";
 * import { sampleRectifiedGaussian } from "../sampling/mod.ts";
 * import { createPrng } from "../random/mod.ts";
 * import { fromRows } from "../linalg/mod.ts";
 * const x = sampleRectifiedGaussian(fromRows([[1, 0], [0.6, 0.8]]), new Float64Array([-0.5, 0.2]), 20000, createPrng(1));
 * const fit = fitCensored(x, { seed: 0, options: { standardErrors: false } });
 * // Sigma = W Wᵀ = [[1, 0.6], [0.6, 1]] and b = (−0.5, 0.2), each recovered
 * // well within 0.05 (standard errors are about 0.015 at this n).
 * [1, 0.6, 0.6, 1].forEach((s, i) => assert.ok(Math.abs(fit.sigma.data[i]! - s) < 0.05));
 * [-0.5, 0.2].forEach((b, i) => assert.ok(Math.abs(fit.b[i]! - b) < 0.05));
 * ```
 */
export function fitCensored(
  x: Matrix,
  context: FitContext<CensoredOptions>,
): EstimatorResult {
  return fitWithRecipe(x, CENSORED_METHOD, CENSORED_STATISTICS, context);
}

/** The marginals fitted from the column statistics of the first pass. */
function censoredMarginals(stats: SampleStats): MarginalSetup {
  return marginalsFromStats(
    CENSORED_METHOD,
    columnsOf(stats),
    fitCensoredNormal,
  );
}

/** The thresholds t_i = max(b_i, 0) of the fitted marginals. */
function thresholdsOf(setup: MarginalSetup): Float64Array {
  return setup.marginals.mu.map((m) => Math.max(m, 0));
}

/**
 * The method from statistics. Pass 1: column statistics (with standard
 * errors also the masked Gram with higher moments). Pass 2, at the fitted
 * thresholds: the joint exceedance counts, or with standard errors the
 * masked Gram of x zeroed at or below its thresholds (which also gives the
 * counts): moments over the rows where both exceed their thresholds.
 */
const CENSORED_STATISTICS: StatsRecipe<CensoredOptions> = {
  passes: () => 2,
  request(pass, options, earlier): PassRequest {
    const errors = options.standardErrors;
    if (pass === 0) {
      return {
        columns: { kind: "columns" },
        ...(errors
          ? { moments: { kind: "masked", bins: 0, higherMoments: true } }
          : {}),
      };
    }
    const thresholds = thresholdsOf(censoredMarginals(earlier!));
    return errors
      ? {
        exceedanceMoments: {
          kind: "masked",
          bins: 0,
          higherMoments: false,
          thresholds,
        },
      }
      : { exceedances: { kind: "exceedances", thresholds } };
  },
  fit: censoredFromStats,
};

function censoredFromStats(
  data: SampleStats,
  context: FitContext<CensoredOptions>,
): EstimatorResult {
  const setup = censoredMarginals(data);
  const { n, d, stats, marginals } = setup;
  const { mu, scale } = marginals;
  const thresholds = thresholdsOf(setup);
  const h = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    h[i] = scale[i] > 0 ? (thresholds[i] - mu[i]) / scale[i] : 0;
  }
  const wantErrors = context.options.standardErrors;
  const exceedances = wantErrors
    ? maskedOf(data, "exceedanceMoments")
    : undefined;
  const counts = exceedances
    ? exceedances.count
    : exceedancesOf(data, "exceedances");
  const assembled = assembleSigma(
    marginals,
    (i, j) => orthantCorrelation(h[i], h[j], counts[i * d + j] / n),
  );
  const standardErrors = exceedances
    ? orthantStandardErrors(
      stats,
      marginals,
      maskedOf(data, "moments"),
      exceedances,
      thresholds,
      (i, j) => assembled.correlation[i * d + j],
    )
    : undefined;
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

/**
 * Work and memory of `fitCensored` (see `EstimatorCost`): the marginals,
 * the joint exceedance counts on indicator bits (or, with standard errors,
 * two masked Gram passes over a thresholded copy of x), and one root find
 * of the orthant probability per pair.
 */
function censoredCost(
  { n, d }: DataShape,
  { standardErrors }: CensoredOptions,
): EstimatorCost {
  return {
    work: [
      marginalFits(n, d, 60),
      standardErrors
        ? pairPass(
          n,
          d,
          16,
          "masked Gram passes for standard errors (n · d²/2 pairs)",
          "n or d (or standardErrors=false)",
        )
        : pairPass(
          n,
          d,
          1 / 8,
          "joint exceedance counts (n · d²/2 pairs, on bits)",
        ),
      perPair(d, 14000, "pair correlations (d²/2 root finds)"),
    ],
    memory: [
      indicatorBits(n, d),
      squareMatrices(d, standardErrors ? 12 : 4),
      ...(standardErrors
        ? [{
          label: "thresholded copy of the samples",
          amount: 8 * n * d,
          reduce: "n or d",
        }]
        : []),
    ],
  };
}

/** The censored method, for the registry. */
export const censoredEstimator = defineEstimator({
  name: CENSORED_METHOD,
  description:
    "Censored-normal (Tobit) maximum likelihood per coordinate, using the zeros as well as the positive values, and pairwise correlations by inverting the bivariate normal probability that two coordinates exceed max(b, 0) together",
  assumptions:
    "Data from ReLU(W z + b) with any sign of b (a coordinate needs at least 2 distinct positive values; others are reported as degenerate with variance 0); correlations use only signs relative to the thresholds",
  cost:
    "O(n d) time for column statistics and a few Newton steps per coordinate; O(n d² / 32) word operations for the joint exceedance counts and O(d²) root finds; memory n d / 8 bytes of indicator bits plus the d x d result. With standard errors (on request) the counts come instead from two masked Gram passes, O(n · nnz²) updates each (about 11 and 6 per ordered pair of nonzeros), and a thresholded copy of x (n d doubles)",
  costOf: censoredCost,
  options: OPTIONS,
  statistics: CENSORED_STATISTICS,
  fit: fitCensored,
});
