/**
 * A fit request made ready once for every entry point: the method looked up,
 * the seed, the bootstrap count and the options validated, so that the CLI,
 * the HTTP API, the cache key and `fitSamples` all use the same values.
 *
 * This module is browser compatible.
 * @module
 */
import { MAX_BOOTSTRAP_REPLICATES } from "./bootstrap.ts";
import { FitRequestError } from "./errors.ts";
import { numberFromText, resolveOptions } from "./options.ts";
import { DEFAULT_REGISTRY, type EstimatorRegistry } from "./registry.ts";
import type { Estimator, ResolvedOptions } from "./types.ts";

/**
 * What to fit with, as a caller sends it. Plain data, so it can travel to a
 * worker. Seed, bootstrap and option values may be numbers (booleans) or
 * their text, as a query string or command line gives them.
 */
export interface FitRequest {
  /** Method name; defaults to the registry's default method. */
  readonly method?: string;
  /** Seed for any randomness the method uses, a non-negative integer. @default 0 */
  readonly seed?: number | string;
  /** Method options by name; missing ones take their defaults. */
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * Bootstrap replicates for standard errors (0 = none), an integer in
   * [0, 1000]. Each replicate refits resampled rows with the same method,
   * options and seed, so the fit costs `1 + bootstrap` times as much.
   * @default 0
   */
  readonly bootstrap?: number | string;
}

/** Marks the objects `prepareFit` made, so no caller builds one by hand. */
declare const PREPARED: unique symbol;

/** A validated fit request: what `fitSamples` runs. */
export interface PreparedFit {
  readonly [PREPARED]: true;
  readonly estimator: Estimator;
  /** Every option of the method, defaults filled in. */
  readonly options: ResolvedOptions;
  readonly seed: number;
  /** Bootstrap replicates, 0 for none. */
  readonly bootstrap: number;
}

/**
 * Looks the method up in `registry` and validates the rest of the request
 * (see `prepareEstimatorFit`).
 *
 * @param request method, seed, options and bootstrap count as sent.
 * @param registry where the method is looked up. @default {DEFAULT_REGISTRY}
 * @returns the request with every value checked and every default filled.
 * @throws {FitRequestError} naming the field: an unknown method (listing the
 *   valid ones), a seed that is not a non-negative integer, a bootstrap
 *   count outside [0, 1000], or a bad option.
 *
 * @example
 * ```ts
 * import { prepareFit } from "./prepare.ts";
 * const fit = prepareFit({ method: "paper", seed: "7", options: { B: 2 } });
 * console.log(fit.estimator.name, fit.seed, fit.options.B, fit.options.r); // paper 7 2 3
 * ```
 */
export function prepareFit(
  request: FitRequest = {},
  registry: EstimatorRegistry = DEFAULT_REGISTRY,
): PreparedFit {
  return prepareEstimatorFit(registry.get(request.method), request);
}

/**
 * Validates a request for an estimator the caller already has (e.g. one it
 * looked up to read command-line flags by its options): seed, bootstrap
 * count and options, in that order.
 *
 * @param estimator the method to fit with.
 * @param request seed, options and bootstrap count as sent (`method` is not read).
 * @returns the request with every value checked and every default filled.
 * @throws {FitRequestError} naming the field, as `prepareFit` does.
 */
export function prepareEstimatorFit(
  estimator: Estimator,
  request: Omit<FitRequest, "method"> = {},
): PreparedFit {
  const seed = readInteger(request.seed, 0);
  if (!(seed >= 0)) {
    throw new FitRequestError(
      "seed",
      `Cannot fit: seed must be a non-negative integer, got ${
        shown(request.seed)
      }`,
    );
  }
  const bootstrap = readInteger(request.bootstrap, 0);
  if (!(bootstrap >= 0 && bootstrap <= MAX_BOOTSTRAP_REPLICATES)) {
    throw new FitRequestError(
      "bootstrap",
      `Cannot fit: bootstrap must be an integer in [0, ${MAX_BOOTSTRAP_REPLICATES}], got ${
        shown(request.bootstrap)
      }`,
    );
  }
  const options = resolveOptions(estimator, request.options);
  return { estimator, options, seed, bootstrap } as PreparedFit;
}

/**
 * A prepared fit as plain data (method name, resolved options, seed,
 * bootstrap), e.g. for a worker, which prepares it again with `prepareFit`.
 */
export function fitRequestOf(fit: PreparedFit): Required<FitRequest> {
  return {
    method: fit.estimator.name,
    seed: fit.seed,
    options: { ...fit.options },
    bootstrap: fit.bootstrap,
  };
}

/** Whether `fit` came from `prepareFit` rather than being a request. */
export function isPreparedFit(
  fit: PreparedFit | FitRequest,
): fit is PreparedFit {
  return "estimator" in fit;
}

/** The value as a safe integer, `fallback` when absent, NaN when not one. */
function readInteger(value: number | string | undefined, fallback: number) {
  if (value === undefined) return fallback;
  const v = typeof value === "string" ? numberFromText(value) : value;
  return Number.isSafeInteger(v) ? v : NaN;
}

/** A value as the message quotes it: text in quotes, numbers as they are. */
function shown(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}
