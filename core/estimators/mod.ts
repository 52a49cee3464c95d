/**
 * Estimators of Sigma = W Wᵀ and b from samples of D(W, b), by name: declare
 * one with `defineEstimator`, register it, and `prepareFit` + `fitSamples`
 * run it for the API, the CLI and the dashboard.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitSamples, methodNames, prepareFit } from "./mod.ts";
 * import { fromRows } from "../linalg/mod.ts";
 * const fit = prepareFit({ method: "paper", seed: 1 });
 * const x = fromRows([[0, 1], [1.5, 0.3], [0.7, 0], [2, 1.1]]);
 * const result = fitSamples(x, fit);
 * assert.ok(methodNames().includes(result.method));
 * assert.deepEqual(result.options, { B: 1, r: 3, lambda: 0.1, batch: 10 });
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./types.ts";
export * from "./errors.ts";
export * from "./define.ts";
export * from "./options.ts";
export * from "./registry.ts";
export * from "./prepare.ts";
export * from "./fit.ts";
export * from "./bootstrap.ts";
export * from "./fit_check.ts";
