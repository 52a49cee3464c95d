/**
 * Censored-normal marginals with pairwise maximum likelihood correlations.
 *
 * Marginals as in the `censored` method (exact censored-normal MLE per
 * coordinate, b of any sign). Per pair, with the marginals fixed, ρ_ij
 * maximises the censored bivariate normal likelihood of (x_i, x_j), which
 * uses every row: both zero (an orthant probability), one zero (a
 * conditional normal probability given the other's value) and both positive
 * (the bivariate density). Newton starts from the moment-matched correlation
 * of `censored-moment`, linearised at ρ = 0. The likelihood reads the data through one masked
 * Gram pass (see `kernels/masked_gram.ts`): sufficient statistics where both
 * coordinates are positive and per-column histograms where one is zero.
 *
 * Under strong correlation the two steps leave information unused (a zero
 * of x_i next to a positive x_j says something about b_i), so pairs with
 * |ρ̂| ≥ `jointAbove` (default 0.5; every pair below d = 4) are refitted in
 * all five parameters of their censored bivariate normal
 * (`_joint_refinement.ts`): at d = 2 the result is the full maximum
 * likelihood estimate, at the Cramér–Rao bound.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import {
  columnsOf,
  fitWithRecipe,
  maskedOf,
  type PassRequest,
  type SampleStats,
  type StatsRecipe,
} from "../stats/sample_stats.ts";
import { RHO_LIMIT } from "../special/bivariate.ts";
import { rectifiedMean } from "../special/rectified_moments.ts";
import { normCdf } from "../special/normal.ts";
import { fitCensoredNormal } from "./_censored_marginal.ts";
import {
  assembleSigma,
  marginalFitResult,
  type Marginals,
  marginalsFromStats,
  normalPair,
  pairWarnings,
} from "./_marginal_fit.ts";
import {
  maximizePairLikelihood,
  pairWorkspace,
} from "./_pairwise_likelihood.ts";
import { pairwiseStandardErrors } from "./_standard_errors.ts";
import { jointPairLimit, refineJointly } from "./_joint_refinement.ts";
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
export const PAIRWISE_MLE_METHOD = "pairwise-mle";

/** Default histogram bins per column for the one-zero terms. */
export const DEFAULT_BINS = 64;

/** Default |ρ| from which a pair is refitted jointly (`_joint_refinement.ts`). */
export const DEFAULT_JOINT_ABOVE = 0.5;

const OPTIONS = defineOptions({
  bins: {
    kind: "integer",
    default: DEFAULT_BINS,
    min: 4,
    max: 4096,
    description:
      "Histogram bins per column for rows where the pair's other coordinate is zero; more bins, smaller approximation error, more memory (d² · bins counts)",
  },
  jointAbove: {
    kind: "number",
    default: DEFAULT_JOINT_ABOVE,
    min: 0,
    max: 1,
    description:
      "Refit each pair whose |correlation| is at least this in all five parameters of its censored bivariate normal (both marginals and the correlation), which reaches the Cramér–Rao bound under strong correlation; 0 refits every pair, 1 none; below d = 4 every pair is refitted unless this is 1; at most 2d pairs, the most correlated",
  },
  standardErrors: {
    kind: "boolean",
    default: true,
    description:
      "Attach standard errors of b and Sigma (influence functions with the two-step correction); adds 3 updates per pair of nonzeros to the data pass",
  },
});

/** Options of the pairwise-mle method, as its fit receives them. */
export type PairwiseMleOptions = OptionValues<typeof OPTIONS>;

/**
 * Fits Sigma and b with censored marginals and pairwise likelihood correlations.
 *
 * @param x samples of shape (n, d), one per row; entries finite and ≥ 0.
 * @param context `options.bins`: histogram bins per column (default 64);
 *   `options.standardErrors` (default true) attaches standard errors.
 * @returns the estimate with standard errors; `diagnostics.clampedPairs`
 *   counts pairs whose likelihood peaked at |ρ| = 1.
 * @throws {RangeError} for n < 2, d < 1, or a negative or non-finite entry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitPairwiseMle } from "./pairwise_mle.ts";
 * import { sampleRectifiedGaussian } from "../sampling/mod.ts";
 * import { createPrng } from "../random/mod.ts";
 * import { fromRows } from "../linalg/mod.ts";
 * const x = sampleRectifiedGaussian(fromRows([[1, 0], [0.6, 0.8]]), new Float64Array([-0.5, 0.2]), 20000, createPrng(1));
 * const fit = fitPairwiseMle(x, { seed: 0, options: { bins: 64, jointAbove: 0.5, standardErrors: true } });
 * // Sigma = W Wᵀ = [[1, 0.6], [0.6, 1]] and b = (−0.5, 0.2), each recovered
 * // well within 0.05 (standard errors are about 0.015 at this n).
 * [1, 0.6, 0.6, 1].forEach((s, i) => assert.ok(Math.abs(fit.sigma.data[i]! - s) < 0.05));
 * [-0.5, 0.2].forEach((b, i) => assert.ok(Math.abs(fit.b[i]! - b) < 0.05));
 * assert.ok(fit.standardErrors!.sigma.data[1]! > 0);
 * ```
 */
