/**
 * What every route is built from: the store, the limits, the clock, the job
 * runner and the estimator registry.
 *
 * @module
 */
import type { EstimatorRegistry } from "../../core/estimators/registry.ts";
import type { JobRunner } from "../workers/job_runner.ts";
import type { RawFitIndex } from "../store/raw_fit_index.ts";
import type { RunStore } from "../store/run_store.ts";
import type { DatasetStore } from "../store/dataset_store.ts";

/**
 * Size caps, cost budgets and rate limits; every field has a default in
 * `app.ts` and an environment variable in `config.ts`. Work is counted in
 * operations of about a nanosecond (see `core/cost/`).
 */
export interface ApiLimits {
  /** Largest CSV or NPY request body in bytes (413 beyond). */
  readonly maxBodyBytes: number;
  /** Largest JSON request body (every route) in bytes (413 beyond). */
  readonly maxJsonBodyBytes: number;
  /** Largest n · d accepted by `POST /api/fit` (413 beyond). */
  readonly maxFitEntries: number;
  /** Largest d accepted by `POST /api/fit` (422 beyond). */
  readonly maxFitD: number;
  /** Most work of one fit request, bootstrap and all (413 beyond). */
  readonly maxFitWork: number;
  /** Most memory one fit request may hold at once, in bytes (413 beyond). */
  readonly maxFitMemoryBytes: number;
  /** Largest d accepted by `POST /api/sample` (422 beyond). */
  readonly maxSampleD: number;
  /** Largest k (columns of W) accepted by `POST /api/sample` (422 beyond). */
  readonly maxSampleK: number;
  /** Largest n · d answered by `POST /api/sample` (413 beyond). */
  readonly maxSampleEntries: number;
  /** Most work of one sampling request (413 beyond). */
  readonly maxSampleWork: number;
  /** Largest number of fits one experiment may run (422 beyond). */
  readonly maxRunFits: number;
  /** Most work of one experiment, every data set and fit (422 beyond). */
  readonly maxRunWork: number;
  /** Experiments one client may have queued or running at once (429 beyond). */
  readonly maxRunsPerClient: number;
  /** Requests a client may burst on the write endpoints. */
  readonly rateCapacity: number;
  /** Requests regained per second on the write endpoints. */
  readonly rateRefillPerSecond: number;
  /** Key rate limits by `X-Forwarded-For` (behind a trusted proxy). */
  readonly trustForwardedFor: boolean;
  /** Seconds a run (fit or experiment) is kept after its creation. */
  readonly retentionSeconds: number;
  /** Largest stored result in bytes (413 beyond). */
  readonly maxResultBytes: number;
  /** Event streams (`/api/runs/{id}/events`) one client may hold open. */
  readonly maxEventStreams: number;
  /** Chunks one data set may hold (413 beyond). */
  readonly maxDatasetChunks: number;
  /** Bytes of rows one data set may hold, 8 per entry (413 beyond). */
  readonly maxDatasetBytes: number;
  /** Most work of one fit of a data set (413 beyond). */
  readonly maxDatasetFitWork: number;
}

/** Shared by the route modules. */
export interface ApiContext {
  readonly store: RunStore;
  /** Data sets stored in chunks. */
  readonly datasets: DatasetStore;
  /** Raw request keys of fits seen before, to their stored fits. */
  readonly rawFits: RawFitIndex;
  readonly limits: ApiLimits;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  /**
   * Runs the heavy part of each request (reading samples, fits, sampling,
   * metrics): in this thread, or in a pool of workers.
   */
  readonly jobs: JobRunner;
  /** The methods `POST /api/fit`, `GET /api/methods` and the docs offer. */
  readonly registry: EstimatorRegistry;
}
