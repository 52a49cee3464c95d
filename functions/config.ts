/**
 * Server settings from environment variables, read through an injected
 * `get(name)` so that Deno (`Deno.env.get`), Node (`process.env`) and tests
 * share one parser. An unset or empty variable keeps its default; a value
 * that cannot be used throws {@linkcode ConfigError} naming the variable and
 * the value, which the entry points print as one line before exiting 1.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `PORT` | `8000` | TCP port, an integer from 0 to 65535 (0: any free port) |
 * | `HOST` | `127.0.0.1` | address to listen on (`0.0.0.0` for every interface) |
 * | `MAX_BODY_BYTES` | `33554432` (32 MiB) | largest CSV or NPY request body (413 beyond, refused from `Content-Length` or while it streams in) |
 * | `MAX_JSON_BODY_BYTES` | `2097152` (2 MiB) | largest JSON request body, on every route (413 beyond): JSON is parsed in the server's thread; send larger samples as CSV or NPY |
 * | `MAX_FIT_ENTRIES` | `4000000` | largest n · d that `POST /api/fit` accepts (413 beyond) |
 * | `MAX_FIT_D` | `1000` | largest d that `POST /api/fit` accepts (422 beyond) |
 * | `MAX_FIT_WORK` | `10000000000` | most work of one fit request, bootstrap included, in operations of about a nanosecond (413 beyond) |
 * | `MAX_FIT_MEMORY_BYTES` | `1073741824` (1 GiB) | most memory one fit request may hold at once (413 beyond) |
 * | `MAX_SAMPLE_D` | `1000` | largest d that `POST /api/sample` accepts, also through `fitId` (422 beyond) |
 * | `MAX_SAMPLE_K` | `1000` | largest k (columns of W) that `POST /api/sample` accepts (422 beyond) |
 * | `MAX_SAMPLE_ENTRIES` | `2000000` | largest n · d that `POST /api/sample` answers (413 beyond) |
 * | `MAX_SAMPLE_WORK` | `5000000000` | most work of one sampling request (413 beyond) |
 * | `MAX_RUN_FITS` | `2000` | most fits one experiment (`POST /api/runs`) may need (422 beyond) |
 * | `MAX_RUN_WORK` | `100000000000` | most work of one experiment, every data set and fit together (422 beyond); each of its fits and data sets also keeps to the fit and sample limits |
 * | `MAX_RUNS_PER_CLIENT` | `2` | experiments one client may have queued or running at once (429 beyond) |
 * | `RATE_LIMIT_BURST` | `30` | write requests (POST, DELETE) a client may make at once |
 * | `RATE_LIMIT_PER_SECOND` | `1` | write requests a client regains each second |
 * | `TRUST_FORWARDED_FOR` | `false` | key rate limits by the last `X-Forwarded-For` entry, the one the proxy appended (only behind a proxy that sets it) |
 * | `RETENTION_SECONDS` | `604800` (7 days) | seconds a fit or experiment run, or a data set, is kept; then it answers 404 and its storage is reclaimed |
 * | `MAX_RESULT_BYTES` | `8388608` (8 MiB) | largest stored result (a fit with its truth, an experiment's summary) in bytes (413 beyond) |
 * | `MAX_EVENT_STREAMS` | `8` | progress streams (`GET /api/runs/{id}/events`) one client may hold open at once (429 beyond) |
 * | `DATASET_MAX_CHUNKS` | `1000` | chunks one data set (`/api/datasets`) may hold (413 beyond); each chunk is one request body, within `MAX_BODY_BYTES` |
 * | `DATASET_MAX_BYTES` | `268435456` (256 MiB) | bytes of rows one data set may hold, 8 per entry (413 beyond) |
 * | `DATASET_MAX_FIT_WORK` | `100000000000` | most work of one fit of a data set, in operations (413 beyond) |
 *
 * The pool of Web Workers that does the heavy part of each request (reading
 * samples, fitting, sampling, metrics), read by `main.ts` only (not on Deno
 * Deploy or Node, which have no workers here):
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `FIT_WORKERS` | `1` | workers for jobs of any size, an integer from 0 to 64 (0: no workers, everything in the server's thread, which stalls every other request meanwhile); above 0, experiments (`POST /api/runs`) also run in a Web Worker of their own |
 * | `SMALL_JOB_WORKERS` | `1` | further workers only for small jobs, so a small fit never waits behind a large one, an integer from 0 to 64 |
 * | `SMALL_JOB_WORK` | `200000000` | most work of a small job (about 0.2 s) |
 * | `JOB_QUEUE` | `16` | jobs that may wait for a worker, per size; beyond, 503 with `Retry-After` |
 * | `JOB_DEADLINE_SECONDS` | `60` | seconds a job may run (and, separately, wait); beyond, 504 `deadline_exceeded` (503 while waiting) and the job is stopped, its worker taking the next (without workers, at its next stop check) |
 *
 * The store's crash recovery, read by `main.ts` and `node_main.ts`:
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `LEASE_SECONDS` | `30` | seconds an unfinished experiment, or a fit being computed, stays claimed by the server at work without that server renewing the claim (every third of it); then another takes the experiment up or computes the fit itself |
 * | `MAINTENANCE_SECONDS` | `10` | seconds between rounds that reclaim expired runs and hand out again runs whose lease lapsed |
 *
 * The limit defaults live in `DEFAULT_LIMITS` (`app.ts`), the pool's in
 * `DEFAULT_JOB_POOL`; this module only returns the variables that are set.
 * Booleans accept `true`/`false`/`1`/`0`. `KV_PATH` is read where the store
 * is opened, not here.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { limitsFromEnv } from "./config.ts";
 * const env: Record<string, string> = { MAX_FIT_ENTRIES: "1000000" };
 * assert.deepEqual(limitsFromEnv((name) => env[name]), { maxFitEntries: 1000000 });
 * ```
 *
 * @module
 */
