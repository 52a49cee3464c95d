/**
 * The statistical limit of estimating Σ and b from censored samples
 * x = max(0, y), y ~ N(b, Σ): the per-sample Fisher information (exact to
 * quadrature accuracy for d ≤ 3), the Cramér–Rao bound I⁻¹ / n, and the
 * mean err_sigma and err_b it implies, a yardstick for every estimator.
 *
 * ```ts
 * import { crbErrors } from "./mod.ts";
 * import { fromRows } from "../linalg/mod.ts";
 * const truth = { b: new Float64Array([0.5, 0.5]), sigma: fromRows([[1, 0], [0, 1]]) };
 * const crb = crbErrors(truth, 200_000);
 * console.log(crb.errSigma.mean, crb.errB.mean); // about 0.00309 and 0.00212
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./parameter_names.ts";
export * from "./censored_model.ts";
export * from "./censored_information.ts";
export * from "./cramer_rao.ts";
export * from "./mean_norm.ts";
export * from "./crb_errors.ts";
