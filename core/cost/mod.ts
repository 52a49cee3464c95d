/**
 * What a request costs before any work: fits (`fitCost`, built from each
 * estimator's own `costOf`), sampling (`sampleCost`) and experiments
 * (`experimentCost`), and the refusal of a request over a budget
 * (`fitRefusal`, `sampleRefusal`, `experimentRefusal`) with a message that
 * names what to reduce.
 *
 * ```ts
 * import { fitCost, fitRefusal } from "./mod.ts";
 * import { prepareFit } from "../estimators/prepare.ts";
 * const shape = { n: 2, d: 700 };
 * const cost = fitCost(shape, prepareFit({ options: { bins: 4096 } }));
 * const refusal = fitRefusal(shape, cost, {
 *   maxEntries: 4e6, maxD: 1000, maxWork: 1e10, maxMemoryBytes: 2 ** 30,
 * });
 * console.log(refusal?.code); // too_much_memory
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./request_cost.ts";
export * from "./fit_cost.ts";
export * from "./sample_cost.ts";
export * from "./experiment_cost.ts";
export * from "./dataset_cost.ts";
export * from "./budget.ts";
