/**
 * One entry for every caller: fit a prepared request (or prepare it first).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import type { EstimatorResult, FitResult, StandardErrors } from "./types.ts";
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
import { checkStop } from "../stop/stop_check.ts";

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
 * The model is scale-equivariant: samples c·x have bias c·b and covariance
 * c²·Sigma. So the method (and every bootstrap refit) sees the data divided
 * by a power of two 2^e that brings its largest value into [1, 2), and b,
 * Sigma, their standard errors and the covariance analysis are multiplied
 * back. Dividing by a power of two is exact in floating point, so data of
 * any magnitude (1e-150 or 1e150) gives the estimate of the same data at
 * scale 1, scaled, and ordinary data gives the estimate it always did.
 * Data with a negative or non-finite entry is passed on as it is, for the
 * method to reject naming the entry. A method's diagnostics and warnings are
 * passed on as it gave them, so they must not depend on the data's unit (the
 * built-in methods' are counts and ratios).
 *
 * Every number of the result is finite: a non-finite one (e.g. the Sigma of
 * data near 1e200, about 1e400) is an error, never a NaN or an infinity in
 * the answer.
 *
 * Cost: the method's (plus `bootstrap` refits), one pass over x, and a
 * scaled copy of x (n d doubles) unless its largest value is in [1, 2).
 *
 * @param x samples, shape (n, d), one per row.
 * @param fit from `prepareFit`, or a request to prepare.
 * @param options the names of the columns.
 * @returns the estimate with what it was fitted with.
 * @throws {RangeError} naming the problem: a bad request (`FitRequestError`,
 *   e.g. a rank k above d), column names that do not match d, unusable data,
 *   or an estimate a double cannot hold (`FitRangeError`).
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
  // Fitted in units where the largest value is in [1, 2) (a power of two,
  // so exact), then scaled back: b with the data, Sigma with its square.
  const unit = dataUnit(x);
  const scaled = scaledMatrix(x, -unit);
  checkStop();
  const estimate = estimator.fit(scaled, { seed, options: prepared.options });
  let result = describeEstimate(estimate, prepared, names, { scaled, unit });
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
 * a hidden coordinate takes its anchor column's name), its bootstrap when
 * asked for, in the data's own units, with its covariance analysis and no
 * non-finite number: the part of a fit result every way of fitting shares.
 *
 * @param data the data divided by 2^unit, which the estimate was fitted on
 *   (the bootstrap resamples it); absent for fits from statistics, which
 *   are in the data's own units and have no bootstrap.
 * @throws {FitRangeError} for an estimate a double cannot hold.
 */
export function describeEstimate(
  estimate: EstimatorResult,
  prepared: PreparedFit,
  names: readonly string[],
  data?: { readonly scaled: Matrix; readonly unit: number },
): FitResult {
  const columns = estimate.hidden === undefined
    ? [...names]
    : estimate.hidden.anchors.map((a) => names[a]!);
  const fitted: FitResult = {
    ...estimate,
    seed: prepared.seed,
    options: prepared.options,
    columns,
  };
  const withErrors = data !== undefined && prepared.bootstrap > 0
    ? withBootstrap(data.scaled, fitted, prepared)
    : fitted;
  const result = withCovarianceAnalysis(
    inDataUnits(withErrors, data?.unit ?? 0),
  );
  assertFiniteResult(result);
  return result;
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
 * An estimate that a 64-bit floating point number cannot hold, or that has a
 * non-finite entry: e.g. the Sigma of data near 1e200, about 1e400. The
 * message names the field and what to do.
 */
export class FitRangeError extends RangeError {
  /** Where in the result, e.g. "sigma[0][1]". */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = "FitRangeError";
    this.field = field;
  }
}

/** Exponents of powers of two that `2 ** e` gives as a normal double. */
const MIN_EXPONENT = -1022;
const MAX_EXPONENT = 1023;
/** The smallest positive normal double, 2^-1022. */
const MIN_NORMAL = 2 ** MIN_EXPONENT;

/**
 * The exponent e with the largest entry of `x` in [2^e, 2^(e+1)); 0 when
 * there is no positive entry, or an entry is negative or not finite (the
 * method then rejects the data with the entry's own value).
 */
