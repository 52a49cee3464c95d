/**
 * Nonparametric bootstrap standard errors for any estimator: resample the rows
 * of the data with replacement, refit, and take the spread of the refits.
 *
 * Replicate r draws its rows from `createPrng(deriveSeed(seed, r))`, so each
 * replicate's sample depends only on (seed, r): results are reproducible and
 * do not depend on the order replicates are run in.
 *
 * Assumes the rows are independent draws (the bootstrap resamples rows, so it
 * says nothing about dependence between samples) and that the method's
 * estimate varies smoothly with the data. Cost: `replicates` fits of an (n, d)
 * matrix, plus O(n d) per replicate to copy the resampled rows; memory one
 * extra n × d buffer (reused by every replicate) and O(d²) accumulators.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { createPrng, deriveSeed } from "../random/prng.ts";
import type { PreparedFit } from "./prepare.ts";
import type { EstimatorResult } from "./types.ts";
import { checkStop, rethrowStop } from "../stop/stop_check.ts";

/** Most replicates `fitSamples` accepts for one fit. */
export const MAX_BOOTSTRAP_REPLICATES = 1000;

/** Distinct failure messages kept on the result; the count covers all. */
const KEPT_FAILURE_REASONS = 5;

/**
 * The fit each replicate repeats: same method, options and seed (passed to
 * every refit, for the method's own randomness). A `PreparedFit` is one.
 */
export type BootstrapFit = Pick<PreparedFit, "estimator" | "options" | "seed">;

/** How many replicates, how to resample, and which refits to keep. */
export interface BootstrapOptions {
  /** Number of resampled data sets, ≥ 1 (≥ 2 for a standard error). */
  readonly replicates: number;
  /** Seed of the resampling; replicate r uses `deriveSeed(seed, r)`. */
  readonly seed: number;
  /**
   * Checks a refit before it is used; returns why it cannot be compared with
   * the others (e.g. hidden coordinates in another order), or undefined. A
   * rejected refit counts as failed.
   */
  readonly accept?: (replicate: EstimatorResult) => string | undefined;
}

/** Bootstrap standard errors and what happened to the replicates. */
export interface BootstrapStandardErrors {
  /** Std of b_hat over the successful replicates (n − 1 denominator). */
  readonly b: Float64Array;
  /** Std of each entry of Sigma_hat over the successful replicates. */
  readonly sigma: Matrix;
  /** Replicates run. */
  readonly replicates: number;
  /** Replicates whose fit threw, was not finite or was rejected. */
  readonly failed: number;
  /** Up to 5 distinct reasons for the failures, in order of first occurrence. */
  readonly failureReasons: readonly string[];
}

/**
 * Bootstrap standard errors of b_hat and Sigma_hat.
 *
 * A replicate fails when its fit throws, returns a non-finite b or Sigma, has
 * a different shape from the first successful replicate, or is rejected by
 * `accept`. Failures are counted in `failed`, never dropped silently; the
 * standard errors use the other replicates, and are NaN when fewer than 2
 * succeed.
 *
 * Cost: `replicates` × one fit, plus O(n d) per replicate for the resample.
 *
 * @param x samples, shape (n, d), one per row.
 * @param fit the estimator, resolved options and seed of each refit (e.g.
 *   a `PreparedFit`).
 * @param options replicate count and resampling seed.
 * @returns per-entry standard deviations and the failure count.
 * @throws {RangeError} for a replicate count that is not a positive integer,
 *   a bad seed, or data with no rows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootstrapStandardErrors } from "./bootstrap.ts";
 * import { prepareFit } from "./prepare.ts";
 * const x = { rows: 4, cols: 1, data: Float64Array.of(0, 1, 2, 1.5) };
 * const fit = prepareFit({ method: "paper" });
 * const se = bootstrapStandardErrors(x, fit, { replicates: 20, seed: 1 });
 * assert.equal(se.replicates, 20);
 * assert.equal(se.failed, 0);
 * assert.ok(se.b[0]! > 0); // the refits on resamples disagree
 * ```
 */
