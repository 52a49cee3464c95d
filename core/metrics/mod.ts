/**
 * How good an estimate is: the paper's parameter errors, Gaussian KL and the
 * TV upper bound (together: `fitMetrics`), and the PSD repair of an
 * estimated Sigma.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromRows } from "../linalg/matrix.ts";
 * import { analyzeCovariance, parameterErrors, tvUpperBound } from "./mod.ts";
 * const truth = { sigma: fromRows([[1, 0], [0, 1]]), b: new Float64Array(2) };
 * assert.deepEqual(parameterErrors(truth, truth), { errSigma: 0, errB: 0 });
 * const tv = tvUpperBound(truth, truth);
 * assert.ok(tv.defined && tv.bound === 0);
 * assert.equal(analyzeCovariance(truth.sigma).positiveDefinite, true);
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./parameter_errors.ts";
export * from "./gaussian_kl.ts";
export * from "./tv_bound.ts";
export * from "./fit_metrics.ts";
export * from "./analyze_covariance.ts";
