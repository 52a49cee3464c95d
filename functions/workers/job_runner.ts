/**
 * How the API runs the heavy part of a request: in this thread (the
 * default, and the only choice on Node and Deno Deploy) or elsewhere, e.g.
 * in a pool of Web Workers (`job_pool.ts`), so that the server keeps
 * answering meanwhile.
 *
 * @module
 */
import type { EstimatorRegistry } from "../../core/estimators/registry.ts";
import { StoppedError } from "../../core/stop/mod.ts";
import { ApiError } from "../http/errors.ts";
import { type JobInput, type JobKind, type JobOutput, runJob } from "./jobs.ts";

/** What a runner is told about a job besides its input. */
export interface JobOptions {
  /**
   * The job's priced work, in operations (see `core/cost/`): a pool keeps
   * small jobs apart from large ones by it.
   */
  readonly work: number;
}

/** Runs jobs (see `jobs.ts`). */
export interface JobRunner {
  /**
   * Runs job `kind`. Rejects with the errors the job throws (the API's),
   * and a pool also with 503 `server_busy` (its queue is full, or the job
   * waited too long) or 504 `deadline_exceeded` (the job ran too long). The
   * buffers of typed arrays in `input` that span them whole may be taken
   * over (detached): a caller that still needs them passes copies.
   */
  run<K extends JobKind>(
    kind: K,
    input: JobInput<K>,
    options: JobOptions,
  ): Promise<JobOutput<K>>;
}

/**
 * The answer to a job that ran past its deadline and was stopped: 504
 * `deadline_exceeded`, whichever runner stopped it.
 *
 * @param deadlineMs the deadline, in milliseconds.
 */
export function deadlineExceeded(deadlineMs: number): ApiError {
  return new ApiError(
    504,
    "deadline_exceeded",
    `Cannot answer the request: it ran for ${
      deadlineMs / 1000
    } s, the limit, and was stopped; send fewer samples or coordinates, or choose a faster method`,
  );
}

/** Options of `inProcessJobRunner`. */
export interface InProcessJobOptions {
  /**
   * Milliseconds a job may run; past them, its computation stops at its
   * next stop check (`core/stop`) and the job rejects with 504
   * `deadline_exceeded`. @default {Infinity}
   */
  readonly deadlineMs?: number;
}

/**
 * Runs each job in the calling thread as soon as it is asked for: it holds
 * the thread until the job is done or, with a deadline, stopped (the stop
 * checks in the computation's loops read the clock, so a job stops within
 * one check's stretch of its deadline; nothing else can run meanwhile).
 *
 * @param registry where methods are looked up. @default {DEFAULT_REGISTRY}
 * @param options the deadline.
 */
export function inProcessJobRunner(
  registry?: EstimatorRegistry,
  options: InProcessJobOptions = {},
): JobRunner {
  const deadlineMs = options.deadlineMs ?? Infinity;
  return {
    run: async (kind, input) => {
      if (deadlineMs === Infinity) {
        return await runJob(kind, input, registry ? { registry } : {});
      }
      const end = performance.now() + deadlineMs;
      try {
        return await runJob(kind, input, {
          ...(registry ? { registry } : {}),
          isStopped: () => performance.now() > end,
        });
      } catch (e) {
        if (e instanceof StoppedError) throw deadlineExceeded(deadlineMs);
        throw e;
      }
    },
  };
}
