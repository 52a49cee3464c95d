/**
 * The heavy part of each request, as jobs that run wherever a `JobRunner`
 * puts them (the server's thread, or a worker): reading a fit's samples,
 * fitting, checking a truth and computing metrics against it, sampling.
 * Inputs and outputs are plain data (typed arrays included), so they can
 * cross to a worker; errors are the API's (see `error_data.ts`).
 *
 * | job | input | output |
 * | --- | --- | --- |
 * | `readFit` | a fit body's format, bytes and reading settings, the request, the budget | the samples, their column names and reading notes, their cache digest, the truth (JSON) |
 * | `fit` | samples, their column names and reading notes, the request (a model check and rank included) | the answer as JSON text |
 * | `checkTruth` | a truth as sent, the samples' d | the truth validated |
 * | `truthMetrics` | a validated truth, an answer's JSON text | metrics against it |
 * | `sample` | W and b (or a stored fit's answer: its rank-k or covariance factor, its column names), n, seed, format | the body and its content type |
 * | `datasetChunk` | a data set chunk's format and bytes, the data set's d and column names | its rows (checked) as float64 bytes, its first-pass statistics as bytes |
 * | `datasetStats` | a fit request, a pass, the statistics merged so far and of the pass before, one chunk's rows or first-pass statistics | the statistics merged with the chunk's |
 * | `statsFit` | a fit request, the merged statistics of its last pass, the column names | the answer as JSON text |
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import { FitTruth } from "../../contract/fit.ts";
import { type FitBudget, fitCost, fitRefusal } from "../../core/cost/mod.ts";
import {
  DEFAULT_REGISTRY,
  type EstimatorRegistry,
  type FitRequest,
  type FitResult,
  fitSamples,
  type PreparedFit,
  prepareFit,
} from "../../core/estimators/mod.ts";
import {
  fitInBlocks,
  fitInBlocksHere,
  fitsFromStats,
  matrixSource,
  type StatsWorker,
} from "../../core/stats/mod.ts";
import { StatsPool } from "./stats_pool.ts";
import type { SampleFormat } from "../../core/formats/detect.ts";
import { writeCsv } from "../../core/formats/csv.ts";
import {
  type FitJsonRead,
  fitResultToJson,
} from "../../core/formats/fit_json.ts";
import type { SampleTableOptions } from "../../core/formats/table.ts";
import { parseSampleSpec, type SampleSpec } from "../../core/formats/spec.ts";
import { type Matrix, toRows } from "../../core/linalg/matrix.ts";
import { createPrng } from "../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../core/sampling/rectified_gaussian.ts";
import { type StopCheck, withStopCheck } from "../../core/stop/mod.ts";
import { refuse } from "../http/cost_limits.ts";
import { ApiError } from "../http/errors.ts";
import { checkFitRank, parseFitBody, validate } from "../http/parse_body.ts";
import { checkCostOf } from "../routes/fit_price.ts";
import {
  checkTruthDimension,
  fitMetrics,
  type FitMetricsJson,
  type TruthJson,
} from "../routes/fit_truth.ts";
import { fitCacheDigest } from "../store/fit_cache_key.ts";
import { parseSampleTable } from "../../core/formats/parse.ts";
import {
  blockStats,
  decodeStats,
  encodeStats,
  fitFromStats,
  mergeStats,
  restateFirstPass,
  type SampleStats,
  statsPlan,
} from "../../core/stats/mod.ts";
import { parseNpy, writeNpy } from "../../core/formats/npy.ts";

/** `readFit`: read a fit body's samples, check them against the budget. */
export interface ReadFitInput {
  readonly format: SampleFormat;
  /** The raw body (its buffer may be taken over). */
  readonly body: Uint8Array;
  /** How to read CSV or NPY samples (a JSON body has its own settings). */
  readonly reading?: SampleTableOptions;
  /** Method, seed, bootstrap, options, check and rank, as plain data. */
  readonly request: FitRequest;
  /** Checked again now that n and d are exact. */
  readonly budget: FitBudget;
}

