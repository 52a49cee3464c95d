/**
 * The mean length of a centred Gaussian vector.
 *
 * This module is browser compatible.
 * @module
 */

/**
 * Step of the trapezoid rule in u = log t. The integrand is analytic in a
 * strip of half-width π around the real axis, so the error is about
 * exp(−2π² / STEP) ≈ 1e-43.
 */
const STEP = 0.2;
/** Half-width of the u range: the tails beyond are below p · e^{−40}. */
const HALF_RANGE = 80;

/**
 * E‖v‖ for v ~ N(0, K), from the eigenvalues λ of K, exactly up to
 * quadrature error (about 1e-14 relative). With Q = ‖v‖² = Σ λ_i χ²_i and
 * √Q = (2√π)⁻¹ ∫₀^∞ (1 − e^{−tQ}) t^{−3/2} dt,
 *
 *   E‖v‖ = (2√π)⁻¹ ∫₀^∞ (1 − Π_i (1 + 2 t λ_i)^{−1/2}) t^{−3/2} dt,
 *
 * integrated by the trapezoid rule in u = log t, where the integrand is
 * analytic and decays like e^{−|u|/2} at both ends (so the rule converges
 * geometrically). Not the root mean square √(Σ λ_i), which is larger.
 *
 * @param eigenvalues eigenvalues of K (non-negative; tiny negative rounding
 *   is treated as 0).
 * @returns E‖v‖ (0 when every eigenvalue is 0).
 * @throws {RangeError} for a non-finite or clearly negative eigenvalue.
 *
 * @example One dimension: E|v| = σ √(2/π)
 * ```ts
 * import { gaussianMeanNorm } from "./mean_norm.ts";
 * console.log(gaussianMeanNorm([4])); // 1.5957691216057308 (up to rounding)
 * ```
 */
export function gaussianMeanNorm(eigenvalues: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < eigenvalues.length; i++) {
    const v = eigenvalues[i]!;
    if (!Number.isFinite(v)) {
      throw new RangeError(
        `Cannot compute a mean norm: eigenvalue ${i} is not finite`,
      );
    }
    largest = Math.max(largest, Math.abs(v));
  }
  if (largest === 0) return 0;
  const mu = new Float64Array(eigenvalues.length);
  for (let i = 0; i < mu.length; i++) {
    const v = eigenvalues[i]! / largest;
    if (v < -1e-9) {
      throw new RangeError(
        `Cannot compute a mean norm: eigenvalue ${i} is negative (${
          eigenvalues[i]
        })`,
      );
    }
    mu[i] = Math.max(0, v);
  }
  // With eigenvalues μ ≤ 1 (scaled by the largest), the integrand in u is
  // about Σμ e^{u/2} below u = 0 and e^{−u/2} above it.
  let sum = 0;
  const steps = Math.round(HALF_RANGE / STEP);
  for (let s = -steps; s <= steps; s++) {
    const u = s * STEP;
    const t2 = 2 * Math.exp(u);
    let logProd = 0;
    for (let i = 0; i < mu.length; i++) logProd += Math.log1p(t2 * mu[i]!);
    sum += -Math.expm1(-0.5 * logProd) * Math.exp(-0.5 * u);
  }
  return Math.sqrt(largest) * sum * STEP / (2 * Math.sqrt(Math.PI));
}
