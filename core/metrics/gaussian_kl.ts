/**
 * KL divergence between two multivariate normals.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { klPrepared, prepareGaussian } from "./_gaussian.ts";

/** Why a metric could not be computed (e.g. a covariance is not PD). */
export interface UndefinedResult {
  readonly defined: false;
  /** A sentence such as "Sigma_hat is not positive definite (smallest eigenvalue -0.0123)". */
  readonly reason: string;
}

/** A KL divergence, or why it does not exist. */
export type KlResult =
  | { readonly defined: true; readonly value: number }
  | UndefinedResult;

/**
 * KL(N(mu0, S0) ‖ N(mu1, S1)) in nats. Log-determinants come from the
 * eigenvalues, not from a determinant, so large d neither overflows nor
 * underflows. When S0 or S1 is not positive definite (smallest eigenvalue
 * ≤ d · ε · max|λ|) the divergence is undefined (infinite or, with a
 * negative eigenvalue, meaningless) and the result says which and why
 * instead of returning NaN. Costs two symmetric eigendecompositions and
 * O(d³) more.
 *
 * @param mu0 mean of the first normal (length d).
 * @param s0 covariance of the first normal (d, d), symmetric.
 * @param mu1 mean of the second normal (length d).
 * @param s1 covariance of the second normal (d, d), symmetric.
 * @throws {RangeError} on mismatched shapes or non-finite entries.
 *
 * @example KL between two 1-d normals
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromRows } from "../linalg/matrix.ts";
 * import { gaussianKl } from "./gaussian_kl.ts";
 * const kl = gaussianKl(
 *   new Float64Array([0]), fromRows([[1]]),
 *   new Float64Array([1]), fromRows([[1]]),
 * );
 * assert.deepEqual(kl, { defined: true, value: 0.5 });
 * ```
 */
export function gaussianKl(
  mu0: Float64Array,
  s0: Matrix,
  mu1: Float64Array,
  s1: Matrix,
): KlResult {
  if (mu1.length !== mu0.length) {
    throw new RangeError(
      `Cannot compute a KL divergence: means have lengths ${mu0.length} and ${mu1.length}`,
    );
  }
  const g0 = prepareGaussian(mu0, s0, "S0");
  if (!g0.defined) return g0;
  const g1 = prepareGaussian(mu1, s1, "S1");
  if (!g1.defined) return g1;
  return { defined: true, value: klPrepared(g0, g1) };
}