export function fitPairwiseMle(
  x: Matrix,
  context: FitContext<PairwiseMleOptions>,
): EstimatorResult {
  return fitWithRecipe(
    x,
    PAIRWISE_MLE_METHOD,
    PAIRWISE_MLE_STATISTICS,
    context,
  );
}

/**
 * The method from statistics. Pass 1: column statistics, whose maxima fix
 * every column's histogram bins. Pass 2: the masked Gram with those bins
 * (and higher moments for standard errors).
 */
const PAIRWISE_MLE_STATISTICS: StatsRecipe<PairwiseMleOptions> = {
  passes: () => 2,
  request: (pass, options, earlier): PassRequest =>
    pass === 0 ? { columns: { kind: "columns" } } : {
      moments: {
        kind: "masked",
        bins: options.bins,
        higherMoments: options.standardErrors,
        columnMax: columnsOf(earlier!).max,
      },
    },
  fit: pairwiseMleFromStats,
};

function pairwiseMleFromStats(
  data: SampleStats,
  context: FitContext<PairwiseMleOptions>,
): EstimatorResult {
  const setup = marginalsFromStats(
    PAIRWISE_MLE_METHOD,
    columnsOf(data),
    fitCensoredNormal,
  );
  const { n, d, stats, marginals } = setup;
  const { bins, standardErrors: wantErrors } = context.options;
  const g = maskedOf(data, "moments");
  const information = new Float64Array(d * d);
  const work = pairWorkspace();
  const starts = momentStarts(marginals);
  let newtonSteps = 0;
  const assembled = assembleSigma(marginals, (i, j) => {
    const pair = normalPair(marginals, i, j);
    const start = starts(i, j, g.cross[i * d + j] / n);
    const best = maximizePairLikelihood(g, i, j, pair, start, work);
    newtonSteps += best.iterations;
    information[i * d + j] = best.information;
    const edge = Math.abs(best.rho) >= RHO_LIMIT * (1 - 1e-6);
    return {
      rho: best.rho,
      clamped: edge ? (best.rho > 0 ? 1 : -1) : 0,
      iterations: best.iterations,
    };
  });
  const warnings = pairWarnings(
    marginals,
    assembled.clampedPairs,
    "had their pairwise likelihood peak at a correlation of ±1",
  );
  const standardErrors = wantErrors
    ? pairwiseStandardErrors(
      stats,
      marginals,
      g,
      assembled.correlation,
      information,
    )
    : undefined;
  const b = Float64Array.from(marginals.mu);
  const joint = refineJointly(
    stats,
    marginals,
    g,
    assembled.correlation,
    jointThreshold(d, context.options.jointAbove),
    b,
    assembled.sigma,
    standardErrors,
  );
  return marginalFitResult(PAIRWISE_MLE_METHOD, setup, {
    b,
    sigma: assembled.sigma,
    diagnostics: {
      marginalNewtonSteps: marginals.iterations,
      pairNewtonSteps: newtonSteps,
      clampedPairs: assembled.clampedPairs,
      bins,
      jointPairs: joint.refinedPairs,
      jointCappedPairs: joint.cappedPairs,
      jointFailedPairs: joint.failedPairs,
      jointCoordinates: joint.refinedCoordinates,
      jointNewtonSteps: joint.newtonSteps,
    },
    warnings,
    standardErrors,
  });
}

/** Largest |ρ| a Newton start from the moments may be. */
const START_LIMIT = 0.95;

/**
 * Newton starts for the pairs from their moments E[x_i x_j] = M(ρ),
 * linearised at ρ = 0: M(0) = E[x_i] E[x_j] (rectified means) and, by
 * Price's theorem, M'(0) = σ_i σ_j P(x_i > 0) P(x_j > 0), so
 * ρ₀ = (m − M(0)) / M'(0), kept within ±0.95. Per column once, then a few
 * operations per pair; the Newton steps on the likelihood take it from
 * there (solving M(ρ) = m exactly cost more than the maximisation itself).
 */
