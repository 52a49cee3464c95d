/**
 * A fit request made ready once for every entry point: the method looked up,
 * the seed, the bootstrap count, the model check and rank settings and the
 * options validated, so that the CLI, the HTTP API, the cache key and
 * `fitSamples` all use the same values.
 *
 * This module is browser compatible.
 * @module
 */
import { MAX_CHECK_REPLICATES } from "../check/model_check.ts";
import { MAX_BOOTSTRAP_REPLICATES } from "./bootstrap.ts";
import { FitRequestError } from "./errors.ts";
import { numberFromText, resolveOptions } from "./options.ts";
import { DEFAULT_REGISTRY, type EstimatorRegistry } from "./registry.ts";
import type { Estimator, ResolvedOptions } from "./types.ts";

/** Bootstrap data sets of a model check when the request names none. */
export const DEFAULT_CHECK_REPLICATES = 99;

/** Family-wise level of a model check's flags when the request names none. */
export const DEFAULT_CHECK_LEVEL = 0.05;

/**
 * What to fit with, as a caller sends it. Plain data, so it can travel to a
 * worker. Every value may be a number (boolean) or its text, as a query
 * string or command line gives it.
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
  /**
   * Check the fitted model against the data (`modelCheck`, per coordinate
   * and per pair, p-values from a parametric bootstrap that refits each
   * replicate), and analyse the rank of Sigma_hat from the same refits. The
   * check costs `checkReplicates` fits of at most `MAX_CHECK_ROWS` rows.
   * @default false
   */
  readonly check?: boolean | string;
  /**
   * Bootstrap data sets of the check, an integer in [1, 1000]; only with
   * `check`. @default 99
   */
  readonly checkReplicates?: number | string;
  /**
   * Family-wise error rate of the check's flags, in (0, 1); only with
   * `check`. @default 0.05
   */
  readonly checkLevel?: number | string;
  /**
   * Add a rank-k version of the fit (Sigma_hat truncated to its k leading
   * eigenpairs, with a d × k factor W_hat): an integer k ≥ 1, at most the
   * fit's d; 0 for none. @default 0
   */
  readonly rank?: number | string;
}

/** How a model check runs, validated. */
export interface CheckSettings {
  /** Bootstrap data sets, in [1, 1000]. */
  readonly replicates: number;
  /** Family-wise error rate of the flags, in (0, 1). */
  readonly level: number;
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
  /** The model check to run after the fit (`check`), or null for none. */
  readonly modelCheck: CheckSettings | null;
  /** k of the rank-k version of the fit to add, 0 for none. */
  readonly rank: number;
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
 *   count outside [0, 1000], a check setting that is out of range (or given
 *   without `check`), a rank that is not a non-negative integer, or a bad
 *   option.
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
 * count, check settings, rank and options, in that order.
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
  const modelCheck = readCheck(request);
  const rank = readInteger(request.rank, 0);
  if (!(rank >= 0)) {
    throw new FitRequestError(
      "rank",
      `Cannot fit: rank must be a non-negative integer (k of a rank-k fit, 0 for none), got ${
        shown(request.rank)
      }`,
    );
  }
  const options = resolveOptions(estimator, request.options);
  return {
    estimator,
    options,
    seed,
    bootstrap,
    modelCheck,
    rank,
  } as PreparedFit;
}

/** The check settings of `request`, or null when no check is asked for. */
function readCheck(request: Omit<FitRequest, "method">): CheckSettings | null {
  const fail = (problem: string) =>
    new FitRequestError("check", `Cannot fit: ${problem}`);
  const on = request.check === undefined ? false : readBoolean(request.check);
  if (on === undefined) {
    throw fail(`check must be true or false, got ${shown(request.check)}`);
  }
  if (!on) {
    for (const name of ["checkReplicates", "checkLevel"] as const) {
      if (request[name] !== undefined) {
        throw fail(`${name} is set but check is not; ask for the check too`);
      }
    }
    return null;
  }
  const replicates = readInteger(
    request.checkReplicates,
    DEFAULT_CHECK_REPLICATES,
  );
  if (!(replicates >= 1 && replicates <= MAX_CHECK_REPLICATES)) {
    throw fail(
      `checkReplicates must be an integer in [1, ${MAX_CHECK_REPLICATES}], got ${
        shown(request.checkReplicates)
      }`,
    );
  }
  const level = readNumber(request.checkLevel, DEFAULT_CHECK_LEVEL);
  if (!(level > 0 && level < 1)) {
    throw fail(
      `checkLevel must be a number in (0, 1), got ${shown(request.checkLevel)}`,
    );
  }
  return { replicates, level };
}

/**
 * A prepared fit as plain data (method name, resolved options, seed,
 * bootstrap, check settings, rank), e.g. for a worker, which prepares it
 * again with `prepareFit`.
 */
export function fitRequestOf(fit: PreparedFit): FitRequest {
  return {
    method: fit.estimator.name,
    seed: fit.seed,
    options: { ...fit.options },
    bootstrap: fit.bootstrap,
    ...(fit.modelCheck === null ? {} : {
      check: true,
      checkReplicates: fit.modelCheck.replicates,
      checkLevel: fit.modelCheck.level,
    }),
    ...(fit.rank === 0 ? {} : { rank: fit.rank }),
  };
}

/** Whether `fit` came from `prepareFit` rather than being a request. */
export function isPreparedFit(
  fit: PreparedFit | FitRequest,
): fit is PreparedFit {
  return "estimator" in fit;
}

/** The value as a number, `fallback` when absent, NaN when not one. */
function readNumber(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const v = typeof value === "string" ? numberFromText(value) : value;
  return typeof v === "number" && Number.isFinite(v) ? v : NaN;
}

/** The value as a safe integer, `fallback` when absent, NaN when not one. */
function readInteger(value: unknown, fallback: number): number {
  const v = readNumber(value, fallback);
  return Number.isSafeInteger(v) ? v : NaN;
}

/** true/false or their text; undefined for anything else. */
function readBoolean(value: unknown): boolean | undefined {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return undefined;
}

/** A value as the message quotes it: text in quotes, numbers as they are. */
function shown(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}
