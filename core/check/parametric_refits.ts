/**
 * Data sets drawn from a fitted model, and the same method refitted on each:
 * the parametric bootstrap behind `modelCheck`, and replicates of Sigma_hat
 * for `rankAnalysis`.
 *
 * This module is browser compatible.
 * @module
 */
import { symmetricEigen } from "../linalg/eigen.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { positiveThreshold } from "../metrics/analyze_covariance.ts";
import { createPrng, deriveSeed } from "../random/prng.ts";
import { sampleRectifiedGaussian } from "../sampling/rectified_gaussian.ts";
import { leadingFactor } from "../rank/rank_k_fit.ts";
import { checkFit, RefitFailures } from "./_refits.ts";
import { checkStop } from "../stop/stop_check.ts";

/** The parameters of a fitted censored Gaussian model. */
export interface FittedModel {
  /** b_hat (length d). */
  readonly b: Float64Array;
  /** Sigma_hat (d × d, symmetric). */
  readonly sigma: Matrix;
}

/** Draws data sets from a fitted model. */
export interface FittedSampler {
  /** Number of positive eigenvalues of Sigma_hat: the columns of the factor used. */
  readonly rank: number;
  /** Smallest eigenvalue of Sigma_hat; below 0 the draws use its nearest PSD matrix. */
  readonly smallestEigenvalue: number;
  /** Whether Sigma_hat had an eigenvalue below −(rounding level). */
  readonly indefinite: boolean;
  /**
   * Data set r of n rows, drawn with `createPrng(deriveSeed(seed, r))`:
   * the same (seed, r) gives the same rows in every caller.
   */
  draw(n: number, seed: number, r: number): Matrix;
}

/**
 * A sampler of D(W, b_hat) with W = V_r Λ_r^{1/2} from the r positive
 * eigenvalues of Sigma_hat, so W Wᵀ is Sigma_hat's nearest PSD matrix (and
 * Sigma_hat itself when it is PSD), and a low-rank Sigma_hat draws at cost
 * n d r. Cost: one symmetric eigendecomposition.
 */
export function fittedSampler(fit: FittedModel): FittedSampler {
  const eigen = symmetricEigen(fit.sigma);
  const d = eigen.values.length;
  const threshold = positiveThreshold(eigen.values);
  let rank = 0;
  while (rank < d && eigen.values[d - 1 - rank] > threshold) rank++;
  const w = leadingFactor(eigen, rank);
  const smallestEigenvalue = d > 0 ? eigen.values[0] : 0;
  return {
    rank,
    smallestEigenvalue,
    indefinite: smallestEigenvalue < -threshold,
    draw: (n, seed, r) =>
      sampleRectifiedGaussian(w, fit.b, n, createPrng(deriveSeed(seed, r))),
  };
}

/** How many data sets, their seed, and the method refitted on each. */
export interface ParametricRefitOptions {
  /** Data sets to draw, ≥ 1. */
  readonly replicates: number;
  /** Data set r uses `deriveSeed(seed, r)`, as in `modelCheck`. @default {0} */
  readonly seed?: number;
  /** The method that produced the fit (same options and seed). */
  readonly refit: (x: Matrix) => FittedModel;
}

/** The refits and what happened to the others. */
export interface ParametricRefits {
  /** Successful refits, in replicate order. */
  readonly refits: FittedModel[];
  /** Replicates whose refit threw. */
  readonly failed: number;
  /** Up to 3 distinct failure messages. */
  readonly failureReasons: string[];
}

/**
 * Refits of `replicates` data sets of n rows drawn from the fitted model:
 * a parametric bootstrap of (b_hat, Sigma_hat). Their Sigma_hat's are
 * `rankAnalysis`'s replicates when no nonparametric ones are at hand; with
 * the same seed they are the refits `modelCheck` makes (and returns with
 * `keepRefits`), so one bootstrap can serve both.
 *
 * Cost: `replicates` × (one fit + n d r for the draw), r = rank of Sigma_hat.
 *
 * @param fit the fitted model to draw from.
 * @param n rows per data set (the data's n).
 * @param options replicate count, seed and refit.
 * @throws {RangeError} for a replicate count that is not a positive integer,
 *   a bad seed or a fit with mismatched shapes or non-finite entries. A
 *   refit that throws or returns such a fit counts as failed.
 *
 * @example
 * ```ts
 * import { parametricRefits } from "./parametric_refits.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const fit = { b: Float64Array.of(0.5), sigma: fromRows([[1]]) };
 * const meanOnly = (x: { rows: number; data: Float64Array }) => ({
 *   b: Float64Array.of(x.data.reduce((a, v) => a + v, 0) / x.rows),
 *   sigma: fromRows([[1]]),
 * });
 * const { refits } = parametricRefits(fit, 100, { replicates: 3, refit: meanOnly });
 * console.log(refits.length); // 3
 * ```
 */
export function parametricRefits(
  fit: FittedModel,
  n: number,
  options: ParametricRefitOptions,
): ParametricRefits {
  const { replicates, refit } = options;
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(replicates) || replicates < 1) {
    throw new RangeError(
      `Cannot draw bootstrap data sets: replicates must be a positive integer, got ${replicates}`,
    );
  }
  deriveSeed(seed, 0); // throws naming a bad seed
  const d = fit.b.length;
  checkFit(fit, d, "the fit");
  const sampler = fittedSampler(fit);
  const refits: FittedModel[] = [];
  const failures = new RefitFailures();
  const check = (result: FittedModel) => checkFit(result, d, "the refit");
  for (let r = 0; r < replicates; r++) {
    checkStop();
    const result = failures.attempt(refit, sampler.draw(n, seed, r), check);
    if (result !== undefined) refits.push(result);
  }
  return {
    refits,
    failed: failures.count,
    failureReasons: failures.reasons,
  };
}
