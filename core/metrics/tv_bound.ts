/**
 * The paper's upper bound on the total variation distance between the
 * learned and the true rectified Gaussian (Section 6):
 * TV(D(Σ̂^½, b̂), D(W, b)) ≤ TV(N(b̂, Σ̂), N(b, Σ)) ≤ sqrt(KL / 2).
 *
 * This module is browser compatible.
 * @module
 */
import { klPrepared, prepareGaussian } from "./_gaussian.ts";
import type { UndefinedResult } from "./gaussian_kl.ts";
import type { SigmaAndBias } from "./parameter_errors.ts";

/** The TV upper bound and the two KL divergences behind it. */
export interface TvBound {
  readonly defined: true;
  /** min(1, rawBound): TV never exceeds 1. */
  readonly bound: number;
  /** sqrt(min(KL(truth ‖ estimate), KL(estimate ‖ truth)) / 2), unclipped. */
  readonly rawBound: number;
  /** KL(N(b, Σ) ‖ N(b̂, Σ̂)). */
  readonly klTruthToEstimate: number;
  /** KL(N(b̂, Σ̂) ‖ N(b, Σ)). */
  readonly klEstimateToTruth: number;
}

/** The bound, or why it does not exist (a covariance is not PD). */
export type TvBoundResult = TvBound | UndefinedResult;

/**
 * Pinsker's bound on TV between the true and estimated distributions, using
 * the smaller of the two KL divergences (TV is symmetric, so either
 * direction bounds it and the smaller is tighter). The data-processing
 * inequality carries the Gaussian bound over to the rectified
 * distributions.
 *
 * Undefined, with a reason such as "Sigma_hat is not positive definite
 * (smallest eigenvalue -0.0123)", when Σ̂ or Σ (e.g. k < d) is not positive
 * definite; the reference code returns a complex number there.
 *
 * @param truth true Sigma (d, d) and b (d).
 * @param estimate estimated Sigma (d, d) and b (d).
 * @throws {RangeError} on mismatched shapes or non-finite entries.
 *
 * @example The bound is 0 for a perfect estimate
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromRows } from "../linalg/matrix.ts";
 * import { tvUpperBound } from "./tv_bound.ts";
 * const p = { sigma: fromRows([[2, 1], [1, 2]]), b: new Float64Array([0, 1]) };
 * const tv = tvUpperBound(p, p);
 * assert.ok(tv.defined && tv.bound < 1e-7); // 0 up to rounding (√ of a KL of ~1e-16)
 * ```
 */
export function tvUpperBound(
  truth: SigmaAndBias,
  estimate: SigmaAndBias,
): TvBoundResult {
  if (estimate.b.length !== truth.b.length) {
    throw new RangeError(
      `Cannot compute the TV bound: b has length ${truth.b.length} but b_hat has length ${estimate.b.length}`,
    );
  }
  const g = prepareGaussian(truth.b, truth.sigma, "Sigma");
  if (!g.defined) return g;
  const gHat = prepareGaussian(estimate.b, estimate.sigma, "Sigma_hat");
  if (!gHat.defined) return gHat;
  const klTruthToEstimate = klPrepared(g, gHat);
  const klEstimateToTruth = klPrepared(gHat, g);
  const rawBound = Math.sqrt(
    Math.min(klTruthToEstimate, klEstimateToTruth) / 2,
  );
  return {
    defined: true,
    bound: Math.min(1, rawBound),
    rawBound,
    klTruthToEstimate,
    klEstimateToTruth,
  };
}