/** What `readFit` answers. */
export interface ReadFitOutput {
  /** The chosen columns of the rows kept. */
  readonly samples: Matrix;
  /** The name of each column of `samples`. */
  readonly columns: readonly string[];
  /** Rows left out and reading warnings, which the answer shows. */
  readonly read: FitJsonRead;
  /** `fitCacheDigest` of the samples and request. */
  readonly digest: string;
  /** The truth of a JSON body, validated and of the samples' d. */
  readonly truth?: TruthJson;
}

/** `fit`: fit samples, answer the result as JSON text. */
export interface FitJobInput {
  /** The samples (their buffer may be taken over). */
  readonly samples: Matrix;
  /** The name of each column. @default {["x1", …, "xd"]} */
  readonly columns?: readonly string[];
  /** What reading the samples found, shown in the answer. */
  readonly read?: FitJsonRead;
  readonly request: FitRequest;
}

/** What `fit` answers. */
export interface FitJobOutput {
  /** `fitResultToJson` of the fit plus `fitMs`, the fit's own time, as text. */
  readonly answer: string;
}

/** `checkTruth`: validate a truth sent with samples of dimension `d`. */
export interface CheckTruthInput {
  readonly truth: unknown;
  readonly d: number;
}

/** `truthMetrics`: a fit's errors against a validated truth. */
export interface TruthMetricsInput {
  readonly truth: TruthJson;
  /** The fit's answer as JSON text (as `fit` answers and the store keeps). */
  readonly answer: string;
}

/** Where `sample` takes W and b from. */
export type SampleSource =
  | { readonly w: Matrix; readonly b: Float64Array }
  | {
    /** The stored fit's id, for messages. */
    readonly fitId: string;
    /**
     * Its answer as stored (UTF-8 JSON bytes, decoded and parsed here, off
     * the server's thread): W = its covariance factor, b = its b.
     */
    readonly fit: Uint8Array;
  };

/** `sample`: draw n samples of ReLU(W z + b). */
export interface SampleJobInput {
  readonly source: SampleSource;
  readonly n: number;
  readonly seed: number;
  readonly format: "json" | "csv" | "npy";
}

/** What `sample` answers. */
export interface SampleJobOutput {
  /** The answer's bytes (written here, so the server only sends them). */
  readonly body: Uint8Array;
  readonly contentType: string;
}

/**
 * The fit request whose first-pass statistics each data set chunk stores as
 * it arrives: the default method with its default options. Fits whose first
 * pass asks for the same parts (`sameFirstPass`) start from them.
 */
export const CHUNK_STATS_REQUEST: FitRequest = {};

/** `datasetChunk`: read and check one chunk of a data set. */
export interface DatasetChunkInput {
  /**
   * CSV (an optional header, which must name the data set's columns when it
   * was created with names) or NPY.
   */
  readonly format: "csv" | "npy";
  /** The raw body (its buffer may be taken over). */
  readonly body: Uint8Array;
  /** The data set's column names (length d). */
  readonly columns: readonly string[];
  /** Whether the data set was created with names a CSV header must repeat. */
  readonly named: boolean;
}

/** What `datasetChunk` answers. */
export interface DatasetChunkOutput {
  readonly rows: number;
  /** The rows as an NPY file (float64, C order). */
  readonly data: Uint8Array;
  /**
   * `encodeStats` of the rows' first-pass statistics for
   * `CHUNK_STATS_REQUEST`.
   */
  readonly stats: Uint8Array;
}

