/**
 * Sample statistics as a value: the sums over rows a method's fit reads,
 * computed block by block, merged associatively, and stored as bytes.
 *
 * A method that can fit from statistics declares a `StatsRecipe`: which
 * parts (see `parts.ts`) each pass over the rows collects — a later pass may
 * depend on the complete statistics of the earlier ones, e.g. counts of
 * exceedances of thresholds fitted from the first pass — and how to fit
 * from the collected statistics. Fitting an in-memory matrix runs the same
 * recipe on one block (`statsOfMatrix`), so there is one implementation.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import type {
  EstimatorResult,
  FitContext,
  ResolvedOptions,
} from "../estimators/types.ts";
import type { ColumnStats } from "../kernels/column_stats.ts";
import type { MaskedGram } from "../kernels/masked_gram.ts";
import {
  computePart,
  type GramSums,
  mergePart,
  type PartRequest,
  type PartValue,
  sameRequest,
} from "./parts.ts";

/** The parts one pass collects, by name. */
export type PassRequest = Readonly<Record<string, PartRequest>>;

/**
 * How a method fits from statistics: its passes over the rows and its fit.
 * Every function must be deterministic in its arguments.
 */
export interface StatsRecipe<O extends ResolvedOptions = ResolvedOptions> {
  /** Passes over the rows the options need (1 or more). */
  passes(options: O): number;
  /**
   * The parts pass `pass` collects; `earlier` is the complete statistics of
   * pass `pass − 1` (and through it the ones before), null for pass 0. Pass 0
   * must collect a "columns" part, which checks the entries.
   */
  request(pass: number, options: O, earlier: SampleStats | null): PassRequest;
  /** The estimate from the statistics of every pass. */
  fit(stats: SampleStats, context: FitContext<O>): EstimatorResult;
}

/**
 * Statistics of a set of rows for one method: the parts of one pass, with
 * the complete statistics of the passes before it.
 */
export interface SampleStats {
  /** The method whose recipe asked for these parts. */
  readonly method: string;
  /** Columns of the rows. */
  readonly d: number;
  /** The pass these parts belong to (0-based). */
  readonly pass: number;
  /** Passes the method needs in all. */
  readonly passes: number;
  /** Rows summed in this pass. */
  readonly n: number;
  /** What each part sums. */
  readonly request: PassRequest;
  readonly parts: Readonly<Record<string, PartValue>>;
  /** The merged statistics of pass `pass − 1` over all rows; null in pass 0. */
  readonly earlier: SampleStats | null;
}

/**
 * One block's statistics for pass `pass` of `recipe`.
 *
 * @param block rows, one per row of the matrix.
 * @param method the method's name (in the statistics and messages).
 * @param firstRow the index of the block's first row among all rows, for
 *   messages.
 * @throws {RangeError} for a negative or non-finite entry (naming its row
 *   and column), or `earlier` that is not pass `pass − 1` of the method.
 */
export function recipeBlockStats<O extends ResolvedOptions>(
  block: Matrix,
  method: string,
  recipe: StatsRecipe<O>,
  options: O,
  pass: number,
  earlier: SampleStats | null,
  firstRow = 0,
): SampleStats {
  const passes = recipe.passes(options);
  if (!(Number.isInteger(pass) && pass >= 0 && pass < passes)) {
    throw new RangeError(
      `Cannot compute statistics: method "${method}" makes ${passes} pass(es) over the rows, so pass must be 0${
        passes > 1 ? ` to ${passes - 1}` : ""
      }, got ${pass}`,
    );
  }
  if (pass > 0 && earlier === null) {
    throw new RangeError(
      `Cannot compute statistics: pass ${pass} of method "${method}" needs the merged statistics of pass ${
        pass - 1
      } over all rows`,
    );
  }
  if (earlier !== null) {
    if (
      earlier.method !== method || earlier.pass !== pass - 1 ||
      earlier.d !== block.cols
    ) {
      throw new RangeError(
        `Cannot compute statistics: pass ${pass} of method "${method}" with ${block.cols} columns needs pass ${
          pass - 1
        } of the same, got pass ${earlier.pass} of "${earlier.method}" with ${earlier.d} columns`,
      );
    }
  }
  const request = requestFor(recipe, pass, options, earlier);
  const context = { action: `fit with method "${method}"`, firstRow };
  const parts: Record<string, PartValue> = {};
  for (const [name, part] of Object.entries(request)) {
    parts[name] = computePart(block, part, context);
  }
  return {
    method,
    d: block.cols,
    pass,
    passes,
    n: block.rows,
    request,
    parts,
    earlier,
  };
}

/**
 * Requests by the statistics they follow and the options, so the blocks of a
 * pass share one (computing it may fit the marginals).
 */
const REQUESTS = new WeakMap<SampleStats, Map<string, PassRequest>>();

function requestFor<O extends ResolvedOptions>(
  recipe: StatsRecipe<O>,
  pass: number,
  options: O,
  earlier: SampleStats | null,
): PassRequest {
  if (earlier === null) return recipe.request(0, options, null);
  let known = REQUESTS.get(earlier);
  if (known === undefined) REQUESTS.set(earlier, known = new Map());
  const key = JSON.stringify(options);
  const found = known.get(key);
  if (found !== undefined) return found;
  const request = recipe.request(pass, options, earlier);
  known.set(key, request);
  return request;
}

