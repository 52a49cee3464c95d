/**
 * The paper's Algorithm 1 with its stochastic marginal fit replaced by the
 * exact truncated-normal maximum likelihood fit.
 *
 * Per coordinate the positive values are N(b_i, Σ_ii) truncated to (0, ∞)
 * (Section 4.2); the likelihood depends on them only through their count, sum
 * and sum of squares, so its maximum over μ ≥ 0 is found deterministically
 * after one pass (see `_truncated_marginal.ts`) instead of by projected SGD.
 * The zeros are ignored, as in the paper. Angles as in the paper (Section 4.3,
 * equation 14, `exceedanceAngle`): θ_ij = π − 2π count(x_i > b_i, x_j > b_j)/n,
 * Σ_ij = σ_i σ_j cos θ_ij.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import {
  columnsOf,
  exceedancesOf,
  fitWithRecipe,
  type PassRequest,
  type SampleStats,
  type StatsRecipe,
} from "../stats/sample_stats.ts";
import {
  clampedCoordinates,
  clampWarnings,
  exceedanceAngleSigma,
  marginalFitResult,
  marginalsFromStats,
} from "./_marginal_fit.ts";
import { fitTruncatedNormal } from "./_truncated_marginal.ts";
import { defineEstimator, defineOptions, type OptionValues } from "./define.ts";
import { indicatorAngles, marginalFits } from "./_cost_terms.ts";
import type {
  DataShape,
  EstimatorCost,
  EstimatorResult,
  FitContext,
} from "./types.ts";

/** Method name in the registry. */
export const TRUNC_MLE_METHOD = "trunc-mle";

const OPTIONS = defineOptions({});

/** Options of the trunc-mle method: none. */
export type TruncMleOptions = OptionValues<typeof OPTIONS>;

/**
 * Fits Sigma and b with exact truncated-normal marginals and the paper's
 * angle formula.
 *
 * @param x samples of shape (n, d), one per row; entries finite and ≥ 0.
 * @param _context unused: the method is deterministic and has no options.
 * @returns the estimate; coordinates report `clamped` when the fit sits on
 *   the boundary b = 0.
 * @throws {RangeError} for n < 2, d < 1, or a negative or non-finite entry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitTruncMle } from "./trunc_mle.ts";
 * import { sampleRectifiedGaussian } from "../sampling/mod.ts";
 * import { createPrng } from "../random/mod.ts";
 * import { fromRows } from "../linalg/mod.ts";
 * const x = sampleRectifiedGaussian(fromRows([[1, 0], [0.6, 0.8]]), new Float64Array([0.5, 0]), 20000, createPrng(1));
 * const fit = fitTruncMle(x, { seed: 0, options: {} });
 * // Sigma = [[1, 0.6], [0.6, 1]] and b = (0.5, 0) within 0.1 (errors are
 * // about 0.03 at this n).
 * [1, 0.6, 0.6, 1].forEach((s, i) => assert.ok(Math.abs(fit.sigma.data[i]! - s) < 0.1));
 * [0.5, 0].forEach((v, i) => assert.ok(Math.abs(fit.b[i]! - v) < 0.1));
 * ```
 */
export function fitTruncMle(
  x: Matrix,
  context: FitContext<TruncMleOptions>,
): EstimatorResult {
  return fitWithRecipe(x, TRUNC_MLE_METHOD, TRUNC_MLE_STATISTICS, context);
}

/** The marginals fitted from the column statistics of the first pass. */
function truncMarginals(stats: SampleStats) {
  return marginalsFromStats(
    TRUNC_MLE_METHOD,
    columnsOf(stats),
    fitTruncatedNormal,
  );
}

/**
 * The method from statistics: column statistics, then (second pass) the
 * joint exceedances of the fitted biases.
 */
const TRUNC_MLE_STATISTICS: StatsRecipe<TruncMleOptions> = {
  passes: () => 2,
  request: (pass, _options, earlier): PassRequest =>
    pass === 0 ? { columns: { kind: "columns" } } : {
      exceedances: {
        kind: "exceedances",
        thresholds: truncMarginals(earlier!).marginals.mu,
      },
    },
  fit: truncMleFromStats,
};

function truncMleFromStats(stats: SampleStats): EstimatorResult {
  const setup = truncMarginals(stats);
  const { marginals } = setup;
  const assembled = exceedanceAngleSigma(
    exceedancesOf(stats, "exceedances"),
    setup.n,
    marginals,
  );
  const clamped = clampedCoordinates(marginals);
  const warnings = clampWarnings(
    marginals,
    clamped,
    "positive values with a mean-to-spread ratio at most a half-normal's (√(2/(π − 2)) ≈ 1.32), so their fit, restricted to b ≥ 0, is at b = 0 (expected when b is 0 or below)",
  );
  return marginalFitResult(TRUNC_MLE_METHOD, setup, {
    b: marginals.mu,
    sigma: assembled.sigma,
    diagnostics: {
      marginalSolverSteps: marginals.iterations,
      clampedCoordinates: clamped.length,
    },
    warnings,
  });
}

/**
 * Work and memory of `fitTruncMle` (see `EstimatorCost`): column statistics
 * and a 1-D root per coordinate, pair counts on indicator bits, the angle
 * formula per pair.
 */
function truncMleCost({ n, d }: DataShape): EstimatorCost {
  const angles = indicatorAngles(n, d);
  return {
    work: [marginalFits(n, d, 28), ...angles.work],
    memory: angles.memory,
  };
}

/** The trunc-mle method, for the registry. */
export const truncMleEstimator = defineEstimator({
  name: TRUNC_MLE_METHOD,
  description:
    "The paper's Algorithm 1 with the exact truncated-normal maximum likelihood fit (over b ≥ 0) of each coordinate's positive values in place of projected SGD, and the paper's angle formula",
  assumptions:
    "b ≥ 0 (the fit is restricted to it; the angle formula is biased otherwise) and no zero rows of W (constant coordinates are reported as degenerate with variance 0); the zeros are not used",
  cost:
    "O(n d) time for column statistics and a 1-D root per coordinate; O(n d² / 32) word operations for the angles; memory n d / 8 bytes of indicator bits plus the d x d result",
  costOf: truncMleCost,
  options: OPTIONS,
  statistics: TRUNC_MLE_STATISTICS,
  fit: fitTruncMle,
});
