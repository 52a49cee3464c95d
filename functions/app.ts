/**
 * The HTTP API as a Hono app built from injected dependencies, so that Deno,
 * Node and tests (`app.request`) run the same code.
 *
 * ```ts
 * import { createApp } from "./app.ts";
 * const kv = await Deno.openKv(":memory:");
 * const { app } = createApp({ kv });
 * const res = await app.request("/api/health");
 * console.log(await res.json()); // { status: "ok" }
 * kv.close();
 * ```
 *
 * @module
 */
import type { Context } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import {
  DEFAULT_REGISTRY,
  type EstimatorRegistry,
} from "../core/estimators/registry.ts";
import { inProcessJobRunner, type JobRunner } from "./workers/job_runner.ts";
import { type BodyLimit, readBody } from "./http/body.ts";
import { errorResponse, handleError } from "./http/errors.ts";
import { mediaType } from "./http/parse_body.ts";
import { rateLimit } from "./http/rate_limit.ts";
import { buildOpenApiDocument } from "./openapi/document.ts";
import { type RouteApp, routeApp } from "./openapi/route_app.ts";
import { DEFAULT_MAX_EVENT_STREAMS } from "./http/stream_slots.ts";
import type { ApiContext, ApiLimits } from "./routes/_context.ts";
import { fitRoutes } from "./routes/fit.ts";
import { metaRoutes } from "./routes/meta.ts";
import { runsRoutes } from "./routes/runs.ts";
import { datasetsRoutes } from "./routes/datasets.ts";
import { DatasetStore } from "./store/dataset_store.ts";
import { retryingWhenBusy } from "./store/busy_retry.ts";
import { sampleRoutes } from "./routes/sample.ts";
import { type RunWorkerOptions, startRunWorker } from "./workers/run_worker.ts";
import { serveStatic } from "./static.ts";
import type { KvLike } from "./store/kv_like.ts";
import { RawFitIndex } from "./store/raw_fit_index.ts";
import {
  type Maintenance,
  type MaintenanceOptions,
  startStoreMaintenance,
} from "./store/maintenance.ts";
import {
  DEFAULT_MAX_RESULT_BYTES,
  DEFAULT_RETENTION_SECONDS,
  RunStore,
} from "./store/run_store.ts";

export type { ApiLimits } from "./routes/_context.ts";

/** Defaults of every limit. */
export const DEFAULT_LIMITS: ApiLimits = {
  maxBodyBytes: 32 * 1024 * 1024,
  maxJsonBodyBytes: 2 * 1024 * 1024,
  maxFitEntries: 4_000_000,
  maxFitD: 1000,
  // Operations of about a nanosecond (see core/cost/): about 10 s of one core.
  maxFitWork: 10_000_000_000,
  maxFitMemoryBytes: 1024 * 1024 * 1024,
  maxSampleD: 1000,
  maxSampleK: 1000,
  maxSampleEntries: 2_000_000,
  maxSampleWork: 5_000_000_000,
  maxRunFits: 2000,
  maxRunWork: 100_000_000_000,
  maxRunsPerClient: 2,
  rateCapacity: 30,
  rateRefillPerSecond: 1,
  trustForwardedFor: false,
  retentionSeconds: DEFAULT_RETENTION_SECONDS,
  maxResultBytes: DEFAULT_MAX_RESULT_BYTES,
  maxEventStreams: DEFAULT_MAX_EVENT_STREAMS,
  maxDatasetChunks: 1000,
  maxDatasetBytes: 256 * 1024 * 1024,
  // About 100 s of one core: a data set may hold far more rows than a body.
  maxDatasetFitWork: 100_000_000_000,
};

/** What the app is built from. */
export interface AppDeps {
  /** `Deno.Kv`, or the npm `@deno/kv` client under Node. */
  readonly kv: KvLike;
  /** Overrides of `DEFAULT_LIMITS`. */
  readonly limits?: Partial<ApiLimits>;
  /** Milliseconds since the epoch. @default {Date.now} */
  readonly clock?: () => number;
  /**
   * Start the KV queue listener that runs experiments. Only one listener per
   * KV handle; pass false when another process runs them. @default {true}
   */
  readonly runWorker?: boolean | RunWorkerOptions;
  /** Folder of the built dashboard. @default {"dashboard/dist"} */
  readonly staticRoot?: string;
  /**
   * Runs the heavy part of each request (reading samples, fits, sampling,
   * metrics); a `JobPool` keeps the server answering meanwhile.
   * @default {inProcessJobRunner(registry)}
   */
  readonly jobs?: JobRunner;
  /**
   * The methods `POST /api/fit`, `GET /api/methods` and the OpenAPI document
   * offer. A job runner in other threads knows only the built-in ones.
   * @default {DEFAULT_REGISTRY}
   */
  readonly registry?: EstimatorRegistry;
  /**
   * Sweep expired runs and recover runs whose worker died, on a timer; stop
   * it with `maintenance.stop()` before closing the KV. @default {false}
   */
  readonly maintenance?: boolean | MaintenanceOptions;
  /**
   * Lease of an unfinished experiment, and claim of a fit being computed (so
   * that other servers wait for it), in milliseconds.
   * @default {DEFAULT_LEASE_MS for an experiment, 20000 for a fit}
   */
  readonly leaseMs?: number;
}

