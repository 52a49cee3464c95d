/**
 * Statistics computed by several workers with the same answer whatever
 * their number: the rows are cut into blocks of a fixed size
 * (`statsBlockRows(d)` rows from the first row on, the last block shorter),
 * any worker computes any block's statistics, and the blocks are merged in
 * block order as they come back. Every float sum is then formed in the same
 * order with 1 worker or 16, so the fit is the same bit for bit.
 *
 * A worker is anything that computes one block's statistics
 * (`StatsWorker`): `inThreadStatsWorker()` computes them in the calling
 * thread; `functions/workers/stats_pool.ts` runs them in Web Workers. This
 * module spawns nothing itself, so it runs wherever `core/` does.
 *
 * Against `fitSamples` on the rows in memory (one block), the sums differ
 * only in their rounding (see `parts.ts`).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import {
  dataUnit,
  type FitSamplesOptions,
  scaledMatrix,
} from "../estimators/fit.ts";
import type { PreparedFit } from "../estimators/prepare.ts";
import type { FitResult } from "../estimators/types.ts";
import { blockStats, fitFromStats, type StatsPlan, statsPlan } from "./plan.ts";
import { mergeStatsInto, type SampleStats } from "./sample_stats.ts";

/**
 * Rows per block: fixed (not a function of the number of workers), so the
 * blocks and therefore the merged sums are the same however many workers
 * compute them. Below 65,536, so a block's one-zero histogram counts are
 * 16-bit.
 */
export const STATS_BLOCK_ROWS = 16384;

/** Fewest rows per block, however wide the rows. */
const MIN_BLOCK_ROWS = 1024;
/** Entries of one block of data (2²², 32 MB) when rows are wider than 256. */
const BLOCK_ENTRIES = 1 << 22;

/**
 * Rows per block for rows of d columns: `STATS_BLOCK_ROWS` up to d = 256,
 * then 2²² / d (at least 1024), so that a block of data stays about 32 MB
 * (at d = 1000, 4194 rows). A function of d only: the blocks are the same
 * for any number of workers.
 */
export function statsBlockRows(d: number): number {
  return Math.max(
    MIN_BLOCK_ROWS,
    Math.min(STATS_BLOCK_ROWS, Math.floor(BLOCK_ENTRIES / Math.max(1, d))),
  );
}

/** One block of rows of one pass, for a worker. */
export interface BlockJob {
  readonly plan: StatsPlan;
  /** The pass (0-based) and the merged statistics of the pass before. */
  readonly pass: number;
  readonly earlier: SampleStats | null;
  /** The block's rows; a worker may take over (detach) its buffer. */
  readonly block: Matrix;
  /** The index of the block's first row among all rows (for messages). */
  readonly firstRow: number;
}

/** Computes the statistics of blocks of rows, one at a time. */
export interface StatsWorker {
  /**
   * `blockStats` of the job's block, or its error (the same class and
   * message as in this thread).
   */
  blockStats(job: BlockJob): Promise<SampleStats>;
}

/** A worker that computes each block in the calling thread. */
export function inThreadStatsWorker(): StatsWorker {
  return {
    // async: a block's error rejects rather than throws.
    // deno-lint-ignore require-await
    blockStats: async (job) =>
      blockStats(job.block, job.plan, job.pass, job.earlier, {
        firstRow: job.firstRow,
      }),
  };
}

/**
 * The rows of `x` as blocks of `statsBlockRows(d)` rows (views of its data,
 * not copies).
 */
export function* matrixBlocks(x: Matrix): Generator<Matrix> {
  const { rows, cols, data } = x;
  const size = statsBlockRows(cols);
  for (let start = 0; start < rows; start += size) {
    const n = Math.min(size, rows - start);
    yield {
      rows: n,
      cols,
      data: data.subarray(start * cols, (start + n) * cols),
    };
  }
}

/**
 * Regroups blocks of rows of any sizes (e.g. as a file reader gives them)
 * into blocks of exactly `statsBlockRows(d)` rows, the last one shorter.
 * The blocks it returns are new arrays: the input may be reused.
 */
export class FixedRowBlocks {
  #cols = -1;
  #size = STATS_BLOCK_ROWS;
  #data: Float64Array = new Float64Array(0);
  #filled = 0;

