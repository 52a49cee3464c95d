/**
 * A rank-k version of a fitted model: Sigma_hat truncated to its k leading
 * eigenpairs, with a d × k factor W_hat that `sampleRectifiedGaussian` takes.
 *
 * This module is browser compatible.
 * @module
 */
import { type SymmetricEigen, symmetricEigen } from "../linalg/eigen.ts";
import { gramOfRows, type Matrix } from "../linalg/matrix.ts";

/** A fitted model whose Sigma_hat is of rank at most k. */
export interface RankKFit {
  /** The rank asked for. */
  readonly k: number;
  /** b_hat, unchanged (length d). */
  readonly b: Float64Array;
  /** Sigma_k = V_k Λ_k V_kᵀ (d × d), Λ_k the k largest eigenvalues clipped at 0. */
  readonly sigma: Matrix;
  /** W_hat = V_k Λ_k^{1/2} (d × k), so that W_hat W_hatᵀ = Sigma_k. */
  readonly w: Matrix;
  /** The k eigenvalues kept, descending (before clipping at 0). */
  readonly eigenvalues: number[];
  /**
   * ‖Sigma_hat − Sigma_k‖_F / ‖Sigma_hat‖_F: how much of Sigma_hat the rank-k
   * fit leaves out (0 when Sigma_hat is PSD of rank ≤ k; 0 for Sigma_hat = 0).
   */
  readonly relativeError: number;
}

/**
 * The k leading eigenpairs of `eigen` as a (d, k) factor V_k Λ_k^{1/2}, with
 * negative eigenvalues among them clipped at 0 (their columns are zero).
 *
 * @param eigen a symmetric eigendecomposition (eigenvalues ascending).
 * @param k number of columns, 0 ≤ k ≤ d.
 */
export function leadingFactor(eigen: SymmetricEigen, k: number): Matrix {
  const { values, vectors } = eigen;
  const d = values.length;
  const w = new Float64Array(d * k);
  for (let t = 0; t < k; t++) {
    const col = d - 1 - t; // eigenvalues ascend, so the largest is last
    const root = Math.sqrt(Math.max(values[col], 0));
    for (let i = 0; i < d; i++) w[i * k + t] = vectors.data[i * d + col] * root;
  }
  return { rows: d, cols: k, data: w };
}

/**
 * Truncates a fit to rank k: Sigma_k = V_k Λ_k V_kᵀ, the best rank-k
 * approximation of Sigma_hat in Frobenius and spectral norm (Eckart–Young),
 * and W_hat = V_k Λ_k^{1/2}. b_hat is kept.
 *
 * The diagonal of Sigma_k is at most that of a PSD Sigma_hat, so the rank-k
 * model's marginals are narrower than the fitted ones; check the rank-k
 * model against the data (`modelCheck` with `{ b, sigma }` of the result)
 * before trusting it. Cost: one symmetric eigendecomposition (about 9 d³
 * flops, skipped when `eigen` is given) and d² k for Sigma_k.
 *
 * @param fit b_hat (length d) and Sigma_hat (d × d, symmetric, finite).
 * @param k rank, an integer in [1, d].
 * @param eigen `symmetricEigen(fit.sigma)`, when the caller already has it.
 * @returns Sigma_k, W_hat (d × k), the kept eigenvalues and the relative error.
 * @throws {RangeError} for a k outside [1, d], mismatched shapes or a
 *   non-finite Sigma_hat.
 *
 * @example A rank-1 fit of a rank-2 matrix
 * ```ts
 * import { fromRows } from "../linalg/matrix.ts";
 * import { rankKFit } from "./rank_k_fit.ts";
 * const fit = { b: Float64Array.of(0, 0), sigma: fromRows([[2, 0], [0, 1]]) };
 * const r = rankKFit(fit, 1);
 * console.log(r.w.rows, r.w.cols, r.sigma.data); // 2 1 Float64Array [2, 0, 0, 0]
 * ```
 */
export function rankKFit(
  fit: { readonly b: Float64Array; readonly sigma: Matrix },
  k: number,
  eigen?: SymmetricEigen,
): RankKFit {
  const { b, sigma } = fit;
  const d = b.length;
  if (sigma.rows !== d || sigma.cols !== d) {
    throw new RangeError(
      `Cannot fit rank ${k}: Sigma is ${sigma.rows} x ${sigma.cols} but b has ${d} entries`,
    );
  }
  if (!Number.isInteger(k) || k < 1 || k > d) {
    throw new RangeError(
      `Cannot fit rank ${k}: k must be an integer from 1 to d = ${d}`,
    );
  }
  const e = eigen ?? symmetricEigen(sigma);
  const w = leadingFactor(e, k);
  const eigenvalues: number[] = [];
  let residual = 0;
  let total = 0;
  for (let j = d - 1; j >= 0; j--) {
    const v = e.values[j];
    total += v * v;
    if (j >= d - k) {
      eigenvalues.push(v);
      const clipped = Math.max(v, 0);
      residual += (v - clipped) * (v - clipped);
    } else {
      residual += v * v;
    }
  }
  return {
    k,
    b: b.slice(),
    sigma: gramOfRows(w),
    w,
    eigenvalues,
    relativeError: total > 0 ? Math.sqrt(residual / total) : 0,
  };
}