import type { ApiLimits } from "./routes/_context.ts";
import { DEFAULT_MAINTENANCE_MS } from "./store/maintenance.ts";
import { DEFAULT_LEASE_MS } from "./store/run_store.ts";

/** Reads one environment variable; undefined when unset. */
export type EnvGetter = (name: string) => string | undefined;

/** A setting from the environment that cannot be used. */
export class ConfigError extends Error {
  /** The variable at fault. */
  readonly variable: string;

  constructor(variable: string, value: string, expected: string) {
    super(
      `Invalid environment variable ${variable}=${
        JSON.stringify(value)
      }: expected ${expected}`,
    );
    this.name = "ConfigError";
    this.variable = variable;
  }
}

type Kind = "positive-integer" | "positive-number" | "boolean";

/** One limit and the variable that sets it. */
export interface LimitVariable {
  readonly variable: string;
  readonly field: keyof ApiLimits;
  readonly kind: Kind;
}

/** Every limit that the environment can set, in documentation order. */
export const LIMIT_VARIABLES: readonly LimitVariable[] = [
  {
    variable: "MAX_BODY_BYTES",
    field: "maxBodyBytes",
    kind: "positive-integer",
  },
  {
    variable: "MAX_JSON_BODY_BYTES",
    field: "maxJsonBodyBytes",
    kind: "positive-integer",
  },
  {
    variable: "MAX_FIT_ENTRIES",
    field: "maxFitEntries",
    kind: "positive-integer",
  },
  { variable: "MAX_FIT_D", field: "maxFitD", kind: "positive-integer" },
  { variable: "MAX_FIT_WORK", field: "maxFitWork", kind: "positive-integer" },
  {
    variable: "MAX_FIT_MEMORY_BYTES",
    field: "maxFitMemoryBytes",
    kind: "positive-integer",
  },
  { variable: "MAX_SAMPLE_D", field: "maxSampleD", kind: "positive-integer" },
  { variable: "MAX_SAMPLE_K", field: "maxSampleK", kind: "positive-integer" },
  {
    variable: "MAX_SAMPLE_ENTRIES",
    field: "maxSampleEntries",
    kind: "positive-integer",
  },
  {
    variable: "MAX_SAMPLE_WORK",
    field: "maxSampleWork",
    kind: "positive-integer",
  },
  { variable: "MAX_RUN_FITS", field: "maxRunFits", kind: "positive-integer" },
  { variable: "MAX_RUN_WORK", field: "maxRunWork", kind: "positive-integer" },
  {
    variable: "MAX_RUNS_PER_CLIENT",
    field: "maxRunsPerClient",
    kind: "positive-integer",
  },
  {
    variable: "RATE_LIMIT_BURST",
    field: "rateCapacity",
    kind: "positive-integer",
  },
  {
    variable: "RATE_LIMIT_PER_SECOND",
    field: "rateRefillPerSecond",
    kind: "positive-number",
  },
  {
    variable: "TRUST_FORWARDED_FOR",
    field: "trustForwardedFor",
    kind: "boolean",
  },
  {
    variable: "RETENTION_SECONDS",
    field: "retentionSeconds",
    kind: "positive-integer",
  },
  {
    variable: "MAX_RESULT_BYTES",
    field: "maxResultBytes",
    kind: "positive-integer",
  },
  {
    variable: "MAX_EVENT_STREAMS",
    field: "maxEventStreams",
    kind: "positive-integer",
  },
  {
    variable: "DATASET_MAX_CHUNKS",
    field: "maxDatasetChunks",
    kind: "positive-integer",
  },
  {
    variable: "DATASET_MAX_BYTES",
    field: "maxDatasetBytes",
    kind: "positive-integer",
  },
  {
    variable: "DATASET_MAX_FIT_WORK",
    field: "maxDatasetFitWork",
    kind: "positive-integer",
  },
];

