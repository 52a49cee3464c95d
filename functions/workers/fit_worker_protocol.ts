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
} from "../../core/estimators/mod.ts";
import type { FitResult } from "../../core/estimators/types.ts";
import type { Matrix } from "../../core/linalg/matrix.ts";
import { type ErrorData, errorToData } from "./error_data.ts";

/** Server → worker: fit these samples. */
export interface FitJobMessage {
  readonly id: number;
  readonly samples: Matrix;
  readonly request: FitRequest;
  /** The samples' column names. */
  readonly options?: FitSamplesOptions;
}

/** Worker → server: the result of job `id`, or why it failed. */
export type FitReplyMessage =
  | { readonly id: number; readonly ok: true; readonly result: FitResult }
  | { readonly id: number; readonly ok: false; readonly error: ErrorData };

/** Message of errors that are not the caller's fault (never sent on). */
const UNEXPECTED = "Cannot fit: the fit failed unexpectedly";

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
      reply: { id: job.id, ok: false, error: errorToData(e, UNEXPECTED) },
      transfer: [],
    };
  }
}
