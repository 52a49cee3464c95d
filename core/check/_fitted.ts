/**
 * What the censored Gaussian model x = max(0, y), y ~ N(b, Σ) says about the
 * quantities a model check compares with the data: the zero share of a
 * coordinate, quantiles of its positive part, the share of rows where two
 * coordinates are both zero, and the correlation of two coordinates over the
 * rows where both are positive.
 *
 * The positive part of x_i is y_i given y_i > 0, a normal N(b_i, Σ_ii)
 * truncated to (0, ∞). The pair's positive part is (y_i, y_j) given both
 * positive, a bivariate normal truncated to an orthant; its moments follow
 * from Stein's identity E[u g(u, v)] = E[∂_u g] + ρ E[∂_v g] for the
 * standardised pair (u, v) with correlation ρ (the same moments as Rosenbaum
 * 1961, "Moments of a truncated bivariate normal distribution", JRSS B 23).
 *
 * This module is browser compatible.
 * @module
 */
import {
  bivariateNormalCdf,
  bivariateNormalUpper,
  RHO_LIMIT,
} from "../special/bivariate.ts";
import {
  inverseMillsRatio,
  normCdf,
  normInv,
  normLogSf,
  normPdf,
  normSf,
} from "../special/normal.ts";

/** Below this upper-tail mass the quantile is found in log space. */
const TINY_MASS = 1e-290;

/**
 * The p-quantile of y given y > 0, for y ~ N(b, sd²) with sd > 0: the
 * fitted quantile of a coordinate's positive values.
 *
 * With a = −b/sd the truncation point in standard units, the quantile is
 * b + sd · Φ⁻¹(Φ(a) + p Q(a)) (Q = 1 − Φ). The argument is formed as that
 * sum when it is at most 1/2 (a sum of positive terms, no cancellation) and
 * otherwise through the upper tail, Φ⁻¹(·) = −Φ⁻¹((1 − p) Q(a)), a product
 * with full relative accuracy. When that product underflows (a > 37), the
 * quantile solves log Q(z) = log(1 − p) + log Q(a) by Newton steps, whose
 * slope −λ(z) (the inverse Mills ratio) is stable at any z.
 *
 * @param b mean of y.
 * @param sd standard deviation of y, > 0.
 * @param p probability in (0, 1).
 * @returns the quantile, ≥ 0, with absolute error a few ε · (|b| + sd |z|)
 *   (z the quantile in standard units): b + sd · z cancels when b < 0.
 */
export function positivePartQuantile(b: number, sd: number, p: number): number {
  const a = -b / sd;
  const lowerArgument = normCdf(a) + p * normSf(a);
  let z: number;
  if (lowerArgument <= 0.5) {
    z = normInv(lowerArgument);
  } else {
    const upper = (1 - p) * normSf(a);
    z = upper > TINY_MASS ? -normInv(upper) : farTailQuantile(a, p);
  }
  return Math.max(0, b + sd * z);
}

/** z > a with log Q(z) = log(1 − p) + log Q(a), for large a (Newton in log space). */
function farTailQuantile(a: number, p: number): number {
  const target = Math.log1p(-p) + normLogSf(a);
  // Beyond a large a the normal tail is close to an exponential of rate a.
  let z = a - Math.log1p(-p) / a;
  for (let step = 0; step < 50; step++) {
    const next = z + (normLogSf(z) - target) / inverseMillsRatio(z);
    if (Math.abs(next - z) <= 1e-15 * Math.abs(z)) return next;
    z = next;
  }
  return z;
}

/**
 * P(y_i ≤ 0, y_j ≤ 0) for standardised thresholds h = −b_i/sd_i,
 * k = −b_j/sd_j and correlation ρ: the fitted share of rows where both
 * coordinates are zero.
 */
export function bothZeroShare(h: number, k: number, rho: number): number {
  return bivariateNormalCdf(h, k, clampCorrelation(rho));
}

/**
 * Correlation of (u, v) given u > h and v > k, for a standard bivariate
 * normal pair with correlation ρ: the fitted correlation of two coordinates
 * over the rows where both are positive (h = −b_i/sd_i, k = −b_j/sd_j; the
 * correlation does not depend on the scales).
 *
 * With L = P(u > h, v > k), s = √(1 − ρ²), A1 = φ(h) Q((k − ρh)/s),
 * A2 = φ(k) Q((h − ρk)/s) and J = s φ(h) φ((k − ρh)/s), Stein's identity
 * gives the moments over the orthant:
 *   E[u; ·] = A1 + ρ A2,  E[u²; ·] = L + h A1 + ρ² k A2 + ρ J,
 *   E[uv; ·] = ρ L + ρ h A1 + ρ k A2 + J,
 * and the same with (h, A1) and (k, A2) swapped for v.
 *
 * @returns the correlation, or NaN when the orthant has (numerically) no
 *   mass or a conditional variance cancels to ≤ 0 (far in both tails).
 */
export function positivePartCorrelation(
  h: number,
  k: number,
  rho: number,
): number {
  const r = clampCorrelation(rho);
  const l = bivariateNormalUpper(h, k, r);
  if (!(l > 1e-250)) return NaN;
  const s = Math.sqrt((1 - r) * (1 + r));
  const zk = (k - r * h) / s;
  const zh = (h - r * k) / s;
  const a1 = normPdf(h) * normSf(zk);
  const a2 = normPdf(k) * normSf(zh);
  const j = s * normPdf(h) * normPdf(zk);
  const e1 = (a1 + r * a2) / l;
  const e2 = (a2 + r * a1) / l;
  const v1 = (l + h * a1 + r * r * k * a2 + r * j) / l - e1 * e1;
  const v2 = (l + k * a2 + r * r * h * a1 + r * j) / l - e2 * e2;
  const c = (r * l + r * h * a1 + r * k * a2 + j) / l - e1 * e2;
  if (!(v1 > 0 && v2 > 0)) return NaN;
  const corr = c / Math.sqrt(v1 * v2);
  return Math.max(-1, Math.min(1, corr));
}

/** ρ kept inside [−RHO_LIMIT, RHO_LIMIT], so that s = √(1 − ρ²) > 0. */
function clampCorrelation(rho: number): number {
  return Math.max(-RHO_LIMIT, Math.min(RHO_LIMIT, rho));
}
