/**
 * Moments of rectified normals: for (y1, y2) bivariate normal with means μ1,
 * μ2, standard deviations σ1, σ2 > 0 and correlation ρ, the cross moment
 * E[ReLU(y1) ReLU(y2)], its slope in ρ, and its inverse in ρ.
 *
 * With standardised thresholds h = −μ1/σ1, k = −μ2/σ2, s = √(1 − ρ²),
 * L = P(u > h, v > k), A1 = φ(h) Q((k − ρh)/s), A2 = φ(k) Q((h − ρk)/s)
 * (Q = 1 − Φ), the truncated moments of the standard pair (u, v) over
 * {u > h, v > k} are (Rosenbaum 1961, "Moments of a truncated bivariate
 * normal distribution", JRSS B 23):
 *   E[u; ·] = A1 + ρ A2,  E[v; ·] = A2 + ρ A1,
 *   E[uv; ·] = ρ L + ρ h A1 + ρ k A2 + s φ(h) φ((k − ρh)/s),
 * and y1 y2 = (μ1 + σ1 u)(μ2 + σ2 v) expands the cross moment. By Price's
 * theorem its derivative in ρ is σ1 σ2 L > 0, so it is increasing and convex.
 * For μ = 0 it is the first-order arc-cosine kernel of Cho and Saul (2009).
 *
 * This module is browser compatible.
 * @module
 */
import { bivariateNormalUpper, solveIncreasing } from "./bivariate.ts";
import type { CorrelationSolution } from "./bivariate.ts";
import { normPdf, normSf } from "./normal.ts";

/** Means, standard deviations (> 0) of two normals; the pair's correlation varies. */
export interface NormalPair {
  readonly mu1: number;
  readonly sigma1: number;
  readonly mu2: number;
  readonly sigma2: number;
}

/** E[ReLU(y)] for y ~ N(μ, σ²): μ Φ(μ/σ) + σ φ(μ/σ). */
export function rectifiedMean(mu: number, sigma: number): number {
  const t = mu / sigma;
  return mu * normSf(-t) + sigma * normPdf(t);
}

/** E[ReLU(y)²] for y ~ N(μ, σ²): (μ² + σ²) Φ(μ/σ) + μ σ φ(μ/σ). */
export function rectifiedSecondMoment(mu: number, sigma: number): number {
  const t = mu / sigma;
  return (mu * mu + sigma * sigma) * normSf(-t) + mu * sigma * normPdf(t);
}

/**
 * E[ReLU(y1) ReLU(y2)] for the normal pair `pair` with correlation `rho`.
 *
 * @param pair means and standard deviations (σ > 0).
 * @param rho correlation in [−1, 1] (the limits are exact).
 * @returns the cross moment; NaN for |ρ| > 1 or NaN input.
 *
 * @example Independent standard normals: (E[ReLU(y)])² = 1/(2π)
 * ```ts
 * import assert from "node:assert/strict";
 * import { rectifiedCrossMoment } from "./rectified_moments.ts";
 * const m = rectifiedCrossMoment({ mu1: 0, sigma1: 1, mu2: 0, sigma2: 1 }, 0);
 * assert.ok(Math.abs(m - 1 / (2 * Math.PI)) < 1e-15); // E[Z⁺]² = (1/√(2π))²
 * ```
 */
export function rectifiedCrossMoment(pair: NormalPair, rho: number): number {
  const { mu1, sigma1, mu2, sigma2 } = pair;
  if (!(Math.abs(rho) <= 1)) return NaN;
  const h = -mu1 / sigma1;
  const k = -mu2 / sigma2;
  const s = Math.sqrt((1 - rho) * (1 + rho));
  const l = bivariateNormalUpper(h, k, rho);
  const ph = normPdf(h);
  const pk = normPdf(k);
  let q1: number; // Q((k − ρh)/s)
  let q2: number; // Q((h − ρk)/s)
  let joint: number; // s φ(h) φ((k − ρh)/s)
  if (s === 0) {
    q1 = stepSf(k - rho * h);
    q2 = stepSf(h - rho * k);
    joint = 0;
  } else {
    const z1 = (k - rho * h) / s;
    q1 = normSf(z1);
    q2 = normSf((h - rho * k) / s);
    joint = s * ph * normPdf(z1);
  }
  const a1 = ph * q1;
  const a2 = pk * q2;
  const eu = a1 + rho * a2;
  const ev = a2 + rho * a1;
  const euv = rho * l + rho * h * a1 + rho * k * a2 + joint;
  return mu1 * mu2 * l + mu1 * sigma2 * ev + mu2 * sigma1 * eu +
    sigma1 * sigma2 * euv;
}

/** Q(z / s) as s → 0⁺: 0, 1/2 or 1 by the sign of z. */
function stepSf(z: number): number {
  return z > 0 ? 0 : z < 0 ? 1 : 0.5;
}

/**
 * d/dρ E[ReLU(y1) ReLU(y2)] = σ1 σ2 P(y1 > 0, y2 > 0) (Price's theorem).
 */
export function rectifiedCrossMomentSlope(
  pair: NormalPair,
  rho: number,
): number {
  const { mu1, sigma1, mu2, sigma2 } = pair;
  return sigma1 * sigma2 *
    bivariateNormalUpper(-mu1 / sigma1, -mu2 / sigma2, rho);
}

/**
 * The correlation ρ at which E[ReLU(y1) ReLU(y2)] equals `moment`, by
 * safeguarded Newton on the increasing cross moment. A moment outside the
 * achievable range [m(−1), m(1)] clamps ρ to ±RHO_LIMIT and says so.
 *
 * @throws {RangeError} when a σ is not positive and finite or `moment` is NaN.
 *
 * @example Recovering a known correlation
 * ```ts
 * import assert from "node:assert/strict";
 * import { rectifiedCorrelation, rectifiedCrossMoment } from "./rectified_moments.ts";
 * const pair = { mu1: 0.3, sigma1: 1.2, mu2: -0.4, sigma2: 0.7 };
 * const m = rectifiedCrossMoment(pair, 0.6);
 * assert.ok(Math.abs(rectifiedCorrelation(pair, m).rho - 0.6) < 1e-10);
 * ```
 */
export function rectifiedCorrelation(
  pair: NormalPair,
  moment: number,
): CorrelationSolution {
  const { mu1, sigma1, mu2, sigma2 } = pair;
  if (
    !(sigma1 > 0 && sigma1 < Infinity && sigma2 > 0 && sigma2 < Infinity) ||
    !Number.isFinite(mu1) || !Number.isFinite(mu2) || Number.isNaN(moment)
  ) {
    throw new RangeError(
      `Cannot solve for a correlation: need finite means, positive finite standard deviations and a moment, got mu1 = ${mu1}, sigma1 = ${sigma1}, mu2 = ${mu2}, sigma2 = ${sigma2}, moment = ${moment}`,
    );
  }
  return solveIncreasing((rho, slope) => {
    slope[0] = rectifiedCrossMomentSlope(pair, rho);
    return rectifiedCrossMoment(pair, rho);
  }, moment);
}