/**
 * The statistics of the rows of `a` and `b` together: the same method and
 * pass, the same requests (e.g. thresholds), and earlier passes from the
 * same rows. Associative, and commutative up to the rounding of float sums
 * (see `parts.ts`).
 *
 * @throws {RangeError} naming what differs.
 */
export function mergeStats(a: SampleStats, b: SampleStats): SampleStats {
  return merged(a, b, false);
}

/**
 * `mergeStats(a, b)` with the sums added into `a`'s arrays: the same
 * numbers without a second copy of them; `a` must not be used afterwards.
 *
 * @throws {RangeError} naming what differs.
 */
export function mergeStatsInto(a: SampleStats, b: SampleStats): SampleStats {
  return merged(a, b, true);
}

function merged(a: SampleStats, b: SampleStats, into: boolean): SampleStats {
  const fail = (what: string) =>
    new RangeError(`Cannot merge statistics: ${what}`);
  if (a.method !== b.method || a.d !== b.d || a.passes !== b.passes) {
    throw fail(
      `method "${a.method}" with ${a.d} columns against "${b.method}" with ${b.d}`,
    );
  }
  if (a.pass !== b.pass) throw fail(`pass ${a.pass} against pass ${b.pass}`);
  if (!sameEarlier(a.earlier, b.earlier)) {
    throw fail(
      `pass ${a.pass} of blocks that followed different statistics of pass ${
        a.pass - 1
      }`,
    );
  }
  const names = Object.keys(a.parts);
  const parts: Record<string, PartValue> = {};
  for (const name of names) {
    const pa = a.parts[name], pb = b.parts[name];
    if (
      pb === undefined || !sameRequest(a.request[name], b.request[name])
    ) {
      throw fail(`part "${name}" was collected differently`);
    }
    parts[name] = mergePart(pa, pb, into);
  }
  return { ...a, n: a.n + b.n, parts };
}

function sameEarlier(a: SampleStats | null, b: SampleStats | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return a.n === b.n && a.pass === b.pass &&
    Object.keys(a.request).every((k) =>
      b.request[k] !== undefined && sameRequest(a.request[k], b.request[k])
    ) && sameEarlier(a.earlier, b.earlier);
}

/**
 * The statistics of every pass of `recipe` over the rows of `x` as one
 * block: what an in-memory fit reads.
 */
export function statsOfMatrix<O extends ResolvedOptions>(
  x: Matrix,
  method: string,
  recipe: StatsRecipe<O>,
  options: O,
): SampleStats {
  let stats: SampleStats | null = null;
  const passes = recipe.passes(options);
  for (let pass = 0; pass < passes; pass++) {
    stats = recipeBlockStats(x, method, recipe, options, pass, stats);
  }
  return stats!;
}

/** What a part of each kind holds. */
interface PartValueOf {
  columns: ColumnStats;
  gram: GramSums;
  exceedances: Float64Array;
  masked: MaskedGram;
}

/**
 * A part of the statistics by name, from this pass or an earlier one.
 *
 * @throws {RangeError} when no pass has it or it is of another kind.
 */
export function statsPart<K extends PartValue["kind"]>(
  stats: SampleStats,
  name: string,
  kind: K,
): PartValueOf[K] {
  for (let s: SampleStats | null = stats; s !== null; s = s.earlier) {
    const part = s.parts[name];
    if (part === undefined) continue;
    if (part.kind !== kind) break;
    return part.value as unknown as PartValueOf[K];
  }
  throw new RangeError(
    `Cannot fit with method "${stats.method}": the statistics have no "${name}" part of kind "${kind}"`,
  );
}

/** The column statistics ("columns" part) of the first pass. */
export function columnsOf(stats: SampleStats): ColumnStats {
  return statsPart(stats, "columns", "columns");
}

/** A masked Gram part by name. */
export function maskedOf(stats: SampleStats, name: string): MaskedGram {
  return statsPart(stats, name, "masked");
}

/** A Gram part by name. */
export function gramOf(stats: SampleStats, name: string): GramSums {
  return statsPart(stats, name, "gram");
}

/** A joint exceedance count part by name. */
export function exceedancesOf(stats: SampleStats, name: string): Float64Array {
  return statsPart(stats, name, "exceedances");
}

/**
 * Throws unless `stats` holds every pass of its method over the same rows.
 */
export function checkComplete(stats: SampleStats): void {
  if (stats.pass !== stats.passes - 1) {
    throw new RangeError(
      `Cannot fit from statistics: method "${stats.method}" needs ${stats.passes} passes over the rows, these are of pass ${
        stats.pass + 1
      }`,
    );
  }
  for (let s = stats.earlier; s !== null; s = s.earlier) {
    if (s.n !== stats.n) {
      throw new RangeError(
        `Cannot fit from statistics: pass ${
          stats.pass + 1
        } summed ${stats.n} rows but pass ${
          s.pass + 1
        } summed ${s.n}; every pass must read the same rows`,
      );
    }
  }
}

/**
 * Fits `x` with `recipe` on one block: how a method with a recipe fits an
 * in-memory matrix, so that it and a fit from merged blocks share one
 * implementation.
 */
export function fitWithRecipe<O extends ResolvedOptions>(
  x: Matrix,
  method: string,
  recipe: StatsRecipe<O>,
  context: FitContext<O>,
): EstimatorResult {
  return recipe.fit(statsOfMatrix(x, method, recipe, context.options), context);
}