function dataUnit(x: Matrix): number {
  const data = x.data;
  let max = 0;
  for (let k = 0; k < data.length; k++) {
    if ((k & STOP_CHECK_ENTRIES) === 0) checkStop();
    const v = data[k]!;
    if (!(v >= 0 && v < Infinity)) return 0;
    if (v > max) max = v;
  }
  return max === 0 ? 0 : binaryExponent(max);
}

/** Entries between two stop checks in a pass over the data, less one. */
const STOP_CHECK_ENTRIES = (1 << 16) - 1;

/** The integer e with 2^e ≤ v < 2^(e+1), for finite v > 0. */
function binaryExponent(v: number): number {
  let e = Math.floor(Math.log2(v));
  // log2 may round across a power of two: settle e exactly.
  while (timesPowerOfTwo(v, -e) >= 2) e++;
  while (timesPowerOfTwo(v, -e) < 1) e--;
  return e;
}

/**
 * v · 2^e, exactly when the result is a normal double: in steps, since 2^e
 * alone is not a double for e outside [-1022, 1023].
 */
function timesPowerOfTwo(v: number, e: number): number {
  while (e > MAX_EXPONENT) {
    v *= 2 ** MAX_EXPONENT;
    e -= MAX_EXPONENT;
  }
  while (e < MIN_EXPONENT) {
    v *= 2 ** MIN_EXPONENT;
    e -= MIN_EXPONENT;
  }
  return v * 2 ** e;
}

/** The entries of `data` times 2^e, in a new array (the same one for e = 0). */
function scaledArray(data: Float64Array, e: number): Float64Array {
  if (e === 0) return data;
  const out = new Float64Array(data.length);
  for (let k = 0; k < data.length; k++) {
    if ((k & STOP_CHECK_ENTRIES) === 0) checkStop();
    out[k] = timesPowerOfTwo(data[k]!, e);
  }
  return out;
}

/** `m` times 2^e (`m` itself for e = 0). */
function scaledMatrix(m: Matrix, e: number): Matrix {
  return e === 0 ? m : { ...m, data: scaledArray(m.data, e) };
}

/** Standard errors of b and Sigma in units 2^e times larger. */
function scaledErrors(
  se: StandardErrors | undefined,
  e: number,
): StandardErrors | undefined {
  return se === undefined
    ? undefined
    : { b: scaledArray(se.b, e), sigma: scaledMatrix(se.sigma, 2 * e) };
}

/** The largest absolute entry of `data`, NaN if one is NaN. */
function maxAbs(data: Float64Array): number {
  let max = 0;
  for (const v of data) {
    const a = Math.abs(v);
    if (!(a <= max)) max = a;
  }
  return max;
}

/** The power of ten nearest to |v| · 2^e (which may be beyond any double). */
function decade(v: number, e: number): number {
  return Math.round(Math.log10(Math.abs(v)) + e * Math.LOG10E * Math.LN2);
}

/**
 * A fit of the data divided by 2^e, in the data's own units: b and its
 * standard errors times 2^e, Sigma and its standard errors times 2^(2e).
 *
 * @throws {FitRangeError} when Sigma overflows, or underflows below the
 *   normal doubles (where its entries would lose their precision).
 */