/** `datasetStats`: one chunk's statistics of one pass, merged into the rest. */
export interface DatasetStatsInput {
  readonly request: FitRequest;
  readonly d: number;
  /** 0-based, below the plan's passes. */
  readonly pass: number;
  /** `encodeStats` of the merged statistics of pass − 1; null in pass 0. */
  readonly earlier: Uint8Array | null;
  /** `encodeStats` of this pass's statistics merged so far; null at first. */
  readonly merged: Uint8Array | null;
  /**
   * The chunk: its rows (NPY, as `datasetChunk` answers), or in pass 0 its stored
   * first-pass statistics when they serve the request (`sameFirstPass`).
   */
  readonly chunk:
    | { readonly rows: Uint8Array }
    | { readonly firstPass: Uint8Array };
  /** Rows before this chunk among all rows, for messages. */
  readonly firstRow: number;
}

/** `statsFit`: the fit from the merged statistics of every pass. */
export interface StatsFitInput {
  readonly request: FitRequest;
  /** `encodeStats` of the merged statistics of the last pass. */
  readonly stats: Uint8Array;
  readonly columns: readonly string[];
  /** Milliseconds spent collecting the statistics, added to `fitMs`. */
  readonly collectMs: number;
}

/** Every job: its input and its output. */
export interface JobTypes {
  readFit: { input: ReadFitInput; output: ReadFitOutput };
  fit: { input: FitJobInput; output: FitJobOutput };
  checkTruth: { input: CheckTruthInput; output: { truth: TruthJson } };
  truthMetrics: {
    input: TruthMetricsInput;
    output: { metrics: FitMetricsJson | null };
  };
  sample: { input: SampleJobInput; output: SampleJobOutput };
  datasetChunk: { input: DatasetChunkInput; output: DatasetChunkOutput };
  datasetStats: {
    input: DatasetStatsInput;
    output: { merged: Uint8Array };
  };
  statsFit: { input: StatsFitInput; output: FitJobOutput };
}

/** The name of a job. */
export type JobKind = keyof JobTypes;
/** The input of job `K`. */
export type JobInput<K extends JobKind> = JobTypes[K]["input"];
/** The output of job `K`. */
export type JobOutput<K extends JobKind> = JobTypes[K]["output"];

/** What a job may use besides its input. */
export interface JobContext {
  /** Where methods are looked up. @default {DEFAULT_REGISTRY} */
  readonly registry?: EstimatorRegistry;
  /**
   * Whether to stop now: checked in the computation's loops (see
   * `core/stop/`), which then end with a `StoppedError`. @default {never}
   */
  readonly isStopped?: StopCheck;
  /**
   * Threads a fit from statistics computes its row blocks on (`FIT_THREADS`;
   * see `fitJob`). @default {1}
   */
  readonly fitThreads?: number;
}

/** The statistics threads of this thread's fits, kept between jobs. */
let statsPool: StatsPool | null = null;

/** `threads` Web Workers for block statistics (threads ≥ 2). */
function statsWorkers(threads: number): readonly StatsWorker[] {
  if (statsPool?.threads !== threads) {
    statsPool?.close();
    statsPool = new StatsPool(threads);
  }
  return statsPool.workers;
}

/**
 * Fits samples as the API answers them. A fit from statistics (see
 * `fitsFromStats`) reads the rows in the fixed blocks of
 * `core/stats/parallel.ts` on `threads` threads: the answer is the same bit
 * for bit with any `FIT_THREADS`, and the same as `deno task fit` gives for
 * the same rows. On one thread it runs synchronously, so the job's stop
 * check covers it. Anything else (bootstrap, model check, methods without a
 * recipe) is `fitSamples`.
 */
function fitJob(
  samples: Matrix,
  prepared: PreparedFit,
  options: { columns?: readonly string[]; threads: number },
): FitResult | Promise<FitResult> {
  const names = options.columns === undefined
    ? {}
    : { columns: options.columns };
  if (!fitsFromStats(prepared)) return fitSamples(samples, prepared, names);
  if (options.threads <= 1) return fitInBlocksHere(samples, prepared, names);
  return fitInBlocks(matrixSource(samples), prepared, {
    ...names,
    workers: statsWorkers(options.threads),
  });
}

