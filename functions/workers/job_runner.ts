/**
 * How the API runs the heavy part of a request: in this thread (the
 * default, and the only choice on Node and Deno Deploy) or elsewhere, e.g.
 * in a pool of Web Workers (`job_pool.ts`), so that the server keeps
 * answering meanwhile.
 *
 * @module
 */
import type { EstimatorRegistry } from "../../core/estimators/registry.ts";
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
 * Runs each job in the calling thread as soon as it is asked for: it holds
 * the thread until the job is done.
 *
 * @param registry where methods are looked up. @default {DEFAULT_REGISTRY}
 */
export function inProcessJobRunner(registry?: EstimatorRegistry): JobRunner {
  return {
    run: (kind, input) =>
      runJob(kind, input, registry === undefined ? {} : { registry }),
  };
}
