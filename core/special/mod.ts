/**
 * Special functions of the normal distribution.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { normCdf, normInv } from "./mod.ts";
 * const p = normCdf(-1.959963984540054);
 * assert.ok(Math.abs(p - 0.025) < 1e-16);
 * assert.ok(Math.abs(normInv(p) + 1.959963984540054) < 1e-14);
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./elementary.ts";
export * from "./normal.ts";
export * from "./normal_table.ts";
export * from "./bivariate.ts";
export * from "./gauss_legendre.ts";
export * from "./rectified_moments.ts";
