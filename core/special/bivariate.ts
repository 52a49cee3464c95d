/**
 * The standard bivariate normal distribution with correlation rho: density,
 * lower CDF Φ2(h, k; ρ) = P(X ≤ h, Y ≤ k), upper orthant probability
 * P(X > h, Y > k), and the inverse of the orthant probability in ρ.
 *
 * The orthant probability follows the method of Drezner and Wesolowsky (1990)
 * as refined by Genz (2004, "Numerical computation of rectangular bivariate
 * and trivariate normal probabilities", Statistics and Computing 14): for
 * |ρ| < 0.925 integrate Plackett's identity ∂P/∂ρ = density along ρ = sin θ;
 * closer to ±1 integrate from ρ to 1 in x = √(1 − ρ²) after subtracting a
 * Taylor polynomial whose integral is known in closed form. Both use 20-point
 * Gauss–Legendre quadrature; absolute error is about 1e-15.
 *
 * Lenient like a density: NaN arguments or |ρ| > 1 give NaN, nothing throws.
 *
 * This module is browser compatible.
 * @module
 */
import { gaussLegendre } from "./gauss_legendre.ts";
import { normLogSf, normSf } from "./normal.ts";

const TWO_PI = 2 * Math.PI;
const SQRT_TWO_PI = Math.sqrt(TWO_PI);
/** Below this |ρ| the sin-substitution integrand is smooth enough for 20 nodes. */
const NEAR_ONE = 0.925;

const GL = gaussLegendre(20);

/**
 * Density of the standard bivariate normal with correlation `rho` at (h, k).
 * Infinite for |ρ| = 1 on the line h = ±k, 0 off it.
 */
export function bivariateNormalPdf(h: number, k: number, rho: number): number {
  if (!(Math.abs(rho) <= 1)) return NaN;
  const s2 = (1 - rho) * (1 + rho);
  const q = h * h - 2 * rho * h * k + k * k;
  if (s2 === 0) return q === 0 ? Infinity : 0;
  return Math.exp(-q / (2 * s2)) / (TWO_PI * Math.sqrt(s2));
}

/**
 * Upper orthant probability P(X > h, Y > k) of the standard bivariate normal
 * with correlation `rho`.
 *
 * @param h threshold of X (±Infinity allowed).
 * @param k threshold of Y (±Infinity allowed).
 * @param rho correlation in [−1, 1].
 * @returns the probability; NaN for NaN input or |ρ| > 1.
 *
 * @example At the origin, P = 1/4 + asin(ρ)/(2π)
 * ```ts
 * import assert from "node:assert/strict";
 * import { bivariateNormalUpper } from "./bivariate.ts";
 * // P(X > 0, Y > 0) = 1/4 + asin(ρ)/(2π) = 1/3 at ρ = 1/2.
 * assert.ok(Math.abs(bivariateNormalUpper(0, 0, 0.5) - 1 / 3) < 1e-15);
 * ```
 */