function momentStarts(
  marginals: Marginals,
): (i: number, j: number, moment: number) => number {
  const { mu, scale } = marginals;
  const d = mu.length;
  const mean = new Float64Array(d);
  const slope = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    if (!(scale[j] > 0)) continue;
    mean[j] = rectifiedMean(mu[j], scale[j]);
    slope[j] = scale[j] * normCdf(mu[j] / scale[j]);
  }
  return (i, j, moment) => {
    const rho = (moment - mean[i] * mean[j]) / (slope[i] * slope[j]);
    return Number.isFinite(rho)
      ? Math.max(-START_LIMIT, Math.min(START_LIMIT, rho))
      : 0;
  };
}

/**
 * The |ρ| from which pairs are refitted jointly: `jointAbove`, except that
 * below d = 4 every pair is (unless `jointAbove` is 1), since a few refits
 * cost little and at d = 2 that makes the fit the full maximum likelihood
 * estimate at any ρ.
 */
function jointThreshold(d: number, jointAbove: number): number {
  return d <= 3 && jointAbove < 1 ? 0 : jointAbove;
}

/**
 * Work and memory of `fitPairwiseMle` (see `EstimatorCost`): the marginals,
 * the masked Gram pass over every pair of coordinates of every row, one
 * Newton maximisation per pair over its non-empty histogram bins, and the
 * pair statistics and histograms held at once (d² · bins counts, 16-bit
 * below 65536 rows, 32-bit from there).
 */
function pairwiseMleCost(
  { n, d }: DataShape,
  { bins, standardErrors, jointAbove }: PairwiseMleOptions,
): EstimatorCost {
  return {
    work: [
      marginalFits(n, d, 60),
      pairPass(
        n,
        d,
        standardErrors ? 22 : 12,
        "pair pass over the data (n · d²/2 pairs)",
        "n or d (or standardErrors=false)",
      ),
      perPair(
        d,
        2000 * Math.min(bins, n),
        "pair likelihood fits (d²/2 pairs · bins)",
        "d or the bins option",
      ),
      // A refit costs about two correlation-only pair fits.
      ...(jointAbove < 1
        ? [{
          label:
            "joint refits of pairs with |correlation| ≥ jointAbove (at most 2d pairs · bins)",
          amount: 4000 * Math.min(bins, n) * jointPairLimit(d),
          reduce: "d, the bins option, or jointAbove=1",
        }]
        : []),
    ],
    memory: [
      squareMatrices(d, 12.5, "pair statistics (about 12 d x d matrices)"),
      {
        label: "pair histograms (d² · bins counts)",
        amount: d * d * bins * (n >= 65536 ? 4 : 2),
        reduce: "d or the bins option",
      },
    ],
  };
}

/** The pairwise-mle method, for the registry. */
export const pairwiseMleEstimator = defineEstimator({
  name: PAIRWISE_MLE_METHOD,
  description:
    "Censored-normal (Tobit) maximum likelihood per coordinate, then each correlation by maximising the censored bivariate normal likelihood of its pair (zeros, one-zero and both-positive rows all count); pairs with |correlation| ≥ 0.5 (every pair below d = 4) refitted in all five parameters (at d = 2 the full maximum likelihood estimate); with standard errors",
  assumptions:
    "Data from ReLU(W z + b) with any sign of b (a coordinate needs at least 2 distinct positive values; others are reported as degenerate with variance 0); marginals are held at their own fits while each pair's correlation is fitted, except in pairs refitted jointly, whose Sigma_ij is their own five-parameter fit's and which give b_i and Sigma_ii of a coordinate from the partner that pins them down best; one-zero rows are read through a histogram of the positive coordinate (bin means, error second order in the bin width)",
  cost:
    "O(n d) for column statistics plus one tiled pass of O(n · nnz²) ≤ O(n d²): six updates per unordered pair of nonzeros per row (eleven with standard errors) and min(zeros, nonzeros) · nonzeros histogram counts; O(d² · bins) per Newton sweep over pairs, 3–6 sweeps, plus about 17 gradients of O(bins) per jointly refitted pair; memory 4–7 d² doubles + 3–5.5 d² accumulator doubles + d² · bins 16-bit counts (32-bit from n = 65536 rows)",
  costOf: pairwiseMleCost,
  options: OPTIONS,
  statistics: PAIRWISE_MLE_STATISTICS,
  fit: fitPairwiseMle,
});
