/**
 * Does the censored Gaussian model x = max(0, y), y ~ N(b, Σ) fit the data?
 * Per-coordinate and per-pair comparisons of the data with a fit, with
 * p-values from a seeded parametric bootstrap that refits each replicate.
 *
 * ```ts
 * import { modelCheck } from "./mod.ts";
 * import { fitSamples } from "../estimators/mod.ts";
 * import { sampleRectifiedGaussian } from "../sampling/mod.ts";
 * import { createPrng } from "../random/mod.ts";
 * import { fromRows } from "../linalg/mod.ts";
 * const x = sampleRectifiedGaussian(fromRows([[1, 0], [0.5, 0.8]]), Float64Array.of(0.2, -0.1), 1000, createPrng(1));
 * const refit = (data: typeof x) => fitSamples(data, { method: "censored" });
 * const check = modelCheck(x, refit(x), { refit, replicates: 99, columns: ["rain", "wind"] });
 * console.log(check.passed, check.warnings);
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./model_check.ts";
export * from "./parametric_refits.ts";
export * from "./sorted_quantile.ts";
