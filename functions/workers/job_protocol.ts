/**
 * The messages between `JobPool` and its workers, and the worker's side of
 * the exchange, apart from `job_worker.ts` so it can be tested (and reused
 * by a test worker) without a worker.
 *
 * Each job message carries the worker's busy flag, one `Int32` over a
 * `SharedArrayBuffer`: the worker sets it while it computes. A pool that
 * gives up on a job terminates its worker, but in Deno a worker busy
 * computing does not stop on `terminate()` until its job returns; the flag
 * tells the pool when it has.
 *
 * @module
 */
import { type ErrorData, errorToData } from "./error_data.ts";
import {
  type JobContext,
  type JobInput,
  type JobKind,
  type JobOutput,
  runJob,
} from "./jobs.ts";

/** Pool → worker: run this job. */
export interface JobMessage<K extends JobKind = JobKind> {
  readonly id: number;
  readonly kind: K;
  readonly input: JobInput<K>;
  /** Slot 0: 1 while the worker computes, 0 otherwise. */
  readonly busy: Int32Array;
  /** Threads a fit from statistics computes on (see `JobContext`). @default {1} */
  readonly fitThreads?: number;
}

/** Worker → pool: the output of job `id`, or why it failed. */
export type JobReply<K extends JobKind = JobKind> =
  | { readonly id: number; readonly ok: true; readonly output: JobOutput<K> }
  | { readonly id: number; readonly ok: false; readonly error: ErrorData };

/**
 * Worker → pool, once its modules are loaded: it takes jobs from now on (a
 * job's deadline does not count a worker's start).
 */
export const WORKER_READY = { ready: true } as const;

/** Message of errors that are not the caller's fault (never sent on). */
const UNEXPECTED = "Cannot answer the request: it failed unexpectedly";

/** A fresh busy flag (not busy). */
export function createBusyFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** Whether the worker that owns `busy` is computing. */
export function isBusy(busy: Int32Array): boolean {
  return Atomics.load(busy, 0) !== 0;
}

/** Resolves once the worker that owns `busy` is no longer computing. */
export function whenIdle(busy: Int32Array): Promise<void> {
  const wait = Atomics.waitAsync(busy, 0, 1);
  return wait.async ? wait.value.then(() => {}) : Promise.resolve();
}

/**
 * The buffers under `value`'s typed arrays that each view spans whole, so
 * they can be transferred (taken over) rather than copied; partial views
 * and shared memory are left to be copied (or shared).
 */
export function transferableBuffers(
  value: unknown,
  out = new Set<ArrayBuffer>(),
): Set<ArrayBuffer> {
  if (value === null || typeof value !== "object") return out;
  if (ArrayBuffer.isView(value)) {
    const { buffer, byteOffset, byteLength } = value;
    if (
      buffer instanceof ArrayBuffer && byteOffset === 0 &&
      byteLength === buffer.byteLength
    ) out.add(buffer);
    return out;
  }
  if (value instanceof SharedArrayBuffer) return out;
  for (const v of Object.values(value)) transferableBuffers(v, out);
  return out;
}

/**
 * The worker's answer to one job, and the buffers it may transfer. Marks
 * the worker busy while the job runs.
 */
export async function answerJob(
  message: JobMessage,
  context: JobContext = {},
): Promise<{ reply: JobReply; transfer: ArrayBuffer[] }> {
  const { id, kind, input, busy } = message;
  Atomics.store(busy, 0, 1);
  try {
    const output = await runJob(kind, input, {
      ...context,
      ...(message.fitThreads === undefined
        ? {}
        : { fitThreads: message.fitThreads }),
    });
    return {
      reply: { id, ok: true, output },
      transfer: [...transferableBuffers(output)],
    };
  } catch (e) {
    return {
      reply: { id, ok: false, error: errorToData(e, UNEXPECTED) },
      transfer: [],
    };
  } finally {
    Atomics.store(busy, 0, 0);
    Atomics.notify(busy, 0);
  }
}
