/**
 * Fitting data beyond memory: a prepared fit's plan of passes over the rows,
 * the statistics of each block of rows, and the fit from the merged
 * statistics, the same `FitResult` `fitSamples` gives for all rows at once.
 *
 * ```ts
 * import {
 *   blockStats,
 *   fitFromStats,
 *   mergeStats,
 *   type SampleStats,
 *   statsPlan,
 * } from "./mod.ts";
 * import { prepareFit } from "../estimators/prepare.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const blocks = [fromRows([[0, 1], [2, 3]]), fromRows([[1, 0], [0.5, 2], [3, 1]])];
 * const prepared = prepareFit({ method: "trunc-mle" });
 * const plan = statsPlan(prepared, 2);
 * let stats: SampleStats | null = null;
 * for (let pass = 0; pass < plan.passes; pass++) {
 *   const parts = blocks.map((b) => blockStats(b, plan, pass, stats));
 *   stats = parts.reduce(mergeStats);
 * }
 * console.log(fitFromStats(stats!, prepared).n); // 5
 * ```
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { FitRequestError } from "../estimators/errors.ts";
import {
  checkRank,
  columnNames,
  describeEstimate,
  type FitSamplesOptions,
} from "../estimators/fit.ts";
import { withRankK } from "../estimators/fit_check.ts";
import type { PreparedFit } from "../estimators/prepare.ts";
import {
  DEFAULT_REGISTRY,
  type EstimatorRegistry,
} from "../estimators/registry.ts";
import type { FitResult } from "../estimators/types.ts";
import { sameRequest } from "./parts.ts";
import {
  checkComplete,
  type PassRequest,
  recipeBlockStats,
  type SampleStats,
  type StatsRecipe,
} from "./sample_stats.ts";

/** How a prepared fit reads its rows: passes over them, block by block. */
export interface StatsPlan {
  /** The fit the statistics are for. */
  readonly prepared: PreparedFit;
  /** Columns of the rows. */
  readonly d: number;
  /** Passes over the rows (1 or 2): a second pass reads every row again. */
  readonly passes: number;
}

/** The names of the methods of `registry` that fit from statistics. */
export function statsMethods(
  registry: EstimatorRegistry = DEFAULT_REGISTRY,
): string[] {
  return registry.estimators.filter((e) => e.statistics !== undefined).map((
    e,
  ) => e.name);
}

/**
 * The passes `prepared` needs to fit d columns from statistics.
 *
 * @throws {FitRequestError} when the fit needs the rows themselves: a method
 *   without a recipe (field "method", naming the methods that have one), a
 *   bootstrap (which resamples rows) or a model check (which refits
 *   subsamples); or for a rank above d.
 */
export function statsPlan(prepared: PreparedFit, d: number): StatsPlan {
  const { estimator } = prepared;
  const works = `fits from statistics work with methods ${
    statsMethods().join(", ")
  }, without bootstrap or check`;
  if (estimator.statistics === undefined) {
    throw new FitRequestError(
      "method",
      `Cannot fit from statistics: method "${estimator.name}" needs the rows themselves; ${works}`,
    );
  }
  if (prepared.bootstrap > 0) {
    throw new FitRequestError(
      "bootstrap",
      `Cannot fit from statistics: a bootstrap resamples the rows themselves; ${works}`,
    );
  }
  if (prepared.modelCheck !== null) {
    throw new FitRequestError(
      "check",
      `Cannot fit from statistics: the model check refits subsamples of the rows themselves; ${works}`,
    );
  }
  checkRank(prepared, d);
  return {
    prepared,
    d,
    passes: estimator.statistics.passes(prepared.options),
  };
}

function recipeOf(plan: StatsPlan): StatsRecipe {
  return plan.prepared.estimator.statistics!;
}

/** Where a block lies among all rows. */
export interface BlockStatsOptions {
  /** The index of the block's first row among all rows (for messages). @default {0} */
  readonly firstRow?: number;
}

/**
 * The statistics of one block of rows in pass `pass` of `plan`. Merge the
 * blocks of a pass with `mergeStats`; pass p > 0 needs the merged
 * statistics of pass p − 1 over all rows as `earlier`.
 *
 * @param block rows of the data, d columns.
 * @param plan from `statsPlan`.
 * @param pass 0-based, below `plan.passes`. @default {0}
 * @param earlier the merged statistics of pass − 1; null for pass 0.
 * @throws {RangeError} for a block of another width, a negative or
 *   non-finite entry (naming its row, counted from 0 over all rows with
 *   `firstRow`, and column), or `earlier` from another pass or method.
 */
