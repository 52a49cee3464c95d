/**
 * One entry for every caller: look the method up, validate its options, fit.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { DEFAULT_METHOD, getEstimator, resolveOptions } from "./registry.ts";
import type { FitResult } from "./types.ts";

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
  return estimator.fit(x, { seed, options });
}
