/**
 * Censored-normal marginals with correlations from second moments.
 *
 * Marginals as in the `censored` method (exact censored-normal MLE per
 * coordinate, b of any sign). Per pair, the data's mean cross product
 * E[x_i x_j] (one blocked pass for the Gram matrix XᵀX / n, or the masked
 * Gram pass when standard errors are wanted) is matched to the
 * closed-form E[ReLU(y_i) ReLU(y_j)] of the fitted marginals, which increases
 * in ρ with slope σ_i σ_j P(y_i > 0, y_j > 0) (Price's theorem; see
 * `special/rectified_moments.ts`). Magnitudes carry more information than the
 * signs the paper's angle formula counts, so the covariances are several
 * times more accurate at the same n.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import {
  columnsOf,
  fitWithRecipe,
  gramOf,
  maskedOf,
  type PassRequest,
  type SampleStats,
  type StatsRecipe,
} from "../stats/sample_stats.ts";
import { rectifiedCorrelation } from "../special/rectified_moments.ts";
import { fitCensoredNormal } from "./_censored_marginal.ts";
import {
  assembleSigma,
  marginalFitResult,
  marginalsFromStats,
  normalPair,
  pairWarnings,
} from "./_marginal_fit.ts";
import { momentStandardErrors } from "./_standard_errors.ts";
import { defineEstimator, defineOptions, type OptionValues } from "./define.ts";
import {
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
export const CENSORED_MOMENT_METHOD = "censored-moment";

const OPTIONS = defineOptions({
  standardErrors: {
    kind: "boolean",
    default: true,
    description:
      "Attach standard errors of b and Sigma (influence functions); costs about 10× the Gram pass",
  },
});

/** Options of the censored-moment method, as its fit receives them. */
export type CensoredMomentOptions = OptionValues<typeof OPTIONS>;

/**
 * Fits Sigma and b with censored marginals and moment-matched correlations.
 *
 * @param x samples of shape (n, d), one per row; entries finite and ≥ 0.
 * @param context `options.standardErrors` (default true) attaches standard
 *   errors; the method is deterministic and ignores the seed.
 * @returns the estimate with standard errors (influence functions, see
 *   `_standard_errors.ts`); `diagnostics.clampedPairs` counts pairs whose
 *   mean cross product was outside the range any correlation can produce.
 * @throws {RangeError} for n < 2, d < 1, or a negative or non-finite entry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitCensoredMoment } from "./censored_moment.ts";
 * import { sampleRectifiedGaussian } from "../sampling/mod.ts";
 * import { createPrng } from "../random/mod.ts";
 * import { fromRows } from "../linalg/mod.ts";
 * const x = sampleRectifiedGaussian(fromRows([[1, 0], [0.6, 0.8]]), new Float64Array([-0.5, 0.2]), 20000, createPrng(1));
 * const fit = fitCensoredMoment(x, { seed: 0, options: { standardErrors: true } });
 * // Sigma = W Wᵀ = [[1, 0.6], [0.6, 1]] and b = (−0.5, 0.2), each recovered
 * // well within 0.05 (standard errors are about 0.015 at this n).
 * [1, 0.6, 0.6, 1].forEach((s, i) => assert.ok(Math.abs(fit.sigma.data[i]! - s) < 0.05));
 * [-0.5, 0.2].forEach((b, i) => assert.ok(Math.abs(fit.b[i]! - b) < 0.05));
 * ```
 */
export function fitCensoredMoment(
  x: Matrix,
  context: FitContext<CensoredMomentOptions>,
): EstimatorResult {
  return fitWithRecipe(
    x,
    CENSORED_MOMENT_METHOD,
    CENSORED_MOMENT_STATISTICS,
    context,
  );
}

/**
 * The method from statistics, in one pass: column statistics and Σ x_i x_j
 * (the blocked Gram), or with standard errors the masked Gram with higher
 * moments in its place (several times the work, so only on request).
 */
const CENSORED_MOMENT_STATISTICS: StatsRecipe<CensoredMomentOptions> = {
  passes: () => 1,
  request: (_pass, options): PassRequest => ({
    columns: { kind: "columns" },
    ...(options.standardErrors
      ? { moments: { kind: "masked", bins: 0, higherMoments: true } }
      : { gram: { kind: "gram" } }),
  }),
  fit: censoredMomentFromStats,
};

function censoredMomentFromStats(
  data: SampleStats,
  context: FitContext<CensoredMomentOptions>,
): EstimatorResult {
  const setup = marginalsFromStats(
    CENSORED_MOMENT_METHOD,
    columnsOf(data),
    fitCensoredNormal,
  );
  const { n, d, stats, marginals } = setup;
  const g = context.options.standardErrors
    ? maskedOf(data, "moments")
    : undefined;
  const cross = g ? g.cross : gramOf(data, "gram").sums;
  const assembled = assembleSigma(
    marginals,
    (i, j) =>
      rectifiedCorrelation(normalPair(marginals, i, j), cross[i * d + j] / n),
  );
  const standardErrors = g
    ? momentStandardErrors(stats, marginals, g, assembled.correlation)
    : undefined;
  return marginalFitResult(CENSORED_MOMENT_METHOD, setup, {
    b: marginals.mu,
    sigma: assembled.sigma,
    diagnostics: {
      marginalNewtonSteps: marginals.iterations,
      correlationSolverSteps: assembled.solverSteps,
      clampedPairs: assembled.clampedPairs,
    },
    warnings: pairWarnings(
      marginals,
      assembled.clampedPairs,
      "had a mean cross product E[x_i x_j] outside the range any correlation allows under the fitted marginals",
    ),
    standardErrors,
  });
}

/**
 * Work and memory of `fitCensoredMoment` (see `EstimatorCost`): the
 * marginals, one blocked Gram pass (with standard errors, a masked pass of
 * 7 updates per ordered pair instead), and a few Newton steps per pair.
 */
function censoredMomentCost(
  { n, d }: DataShape,
  { standardErrors }: CensoredMomentOptions,
): EstimatorCost {
  return {
    work: [
      marginalFits(n, d, 60),
      standardErrors
        ? pairPass(
          n,
          d,
          10,
          "masked Gram pass for standard errors (n · d² pairs)",
          "n or d (or standardErrors=false)",
        )
        : pairPass(n, d, 2, "Gram pass (n · d²/2 pairs)"),
      perPair(d, 35000, "pair moment matches (d²/2 Newton solves)"),
    ],
    memory: [squareMatrices(d, standardErrors ? 12 : 6)],
  };
}

/** The censored-moment method, for the registry. */
export const censoredMomentEstimator = defineEstimator({
  name: CENSORED_MOMENT_METHOD,
  description:
    "Censored-normal (Tobit) maximum likelihood per coordinate, and pairwise correlations by matching each mean cross product E[x_i x_j] to the closed-form second moment of a rectified bivariate normal",
  assumptions:
    "Data from ReLU(W z + b) with any sign of b (a coordinate needs at least 2 distinct positive values; others are reported as degenerate with variance 0); the moment match relies on the normal model holding exactly",
  cost:
    "O(n d) for column statistics plus O(n · nnz²/2) ≤ O(n d²/2) multiply-adds for the Gram matrix in one blocked pass (with standard errors instead one pass of 7 updates per ordered pair of nonzeros, about 10× that); a few Newton steps per coordinate and per pair; memory O(d²) plus a chunk of rows",
  costOf: censoredMomentCost,
  options: OPTIONS,
  statistics: CENSORED_MOMENT_STATISTICS,
  fit: fitCensoredMoment,
});
