/**
 * The Cramér–Rao bound: the inverse of the Fisher information of n samples.
 *
 * This module is browser compatible.
 * @module
 */
import { symmetricEigen } from "../linalg/eigen.ts";
import type { Matrix } from "../linalg/matrix.ts";
import type { FisherInformation } from "./censored_information.ts";

/** Smallest eigenvalue of I, relative to the largest, that counts as regular. */
const SINGULAR = 1e-12;

/** The covariance bound I⁻¹ / n of unbiased estimators from n samples. */
export interface CramerRaoBound {
  /** Parameter names, as in the information. */
  readonly names: readonly string[];
  readonly n: number;
  /** I⁻¹ / n, p × p. */
  readonly covariance: Matrix;
  /** √ of its diagonal: the bound on each estimate's standard deviation. */
  readonly sd: Float64Array;
}

/**
 * The Cramér–Rao bound I⁻¹ / n from the per-sample information I: the
 * smallest covariance an unbiased estimator from n samples can have, and the
 * asymptotic covariance of the maximum-likelihood estimator.
 *
 * @param information per-sample Fisher information.
 * @param n number of samples, positive.
 * @returns the covariance bound and the standard deviation bound per parameter.
 * @throws {RangeError} for n ≤ 0 or a singular information (some combination
 *   of parameters is not identifiable).
 *
 * @example Tobit at b = 0, σ = 1, n = 200,000
 * ```ts
 * import { censoredFisherInformation, cramerRaoBound } from "./mod.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const info = censoredFisherInformation(new Float64Array([0]), fromRows([[1]]));
 * console.log(cramerRaoBound(info, 200_000).sd); // about [0.00275, 0.00498]
 * ```
 */
export function cramerRaoBound(
  information: FisherInformation,
  n: number,
): CramerRaoBound {
  if (!(n > 0 && Number.isFinite(n))) {
    throw new RangeError(
      `Cannot compute the Cramér–Rao bound: n must be a positive number, got ${n}`,
    );
  }
  const q = information.matrix.rows;
  const { values, vectors } = symmetricEigen(information.matrix);
  const largest = values[q - 1]!;
  if (!(values[0]! > SINGULAR * largest)) {
    throw new RangeError(
      `Cannot compute the Cramér–Rao bound: the Fisher information is singular (eigenvalues ${
        values[0]!.toPrecision(3)
      } to ${largest.toPrecision(3)})`,
    );
  }
  const v = vectors.data;
  const cov = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < q; k++) {
        s += v[i * q + k]! * v[j * q + k]! / values[k]!;
      }
      cov[i * q + j] = s / n;
      cov[j * q + i] = s / n;
    }
  }
  const sd = new Float64Array(q);
  for (let i = 0; i < q; i++) sd[i] = Math.sqrt(cov[i * q + i]!);
  return {
    names: information.names,
    n,
    covariance: { rows: q, cols: q, data: cov },
    sd,
  };
}
