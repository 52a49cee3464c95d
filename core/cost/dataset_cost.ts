/**
 * What the requests of a data set stored in chunks cost: adding a chunk
 * (reading its rows, checking them, their first-pass statistics, writing
 * them as NPY) and fitting the whole data set from its chunks' statistics,
 * one chunk at a time, so that memory holds one chunk and the statistics,
 * never every row.
 *
 * This module is browser compatible.
 * @module
 */
import type { SampleFormat } from "../formats/detect.ts";
import type { DataShape } from "../estimators/types.ts";
import { fitCost, PARSE_WORK_PER_ENTRY, type PricedFit } from "./fit_cost.ts";
import { type RequestCost, requestCost } from "./request_cost.ts";

/**
 * Operations per entry of a chunk besides reading it: the column statistics
 * (count, sums, extremes) and the NPY copy of its rows.
 */
export const CHUNK_WORK_PER_ENTRY = 20;

/**
 * The cost of adding a chunk of n rows of d columns sent as `format`.
 *
 * @example
 * ```ts
 * import { datasetChunkCost } from "./dataset_cost.ts";
 * const cost = datasetChunkCost({ n: 1000, d: 10 }, "csv");
 * console.log(cost.totalMemory); // 160000: the rows and their NPY copy
 * ```
 */
export function datasetChunkCost(
  shape: DataShape,
  format: SampleFormat,
): RequestCost {
  const entries = shape.n * shape.d;
  return requestCost(
    [
      {
        label: `reading the chunk (${format}, n · d values)`,
        amount: PARSE_WORK_PER_ENTRY[format] * entries,
        reduce: "the rows per chunk",
      },
      {
        label: "the chunk's column statistics and stored copy",
        amount: CHUNK_WORK_PER_ENTRY * entries,
        reduce: "the rows per chunk",
      },
    ],
    [{
      label: "the chunk's rows and their stored copy (2 · n · d doubles)",
      amount: 16 * entries,
      reduce: "the rows per chunk",
    }],
    0,
  );
}

/** A data set as a fit reads it. */
export interface DatasetShape extends DataShape {
  /** Rows of its largest chunk: what a pass holds in memory at once. */
  readonly maxChunkRows: number;
  /** Passes over the rows the fit makes (`statsPlan`'s). */
  readonly passes: number;
}

/**
 * The cost of fitting a stored data set from its chunks: the method's own
 * work over all n rows, plus reading the stored rows (NPY) once per pass;
 * memory of the method with one chunk's rows in place of all of them.
 *
 * @example Memory is that of the largest chunk, work that of every row
 * ```ts
 * import { datasetFitCost } from "./dataset_cost.ts";
 * import { fitCost } from "./fit_cost.ts";
 * import { prepareFit } from "../estimators/prepare.ts";
 * const fit = prepareFit({ method: "censored-moment" });
 * const cost = datasetFitCost({ n: 1e6, d: 5, maxChunkRows: 1e4, passes: 1 }, fit);
 * console.log(cost.totalMemory < fitCost({ n: 1e6, d: 5 }, fit).totalMemory); // true
 * console.log(cost.totalWork > fitCost({ n: 1e4, d: 5 }, fit).totalWork); // true
 * ```
 */
export function datasetFitCost(
  shape: DatasetShape,
  fit: PricedFit,
): RequestCost {
  const { n, d, maxChunkRows, passes } = shape;
  const all = fitCost({ n, d }, fit);
  const chunk = fitCost({ n: Math.min(n, maxChunkRows), d }, fit);
  return requestCost(
    [
      ...all.work,
      {
        label: `reading the stored rows (${passes} pass(es), n · d values)`,
        amount: passes * PARSE_WORK_PER_ENTRY.npy * n * d,
        reduce: "n or d",
      },
    ],
    // Those of one chunk's rows (the largest), the pass's only rows in memory.
    chunk.memory,
    all.answerBytes,
  );
}
