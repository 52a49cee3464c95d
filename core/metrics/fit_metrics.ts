/**
 * Everything a fit is measured by against a known truth: the paper's
 * parameter errors and the TV upper bound. The API answers these for a fit
 * sent with its truth, and the dashboard computes them itself for samples it
 * sent without one (NPY bodies and data sets carry no truth), so both show
 * the same numbers.
 *
 * This module is browser compatible.
 * @module
 */
import {
  type ParameterErrors,
  parameterErrors,
  type SigmaAndBias,
} from "./parameter_errors.ts";
import { type TvBoundResult, tvUpperBound } from "./tv_bound.ts";

/** Parameter errors plus the TV bound (or why it is undefined). */
export interface FitMetrics extends ParameterErrors {
  readonly tv: TvBoundResult;
}

/**
 * The errors of `estimate` against `truth` and the TV bound between them;
 * the bound is undefined (with its reason) when the estimate has an entry
 * that is not a finite number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromRows } from "../linalg/matrix.ts";
 * import { fitMetrics } from "./fit_metrics.ts";
 * const truth = { sigma: fromRows([[1, 0], [0, 1]]), b: new Float64Array(2) };
 * const m = fitMetrics(truth, truth);
 * assert.equal(m.errSigma, 0);
 * assert.ok(m.tv.defined && m.tv.bound === 0);
 * ```
 *
 * @throws {RangeError} from `parameterErrors` for mismatched shapes or
 *   trace(Sigma) <= 0.
 */
export function fitMetrics(
  truth: SigmaAndBias,
  estimate: SigmaAndBias,
): FitMetrics {
  // The errors first: they check the shapes, with their own message.
  const errors = parameterErrors(truth, estimate);
  const finite = estimate.b.every(Number.isFinite) &&
    estimate.sigma.data.every(Number.isFinite);
  const tv: TvBoundResult = finite ? tvUpperBound(truth, estimate) : {
    defined: false,
    reason: "Sigma_hat or b_hat has an entry that is not a finite number",
  };
  return { ...errors, tv };
}