/** The value of `name`, or undefined when unset or blank. */
function read(get: EnvGetter, name: string): string | undefined {
  const value = get(name);
  return value === undefined || value.trim() === "" ? undefined : value;
}

function parseValue(variable: string, text: string, kind: Kind) {
  const trimmed = text.trim();
  if (kind === "boolean") {
    const lower = trimmed.toLowerCase();
    if (lower === "true" || lower === "1") return true;
    if (lower === "false" || lower === "0") return false;
    throw new ConfigError(variable, text, "true, false, 1 or 0");
  }
  // Number("1e3") is fine, Number("0x10") and Number("") are not wanted.
  const value = /^[+]?(\d+\.?\d*|\.\d+)(e[+]?\d+)?$/i.test(trimmed)
    ? Number(trimmed)
    : NaN;
  if (kind === "positive-integer") {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ConfigError(variable, text, "a positive integer");
    }
    return value;
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(variable, text, "a positive number");
  }
  return value;
}

/**
 * The limits set in the environment (see the module doc for the variables).
 *
 * @param get reads one variable, e.g. `(name) => Deno.env.get(name)`.
 * @returns only the limits whose variable is set, for `createApp({ limits })`.
 * @throws {ConfigError} naming the first variable with an unusable value.
 */
export function limitsFromEnv(get: EnvGetter): Partial<ApiLimits> {
  const out: Record<string, number | boolean> = {};
  for (const { variable, field, kind } of LIMIT_VARIABLES) {
    const text = read(get, variable);
    if (text !== undefined) out[field] = parseValue(variable, text, kind);
  }
  return out as Partial<ApiLimits>;
}

/** Where the server listens. */
export interface ListenAddress {
  readonly port: number;
  readonly hostname: string;
}

/** The address used when `PORT` and `HOST` are unset. */
export const DEFAULT_LISTEN: ListenAddress = {
  port: 8000,
  hostname: "127.0.0.1",
};

/**
 * `PORT` and `HOST` from the environment.
 *
 * @param get reads one variable.
 * @returns the port (an integer from 0 to 65535) and host name.
 * @throws {ConfigError} for a port that is not such an integer, or a host
 *   with whitespace, a scheme or a path (e.g. `http://localhost`).
 */
export function listenAddressFromEnv(get: EnvGetter): ListenAddress {
  const portText = read(get, "PORT");
  let port = DEFAULT_LISTEN.port;
  if (portText !== undefined) {
    port = /^\s*\d+\s*$/.test(portText) ? Number(portText) : NaN;
    if (!Number.isInteger(port) || port > 65535) {
      throw new ConfigError("PORT", portText, "an integer from 0 to 65535");
    }
  }
  const hostText = read(get, "HOST");
  let hostname = DEFAULT_LISTEN.hostname;
  if (hostText !== undefined) {
    hostname = hostText.trim();
    if (
      !/^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*|[A-Za-z0-9.-]+)$/
        .test(hostname)
    ) {
      throw new ConfigError(
        "HOST",
        hostText,
        "a host name or IP address such as 127.0.0.1, 0.0.0.0 or ::1",
      );
    }
    // Deno.serve and Node want IPv6 addresses without brackets.
    if (hostname.startsWith("[")) hostname = hostname.slice(1, -1);
  }
  return { port, hostname };
}

/** Most workers `FIT_WORKERS` or `SMALL_JOB_WORKERS` may ask for. */
export const MAX_FIT_WORKERS = 64;

/** How the entry point builds its pool of job workers. */
export interface JobPoolConfig {
  /** Workers for jobs of any size (0: no pool, jobs in the server's thread). */
  readonly workers: number;
  /** Further workers for small jobs only. */
  readonly smallWorkers: number;
  /** Most work (operations) of a small job. */
  readonly smallJobWork: number;
  /** Jobs that may wait for a worker, per size. */
  readonly maxQueued: number;
  /** Milliseconds a job may run, and may wait. */
  readonly deadlineMs: number;
}

