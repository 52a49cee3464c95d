/**
 * The exact maximum likelihood fit of a normal truncated to (0, ∞) from the
 * positives of one column, restricted to μ ≥ 0 as the paper assumes b ≥ 0.
 *
 * The truncated normal is an exponential family in v = (1/σ², μ/σ²), so the
 * likelihood is concave in v and its maximum matches the model's first two
 * moments to the sample's (what the paper's ProjSGD approximates
 * stochastically). With the standardised truncation point α = −μ/σ, the
 * truncated mean and variance are σ(λ − α) and σ²(1 + αλ − λ²), λ = φ(α)/Q(α),
 * so the ratio mean/sd r(α) = (λ − α)/√(1 + αλ − λ²) depends on α alone and
 * decreases from ∞ (α → −∞) to 1 (α → ∞): one bracketed 1-D root gives α,
 * then σ and μ (Cohen 1950, Ann. Math. Stat. 21).
 *
 * μ ≥ 0 means α ≤ 0. When the unconstrained root has α > 0, the constrained
 * maximum of the concave likelihood lies on the boundary μ = 0 (a half-normal,
 * σ² = mean of x²): that is the clamp.
 *
 * This module is browser compatible.
 * @module
 */
import { inverseMillsRatio } from "../special/normal.ts";
import type { ColumnSummary, MarginalFit } from "./_marginal_fit.ts";

/** Mean over sd of N(0, 1) truncated to (α, ∞), shifted so the cut is at 0. */
export function truncatedMeanToSd(alpha: number): number {
  const lambda = inverseMillsRatio(alpha);
  return (lambda - alpha) / Math.sqrt(1 + alpha * lambda - lambda * lambda);
}

/** r(0) = √(2/π) / √(1 − 2/π): a half-normal's mean over its sd. */
const HALF_NORMAL_RATIO = truncatedMeanToSd(0);

/**
 * Truncated-normal MLE of one column's positives with μ ≥ 0.
 * Needs at least 2 distinct positive values. Cost O(1) (about 60 bisections).
 */
export function fitTruncatedNormal(column: ColumnSummary): MarginalFit {
  const { positives, mean } = column;
  const variance = column.centeredSquares / positives;
  const ratio = mean / Math.sqrt(variance);
  if (!(ratio > HALF_NORMAL_RATIO)) {
    return {
      mu: 0,
      scale: Math.sqrt(mean * mean + variance),
      iterations: 0,
      clamped: true,
    };
  }
  // r is decreasing with r(−ratio) > ratio > r(0): bisect on [−ratio, 0].
  let lo = -ratio;
  let hi = 0;
  let iterations = 0;
  while (hi - lo > 1e-15 * Math.max(1, -lo) && iterations < 200) {
    iterations++;
    const mid = (lo + hi) / 2;
    if (truncatedMeanToSd(mid) > ratio) lo = mid;
    else hi = mid;
  }
  const alpha = (lo + hi) / 2;
  const lambda = inverseMillsRatio(alpha);
  const scale = Math.sqrt(variance / (1 + alpha * lambda - lambda * lambda));
  return { mu: -alpha * scale, scale, iterations, clamped: false };
}
