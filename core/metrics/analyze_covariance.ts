/**
 * Positive-definiteness check and PSD repair of an estimated Sigma, with a
 * factor W_hat such that W_hat W_hatᵀ is the repaired matrix.
 *
 * This module is browser compatible.
 * @module
 */
import { type SymmetricEigen, symmetricEigen } from "../linalg/eigen.ts";
import type { Matrix } from "../linalg/matrix.ts";

/** What the spectrum of a symmetric matrix says about it as a covariance. */
export interface CovarianceAnalysis {
  /**
   * Every eigenvalue exceeds d · ε · max|λ| (numerically full rank and
   * positive), so the Gaussian N(b, Sigma) has a density.
   */
  readonly positiveDefinite: boolean;
  /** Smallest eigenvalue. */
  readonly minEigenvalue: number;
  /** All eigenvalues, ascending. */
  readonly eigenvalues: Float64Array;
  /**
   * V diag(max(λ, 0)) Vᵀ: the positive semidefinite matrix nearest to Sigma
   * in Frobenius norm (clipping negative eigenvalues is optimal because the
   * Frobenius norm is invariant under the orthogonal change of basis V).
   * Equals the symmetrised input when no eigenvalue is negative.
   */
  readonly nearestPsd: Matrix;
  /** W_hat = V diag(sqrt(max(λ, 0))), (d, d), with W_hat W_hatᵀ = nearestPsd. */
  readonly factor: Matrix;
  /** Some eigenvalue was negative, so nearestPsd differs from Sigma. */
  readonly repaired: boolean;
}

/** Smallest eigenvalue that still counts as positive for a d x d spectrum. */
export function positiveThreshold(values: Float64Array): number {
  let maxAbs = 0;
  for (let i = 0; i < values.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(values[i]!));
  }
  return values.length * Number.EPSILON * maxAbs;
}

/**
 * Eigen-analysis of a symmetric (d, d) matrix read as a covariance: is it
 * positive definite, its nearest PSD matrix and a square-root factor.
 * Costs one symmetric eigendecomposition (about 9 d³ flops) plus 2 d³ for
 * the products.
 *
 * @param sigma symmetric matrix of shape (d, d) with finite entries.
 * @param eigen its eigendecomposition, when the caller already has it.
 * @throws {RangeError} when `sigma` is not square or not finite.
 *
 * @example Repairing an indefinite matrix
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromRows } from "../linalg/matrix.ts";
 * import { analyzeCovariance } from "./analyze_covariance.ts";
 * const a = analyzeCovariance(fromRows([[1, 2], [2, 1]])); // eigenvalues -1, 3
 * assert.equal(a.positiveDefinite, false);
 * assert.ok(Math.abs(a.minEigenvalue + 1) < 1e-14);
 * for (const v of a.nearestPsd.data) assert.ok(Math.abs(v - 1.5) < 1e-14);
 * ```
 */
export function analyzeCovariance(
  sigma: Matrix,
  eigen: SymmetricEigen = symmetricEigen(sigma),
): CovarianceAnalysis {
  const { values, vectors } = eigen;
  const d = values.length;
  const v = vectors.data;
  const minEigenvalue = d > 0 ? values[0]! : Infinity;
  const factor = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const root = Math.sqrt(Math.max(values[j]!, 0));
    for (let i = 0; i < d; i++) factor[i * d + j] = v[i * d + j]! * root;
  }
  const repaired = minEigenvalue < 0;
  const psd = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      if (repaired) {
        for (let t = 0; t < d; t++) {
          s += factor[i * d + t]! * factor[j * d + t]!;
        }
      } else {
        s = 0.5 * (sigma.data[i * d + j]! + sigma.data[j * d + i]!);
      }
      psd[i * d + j] = s;
      psd[j * d + i] = s;
    }
  }
  return {
    positiveDefinite: d > 0 && minEigenvalue > positiveThreshold(values),
    minEigenvalue,
    eigenvalues: values,
    nearestPsd: { rows: d, cols: d, data: psd },
    factor: { rows: d, cols: d, data: factor },
    repaired,
  };
}
