/**
 * One entry for every caller: fit a prepared request (or prepare it first).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import type { EstimatorResult, FitResult } from "./types.ts";
import { analyzeCovariance } from "../metrics/analyze_covariance.ts";
import { bootstrapStandardErrors } from "./bootstrap.ts";
import { describeCoordinates } from "./_marginal_fit.ts";
import { FitRequestError } from "./errors.ts";
import { withModelCheck, withRankK } from "./fit_check.ts";
import {
  type FitRequest,
  isPreparedFit,
  type PreparedFit,
  prepareFit,
} from "./prepare.ts";

export type { FitRequest, PreparedFit } from "./prepare.ts";

/** What `fitSamples` is told about the data besides the numbers. */
export interface FitSamplesOptions {
  /**
   * The name of each column of `x` (length d), used in the result's
   * `columns` and the model check's messages.
   * @default {["x1", …, "xd"]}
   */
  readonly columns?: readonly string[];
}

/**
 * Fits an (n, d) sample matrix with a prepared request, or prepares `fit`
 * first with the default registry. The result carries the seed, the
 * resolved options, the column names and the covariance analysis and, when
 * asked, bootstrap standard errors, a model check with a rank analysis (see
 * `withModelCheck`) and a rank-k version of the fit (see `withRankK`), in
 * that order.
 *
 * @param x samples, shape (n, d), one per row.
 * @param fit from `prepareFit`, or a request to prepare.
 * @param options the names of the columns.
 * @returns the estimate with what it was fitted with.
 * @throws {RangeError} naming the problem: a bad request (`FitRequestError`,
 *   e.g. a rank k above d), column names that do not match d, or unusable
 *   data.
 *
 * @example
 * ```ts
 * import { fitSamples } from "./fit.ts";
 * import { prepareFit } from "./prepare.ts";
 * import { fromRows } from "../linalg/mod.ts";
 * const x = fromRows([[0, 1], [1.5, 0.3], [0.7, 0], [2, 1.1], [0.2, 0.9]]);
 * const fit = fitSamples(x, prepareFit({ method: "censored-moment" }));
 * console.log(fit.seed, fit.options.standardErrors); // 0 true
 * ```
 */
export function fitSamples(
  x: Matrix,
  fit: PreparedFit | FitRequest = {},
  options: FitSamplesOptions = {},
): FitResult {
  const prepared = isPreparedFit(fit) ? fit : prepareFit(fit);
  const names = columnNames(options, x.cols);
  checkRank(prepared, x.cols);
  const { estimator, seed } = prepared;
  const estimate = estimator.fit(x, { seed, options: prepared.options });
  let result = describeEstimate(estimate, prepared, names);
  if (prepared.bootstrap > 0) result = withBootstrap(x, result, prepared);
  result = withModelCheck(x, result, prepared);
  return prepared.rank > 0 ? withRankK(result, prepared.rank) : result;
}

/**
 * The names of d columns: `options.columns`, or x1 … xd.
 *
 * @throws {RangeError} when `options.columns` does not have d names.
 */
export function columnNames(
  options: FitSamplesOptions,
  d: number,
): readonly string[] {
  const names = options.columns ??
    Array.from({ length: d }, (_, j) => `x${j + 1}`);
  if (names.length !== d) {
    throw new RangeError(
      `Cannot fit: ${names.length} column names for ${d} columns`,
    );
  }
  return names;
}

/**
 * An estimate with what it was fitted with (seed, options, column names;
 * a hidden coordinate takes its anchor column's name) and its covariance
 * analysis: the part of a fit result every way of fitting shares.
 */
export function describeEstimate(
  estimate: EstimatorResult,
  prepared: PreparedFit,
  names: readonly string[],
): FitResult {
  const columns = estimate.hidden === undefined
    ? [...names]
    : estimate.hidden.anchors.map((a) => names[a]);
  return withCovarianceAnalysis({
    ...estimate,
    seed: prepared.seed,
    options: prepared.options,
    columns,
  });
}

/**
 * Throws unless the rank k `fit` asks for fits data of `d` columns (k ≤ d;
 * a hidden-layer fit may have fewer coordinates than d, which its rank-k
 * fit then checks).
 *
 * @throws {FitRequestError} with field "rank" for k > d.
 */
export function checkRank(fit: PreparedFit, d: number): void {
  if (fit.rank > d) {
    throw new FitRequestError(
      "rank",
      `Cannot fit rank ${fit.rank}: k must be at most the number of columns, ${d}`,
    );
  }
}