export function bivariateNormalUpper(
  h: number,
  k: number,
  rho: number,
): number {
  if (Number.isNaN(h) || Number.isNaN(k) || !(Math.abs(rho) <= 1)) return NaN;
  if (h === Infinity || k === Infinity) return 0;
  if (h === -Infinity) return normSf(k);
  if (k === -Infinity) return normSf(h);
  let p: number;
  if (Math.abs(rho) < NEAR_ONE) {
    p = upperBySinSubstitution(h, k, rho);
  } else if (rho > 0) {
    p = upperNearPlusOne(h, k, rho);
  } else {
    // P(X > h, Y > k; ρ) = P(X > h) − P(X > h, −Y > −k; −ρ).
    p = normSf(h) - upperNearPlusOne(h, -k, -rho);
  }
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/**
 * Lower CDF Φ2(h, k; ρ) = P(X ≤ h, Y ≤ k) of the standard bivariate normal
 * with correlation `rho` (equal to the upper orthant at (−h, −k) by symmetry).
 *
 * @example Independence gives the product of the marginals
 * ```ts
 * import assert from "node:assert/strict";
 * import { bivariateNormalCdf } from "./bivariate.ts";
 * assert.equal(bivariateNormalCdf(0, 0, 0), 0.25);
 * ```
 */
export function bivariateNormalCdf(h: number, k: number, rho: number): number {
  return bivariateNormalUpper(-h, -k, rho);
}

/** Φ(−h)Φ(−k) + ∫₀^{asin ρ} exp(−(h² + k² − 2hk sin θ)/(2cos²θ)) dθ / (2π). */
function upperBySinSubstitution(h: number, k: number, rho: number): number {
  const hk = h * k;
  const hs = (h * h + k * k) / 2;
  const asr = Math.asin(rho);
  let sum = 0;
  for (let i = 0; i < GL.nodes.length; i++) {
    const sn = Math.sin(asr * (GL.nodes[i] + 1) / 2);
    sum += GL.weights[i] * Math.exp((sn * hk - hs) / (1 - sn * sn));
  }
  return normSf(h) * normSf(k) + sum * asr / (4 * Math.PI);
}

/**
 * For 0.925 ≤ ρ ≤ 1: P = Φ(−max(h, k)) − (1/2π) ∫_ρ^1 f(h, k; r) 2π dr, with
 * the integral written in x = √(1 − r²) as
 * ∫₀^a exp(−B/(2x²) − hk/2) g(x) dx, B = (h − k)², a = √(1 − ρ²),
 * g(x) = exp(−hk (1 − r)/(2(1 + r)))/r. The quadratic Taylor polynomial
 * 1 + c x² + c d x⁴ of g is integrated exactly (recursion below) and only the
 * smooth remainder by quadrature.
 */
function upperNearPlusOne(h: number, k: number, rho: number): number {
  const top = normSf(Math.max(h, k));
  const as = (1 - rho) * (1 + rho);
  if (as <= 0) return top;
  const a = Math.sqrt(as);
  const hk = h * k;
  const bs = (h - k) * (h - k);
  const b = Math.sqrt(bs);
  const c = (4 - hk) / 8;
  const d = (12 - hk) / 16;
  // I_m = ∫₀^a x^{2m} exp(−B/(2x²) − hk/2) dx, by parts:
  // (2m + 1) I_m = a^{2m+1} e(a) − B I_{m−1}, I_0 = a e(a) − b √(2π) Φ(−b/a) e^{−hk/2}.
  const ea = Math.exp(-(bs / as + hk) / 2);
  const tail = b === 0
    ? 0
    : b * SQRT_TWO_PI * Math.exp(-hk / 2 + normLogSf(b / a));
  const i0 = a * ea - tail;
  const i1 = (a * as * ea - bs * i0) / 3;
  const i2 = (a * as * as * ea - bs * i1) / 5;
  let integral = i0 + c * i1 + c * d * i2;
  const half = a / 2;
  for (let i = 0; i < GL.nodes.length; i++) {
    const x = half * (GL.nodes[i] + 1);
    const xs = x * x;
    const r = Math.sqrt(1 - xs);
    const e = Math.exp(-(bs / xs + hk) / 2);
    if (e === 0) continue;
    const g = Math.exp(-hk * (1 - r) / (2 * (1 + r))) / r;
    integral += half * GL.weights[i] * e * (g - (1 + c * xs * (1 + d * xs)));
  }
  return top - integral / TWO_PI;
}

/** How `orthantCorrelation` solved, or why it clamped. */
export interface CorrelationSolution {
  /** The correlation found, in [−1, 1]. */
  readonly rho: number;
  /** −1 or +1 when the target lay outside the achievable range, else 0. */
  readonly clamped: -1 | 0 | 1;
  /** Newton or bisection steps taken. */
  readonly iterations: number;
}

/** Largest |ρ| a solver reports; keeps a clamped Sigma off the singular edge. */
export const RHO_LIMIT = 1 - 1e-9;

/**
 * Solves f(ρ) = target for an increasing f on [−RHO_LIMIT, RHO_LIMIT] by
 * Newton steps kept inside a shrinking bracket (bisection when a step leaves
 * it or the slope vanishes). Targets beyond f's range clamp to the ends.
 * `evaluate` returns f(ρ) and writes f'(ρ) into `slope[0]`.
 */
export function solveIncreasing(
  evaluate: (rho: number, slope: Float64Array) => number,
  target: number,
  start = 0,
): CorrelationSolution {
  const slope = new Float64Array(1);
  let lo = -RHO_LIMIT;
  let hi = RHO_LIMIT;
  if (evaluate(lo, slope) >= target) {
    return { rho: lo, clamped: -1, iterations: 0 };
  }
  if (evaluate(hi, slope) <= target) {
    return { rho: hi, clamped: 1, iterations: 0 };
  }
  let rho = Math.min(hi, Math.max(lo, start));
  let iterations = 0;
  while (iterations < 200) {
    iterations++;
    const residual = evaluate(rho, slope) - target;
    if (residual === 0) break;
    if (residual > 0) hi = rho;
    else lo = rho;
    let next = rho - residual / slope[0];
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    const step = Math.abs(next - rho);
    rho = next;
    if (step < 1e-14 || hi - lo < 1e-14) break;
  }
  return { rho, clamped: 0, iterations };
}

/**
 * The correlation ρ at which P(X > h, Y > k; ρ) equals `p` (the orthant
 * probability is increasing in ρ, with slope the bivariate density).
 * A `p` outside the achievable range clamps ρ to ±RHO_LIMIT and says so.
 *
 * @example Inverting the origin formula 1/4 + asin(ρ)/(2π)
 * ```ts
 * import assert from "node:assert/strict";
 * import { orthantCorrelation } from "./bivariate.ts";
 * assert.ok(Math.abs(orthantCorrelation(0, 0, 1 / 3).rho - 0.5) < 1e-12);
 * ```
 */
export function orthantCorrelation(
  h: number,
  k: number,
  p: number,
): CorrelationSolution {
  if (Number.isNaN(p) || !Number.isFinite(h) || !Number.isFinite(k)) {
    throw new RangeError(
      `Cannot solve for a correlation: thresholds must be finite and the probability a number, got h = ${h}, k = ${k}, p = ${p}`,
    );
  }
  return solveIncreasing((rho, slope) => {
    slope[0] = bivariateNormalPdf(h, k, rho);
    return bivariateNormalUpper(h, k, rho);
  }, p);
}
