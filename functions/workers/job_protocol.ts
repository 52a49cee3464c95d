/**
 * The messages between `JobPool` and its workers, and the worker's side of
 * the exchange, apart from `job_worker.ts` so it can be tested (and reused
 * by a test worker) without a worker.
 *
 * Each job message carries the worker's control array, two `Int32` slots
 * over a `SharedArrayBuffer` that both sides write: the busy flag (the
 * worker sets it while it computes) and the stop request (the pool sets it
 * when a job runs past its deadline). Shared memory, because a worker busy
 * computing reads no messages, and in Deno 2.9 does not stop on
 * `terminate()` either: the job checks the stop request in its loops (see
 * `core/stop/`) and ends with a `StoppedError`, and the busy flag tells the
 * pool when a worker it gave up on computes no more.
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
  /** The worker's busy flag and stop request (see `createJobControl`). */
  readonly control: JobControl;
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

/**
 * A worker's control array: slot `BUSY` is 1 while the worker computes,
 * slot `STOP` is 1 once the pool wants its job stopped.
 */
export type JobControl = Int32Array;

const BUSY = 0;
const STOP = 1;

/** A fresh control array: not busy, no stop request. */
export function createJobControl(): JobControl {
  return new Int32Array(
    new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT),
  );
}

/** Whether the worker that owns `control` is computing. */
export function isBusy(control: JobControl): boolean {
  return Atomics.load(control, BUSY) !== 0;
}

/** Marks the worker that owns `control` computing, or (`false`) done. */
export function setBusy(control: JobControl, busy: boolean): void {
  Atomics.store(control, BUSY, busy ? 1 : 0);
  if (!busy) Atomics.notify(control, BUSY);
}

/** Resolves once the worker that owns `control` is no longer computing. */
export function whenIdle(control: JobControl): Promise<void> {
  const wait = Atomics.waitAsync(control, BUSY, 1);
  return wait.async ? wait.value.then(() => {}) : Promise.resolve();
}

/**
 * Sets (or, with `stop` false, clears) the stop request: the job the worker
 * computes ends at its next stop check.
 */
export function requestStop(control: JobControl, stop = true): void {
  Atomics.store(control, STOP, stop ? 1 : 0);
}

/** Whether the stop request of `control` is set. */
export function stopRequested(control: JobControl): boolean {
  return Atomics.load(control, STOP) !== 0;
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
 * the worker busy while the job runs; the job stops (failing with a
 * `StoppedError`) once the pool sets the stop request.
 */
export async function answerJob(
  message: JobMessage,
  context: JobContext = {},
): Promise<{ reply: JobReply; transfer: ArrayBuffer[] }> {
  const { id, kind, input, control } = message;
  setBusy(control, true);
  try {
    const output = await runJob(kind, input, {
      ...context,
      isStopped: () => stopRequested(control),
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
    setBusy(control, false);
  }
}
