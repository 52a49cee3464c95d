/**
 * Runs fits in a small pool of module Web Workers, so that the server keeps
 * answering (health checks, progress streams, static files) while a fit
 * runs. Deno only, and not on Deno Deploy, which has no Web Workers.
 *
 * Jobs wait in one queue and each worker fits one at a time. The samples'
 * buffer is transferred, not copied, when it belongs to them alone; the
 * result's typed arrays come back the same way. A worker that crashes is
 * replaced; the job it had fails with a generic `Error` (the API's 500).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { FitWorkerPool } from "./fit_worker_pool.ts";
 * const pool = new FitWorkerPool({ size: 1 });
 * const data = Float64Array.of(0, 1.2, 0.4, 0, 2.1, 0.7);
 * const result = await pool.run({ rows: 6, cols: 1, data }, { method: "censored", seed: 1 });
 * pool.close();
 * assert.equal(result.b.length, 1);
 * ```
 *
 * @module
 */
import type { FitResult } from "../../core/estimators/types.ts";
import { fitRequestOf, isPreparedFit } from "../../core/estimators/prepare.ts";
import type { Matrix } from "../../core/linalg/matrix.ts";
import type { FitRequest, FitRunner, FitSamplesOptions } from "./fit_runner.ts";
import { errorFromData } from "./error_data.ts";
import type { FitJobMessage, FitReplyMessage } from "./fit_worker_protocol.ts";

/** How the pool is built. */
export interface FitWorkerPoolOptions {
  /** Number of workers, at least 1. */
  readonly size: number;
  /** Module the workers run. @default {"./fit_worker.ts" beside this file} */
  readonly workerUrl?: string | URL;
}

interface Job {
  readonly id: number;
  readonly samples: Matrix;
  readonly request: FitRequest;
  readonly options: FitSamplesOptions | undefined;
  readonly resolve: (result: FitResult) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/** The generic failure of a job whose worker crashed. */
export const WORKER_CRASHED = "Cannot fit: the fit worker stopped unexpectedly";
/** The failure of jobs still open when the pool closes. */
export const POOL_CLOSED = "Cannot fit: the server is shutting down";

/**
 * `samples` with a buffer of its own: the same buffer, taken over (the
 * caller's view is detached), when the view spans all of it; else a copy.
 */
function ownSamples(samples: Matrix): Matrix {
  const { data } = samples;
  const whole = data.buffer instanceof ArrayBuffer && data.byteOffset === 0 &&
    data.byteLength === data.buffer.byteLength;
  const owned = whole
    ? new Float64Array((data.buffer as ArrayBuffer).transfer())
    : data.slice();
  return { rows: samples.rows, cols: samples.cols, data: owned };
}

/** A fixed number of fit workers behind one queue. */
export class FitWorkerPool {
  readonly #url: string;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: FitWorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new RangeError(
        `Cannot start fit workers: size must be a positive integer, got ${options.size}`,
      );
    }
    this.#url = new URL(
      options.workerUrl ?? new URL("./fit_worker.ts", import.meta.url),
    ).href;
    for (let i = 0; i < options.size; i++) {
      const slot: Slot = { worker: null as unknown as Worker, job: null };
      this.#slots.push(slot);
      this.#startWorker(slot);
    }
  }

  /** Number of workers. */
  get size(): number {
    return this.#slots.length;
  }

  /**
   * Fits `samples` in a worker (see `FitRunner`). Takes over
   * `samples.data`'s buffer when the view spans it.
   */
  readonly run: FitRunner = (samples, request, options) => {
    if (this.#closed) return Promise.reject(new Error(POOL_CLOSED));
    const owned = ownSamples(samples);
    return new Promise<FitResult>((resolve, reject) => {
      this.#queue.push({
        id: this.#nextId++,
        samples: owned,
        // Workers get plain data and prepare it again.
        request: isPreparedFit(request) ? fitRequestOf(request) : request,
        options,
        resolve,
        reject,
      });
      this.#dispatch();
    });
  };

  /** Terminates every worker; open and queued jobs fail with `POOL_CLOSED`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of this.#slots) {
      slot.worker.terminate();
      slot.job?.reject(new Error(POOL_CLOSED));
      slot.job = null;
    }
    for (const job of this.#queue.splice(0)) {
      job.reject(new Error(POOL_CLOSED));
    }
  }

  #startWorker(slot: Slot): void {
    const worker = new Worker(this.#url, { type: "module" });
    slot.worker = worker;
    worker.onmessage = (event: MessageEvent<FitReplyMessage>) => {
      const job = slot.job;
      const reply = event.data;
      if (job === null || reply.id !== job.id) return;
      slot.job = null;
      if (reply.ok) job.resolve(reply.result);
      else job.reject(errorFromData(reply.error));
      this.#dispatch();
    };
    const crashed = (event: Event) => {
      // Without this the worker's uncaught error would end the server.
      event.preventDefault();
      if (slot.worker !== worker || this.#closed) return;
      console.error(
        "A fit worker stopped unexpectedly:",
        (event as ErrorEvent).message ?? event.type,
      );
      worker.terminate();
      const job = slot.job;
      slot.job = null;
      this.#startWorker(slot);
      job?.reject(new Error(WORKER_CRASHED));
      this.#dispatch();
    };
    worker.onerror = crashed;
    worker.onmessageerror = crashed;
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (this.#queue.length === 0) return;
      if (slot.job !== null) continue;
      const job = this.#queue.shift()!;
      slot.job = job;
      const message: FitJobMessage = {
        id: job.id,
        samples: job.samples,
        request: job.request,
        ...(job.options === undefined ? {} : { options: job.options }),
      };
      try {
        slot.worker.postMessage(message, [
          job.samples.data.buffer as ArrayBuffer,
        ]);
      } catch (e) {
        // E.g. options that cannot be cloned: the caller's fault, not the worker's.
        slot.job = null;
        job.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }
}
