/**
 * The paper's parameter errors (Theorem 1, Section 6):
 * ‖Σ̂ − W Wᵀ‖_F / ‖W‖_F² and ‖b̂ − b‖₂ / ‖W‖_F.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";

/** A Gaussian-side parameter pair: Sigma (d x d) and b (length d). */
export interface SigmaAndBias {
  /** Sigma = W Wᵀ (or its estimate), shape (d, d). */
  readonly sigma: Matrix;
  /** Bias b (or its estimate), length d. */
  readonly b: Float64Array;
}

/** Relative errors of an estimate, scaled as in the paper. */
export interface ParameterErrors {
  /** ‖Σ̂ − W Wᵀ‖_F / ‖W‖_F². */
  readonly errSigma: number;
  /** ‖b̂ − b‖₂ / ‖W‖_F. */
  readonly errB: number;
}

/**
 * Parameter errors of `estimate` against `truth`. ‖W‖_F² is taken as
 * trace(W Wᵀ) = trace(truth.sigma), so only W Wᵀ is needed (W itself is not
 * identifiable).
 *
 * @param truth true Sigma = W Wᵀ (d, d) and b (d); a `Truth` fits.
 * @param estimate estimated Sigma (d, d) and b (d); a `FitResult` fits.
 * @throws {RangeError} on mismatched shapes or when trace(W Wᵀ) is not
 *   positive (the errors are undefined for W = 0).
 *
 * @example Errors of a perturbed estimate
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromRows } from "../linalg/matrix.ts";
 * import { parameterErrors } from "./parameter_errors.ts";
 * const truth = { sigma: fromRows([[1, 0], [0, 1]]), b: new Float64Array([0, 1]) };
 * const estimate = { sigma: fromRows([[1, 0], [0, 2]]), b: new Float64Array([0, 1]) };
 * assert.deepEqual(parameterErrors(truth, estimate), { errSigma: 0.5, errB: 0 });
 * ```
 */
export function parameterErrors(
  truth: SigmaAndBias,
  estimate: SigmaAndBias,
): ParameterErrors {
  const d = truth.b.length;
  checkShape("truth", truth, d);
  checkShape("estimate", estimate, d);
  let trace = 0;
  for (let i = 0; i < d; i++) trace += truth.sigma.data[i * d + i]!;
  if (!(trace > 0)) {
    throw new RangeError(
      `Cannot compute parameter errors: ||W||_F^2 = trace(W W^T) must be positive, got ${trace}`,
    );
  }
  let sigmaSq = 0;
  const s = truth.sigma.data, sHat = estimate.sigma.data;
  for (let i = 0; i < d * d; i++) sigmaSq += (sHat[i]! - s[i]!) ** 2;
  let bSq = 0;
  for (let i = 0; i < d; i++) bSq += (estimate.b[i]! - truth.b[i]!) ** 2;
  return {
    errSigma: Math.sqrt(sigmaSq) / trace,
    errB: Math.sqrt(bSq) / Math.sqrt(trace),
  };
}

function checkShape(name: string, p: SigmaAndBias, d: number): void {
  if (p.b.length !== d || p.sigma.rows !== d || p.sigma.cols !== d) {
    throw new RangeError(
      `Cannot compute parameter errors: ${name} has Sigma ${p.sigma.rows} x ${p.sigma.cols} and b of length ${p.b.length}, expected d = ${d}`,
    );
  }
}
