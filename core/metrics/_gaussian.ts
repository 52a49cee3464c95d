/**
 * A multivariate normal prepared for KL divergences: its eigendecomposition
 * and log-determinant, or the reason it has no density.
 *
 * This module is browser compatible.
 * @module
 */
import { type SymmetricEigen, symmetricEigen } from "../linalg/eigen.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { positiveThreshold } from "./analyze_covariance.ts";
import type { UndefinedResult } from "./gaussian_kl.ts";

/** N(mu, S) with S = V diag(λ) Vᵀ positive definite. */
export interface PreparedGaussian {
  readonly defined: true;
  readonly mu: Float64Array;
  readonly sigma: Matrix;
  readonly eigen: SymmetricEigen;
  /** ln det S = Σ ln λ_j (from the spectrum, never from a determinant). */
  readonly logDet: number;
}

/** Checks shapes and positive-definiteness; `label` names S in messages. */
export function prepareGaussian(
  mu: Float64Array,
  sigma: Matrix,
  label: string,
): PreparedGaussian | UndefinedResult {
  const d = mu.length;
  if (sigma.rows !== d || sigma.cols !== d) {
    throw new RangeError(
      `Cannot compute a KL divergence: ${label} is ${sigma.rows} x ${sigma.cols} but the mean has length ${d}`,
    );
  }
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(mu[i]!)) {
      throw new RangeError(
        `Cannot compute a KL divergence: mean entry ${i} of ${label} is not finite`,
      );
    }
  }
  const eigen = symmetricEigen(sigma);
  const min = d > 0 ? eigen.values[0]! : 0;
  if (d === 0 || !(min > positiveThreshold(eigen.values))) {
    return {
      defined: false,
      reason: `${label} is not positive definite (smallest eigenvalue ${
        formatNumber(min)
      })`,
    };
  }
  let logDet = 0;
  for (let j = 0; j < d; j++) logDet += Math.log(eigen.values[j]!);
  return { defined: true, mu, sigma, eigen, logDet };
}

/**
 * KL(N0 ‖ N1) = ½ [tr(S1⁻¹ S0) + δᵀ S1⁻¹ δ − d + ln det S1 − ln det S0],
 * δ = mu1 − mu0, with S1⁻¹ applied through its eigenvectors. Rounding can
 * push the exact-zero case a hair below 0; the result is clamped at 0.
 */
export function klPrepared(g0: PreparedGaussian, g1: PreparedGaussian): number {
  const d = g0.mu.length;
  const v = g1.eigen.vectors.data, lambda = g1.eigen.values;
  const s0 = g0.sigma.data;
  const tmp = new Float64Array(d);
  let trace = 0, quad = 0;
  for (let j = 0; j < d; j++) {
    // v_jᵀ S0 v_j and v_jᵀ δ, column j of V.
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += s0[i * d + t]! * v[t * d + j]!;
      tmp[i] = s;
    }
    let vsv = 0, vd = 0;
    for (let i = 0; i < d; i++) {
      vsv += v[i * d + j]! * tmp[i]!;
      vd += v[i * d + j]! * (g1.mu[i]! - g0.mu[i]!);
    }
    trace += vsv / lambda[j]!;
    quad += (vd * vd) / lambda[j]!;
  }
  const kl = 0.5 * (trace + quad - d + g1.logDet - g0.logDet);
  return Math.max(kl, 0);
}

function formatNumber(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x);
}