/** The app and its background work. */
export interface BuiltApp {
  /** Every `/api` route is declared with `createRoute`, so it is in the document. */
  readonly app: RouteApp;
  /** Settles when the KV closes (the queue listener ends); null without a worker. */
  readonly worker: Promise<void> | null;
  /** The store's maintenance loop; null unless `deps.maintenance`. */
  readonly maintenance: Maintenance | null;
}

/**
 * Content-Security-Policy: same-origin scripts, styles, images and fetches
 * only, so the dashboard's and the docs page's own files load and nothing
 * else; inline styles are allowed (components set style attributes), and
 * images from `blob:` URLs the page made itself (a chart saved as PNG is
 * drawn from its SVG through one).
 */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:", "blob:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * How large a request's body may be: CSV and NPY samples for a fit up to
 * `maxBodyBytes`; every other body (JSON everywhere, anything sent to the
 * JSON-only routes) up to `maxJsonBodyBytes`, as it is parsed in the
 * server's thread.
 */
function bodyLimitOf(c: Context, limits: ApiLimits): BodyLimit {
  const type = mediaType(c);
  const json = type === "application/json" || type.endsWith("+json");
  const fit = c.req.path === "/api/fit" || c.req.path.startsWith("/api/fit/");
  if (fit && !json) {
    return {
      maxBytes: limits.maxBodyBytes,
      advice: "send fewer samples",
    };
  }
  if (!json && /^\/api\/datasets\/[^/]+\/chunks$/.test(c.req.path)) {
    return {
      maxBytes: limits.maxBodyBytes,
      advice: "split the rows into more chunks",
    };
  }
  return {
    maxBytes: limits.maxJsonBodyBytes,
    advice: fit
      ? "send the samples as CSV or NPY, which may be larger"
      : "send a smaller request",
  };
}

/** Builds the app over `deps.kv`. */
export function createApp(deps: AppDeps): BuiltApp {
  const limits: ApiLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const clock = deps.clock ?? Date.now;
  // Several servers may share one local KV file: writes wait their turn.
  const kv = retryingWhenBusy(deps.kv);
  const store = new RunStore(kv, {
    clock,
    retentionSeconds: limits.retentionSeconds,
    maxResultBytes: limits.maxResultBytes,
    // A fit's single-flight marker is the same kind of claim as a lease.
    ...(deps.leaseMs !== undefined
      ? { leaseMs: deps.leaseMs, singleFlight: { markerMs: deps.leaseMs } }
      : {}),
  });
  const registry = deps.registry ?? DEFAULT_REGISTRY;
  const jobs = deps.jobs ?? inProcessJobRunner(registry);
  const rawFits = new RawFitIndex(kv, limits.retentionSeconds);
  const datasets = new DatasetStore(kv, {
    clock,
    retentionSeconds: limits.retentionSeconds,
  });
  const ctx: ApiContext = {
    store,
    datasets,
    rawFits,
    limits,
    clock,
    jobs,
    registry,
  };

  const app = routeApp();
  app.onError(handleError);
  app.notFound((c) =>
    errorResponse(
      c,
      404,
      "not_found",
      `No route for ${c.req.method} ${c.req.path}`,
    )
  );
  app.use("*", secureHeaders({ contentSecurityPolicy: CSP }));
  app.use("/api/*", cors());
  // Rate limits first: a client over its limit costs no body read.
  const writes = rateLimit({
    capacity: limits.rateCapacity,
    refillPerSecond: limits.rateRefillPerSecond,
    trustForwardedFor: limits.trustForwardedFor,
    clock,
  });
  // "/x/*" also matches "/x" itself: one registration per resource.
  for (
    const path of [
      "/api/fit/*",
      "/api/sample/*",
      "/api/runs/*",
      "/api/datasets/*",
    ]
  ) {
    app.on(["POST", "DELETE"], path, writes);
  }
  app.use("/api/*", readBody((c) => bodyLimitOf(c, limits)));

  app.route(
    "/api",
    metaRoutes(registry, () => buildOpenApiDocument(app)),
  );
  app.route("/api/fit", fitRoutes(ctx));
  app.route("/api/sample", sampleRoutes(ctx));
  app.route("/api/runs", runsRoutes(ctx));
  app.route("/api/datasets", datasetsRoutes(ctx));
  serveStatic(app, deps.staticRoot);

  const workerOptions = deps.runWorker ?? true;
  const worker = workerOptions === false
    ? null
    : startRunWorker(store, workerOptions === true ? {} : workerOptions);
  const maintenance = deps.maintenance
    ? startStoreMaintenance(store, {
      ...(deps.maintenance === true ? {} : deps.maintenance),
      recover: worker !== null,
      alsoSweep: [datasets],
    })
    : null;
  return { app, worker, maintenance };
}
