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
import {
  type BootstrapFit,
  bootstrapStandardErrors,
  MAX_BOOTSTRAP_REPLICATES,
} from "./bootstrap.ts";

/** What to fit with. */
export interface FitRequest {
  /** Method name; defaults to `DEFAULT_METHOD`. */
  readonly method?: string;
  /** Seed for any randomness the method uses. @default 0 */
  readonly seed?: number;
  /** Method options by name; missing ones take their defaults. */
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * Bootstrap replicates for standard errors (0 = none), an integer in
   * [0, 1000]. Each replicate refits resampled rows with the same method,
   * options and seed, so the fit costs `1 + bootstrap` times as much.
   * @default 0
   */
  readonly bootstrap?: number;
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
  const bootstrap = request.bootstrap ?? 0;
  if (
    !Number.isSafeInteger(bootstrap) || bootstrap < 0 ||
    bootstrap > MAX_BOOTSTRAP_REPLICATES
  ) {
    throw new RangeError(
      `Cannot fit: bootstrap must be an integer in [0, ${MAX_BOOTSTRAP_REPLICATES}], got ${bootstrap}`,
    );
  }
  const result = withCovarianceAnalysis(estimator.fit(x, { seed, options }));
  if (bootstrap === 0) return result;
  return withBootstrap(x, result, { estimator, options, seed }, bootstrap);
}

/**
 * Adds bootstrap standard errors of `result` (see `bootstrapStandardErrors`;
 * resampling seed = the fit's seed): as `standardErrors` when the method gave
 * none, else as `bootstrapStandardErrors` beside the analytic ones. Records
 * `standardErrorsFrom` ("analytic" or "bootstrap"), `bootstrapReplicates` and
 * `bootstrapFailed` in the diagnostics, and warns about failed replicates.
 * Cost: `replicates` × one fit.
 */
function withBootstrap(
  x: Matrix,
  result: FitResult,
  fit: BootstrapFit,
  replicates: number,
): FitResult {
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
 * `result`: another size, or (for methods reporting `diagnostics.anchors`,
 * e.g. two-layer) hidden coordinates anchored on other columns.
 */
function comparableWith(
  result: FitResult,
): (replicate: FitResult) => string | undefined {
  const anchors = result.diagnostics.anchors;
  const expected = Array.isArray(anchors) ? JSON.stringify(anchors) : null;
  return (replicate) => {
    if (replicate.b.length !== result.b.length) {
      return `the refit estimated ${replicate.b.length} coordinates instead of ${result.b.length}`;
    }
    if (expected === null) return undefined;
    const got = JSON.stringify(replicate.diagnostics.anchors);
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