function inDataUnits(result: FitResult, e: number): FitResult {
  if (e === 0) return result;
  const sigmaMax = maxAbs(result.sigma.data);
  const sigmaTo = sigmaMax === 0 ? 0 : timesPowerOfTwo(sigmaMax, 2 * e);
  if (sigmaTo === Infinity || (sigmaMax > 0 && sigmaTo < MIN_NORMAL)) {
    const data = decade(1, e);
    const large = data > 0;
    throw new FitRangeError(
      "sigma",
      `Cannot fit: Sigma_hat would have entries of about 1e${
        decade(sigmaMax, 2 * e)
      }, ${
        large
          ? "beyond the largest 64-bit floating point number (about 1.8e308)"
          : "below the smallest normal 64-bit floating point number (about 2.2e-308), where they lose their precision"
      }: the data's values reach about 1e${data} and Sigma scales with their square; ${
        large ? "divide" : "multiply"
      } the data by 1e${Math.abs(data)} before fitting, then ${
        large ? "multiply" : "divide"
      } b by that factor and Sigma by its square`,
    );
  }
  const se = scaledErrors(result.standardErrors, e);
  const bootstrap = scaledErrors(result.bootstrapStandardErrors, e);
  return {
    ...result,
    b: scaledArray(result.b, e),
    sigma: scaledMatrix(result.sigma, 2 * e),
    ...(se === undefined ? {} : { standardErrors: se }),
    ...(bootstrap === undefined ? {} : { bootstrapStandardErrors: bootstrap }),
  };
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
 * out, when it has a non-finite entry). Sigma_hat is analysed divided by a
 * power of two that brings its largest entry near 1 (exact, so that entries
 * near 1e300 or 1e-300 are analysed as well as ordinary ones) and the
 * eigenvalue, nearest PSD matrix and factor are scaled back. Costs one
 * symmetric eigendecomposition, O(d³).
 */
export function withCovarianceAnalysis(result: FitResult): FitResult {
  if (!result.sigma.data.every(Number.isFinite)) {
    const note = "Sigma_hat has non-finite entries; it was not analysed";
    return { ...result, warnings: [...result.warnings, note] };
  }
  // Sigma / 4^h has its largest entry in [1, 4): the factor scales by 2^h.
  const max = maxAbs(result.sigma.data);
  const h = max === 0
    ? 0
    : Math.floor(dataUnit({ ...result.sigma, data: Float64Array.of(max) }) / 2);
  const a = analyzeCovariance(scaledMatrix(result.sigma, -2 * h));
  const minEigenvalue = timesPowerOfTwo(a.minEigenvalue, 2 * h);
  const covariance = {
    positiveDefinite: a.positiveDefinite,
    minEigenvalue,
    repaired: a.repaired,
    ...(a.repaired ? { nearestPsd: scaledMatrix(a.nearestPsd, 2 * h) } : {}),
    factor: scaledMatrix(a.factor, h),
  };
  const warnings = a.positiveDefinite ? result.warnings : [
    ...result.warnings,
    `Sigma_hat is not positive definite (smallest eigenvalue ${
      Number(minEigenvalue.toPrecision(4))
    }); nearestPsd and factor give the closest PSD matrix`,
  ];
  return { ...result, covariance, warnings };
}

/**
 * Throws `FitRangeError` naming the first number of `result` that is not
 * finite (JSON would write it as null): in b, Sigma, their standard errors,
 * the covariance analysis, the hidden layer or the diagnostics.
 */
export function assertFiniteResult(result: FitResult): void {
  const found = firstNonFinite(result, "");
  if (found === undefined) return;
  const [path, value] = found;
  throw new FitRangeError(
    path,
    `Cannot fit with method "${result.method}": the estimate has ${value} at ${path}, not a finite number; the method could not estimate it from this data (too few distinct values, or values too extreme for it); another method may`,
  );
}

/** The path and value of the first non-finite number in `value`, if any. */
function firstNonFinite(
  value: unknown,
  path: string,
): [string, number] | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) ? undefined : [path, value];
  }
  if (value === null || typeof value !== "object") return undefined;
  if (value instanceof Float64Array) {
    const k = value.findIndex((v) => !Number.isFinite(v));
    return k < 0 ? undefined : [`${path}[${k}]`, value[k]!];
  }
  const m = value as Partial<Matrix>;
  if (typeof m.cols === "number" && m.data instanceof Float64Array) {
    const k = m.data.findIndex((v) => !Number.isFinite(v));
    if (k >= 0) {
      const at = `${path}[${Math.floor(k / m.cols)}][${k % m.cols}]`;
      return [at, m.data[k]!];
    }
    return undefined;
  }
  const entries = Array.isArray(value)
    ? value.map((v, i) => [`[${i}]`, v] as const)
    : Object.entries(value).map(([k, v]) =>
      [path === "" ? k : `.${k}`, v] as const
    );
  for (const [key, v] of entries) {
    const found = firstNonFinite(v, path + key);
    if (found !== undefined) return found;
  }
  return undefined;
}
