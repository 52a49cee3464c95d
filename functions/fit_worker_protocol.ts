/**
 * The messages between the server and a fit worker, and the worker's side
 * of the exchange, kept apart from `fit_worker.ts` so it can be tested (and
 * reused by a test worker) without a worker.
 *
 * @module
 */
import {
  type FitRequest,
  fitSamples,
  type FitSamplesOptions,
} from "../core/estimators/mod.ts";
import type { FitResult } from "../core/estimators/types.ts";
import { SampleFormatError } from "../core/formats/errors.ts";
import type { Matrix } from "../core/linalg/matrix.ts";

/** Server → worker: fit these samples. */
export interface FitJobMessage {
  readonly id: number;
  readonly samples: Matrix;
  readonly request: FitRequest;
  /** The samples' column names. */
  readonly options?: FitSamplesOptions;
}

/** A thrown error as data: enough to throw an equal one again. */
export interface FitErrorData {
  readonly name: string;
  readonly message: string;
  readonly row?: number;
  readonly column?: number;
}

/** Worker → server: the result of job `id`, or why it failed. */
export type FitReplyMessage =
  | { readonly id: number; readonly ok: true; readonly result: FitResult }
  | { readonly id: number; readonly ok: false; readonly error: FitErrorData };

/** Message of errors that are not the caller's fault (never sent on). */
const UNEXPECTED = "Cannot fit: the fit failed unexpectedly";

/** `e` as data; only the expected error classes keep their message. */
export function fitErrorToData(e: unknown): FitErrorData {
  if (e instanceof SampleFormatError) {
    return {
      name: "SampleFormatError",
      message: e.message,
      ...(e.row !== undefined ? { row: e.row } : {}),
      ...(e.column !== undefined ? { column: e.column } : {}),
    };
  }
  if (e instanceof RangeError || e instanceof TypeError) {
    return { name: e.name, message: e.message };
  }
  console.error("A fit failed unexpectedly", e);
  return { name: "Error", message: UNEXPECTED };
}

/**
 * An error of the same class and message as the one `data` describes:
 * `SampleFormatError` (with row and column), `RangeError`, `TypeError`, or
 * else a plain `Error`, which the API answers with a 500.
 */
export function fitErrorFromData(data: FitErrorData): Error {
  if (data.name === "SampleFormatError") {
    const where = { row: data.row, column: data.column };
    const e = new SampleFormatError("", where);
    e.message = data.message;
    return e;
  }
  if (data.name === "RangeError") return new RangeError(data.message);
  if (data.name === "TypeError") return new TypeError(data.message);
  return new Error(data.message);
}

/** Every distinct buffer under `value`'s typed arrays, to transfer. */
export function buffersOf(value: unknown, out = new Set<ArrayBuffer>()) {
  if (value === null || typeof value !== "object") return out;
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
    return out;
  }
  for (const v of Object.values(value)) buffersOf(v, out);
  return out;
}

/** The worker's answer to one job, and the buffers it may transfer. */
export function answerFitJob(
  job: FitJobMessage,
): { reply: FitReplyMessage; transfer: ArrayBuffer[] } {
  try {
    const result = fitSamples(job.samples, job.request, job.options);
    return {
      reply: { id: job.id, ok: true, result },
      transfer: [...buffersOf(result)],
    };
  } catch (e) {
    return {
      reply: { id: job.id, ok: false, error: fitErrorToData(e) },
      transfer: [],
    };
  }
}
