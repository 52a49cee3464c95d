/**
 * Errors of a fit against a known truth, in the paper's normalisation:
 * err_sigma = ||Sigma_hat − Sigma||_F / ||W||_F², err_b = ||b_hat − b||₂ / ||W||_F,
 * where ||W||_F² = trace(Sigma).
 *
 * @module
 */

/** Parameter errors of one fit. */
export interface TruthErrors {
  readonly errSigma: number;
  readonly errB: number;
}

/** Errors of (sigmaHat, bHat) against (sigma, b); both d x d / length d. */
export function truthErrors(
  sigmaHat: readonly (readonly number[])[],
  bHat: readonly number[],
  sigma: readonly (readonly number[])[],
  b: readonly number[],
): TruthErrors {
  const d = b.length;
  if (bHat.length !== d || sigmaHat.length !== d || sigma.length !== d) {
    throw new RangeError(
      `Cannot compare with the truth: dimension ${bHat.length} of the fit differs from ${d}`,
    );
  }
  let trace = 0;
  let diff2 = 0;
  let bias2 = 0;
  for (let i = 0; i < d; i++) {
    trace += sigma[i][i];
    bias2 += (bHat[i] - b[i]) ** 2;
    for (let j = 0; j < d; j++) diff2 += (sigmaHat[i][j] - sigma[i][j]) ** 2;
  }
  return {
    errSigma: Math.sqrt(diff2) / trace,
    errB: Math.sqrt(bias2) / Math.sqrt(trace),
  };
}

/** Entry-wise difference a − b of two square matrices. */
export function difference(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
): number[][] {
  return a.map((row, i) => row.map((x, j) => x - b[i][j]));
}