/** The pool when no variable is set. */
export const DEFAULT_JOB_POOL: JobPoolConfig = {
  workers: 1,
  smallWorkers: 1,
  smallJobWork: 200_000_000,
  maxQueued: 16,
  deadlineMs: 60_000,
};

/** An integer from 0 to `MAX_FIT_WORKERS`, or `fallback` when unset. */
function workerCount(get: EnvGetter, name: string, fallback: number): number {
  const text = read(get, name);
  if (text === undefined) return fallback;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value > MAX_FIT_WORKERS) {
    throw new ConfigError(
      name,
      text,
      `an integer from 0 to ${MAX_FIT_WORKERS}`,
    );
  }
  return value;
}

/**
 * The job pool's variables (see the module doc): `FIT_WORKERS`,
 * `SMALL_JOB_WORKERS`, `SMALL_JOB_WORK`, `JOB_QUEUE`, `JOB_DEADLINE_SECONDS`.
 *
 * @param get reads one variable.
 * @returns every setting, defaults for those unset.
 * @throws {ConfigError} naming the first unusable variable.
 */
export function jobPoolFromEnv(get: EnvGetter): JobPoolConfig {
  const number = (name: string, kind: Kind, fallback: number) => {
    const text = read(get, name);
    return text === undefined
      ? fallback
      : parseValue(name, text, kind) as number;
  };
  return {
    workers: workerCount(get, "FIT_WORKERS", DEFAULT_JOB_POOL.workers),
    smallWorkers: workerCount(
      get,
      "SMALL_JOB_WORKERS",
      DEFAULT_JOB_POOL.smallWorkers,
    ),
    smallJobWork: number(
      "SMALL_JOB_WORK",
      "positive-integer",
      DEFAULT_JOB_POOL.smallJobWork,
    ),
    maxQueued: number(
      "JOB_QUEUE",
      "positive-integer",
      DEFAULT_JOB_POOL.maxQueued,
    ),
    deadlineMs: 1000 * number(
      "JOB_DEADLINE_SECONDS",
      "positive-number",
      DEFAULT_JOB_POOL.deadlineMs / 1000,
    ),
  };
}

/** How quickly the store notices a server that died. */
export interface StoreTimingConfig {
  /** Milliseconds of a run's lease. */
  readonly leaseMs: number;
  /** Milliseconds between maintenance rounds. */
  readonly maintenanceMs: number;
}

/** The timing when no variable is set. */
export const DEFAULT_STORE_TIMING: StoreTimingConfig = {
  leaseMs: DEFAULT_LEASE_MS,
  maintenanceMs: DEFAULT_MAINTENANCE_MS,
};

/**
 * `LEASE_SECONDS` and `MAINTENANCE_SECONDS` (see the module doc).
 *
 * @param get reads one variable.
 * @returns both settings in milliseconds, defaults for those unset.
 * @throws {ConfigError} for a value that is not a positive number.
 */
export function storeTimingFromEnv(get: EnvGetter): StoreTimingConfig {
  const ms = (name: string, fallback: number) => {
    const text = read(get, name);
    return text === undefined
      ? fallback
      : 1000 * (parseValue(name, text, "positive-number") as number);
  };
  return {
    leaseMs: ms("LEASE_SECONDS", DEFAULT_STORE_TIMING.leaseMs),
    maintenanceMs: ms(
      "MAINTENANCE_SECONDS",
      DEFAULT_STORE_TIMING.maintenanceMs,
    ),
  };
}

/** Everything the entry points read from the environment besides the KV. */
export interface ServerConfig extends ListenAddress {
  readonly limits: Partial<ApiLimits>;
  /** See `jobPoolFromEnv`. */
  readonly jobs: JobPoolConfig;
  /** See `storeTimingFromEnv`. */
  readonly store: StoreTimingConfig;
}

/**
 * Address, limits and the job pool in one call, so an entry point validates
 * everything before it opens the store or listens.
 *
 * @param get reads one variable.
 * @throws {ConfigError} for the first unusable variable.
 */
export function serverConfigFromEnv(get: EnvGetter): ServerConfig {
  return {
    ...listenAddressFromEnv(get),
    limits: limitsFromEnv(get),
    jobs: jobPoolFromEnv(get),
    store: storeTimingFromEnv(get),
  };
}
