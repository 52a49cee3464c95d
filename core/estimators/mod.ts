/**
 * Estimators of Sigma = W Wᵀ and b from samples of D(W, b), by name.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitSamples, methodNames } from "./mod.ts";
 * const x = { rows: 6, cols: 1, data: Float64Array.of(0, 1.2, 0.4, 0, 2.1, 0.7) };
 * const fit = fitSamples(x, { method: "censored" });
 * assert.ok(methodNames().includes(fit.method));
 * assert.equal(fit.b.length, 1);
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./types.ts";
export * from "./registry.ts";
export * from "./fit.ts";
export * from "./bootstrap.ts";