type Handlers = {
  readonly [K in JobKind]: (
    input: JobInput<K>,
    context: JobContext,
  ) => JobOutput<K> | Promise<JobOutput<K>>;
};

const TruthField = z.object({ truth: FitTruth });

const never = () => false;

/**
 * W, b and the column names of a stored fit's answer (W its rank-k factor
 * when it has one, else its covariance factor), or 422 `no_factor`.
 */
function storedFitParameters(fitId: string, stored: Uint8Array): SampleSpec {
  const fit = JSON.parse(new TextDecoder().decode(stored)) as {
    covariance?: { factor?: number[][] };
    rankK?: unknown;
  };
  if (fit.covariance?.factor === undefined && fit.rankK === undefined) {
    throw new ApiError(
      422,
      "no_factor",
      `Cannot sample from fit "${fitId}": it has no covariance factor`,
    );
  }
  return parseSampleSpec(fit);
}

const HANDLERS: Handlers = {
  async readFit({ format, body, reading, request, budget }, { registry }) {
    const fit = prepareFit(request, registry);
    const { table, truth } = parseFitBody(format, body, reading);
    const { matrix: x, columns } = table;
    checkFitRank(fit, x.cols);
    const shape = { n: x.rows, d: x.cols };
    refuse(fitRefusal(
      shape,
      fitCost(shape, fit, {
        format,
        truth: truth !== undefined,
        check: checkCostOf(fit, x.rows),
      }),
      budget,
    ));
    const read = { droppedRows: table.droppedRows, warnings: table.warnings };
    const digest = await fitCacheDigest(x, fit, { columns, read });
    return {
      samples: x,
      columns,
      read,
      digest,
      ...(truth ? { truth } : {}),
    };
  },
  async fit({ samples, columns, read, request }, { registry, fitThreads }) {
    const prepared = prepareFit(request, registry);
    const started = performance.now();
    // The model check and the rank-k fit, when asked for, run here too.
    const result = await fitJob(samples, prepared, {
      ...(columns === undefined ? {} : { columns }),
      threads: fitThreads ?? 1,
    });
    const fitMs = performance.now() - started;
    return {
      answer: JSON.stringify({
        ...fitResultToJson(result, read === undefined ? {} : { read }),
        fitMs,
      }),
    };
  },
  checkTruth({ truth, d }) {
    checkTruthDimension(truth, d);
    return { truth: validate(TruthField, { truth }).truth };
  },
  truthMetrics({ truth, answer }) {
    return { metrics: fitMetrics(truth, JSON.parse(answer)) };
  },
  sample({ source, n, seed, format }) {
    const { w, b, columns }: SampleSpec = "w" in source
      ? source
      : storedFitParameters(source.fitId, source.fit);
    const x = sampleRectifiedGaussian(w, b, n, createPrng(seed));
    const utf8 = (text: string) => new TextEncoder().encode(text);
    switch (format) {
      case "csv":
        return {
          body: utf8(writeCsv(x, columns)),
          contentType: "text/csv; charset=utf-8",
        };
      case "npy":
        return { body: writeNpy(x), contentType: "application/x-npy" };
      default:
        return {
          body: utf8(JSON.stringify({
            samples: toRows(x),
            ...(columns === undefined ? {} : { columns }),
          })),
          contentType: "application/json",
        };
    }
  },
  datasetChunk({ format, body, columns, named }, { registry }) {
    const matrix = readChunk(format, body, columns, named);
    const plan = statsPlan(
      prepareFit(CHUNK_STATS_REQUEST, registry),
      columns.length,
    );
    return {
      rows: matrix.rows,
      data: writeNpy(matrix),
      stats: encodeStats(blockStats(matrix, plan)),
    };
  },
  datasetStats(input, { registry }) {
    return { merged: encodeStats(chunkStats(input, registry)) };
  },
  statsFit({ request, stats, columns, collectMs }, { registry }) {
    const started = performance.now();
    const result = fitFromStats(
      decodeStats(stats),
      prepareFit(request, registry),
      { columns },
    );
    const fitMs = collectMs + performance.now() - started;
    return { answer: JSON.stringify({ ...fitResultToJson(result), fitMs }) };
  },
};

