/**
 * Special functions of the normal distribution.
 *
 * ```ts
 * import { normCdf, normInv } from "./mod.ts";
 * const p = normCdf(-1.959963984540054); // ≈ 0.025
 * const x = normInv(p); // ≈ -1.96
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./normal.ts";
export * from "./bivariate.ts";
export * from "./gauss_legendre.ts";
export * from "./rectified_moments.ts";
