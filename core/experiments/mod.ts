/**
 * Experiments: random ground truths, sweeps over n, d or kappa with every
 * method fitting the same data, and the paper's Figure 1 settings.
 *
 * ```ts
 * import { figure1Specs, runExperiment } from "./mod.ts";
 * const spec = { ...figure1Specs({ small: true, runs: 2 }).samples, values: [2000] };
 * const { points } = runExperiment(spec);
 * console.log(points[0]!.errSigma.mean);
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
