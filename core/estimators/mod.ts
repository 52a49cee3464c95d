/**
 * Estimators of Sigma = W Wᵀ and b from samples of D(W, b), by name.
 *
 * ```ts
 * import { fitSamples, methodNames } from "./mod.ts";
 * console.log(methodNames());
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./types.ts";
export * from "./registry.ts";
export * from "./fit.ts";
export * from "./bootstrap.ts";
