/**
 * Runs jobs (`jobs.ts`) in a pool of module Web Workers, so the server keeps
 * answering (health checks, cached fits, progress streams) while requests
 * are read, fitted and sampled. Deno only, and not on Deno Deploy, which
 * has no Web Workers.
 *
 * Two lanes, by the job's priced work: small jobs (at most `smallJobWork`
 * operations) go to workers of their own (`smallWorkers`), or to an idle
 * general worker when no large job waits; large jobs go to the general
 * workers (`workers`) only. So a small fit is never stuck behind a large
 * one. Each lane's queue holds at most `maxQueued` jobs: one more is
 * refused at once with 503 `server_busy` and a `Retry-After` estimated from
 * the lane's recent jobs. A job that waits longer than `deadlineMs` is
 * refused the same way; one that runs longer is answered 504
 * `deadline_exceeded` and stopped.
 *
 * Stopping is cooperative: the pool raises the stop request in the worker's
 * control array (see `job_protocol.ts`), the job's loops check it (see
 * `core/stop/`; at the largest sizes the limits allow, a few hundred
 * milliseconds of work apart at most, `bench/stop_gaps.ts`) and the job ends
 * with a `StoppedError`; the same worker then takes the next job. That is
 * needed because Deno 2.9 does not stop a worker busy computing on
 * `terminate()` (it runs on until its job returns). As a backstop, a worker
 * still computing `stopGraceMs` after the request is terminated and replaced
 * and counted as abandoned while its busy flag stays up; while more than
 * `maxAbandoned` are, the workers they left are replaced only as they end,
 * so past-deadline jobs never take more threads than that beyond the pool.
 * A worker that crashes fails its job with a generic `Error` (500) and is
 * replaced.
 *
 * ```ts ignore
 * const pool = new JobPool({ workers: 1, smallWorkers: 1 });
 * const { answer } = await pool.run("fit", { samples, request: {} }, { work: 1e6 });
 * pool.close();
 * ```
 *
 * @module
 */
import { ApiError } from "../http/errors.ts";
import { errorFromData } from "./error_data.ts";
import {
  createJobControl,
  isBusy,
  type JobControl,
  type JobMessage,
  type JobReply,
  requestStop,
  transferableBuffers,
  whenIdle,
  WORKER_READY,
} from "./job_protocol.ts";
import {
  deadlineExceeded,
  type JobOptions,
  type JobRunner,
} from "./job_runner.ts";
import type { JobInput, JobKind, JobOutput } from "./jobs.ts";

/** How the pool is built. */
export interface JobPoolOptions {
  /** Workers for jobs of any size, at least 1. */
  readonly workers: number;
  /** Further workers for small jobs only. @default {1} */
  readonly smallWorkers?: number;
  /** Most work (operations) of a small job. @default {200000000} */
  readonly smallJobWork?: number;
  /** Jobs that may wait, per lane. @default {16} */
  readonly maxQueued?: number;
  /** Milliseconds a job may wait, and may run. @default {60000} */
  readonly deadlineMs?: number;
  /**
   * Milliseconds a job past its deadline may take to stop before its worker
   * is terminated and replaced. @default {5000}
   */
  readonly stopGraceMs?: number;
  /** Abandoned workers still computing before replacements wait. @default {1} */
  readonly maxAbandoned?: number;
  /** Module the workers run. @default {"./job_worker.ts" beside this file} */
  readonly workerUrl?: string | URL;
}

/** The failure of a job whose worker crashed. */
export const WORKER_CRASHED =
  "Cannot answer the request: its worker stopped unexpectedly";
/** The failure of jobs still open when the pool closes. */
export const POOL_CLOSED =
  "Cannot answer the request: the server is shutting down";

type Lane = "small" | "large";

interface Pending {
  readonly id: number;
  readonly kind: JobKind;
  readonly input: unknown;
  readonly lane: Lane;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
  /** The wait timer while queued, then the deadline timer while running. */
  timer: ReturnType<typeof setTimeout> | undefined;
  started: number;
}

