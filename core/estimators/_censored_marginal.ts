/**
 * The censored normal (Tobit) maximum likelihood fit of one column from its
 * sufficient statistics, the marginal fit of the censored estimators (the
 * loop over columns is `_marginal_fit.ts`).
 *
 * Each column x_i = ReLU(y_i), y_i ~ N(b_i, Σ_ii), is a normal censored at 0:
 * the zeros say "y ≤ 0", the positives are exact. The log-likelihood
 *   N0 log Φ(−μ/σ) + Σ_{x>0} log φ((x − μ)/σ) − N1 log σ
 * depends on the data only through N0, N1 and the sum and sum of squares of
 * the positives, and is strictly concave in Olsen's parametrisation
 * γ = 1/σ, δ = μ/σ (Olsen 1978, Econometrica 46), so Newton with the exact
 * Hessian and a backtracking line search finds the unique maximum.
 *
 * This module is browser compatible.
 * @module
 */
import { inverseMillsRatio, normInv, normLogCdf } from "../special/normal.ts";
import type { ColumnSummary, MarginalFit } from "./_marginal_fit.ts";

/** Largest number of Newton steps; convergence is quadratic, ~5–10 steps are typical. */
const MAX_NEWTON = 100;

/**
 * Censored-normal MLE of one column with at least 2 distinct positive values.
 *
 * @returns mu (any sign) and scale > 0.
 * Cost: O(1) per Newton step, independent of n.
 */
export function fitCensoredNormal(column: ColumnSummary): MarginalFit {
  const { zeros, positives } = column;
  const n = zeros + positives;
  // Work per sample and in units of the positives' RMS so the numbers are O(1).
  const unit = Math.sqrt(
    column.mean * column.mean + column.centeredSquares / positives,
  );
  const p0 = zeros / n;
  const p1 = positives / n;
  const m = column.mean / unit;
  const v = column.centeredSquares / (positives * unit * unit); // variance
  const loglik = (g: number, dl: number): number => {
    if (!(g > 0)) return -Infinity;
    const r = g * m - dl;
    return (p0 > 0 ? p0 * normLogCdf(-dl) : 0) + p1 * Math.log(g) -
      0.5 * p1 * (g * g * v + r * r);
  };
  // Start where the zero fraction and the positives' mean agree with the model.
  let gamma: number;
  let delta: number;
  if (zeros === 0) {
    gamma = 1 / Math.sqrt(v);
    delta = m * gamma;
  } else {
    delta = normInv(Math.min(Math.max(p1, 1e-12), 1 - 1e-12));
    gamma = (inverseMillsRatio(-delta) + delta) / m;
  }
  let value = loglik(gamma, delta);
  let iterations = 0;
  while (iterations < MAX_NEWTON) {
    iterations++;
    const lambda = p0 > 0 ? inverseMillsRatio(delta) : 0;
    const r = gamma * m - delta;
    const gg = p1 / gamma - p1 * (gamma * v + m * r);
    const gd = -p0 * lambda + p1 * r;
    // Negated Hessian: positive definite.
    const hgg = p1 / (gamma * gamma) + p1 * (v + m * m);
    const hgd = -p1 * m;
    const hdd = p0 * lambda * (lambda - delta) + p1;
    const det = hgg * hdd - hgd * hgd;
    const stepG = (hdd * gg - hgd * gd) / det;
    const stepD = (hgg * gd - hgd * gg) / det;
    const decrement = gg * stepG + gd * stepD;
    if (!(decrement > 1e-24)) break;
    if (decrement < 1e-12) {
      // Quadratic convergence: the full step lands at rounding level, where a
      // line search could no longer see the log-likelihood rise.
      gamma += stepG;
      delta += stepD;
      break;
    }
    let t = 1;
    let next = loglik(gamma + stepG, delta + stepD);
    while (!(next >= value + 0.25 * t * decrement) && t > 1e-12) {
      t /= 2;
      next = loglik(gamma + t * stepG, delta + t * stepD);
    }
    if (!(next >= value)) break;
    gamma += t * stepG;
    delta += t * stepD;
    value = next;
  }
  return { mu: (delta / gamma) * unit, scale: unit / gamma, iterations };
}
