/**
 * The correlations ρ̂_ij = Σ̂_ij / √(Σ̂_ii Σ̂_jj) of a fit, with approximate
 * 95% intervals when the fit has standard errors.
 *
 * @module
 */
import { Z95 } from "./error_bars.ts";

/** One pair's correlation. */
export interface PairCorrelation {
  /** 0-based coordinates, i < j. */
  readonly i: number;
  readonly j: number;
  readonly rho: number;
  /** ≈ 95% interval, clipped to [-1, 1]; null without standard errors. */
  readonly interval: readonly [number, number] | null;
  /** The true correlation, when a truth is known. */
  readonly truth: number | null;
}

/** ρ of a covariance matrix; NaN where a variance is not positive. */
export function correlationMatrix(
  sigma: readonly (readonly number[])[],
): number[][] {
  return sigma.map((row, i) =>
    row.map((v, j) => {
      const scale = Math.sqrt(sigma[i]![i]! * sigma[j]![j]!);
      return scale > 0 ? Math.max(-1, Math.min(1, v / scale)) : NaN;
    })
  );
}

/**
 * Every pair's correlation with an approximate interval ρ̂ ± 1.96 SE(ρ̂):
 * the delta method on Σ̂_ij, Σ̂_ii and Σ̂_jj with their standard errors,
 * treating the three estimates as uncorrelated (the answer has no
 * covariances between entries), so the interval is a rough guide.
 */
export function pairCorrelations(
  sigma: readonly (readonly number[])[],
  se?: readonly (readonly (number | null)[])[] | null,
  truth?: readonly (readonly number[])[] | null,
): PairCorrelation[] {
  const rho = correlationMatrix(sigma);
  const trueRho = truth ? correlationMatrix(truth) : null;
  const out: PairCorrelation[] = [];
  const d = sigma.length;
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const r = rho[i]![j]!;
      if (!Number.isFinite(r)) continue;
      const sij = se?.[i]?.[j], sii = se?.[i]?.[i], sjj = se?.[j]?.[j];
      let interval: [number, number] | null = null;
      if (
        typeof sij === "number" && typeof sii === "number" &&
        typeof sjj === "number"
      ) {
        const vi = sigma[i]![i]!, vj = sigma[j]![j]!;
        const variance = (sij * sij) / (vi * vj) +
          (r * r / 4) * ((sii / vi) ** 2 + (sjj / vj) ** 2);
        const half = Z95 * Math.sqrt(variance);
        if (Number.isFinite(half)) {
          interval = [Math.max(-1, r - half), Math.min(1, r + half)];
        }
      }
      const t = trueRho?.[i]?.[j];
      out.push({
        i,
        j,
        rho: r,
        interval,
        truth: typeof t === "number" && Number.isFinite(t) ? t : null,
      });
    }
  }
  return out;
}
