/**
 * The library: seeded sampling of rectified Gaussians D(W, b), estimators of
 * Sigma = W Wᵀ and b (the paper's Algorithms 1–3 and better ones), metrics,
 * experiments and sample-file formats, all on `Float64Array` with no runtime
 * APIs, so it runs in Deno, Node and the browser.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPrng, fitSamples, parameterErrors, randomTruth, sampleRectifiedGaussian } from "./mod.ts";
 * const prng = createPrng(1);
 * const truth = randomTruth({ d: 3, k: 3, kappa: 1, bias: "relu" }, prng);
 * const x = sampleRectifiedGaussian(truth.w, truth.b, 20_000, prng);
 * const fit = fitSamples(x, { method: "censored-moment" });
 * const { errSigma, errB } = parameterErrors(truth, fit);
 * assert.ok(errSigma < 0.03 && errB < 0.03); // about 0.01 at this n
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./random/mod.ts";
export * from "./special/mod.ts";
export * from "./linalg/mod.ts";
export * from "./sampling/mod.ts";
export * from "./kernels/mod.ts";
export * from "./estimators/mod.ts";
export * from "./metrics/mod.ts";
export * from "./experiments/mod.ts";
export * from "./formats/mod.ts";
export * from "./cost/mod.ts";
export * from "./plot/mod.ts";
export * from "./check/mod.ts";
export * from "./rank/mod.ts";
export * from "./fisher/mod.ts";
export * from "./stats/mod.ts";
export * from "./stop/mod.ts";