/**
 * The rows of a data set chunk, read as `POST /api/fit` reads samples but
 * strictly: every column kept (no index column guessed), a missing value
 * rejected naming its row and column, and a header, when there is one and
 * the data set was created with names, naming its columns in order.
 */
function readChunk(
  format: "csv" | "npy",
  body: Uint8Array,
  columns: readonly string[],
  named: boolean,
): Matrix {
  const { matrix, columns: read } = parseSampleTable(body, format, {
    na: "error",
    index: "keep",
  });
  const d = columns.length;
  if (matrix.cols !== d) {
    throw new ApiError(
      422,
      "invalid_samples",
      `Cannot add the chunk: its rows have ${matrix.cols} columns, the data set has ${d}`,
    );
  }
  const unnamed = read.every((name, j) => name === `x${j + 1}`);
  if (named && !unnamed && read.some((name, j) => name !== columns[j])) {
    throw new ApiError(
      422,
      "invalid_columns",
      `Cannot add the chunk: its header names the columns ${
        read.join(", ")
      }, the data set's are ${columns.join(", ")}`,
    );
  }
  if (matrix.rows === 0) {
    throw new ApiError(
      422,
      "invalid_samples",
      "Cannot add the chunk: it has no rows",
    );
  }
  return matrix;
}

/** The statistics of `chunk` in `pass`, merged after `merged`. */
function chunkStats(input: DatasetStatsInput, registry?: EstimatorRegistry) {
  const { request, d, pass, chunk, firstRow } = input;
  const plan = statsPlan(prepareFit(request, registry), d);
  let stats: SampleStats | null;
  if ("firstPass" in chunk) {
    stats = restateFirstPass(decodeStats(chunk.firstPass), plan);
    if (stats === null) {
      throw new RangeError(
        `Cannot fit with method "${plan.prepared.estimator.name}": the stored first-pass statistics ask for other parts`,
      );
    }
  } else {
    const earlier = input.earlier === null ? null : decodeStats(input.earlier);
    stats = blockStats(parseNpy(chunk.rows), plan, pass, earlier, {
      firstRow,
    });
  }
  return input.merged === null
    ? stats
    : mergeStats(decodeStats(input.merged), stats);
}

/**
 * Runs job `kind` in the calling thread.
 *
 * @param kind which job.
 * @param input its input.
 * @param context the registry (the default one in a worker) and the stop
 *   check.
 * @returns its output.
 * @throws (rejects with) the API's errors: `ApiError`, `SampleFormatError`,
 *   `RangeError`, `TypeError`, as the routes would throw them, and a
 *   `StoppedError` once `context.isStopped()` says stop.
 */
export async function runJob<K extends JobKind>(
  kind: K,
  input: JobInput<K>,
  context: JobContext = {},
): Promise<JobOutput<K>> {
  const handler = HANDLERS[kind] as (
    input: JobInput<K>,
    context: JobContext,
  ) => JobOutput<K> | Promise<JobOutput<K>>;
  if (typeof handler !== "function") {
    throw new Error(`Cannot run job: unknown kind "${String(kind)}"`);
  }
  const registry = context.registry ?? DEFAULT_REGISTRY;
  const fitThreads = context.fitThreads ?? 1;
  // The check covers the handler's synchronous part, which is all its
  // computing (reading, fitting, sampling) in this thread; only hashing the
  // samples for the cache key awaits, in native code, and a fit on more than
  // one thread, whose blocks other workers compute.
  return await withStopCheck(
    context.isStopped ?? never,
    () => handler(input, { registry, fitThreads }),
  );
}