export function blockStats(
  block: Matrix,
  plan: StatsPlan,
  pass = 0,
  earlier: SampleStats | null = null,
  options: BlockStatsOptions = {},
): SampleStats {
  if (block.cols !== plan.d) {
    throw new RangeError(
      `Cannot compute statistics: the block has ${block.cols} columns, the plan ${plan.d}`,
    );
  }
  const { prepared } = plan;
  return recipeBlockStats(
    block,
    prepared.estimator.name,
    recipeOf(plan),
    prepared.options,
    pass,
    earlier,
    options.firstRow ?? 0,
  );
}

/**
 * The fit from the merged statistics of every pass over all rows: the same
 * result `fitSamples` gives for those rows in memory (to the rounding of
 * float sums merged in another order; see `parts.ts`), with the rank-k
 * version when asked for.
 *
 * @param stats the merged statistics of the last pass.
 * @param prepared the fit they were collected for (`statsPlan`'s).
 * @param options the names of the columns.
 * @throws {FitRequestError} as `statsPlan` does.
 * @throws {RangeError} for statistics of another method or not of every
 *   pass, passes over different numbers of rows, or unusable data.
 */
export function fitFromStats(
  stats: SampleStats,
  prepared: PreparedFit,
  options: FitSamplesOptions = {},
): FitResult {
  const plan = statsPlan(prepared, stats.d);
  const { estimator, seed } = prepared;
  if (stats.method !== estimator.name || stats.passes !== plan.passes) {
    throw new RangeError(
      `Cannot fit from statistics: they were collected for method "${stats.method}" in ${stats.passes} pass(es), the fit is with "${estimator.name}" in ${plan.passes}`,
    );
  }
  checkComplete(stats);
  const names = columnNames(options, stats.d);
  const estimate = recipeOf(plan).fit(stats, {
    seed,
    options: prepared.options,
  });
  const result = describeEstimate(estimate, prepared, names);
  return prepared.rank > 0 ? withRankK(result, prepared.rank) : result;
}

/**
 * First-pass statistics collected for one method, restated for the plan of
 * another (or the same method with other options) whose first pass asks for
 * exactly the same parts: e.g. the column statistics of every chunk of a
 * data set, computed once as the chunk arrives, serve each method whose
 * first pass reads only those. A first pass computes its parts from its
 * request alone, so the restated statistics are those `blockStats` would
 * compute for the plan.
 *
 * @param stats pass-0 statistics of any method, of `plan.d` columns.
 * @param plan the fit they are wanted for.
 * @returns the statistics for `plan`'s method, or null when its first pass
 *   asks for other parts (then compute them with `blockStats`).
 *
 * @example The column statistics of pairwise-mle serve trunc-mle
 * ```ts
 * import assert from "node:assert/strict";
 * import { blockStats, restateFirstPass, statsPlan } from "./plan.ts";
 * import { prepareFit } from "../estimators/prepare.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const x = fromRows([[0, 1], [2, 3], [1, 0]]);
 * const pairwise = blockStats(x, statsPlan(prepareFit({ method: "pairwise-mle" }), 2));
 * const trunc = statsPlan(prepareFit({ method: "trunc-mle" }), 2);
 * assert.deepEqual(restateFirstPass(pairwise, trunc), blockStats(x, trunc));
 * const moment = statsPlan(prepareFit({ method: "censored-moment" }), 2);
 * assert.equal(restateFirstPass(pairwise, moment), null);
 * ```
 */
export function restateFirstPass(
  stats: SampleStats,
  plan: StatsPlan,
): SampleStats | null {
  if (stats.pass !== 0 || stats.earlier !== null || stats.d !== plan.d) {
    return null;
  }
  const wanted = firstPassRequest(plan);
  if (!samePassRequest(stats.request, wanted)) return null;
  return {
    ...stats,
    method: plan.prepared.estimator.name,
    passes: plan.passes,
    request: wanted,
  };
}

/**
 * Whether the first passes of two plans ask for the same parts, so that the
 * first-pass statistics of one serve the other (`restateFirstPass`).
 */
export function sameFirstPass(a: StatsPlan, b: StatsPlan): boolean {
  return a.d === b.d &&
    samePassRequest(firstPassRequest(a), firstPassRequest(b));
}

function firstPassRequest(plan: StatsPlan): PassRequest {
  return recipeOf(plan).request(0, plan.prepared.options, null);
}

function samePassRequest(a: PassRequest, b: PassRequest): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length &&
    names.every((name) =>
      b[name] !== undefined && sameRequest(a[name]!, b[name]!)
    );
}