  /** Takes `blocks` in order; returns the blocks they completed. */
  push(blocks: Iterable<Matrix>): Matrix[] {
    const out: Matrix[] = [];
    for (const block of blocks) {
      if (this.#cols < 0) this.#start(block.cols);
      if (block.cols !== this.#cols) {
        throw new RangeError(
          `Cannot regroup rows: a block of ${block.cols} columns after blocks of ${this.#cols}`,
        );
      }
      const cols = this.#cols;
      let row = 0;
      while (row < block.rows) {
        const take = Math.min(
          this.#size - this.#filled,
          block.rows - row,
        );
        this.#data.set(
          block.data.subarray(row * cols, (row + take) * cols),
          this.#filled * cols,
        );
        this.#filled += take;
        row += take;
        if (this.#filled === this.#size) {
          out.push({ rows: this.#size, cols, data: this.#data });
          this.#start(cols);
        }
      }
    }
    return out;
  }

  /** The last, partly filled block (none when it is empty). */
  end(): Matrix[] {
    if (this.#filled === 0) return [];
    const cols = this.#cols;
    const block = {
      rows: this.#filled,
      cols,
      data: this.#data.slice(0, this.#filled * cols),
    };
    this.#filled = 0;
    return [block];
  }

  #start(cols: number): void {
    this.#cols = cols;
    this.#size = statsBlockRows(cols);
    this.#data = new Float64Array(this.#size * cols);
    this.#filled = 0;
  }
}

/**
 * Merges statistics of blocks in block order as they arrive in any order,
 * and keeps the error of the first block (in block order) that failed.
 */
class OrderedMerge {
  #next = 0;
  #merged: SampleStats | null = null;
  readonly #waiting = new Map<number, SampleStats>();
  #failedAt = Infinity;
  #error: unknown = undefined;

  get failed(): boolean {
    return this.#failedAt < Infinity;
  }

  put(index: number, stats: SampleStats): void {
    if (index > this.#failedAt) return;
    this.#waiting.set(index, stats);
    for (;;) {
      const s = this.#waiting.get(this.#next);
      if (s === undefined) break;
      this.#waiting.delete(this.#next++);
      // Into the running sums: the merger owns them (the first block's).
      this.#merged = this.#merged === null
        ? s
        : mergeStatsInto(this.#merged, s);
    }
  }

  fail(index: number, error: unknown): void {
    if (index < this.#failedAt) {
      this.#failedAt = index;
      this.#error = error;
    }
  }

  /** The merged statistics of every block; throws the first block's error. */
  result(): SampleStats | null {
    if (this.failed) throw this.#error;
    return this.#merged;
  }
}

/**
 * The merged statistics of pass `pass` over `blocks`, each block given to
 * the next free worker (at most one block per worker at a time) and merged
 * in block order: the same bits for any number of workers when the blocks
 * are (see the module doc). After a block fails, no further blocks are
 * read; the error thrown is that of the first failing block in block order
 * (reading `blocks` failing counts as the failure of the next block).
 *
 * @param blocks the rows in order, `statsBlockRows(d)` per block but the
 *   last (`matrixBlocks`, `FixedRowBlocks`); each is handed to a worker,
 *   which may detach its buffer.
 * @returns the merged statistics, or null for no rows.
 */
export async function passStats(
  blocks: Iterable<Matrix> | AsyncIterable<Matrix>,
  job: Pick<BlockJob, "plan" | "pass" | "earlier">,
  workers: readonly StatsWorker[],
): Promise<SampleStats | null> {
  if (workers.length === 0) {
    throw new RangeError("Cannot compute statistics: no workers were given");
  }
  const merge = new OrderedMerge();
  const idle = [...workers];
  const running = new Set<Promise<void>>();
  let index = 0;
  let firstRow = 0;
  try {
    for await (const block of blocks) {
      while (idle.length === 0) await Promise.race(running);
      if (merge.failed) break;
      const worker = idle.pop()!;
      const at = index++;
      const task: Promise<void> = worker
        .blockStats({ ...job, block, firstRow })
        .then((s) => merge.put(at, s), (e) => merge.fail(at, e))
        .finally(() => {
          running.delete(task);
          idle.push(worker);
        });
      running.add(task);
      firstRow += block.rows;
    }
  } catch (e) {
    // Reading failed after every block before it was handed out.
    merge.fail(index, e);
  }
  await Promise.all(running);
  return merge.result();
}

/** The rows of a block-parallel fit. */
export interface BlockSource {
  /** The number of columns. */
  readonly d: number;
  /**
   * The rows for pass `pass`, the same rows in the same order each pass, as
   * blocks of `statsBlockRows(d)` rows but the last.
   */
  blocks(pass: number): Iterable<Matrix> | AsyncIterable<Matrix>;
  /** The rows were divided by 2^unit (see `FitFromStatsOptions`). @default {0} */
  readonly unit?: number;
}

/**
 * The rows of `x` in memory as a `BlockSource`, in the units `fitSamples`
 * fits in: divided (exactly) by the power of two that puts the largest entry
 * in [1, 2), block by block as copies (views of `x` when that power is 1).
 */
export function matrixSource(x: Matrix): BlockSource {
  const unit = dataUnit(x);
  return { d: x.cols, unit, blocks: () => unitBlocks(x, unit) };
}

/** The blocks of `x` divided by 2^unit (exactly). */
function* unitBlocks(x: Matrix, unit: number): Generator<Matrix> {
  for (const block of matrixBlocks(x)) yield scaledMatrix(block, -unit);
}

/** Who computes a block-parallel fit's statistics, and its column names. */
export interface BlockFitOptions extends FitSamplesOptions {
  /**
   * Who computes the blocks' statistics. @default {[inThreadStatsWorker()]}
   */
  readonly workers?: readonly StatsWorker[];
}

/**
 * Fits rows from statistics computed block by block by `workers`: every
 * pass the method needs reads the rows again from `source`. The result is the same bit for bit for any number of
 * workers; against `fitSamples` of the same rows it differs by the rounding
 * of the sums (see `parts.ts`).
 *
 * @param source the rows, read once per pass.
 * @param prepared the fit (`prepareFit`).
 * @throws {FitRequestError} when the fit needs the rows themselves (see
 *   `statsPlan`).
 * @throws {RangeError} for no rows, or as `blockStats` and `fitFromStats` do.
 *
 * @example Two workers, one answer
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitInBlocks, inThreadStatsWorker, matrixSource } from "./parallel.ts";
 * import { prepareFit } from "../estimators/prepare.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const x = fromRows([[0, 1], [2, 3], [1, 0], [0.5, 2], [3, 1]]);
 * const prepared = prepareFit({ method: "censored-moment" });
 * const one = await fitInBlocks(matrixSource(x), prepared);
 * const two = await fitInBlocks(matrixSource(x), prepared, {
 *   workers: [inThreadStatsWorker(), inThreadStatsWorker()],
 * });
 * assert.deepEqual(two.sigma, one.sigma);
 * ```
 */
export async function fitInBlocks(
  source: BlockSource,
  prepared: PreparedFit,
  options: BlockFitOptions = {},
): Promise<FitResult> {
  const plan = statsPlan(prepared, source.d);
  const workers = options.workers ?? [inThreadStatsWorker()];
  let earlier: SampleStats | null = null;
  for (let pass = 0; pass < plan.passes; pass++) {
    earlier = someRows(
      await passStats(source.blocks(pass), { plan, pass, earlier }, workers),
    );
  }
  return fitOfSource(earlier!, source.unit ?? 0, prepared, options);
}

/**
 * `fitInBlocks` of the rows of `x` in this thread, synchronously: the same
 * blocks merged in the same order, so the same bits, without giving the
 * event loop a turn (a stop check set around the call covers all of it).
 *
 * @throws as `fitInBlocks` does.
 */
export function fitInBlocksHere(
  x: Matrix,
  prepared: PreparedFit,
  options: FitSamplesOptions = {},
): FitResult {
  const unit = dataUnit(x);
  const plan = statsPlan(prepared, x.cols);
  let earlier: SampleStats | null = null;
  for (let pass = 0; pass < plan.passes; pass++) {
    let merged: SampleStats | null = null;
    let firstRow = 0;
    for (const block of unitBlocks(x, unit)) {
      const s = blockStats(block, plan, pass, earlier, { firstRow });
      merged = merged === null ? s : mergeStatsInto(merged, s);
      firstRow += block.rows;
    }
    earlier = someRows(merged);
  }
  return fitOfSource(earlier!, unit, prepared, options);
}

function someRows(stats: SampleStats | null): SampleStats {
  if (stats === null) {
    throw new RangeError("Cannot fit from statistics: there are no rows");
  }
  return stats;
}

/** The fit from the merged statistics of rows divided by 2^unit. */
function fitOfSource(
  stats: SampleStats,
  unit: number,
  prepared: PreparedFit,
  options: BlockFitOptions,
): FitResult {
  const { workers: _, ...fitOptions } = options;
  return fitFromStats(stats, prepared, {
    ...fitOptions,
    ...(unit === 0 ? {} : { unit }),
  });
}
