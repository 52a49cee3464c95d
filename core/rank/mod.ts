/**
 * How many latent dimensions the data support, and a fit of that rank:
 * eigenvalues of Sigma_hat with bootstrap intervals, a suggested k, and
 * Sigma_hat truncated to rank k with a d × k factor W_hat.
 *
 * ```ts
 * import { rankAnalysis, rankKFit } from "./mod.ts";
 * import { fromRows } from "../linalg/mod.ts";
 * const fit = { b: Float64Array.of(0, 0), sigma: fromRows([[1, 0.99], [0.99, 1]]) };
 * const { suggested } = rankAnalysis(fit.sigma, { noiseFloor: 0.05 }); // 1
 * const { w } = rankKFit(fit, suggested); // 2 x 1
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./rank_analysis.ts";
export * from "./rank_k_fit.ts";
