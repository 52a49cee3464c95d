/**
 * One entry for every caller: look the method up, validate its options, fit.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { DEFAULT_METHOD, getEstimator, resolveOptions } from "./registry.ts";
import type { FitResult } from "./types.ts";
import { analyzeCovariance } from "../metrics/analyze_covariance.ts";

/** What to fit with. */
export interface FitRequest {
  /** Method name; defaults to `DEFAULT_METHOD`. */
  readonly method?: string;
  /** Seed for any randomness the method uses. @default 0 */
  readonly seed?: number;
  /** Method options by name; missing ones take their defaults. */
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * Fits an (n, d) sample matrix with the requested method. Throws `RangeError`
 * naming the problem for an unknown method, a bad option or unusable data.
 */
export function fitSamples(x: Matrix, request: FitRequest = {}): FitResult {
  const estimator = getEstimator(request.method ?? DEFAULT_METHOD);
  const options = resolveOptions(estimator, request.options);
  const seed = request.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(
      `Cannot fit: seed must be a non-negative integer, got ${seed}`,
    );
  }
  return withCovarianceAnalysis(estimator.fit(x, { seed, options }));
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