export function bootstrapStandardErrors(
  x: Matrix,
  fit: BootstrapFit,
  options: BootstrapOptions,
): BootstrapStandardErrors {
  const { replicates, seed } = options;
  if (!Number.isSafeInteger(replicates) || replicates < 1) {
    throw new RangeError(
      `Cannot bootstrap: replicates must be a positive integer, got ${replicates}`,
    );
  }
  deriveSeed(seed, 0); // throws naming a bad seed before any work
  const { rows: n, cols: d, data } = x;
  if (n < 1) {
    throw new RangeError("Cannot bootstrap: the data has no rows");
  }

  const resampled: Matrix = { rows: n, cols: d, data: new Float64Array(n * d) };
  const target = resampled.data;
  const context = { seed: fit.seed, options: fit.options };
  let mean: Float64Array | undefined;
  let m2: Float64Array | undefined;
  let bLength = 0;
  let succeeded = 0;
  let failed = 0;
  const reasons: string[] = [];
  const fail = (reason: string) => {
    failed++;
    if (reasons.length < KEPT_FAILURE_REASONS && !reasons.includes(reason)) {
      reasons.push(reason);
    }
  };

  for (let r = 0; r < replicates; r++) {
    checkStop();
    const prng = createPrng(deriveSeed(seed, r));
    for (let i = 0; i < n; i++) {
      const from = Math.floor(prng() * n) * d;
      const to = i * d;
      for (let j = 0; j < d; j++) target[to + j] = data[from + j]!;
    }
    let result: EstimatorResult;
    try {
      result = fit.estimator.fit(resampled, context);
    } catch (e) {
      rethrowStop(e);
      fail(e instanceof Error ? e.message : String(e));
      continue;
    }
    const reason = checkReplicate(result, bLength) ?? options.accept?.(result);
    if (reason !== undefined) {
      fail(reason);
      continue;
    }
    if (mean === undefined || m2 === undefined) {
      bLength = result.b.length;
      mean = new Float64Array(bLength + bLength * bLength);
      m2 = new Float64Array(mean.length);
    }
    // Welford's update over the entries of b then Sigma, one vector.
    succeeded++;
    for (let k = 0; k < mean.length; k++) {
      const v = k < bLength ? result.b[k]! : result.sigma.data[k - bLength]!;
      const delta = v - mean[k]!;
      mean[k] += delta / succeeded;
      m2[k] += delta * (v - mean[k]!);
    }
  }

  const size = bLength;
  const b = new Float64Array(size).fill(NaN);
  const sigma = new Float64Array(size * size).fill(NaN);
  if (m2 !== undefined && succeeded >= 2) {
    for (let k = 0; k < m2.length; k++) {
      const sd = Math.sqrt(m2[k]! / (succeeded - 1));
      if (k < size) b[k] = sd;
      else sigma[k - size] = sd;
    }
  }
  return {
    b,
    sigma: { rows: size, cols: size, data: sigma },
    replicates,
    failed,
    failureReasons: reasons,
  };
}

/** Why a refit cannot be used, or undefined. */
function checkReplicate(
  result: EstimatorResult,
  expectedLength: number,
): string | undefined {
  const size = result.b.length;
  if (result.sigma.rows !== size || result.sigma.cols !== size) {
    return `the refit's Sigma_hat is ${result.sigma.rows} x ${result.sigma.cols} but b_hat has length ${size}`;
  }
  if (expectedLength > 0 && size !== expectedLength) {
    return `the refit estimated ${size} coordinates, the first successful refit ${expectedLength}`;
  }
  if (!result.b.every(Number.isFinite)) {
    return "the refit's b_hat has non-finite entries";
  }
  if (!result.sigma.data.every(Number.isFinite)) {
    return "the refit's Sigma_hat has non-finite entries";
  }
  return undefined;
}