interface Slot {
  /** "small": small jobs only; "large": any job, large ones first. */
  readonly lane: Lane;
  /** Null while it waits for an abandoned worker to end. */
  worker: Worker | null;
  /** Whether the worker has loaded (said `WORKER_READY`) and takes jobs. */
  ready: boolean;
  control: JobControl;
  job: Pending | null;
  /** A job past its deadline that the worker was asked to stop. */
  stopping: Stopping | null;
}

interface Stopping {
  readonly job: Pending;
  /** When the stop was requested (`performance.now()`). */
  readonly since: number;
  /** Gives up on the worker after `stopGraceMs`. */
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Counts of the pool's jobs and workers, for tests and monitoring. */
export interface JobPoolStats {
  readonly queued: { readonly small: number; readonly large: number };
  readonly running: number;
  /** Jobs past their deadline that stopped, their workers kept. */
  readonly stopped: number;
  /** Terminated workers still computing a past-deadline job. */
  readonly abandoned: number;
}

/** Workers behind two bounded queues, with deadlines. */
export class JobPool implements JobRunner {
  readonly #url: string;
  readonly #slots: Slot[] = [];
  readonly #queues: Record<Lane, Pending[]> = { small: [], large: [] };
  /** Recent run time per lane (moving average), for `Retry-After`. */
  readonly #typicalMs: Record<Lane, number> = { small: 200, large: 5000 };
  readonly #smallJobWork: number;
  readonly #maxQueued: number;
  readonly #deadlineMs: number;
  readonly #stopGraceMs: number;
  readonly #maxAbandoned: number;
  #stopped = 0;
  #abandoned = 0;
  #nextId = 1;
  #closed = false;

  constructor(options: JobPoolOptions) {
    const small = options.smallWorkers ?? 1;
    for (
      const [name, value, least] of [
        ["workers", options.workers, 1],
        ["smallWorkers", small, 0],
      ] as const
    ) {
      if (!Number.isInteger(value) || value < least) {
        throw new RangeError(
          `Cannot start the job pool: ${name} must be an integer ≥ ${least}, got ${value}`,
        );
      }
    }
    this.#smallJobWork = options.smallJobWork ?? 200_000_000;
    this.#maxQueued = options.maxQueued ?? 16;
    this.#deadlineMs = options.deadlineMs ?? 60_000;
    this.#stopGraceMs = options.stopGraceMs ?? 5000;
    this.#maxAbandoned = options.maxAbandoned ?? 1;
    this.#url = new URL(
      options.workerUrl ?? new URL("./job_worker.ts", import.meta.url),
    ).href;
    // Small-only workers first, so small jobs take them before general ones.
    for (let i = 0; i < small + options.workers; i++) {
      const slot: Slot = {
        lane: i < small ? "small" : "large",
        worker: null,
        ready: false,
        control: createJobControl(),
        job: null,
        stopping: null,
      };
      this.#slots.push(slot);
      this.#startWorker(slot);
    }
  }

  /** Workers, small-only and general. */
  get size(): number {
    return this.#slots.length;
  }

