/**
 * Experiments: random ground truths, sweeps over n, d or kappa with every
 * method fitting the same data, and the paper's Figure 1 settings.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { figure1Specs, runExperiment } from "./mod.ts";
 * const spec = { ...figure1Specs({ small: true, runs: 2 }).samples, values: [2000] };
 * const { points } = runExperiment(spec);
 * assert.equal(points[0]!.errSigma.count, 2);
 * assert.ok(points[0]!.errSigma.mean < 1);
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./truth.ts";
export * from "./run.ts";
export * from "./figure1.ts";
export * from "./paper_reference.ts";
export * from "./claim2.ts";
export * from "./efficiency.ts";
