/**
 * What every route is built from: the store, the limits, the clock, the fit
 * runner and the estimator registry.
 *
 * @module
 */
import type { EstimatorRegistry } from "../../core/estimators/registry.ts";
import type { FitRunner } from "../workers/fit_runner.ts";
import type { RunStore } from "../store/run_store.ts";

/** Size caps and rate limits; every field has a default in `app.ts`. */
export interface ApiLimits {
  /** Largest request body in bytes (413 beyond). */
  readonly maxBodyBytes: number;
  /** Largest n · d accepted by `POST /api/fit` (413 beyond). */
  readonly maxFitEntries: number;
  /** Largest d accepted by `POST /api/sample` (422 beyond). */
  readonly maxSampleD: number;
  /** Largest n · d answered by `POST /api/sample` (413 beyond). */
  readonly maxSampleEntries: number;
  /** Largest number of fits one experiment may run (422 beyond). */
  readonly maxRunFits: number;
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
}

/** Shared by the route modules. */
export interface ApiContext {
  readonly store: RunStore;
  readonly limits: ApiLimits;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  /** Runs `POST /api/fit`'s fits (in this thread, or in workers). */
  readonly fitRunner: FitRunner;
  /** The methods `POST /api/fit`, `GET /api/methods` and the docs offer. */
  readonly registry: EstimatorRegistry;
}