  /** Resolves once every worker has loaded and takes jobs. */
  async whenReady(): Promise<void> {
    while (!this.#closed && this.#slots.some((s) => !s.ready)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** What the pool is doing now. */
  get stats(): JobPoolStats {
    return {
      queued: {
        small: this.#queues.small.length,
        large: this.#queues.large.length,
      },
      running: this.#slots.filter((s) => s.job !== null).length,
      stopped: this.#stopped,
      abandoned: this.#abandoned,
    };
  }

  /** Runs job `kind` in a worker (see `JobRunner.run`). */
  run<K extends JobKind>(
    kind: K,
    input: JobInput<K>,
    options: JobOptions,
  ): Promise<JobOutput<K>> {
    if (this.#closed) return Promise.reject(new Error(POOL_CLOSED));
    const lane: Lane = options.work <= this.#smallJobWork ? "small" : "large";
    return new Promise<JobOutput<K>>((resolve, reject) => {
      const job: Pending = {
        id: this.#nextId++,
        kind,
        input,
        lane,
        resolve: resolve as (output: unknown) => void,
        reject,
        timer: undefined,
        started: 0,
      };
      const queue = this.#queues[lane];
      queue.push(job);
      this.#dispatch();
      if (!queue.includes(job)) return;
      if (queue.length > this.#maxQueued) {
        queue.splice(queue.indexOf(job), 1);
        reject(this.#busy(lane, `${queue.length} are waiting already`));
        return;
      }
      job.timer = setTimeout(() => {
        const at = queue.indexOf(job);
        if (at < 0) return;
        queue.splice(at, 1);
        reject(this.#busy(
          lane,
          `it waited ${this.#deadlineMs / 1000} s for a worker, the limit`,
        ));
      }, this.#deadlineMs);
    });
  }

  /** Terminates every worker; open and queued jobs fail with `POOL_CLOSED`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of this.#slots) {
      clearTimeout(slot.stopping?.timer);
      slot.stopping = null;
      slot.worker?.terminate();
      slot.worker = null;
      if (slot.job !== null) this.#settle(slot.job, new Error(POOL_CLOSED));
      slot.job = null;
    }
    for (const queue of Object.values(this.#queues)) {
      for (const job of queue.splice(0)) {
        this.#settle(job, new Error(POOL_CLOSED));
      }
    }
  }

  /** 503 with an estimate of when to retry. */
  #busy(lane: Lane, why: string): ApiError {
    const workers =
      this.#slots.filter((s) => s.lane === lane || s.lane === "large").length;
    const waitMs = this.#typicalMs[lane] *
      (this.#queues[lane].length + 1) / Math.max(1, workers);
    const seconds = Math.min(60, Math.max(1, Math.ceil(waitMs / 1000)));
    return new ApiError(
      503,
      "server_busy",
      `The server is busy: this request needs a worker for ${
        lane === "small" ? "small" : "large"
      } jobs and ${why}; retry in ${seconds} s`,
      { headers: { "Retry-After": String(seconds) } },
    );
  }

  #settle(job: Pending, error: Error | null, output?: unknown): void {
    clearTimeout(job.timer);
    if (error === null) job.resolve(output);
    else job.reject(error);
  }

  #startWorker(slot: Slot): void {
    const worker = new Worker(this.#url, { type: "module" });
    slot.worker = worker;
    slot.ready = false;
    slot.control = createJobControl();
    slot.stopping = null;
    worker.onmessage = (
      event: MessageEvent<JobReply | typeof WORKER_READY>,
    ) => {
      if (slot.worker !== worker) return;
      if ("ready" in event.data) {
        slot.ready = true;
        this.#dispatch();
        return;
      }
      const reply = event.data;
      if (slot.stopping?.job.id === reply.id) {
        this.#stoppedJob(slot, slot.stopping);
        return;
      }
      const job = slot.job;
      if (job === null || reply.id !== job.id) return;
      slot.job = null;
      const ms = performance.now() - job.started;
      this.#typicalMs[job.lane] = 0.8 * this.#typicalMs[job.lane] + 0.2 * ms;
      if (reply.ok) this.#settle(job, null, reply.output);
      else this.#settle(job, errorFromData(reply.error));
      this.#dispatch();
    };
    const crashed = (event: Event) => {
      // Without this the worker's uncaught error would end the server.
      event.preventDefault();
      if (slot.worker !== worker || this.#closed) return;
      console.error(
        "A job worker stopped unexpectedly:",
        (event as ErrorEvent).message ?? event.type,
      );
      const job = slot.job;
      slot.job = null;
      clearTimeout(slot.stopping?.timer);
      slot.stopping = null;
      // A crashed worker computes no more, whatever its flag says.
      this.#retire(slot, false);
      if (job !== null) this.#settle(job, new Error(WORKER_CRASHED));
      this.#dispatch();
    };
    worker.onerror = crashed;
    worker.onmessageerror = crashed;
  }

  /**
   * Terminates `slot`'s worker and replaces it: at once, unless it may still
   * be computing (`mayCompute` and its busy flag up) and too many such
   * workers are about, then when one ends.
   */
  #retire(slot: Slot, mayCompute: boolean): void {
    const { worker, control } = slot;
    worker?.terminate();
    slot.worker = null;
    slot.ready = false;
    if (mayCompute && isBusy(control)) {
      this.#abandoned++;
      whenIdle(control).then(() => {
        this.#abandoned--;
        this.#refill();
      });
    }
    this.#refill();
  }

  /** Starts workers in empty slots while few enough workers are abandoned. */
  #refill(): void {
    if (this.#closed) return;
    for (const slot of this.#slots) {
      if (slot.worker !== null) continue;
      if (this.#abandoned > this.#maxAbandoned) break;
      this.#startWorker(slot);
    }
    this.#dispatch();
  }

  /**
   * A job past its deadline: 504, and its worker is asked to stop it; the
   * worker takes no job until it has (or is replaced).
   */
  #expire(slot: Slot, job: Pending): void {
    if (slot.job !== job) return;
    slot.job = null;
    requestStop(slot.control);
    slot.stopping = {
      job,
      since: performance.now(),
      timer: setTimeout(() => this.#giveUp(slot, job), this.#stopGraceMs),
    };
    this.#settle(job, deadlineExceeded(this.#deadlineMs));
  }

  /** The worker answered the job it was asked to stop: it takes the next. */
  #stoppedJob(slot: Slot, stopping: Stopping): void {
    clearTimeout(stopping.timer);
    slot.stopping = null;
    requestStop(slot.control, false);
    this.#stopped++;
    console.warn(
      `A ${stopping.job.kind} job ran past its deadline of ${
        this.#deadlineMs / 1000
      } s and stopped ${
        Math.round(performance.now() - stopping.since)
      } ms after the request; its worker takes the next job`,
    );
    this.#dispatch();
  }

  /** The worker did not stop its job in time: it is replaced. */
  #giveUp(slot: Slot, job: Pending): void {
    if (slot.stopping?.job !== job) return;
    slot.stopping = null;
    console.error(
      `A ${job.kind} job ran past its deadline and did not stop within ${
        this.#stopGraceMs / 1000
      } s; its worker is replaced`,
    );
    this.#retire(slot, true);
  }

  #dispatch(): void {
    if (this.#closed) return;
    for (const slot of this.#slots) {
      if (
        slot.job !== null || slot.stopping !== null || slot.worker === null ||
        !slot.ready
      ) continue;
      const job = slot.lane === "small"
        ? this.#queues.small.shift()
        : this.#queues.large.shift() ?? this.#queues.small.shift();
      if (job === undefined) continue;
      this.#start(slot, slot.worker, job);
    }
  }

  #start(slot: Slot, worker: Worker, job: Pending): void {
    clearTimeout(job.timer);
    slot.job = job;
    job.started = performance.now();
    job.timer = setTimeout(() => this.#expire(slot, job), this.#deadlineMs);
    const message: JobMessage = {
      id: job.id,
      kind: job.kind,
      input: job.input as JobInput<JobKind>,
      control: slot.control,
    };
    try {
      worker.postMessage(message, [...transferableBuffers(job.input)]);
    } catch (e) {
      // E.g. input that cannot be cloned: the caller's fault, not the worker's.
      slot.job = null;
      this.#settle(job, e instanceof Error ? e : new Error(String(e)));
      this.#dispatch();
    }
  }
}