/**
 * Adds bootstrap standard errors of `result` (see `bootstrapStandardErrors`;
 * resampling seed = the fit's seed): as `standardErrors` when the method gave
 * none, else as `bootstrapStandardErrors` beside the analytic ones. Records
 * `standardErrorsFrom` ("analytic" or "bootstrap"), `bootstrapReplicates` and
 * `bootstrapFailed` in the diagnostics, and warns about failed replicates,
 * about coordinates whose b_hat was clamped at 0 (their standard error
 * describes the clamp, often 0, not the uncertainty of b) and with the
 * method's `bootstrapCaveat`.
 * Cost: `replicates` × one fit.
 */
function withBootstrap(
  x: Matrix,
  result: FitResult,
  fit: PreparedFit,
): FitResult {
  const replicates = fit.bootstrap;
  const se = bootstrapStandardErrors(x, fit, {
    replicates,
    seed: fit.seed,
    accept: comparableWith(result),
  });
  const succeeded = replicates - se.failed;
  const usable = succeeded >= 2;
  const analytic = result.standardErrors !== undefined;
  const warnings = [...result.warnings];
  if (se.failed > 0) {
    warnings.push(
      `${se.failed} of ${replicates} bootstrap replicates failed (${
        se.failureReasons.join("; ")
      }); the bootstrap standard errors use the other ${succeeded}`,
    );
  }
  if (!usable) {
    warnings.push(
      `Only ${succeeded} of ${replicates} bootstrap replicates succeeded (2 are needed), so there are no bootstrap standard errors`,
    );
  }
  const clamped = result.coordinates.flatMap((c, j) => c.clamped ? [j] : []);
  if (usable && clamped.length > 0) {
    warnings.push(
      `${
        describeCoordinates(clamped)
      } b_hat clamped at 0: the bootstrap standard error of such a b (0 when every refit clamps it too) says nothing about how far below 0 the true b may lie`,
    );
  }
  if (fit.estimator.bootstrapCaveat !== undefined) {
    warnings.push(fit.estimator.bootstrapCaveat);
  }
  const from = analytic ? "analytic" : usable ? "bootstrap" : undefined;
  const diagnostics = {
    ...result.diagnostics,
    ...(from === undefined ? {} : { standardErrorsFrom: from }),
    bootstrapReplicates: replicates,
    bootstrapFailed: se.failed,
  };
  const errors = { b: se.b, sigma: se.sigma };
  return {
    ...result,
    diagnostics,
    warnings,
    ...(!usable
      ? {}
      : analytic
      ? { bootstrapStandardErrors: errors }
      : { standardErrors: errors }),
  };
}

/**
 * Rejects refits whose estimates do not describe the same coordinates as
 * `result`: another size, or (for a hidden-layer fit, e.g. two-layer) hidden
 * coordinates anchored on other columns.
 */
function comparableWith(
  result: EstimatorResult,
): (replicate: EstimatorResult) => string | undefined {
  const anchors = result.hidden?.anchors;
  const expected = anchors === undefined ? null : JSON.stringify(anchors);
  return (replicate) => {
    if (replicate.b.length !== result.b.length) {
      return `the refit estimated ${replicate.b.length} coordinates instead of ${result.b.length}`;
    }
    if (expected === null) return undefined;
    const got = JSON.stringify(replicate.hidden?.anchors);
    return got === expected
      ? undefined
      : `the refit anchored its hidden coordinates on columns ${got} instead of ${expected}`;
  };
}

/**
 * Attaches `analyzeCovariance(result.sigma)` as `result.covariance`, and a
 * warning when Sigma_hat is not positive definite (or, leaving `covariance`
 * out, when it has a non-finite entry). Costs one symmetric
 * eigendecomposition, O(d³).
 */
export function withCovarianceAnalysis(result: FitResult): FitResult {
  if (!result.sigma.data.every(Number.isFinite)) {
    const note = "Sigma_hat has non-finite entries; it was not analysed";
    return { ...result, warnings: [...result.warnings, note] };
  }
  const a = analyzeCovariance(result.sigma);
  const covariance = {
    positiveDefinite: a.positiveDefinite,
    minEigenvalue: a.minEigenvalue,
    repaired: a.repaired,
    ...(a.repaired ? { nearestPsd: a.nearestPsd } : {}),
    factor: a.factor,
  };
  const warnings = a.positiveDefinite ? result.warnings : [
    ...result.warnings,
    `Sigma_hat is not positive definite (smallest eigenvalue ${
      Number(a.minEigenvalue.toPrecision(4))
    }); nearestPsd and factor give the closest PSD matrix`,
  ];
  return { ...result, covariance, warnings };
}
