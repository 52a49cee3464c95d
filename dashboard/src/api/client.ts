/**
 * The dashboard's only way to the server: typed calls to the HTTP API. Errors
 * carry the API's own message so the views can show it as is.
 *
 * @module
 */
import type {
  DatasetChunkAnswer,
  DatasetCreateBody,
  DatasetCreated,
  DatasetView,
  FitResponse,
  FitTruth,
  MethodsResponse,
  RunCreated,
  RunPage,
  RunRecord,
  RunSpec,
} from "./types.ts";
import type { IndexPolicy, NaPolicy } from "../../../core/formats/table.ts";

/** A failed API call: `message` is the API's `error.message`. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait before trying again (`Retry-After`), when sent. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * The samples of one fit: CSV text, NPY bytes, a CSV or NPY file sent as it
 * is, rows as JSON, or a data set already uploaded (`POST /api/datasets`).
 */
export type FitBody =
  | { readonly kind: "csv"; readonly text: string }
  | { readonly kind: "npy"; readonly bytes: ArrayBuffer }
  | {
    readonly kind: "file";
    readonly file: Blob;
    readonly format: "csv" | "npy";
  }
  | { readonly kind: "matrix"; readonly samples: number[][] }
  | { readonly kind: "dataset"; readonly id: string };

/** How the server reads a CSV or NPY table (query parameters). */
export interface TableParams {
  /** Columns to fit, or to leave out with a leading `-` (names or 1-based numbers). */
  readonly columns?: string;
  /** Rows with a missing value: left out (the server's default) or an error. */
  readonly na?: NaPolicy;
  /** A first column that looks like a row index. */
  readonly index?: IndexPolicy;
}

/** Method, seed and option values for a fit. */
export interface FitParams {
  readonly method: string;
  readonly seed: number;
  readonly options?: Readonly<Record<string, number | boolean>>;
  /** Bootstrap replicates for standard errors; 0 or absent sends none. */
  readonly bootstrap?: number;
  /** The truth behind matrix samples, sent along (CSV and NPY send none). */
  readonly truth?: FitTruth;
  /** Columns, missing values and index column of a CSV or NPY body. */
  readonly table?: TableParams;
  /** Check the fitted model against the data (and analyse its rank). */
  readonly check?: boolean;
  /** Bootstrap data sets of the check; the server's default when absent. */
  readonly checkReplicates?: number;
  /** Also answer the rank-k version of the fit. */
  readonly rank?: number;
}

/** The analyses asked for (check, rank), as the request's fields. */
function analyses(params: FitParams): Record<string, number | boolean> {
  return {
    ...(params.check ? { check: true } : {}),
    ...(params.check && params.checkReplicates !== undefined
      ? { checkReplicates: params.checkReplicates }
      : {}),
    ...(params.rank !== undefined ? { rank: params.rank } : {}),
  };
}

/**
 * The query string of a fit: for CSV and NPY bodies, the method, its options,
 * the table options and the analyses asked for; for a data set, the method,
 * its options and the rank (its columns are fixed, and a bootstrap or check
 * needs the rows in memory); empty for JSON bodies, which carry them all in
 * the body.
 */
export function fitQuery(body: FitBody, params: FitParams): URLSearchParams {
  const query = new URLSearchParams();
  if (body.kind === "matrix") return query;
  const dataset = body.kind === "dataset";
  query.set("method", params.method);
  query.set("seed", String(params.seed));
  if (params.bootstrap && !dataset) {
    query.set("bootstrap", String(params.bootstrap));
  }
  for (const [k, v] of Object.entries(params.options ?? {})) {
    query.set(k, String(v));
  }
  if (dataset) {
    if (params.rank !== undefined) query.set("rank", String(params.rank));
    return query;
  }
  for (const [k, v] of Object.entries(params.table ?? {})) {
    if (v !== undefined) query.set(k, v);
  }
  for (const [k, v] of Object.entries(analyses(params))) {
    query.set(k, String(v));
  }
  return query;
}

/** The media type of a CSV or NPY fit body. */
function bodyType(body: FitBody): string {
  const csv = body.kind === "csv" ||
    (body.kind === "file" && body.format === "csv");
  return csv ? "text/csv" : "application/x-npy";
}

/** Typed access to the API. */
export interface ApiClient {
  methods(): Promise<MethodsResponse>;
  /** Fits `body`; `signal` abandons the request. */
  fit(
    body: FitBody,
    params: FitParams,
    signal?: AbortSignal,
  ): Promise<FitResponse>;
  /** Starts a data set of d columns (`POST /api/datasets`). */
  createDataset(body: DatasetCreateBody): Promise<DatasetCreated>;
  getDataset(id: string): Promise<DatasetView>;
  /**
   * Adds NPY rows to a data set; a retry with the same `idempotencyKey`
   * counts the chunk once.
   */
  addDatasetChunk(
    id: string,
    ownerToken: string,
    idempotencyKey: string,
    npy: Uint8Array<ArrayBuffer>,
    signal?: AbortSignal,
  ): Promise<DatasetChunkAnswer>;
  deleteDataset(id: string, ownerToken: string): Promise<void>;
  createRun(spec: RunSpec): Promise<RunCreated>;
  getRun(id: string): Promise<RunRecord>;
  /** The runs of these owner tokens (this browser's), newest first. */
  listRuns(
    limit: number,
    cursor?: string | null,
    tokens?: readonly string[],
  ): Promise<RunPage>;
  deleteRun(id: string, ownerToken: string): Promise<void>;
  /** Server-sent progress of a run; returns a function that stops listening. */
  watchRun(id: string, onEvent: (event: RunEvent) => void): () => void;
}

/** What a progress stream reports. */
export interface RunEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** The event names a run's progress stream may use. */
export const RUN_EVENT_TYPES = [
  "message",
  "progress",
  "status",
  "done",
  "failed",
  "deleted",
  "error",
] as const;

/** Turns a non-2xx response into an `ApiError` with the API's message. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let code = "http_" + res.status;
  let message = `The server answered ${res.status} ${res.statusText}`.trim();
  try {
    const body = await res.json();
    const err = body?.error;
    if (err && typeof err === "object") {
      if (typeof err.message === "string") message = err.message;
      if (typeof err.code === "string") code = err.code;
    } else if (typeof err === "string") {
      message = err;
    } else if (typeof body?.message === "string") {
      message = body.message;
    }
  } catch {
    // Not JSON: keep the status line.
  }
  const retryAfter = Number(res.headers.get("retry-after") ?? NaN);
  return Number.isFinite(retryAfter) && retryAfter >= 0
    ? new ApiError(res.status, code, message, retryAfter)
    : new ApiError(res.status, code, message);
}

/** Options of `createApiClient`. */
export interface ApiClientOptions {
  /** Prefix of every path, e.g. "" for the same origin. @default "" */
  readonly baseUrl?: string;
  /** The fetch to use (tests pass a fake). @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** The EventSource constructor to use. @default globalThis.EventSource */
  readonly eventSource?: typeof EventSource;
}

/** An `ApiClient` over `fetch` and `EventSource`. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const base = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((...a) => globalThis.fetch(...a));

  async function call<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await doFetch(base + path, init);
    if (!res.ok) throw await errorFromResponse(res);
    if (res.status === 204) return undefined as T;
    return await res.json() as T;
  }

  return {
    methods: () => call<MethodsResponse>("/api/methods"),
    fit(body, params, signal) {
      const query = fitQuery(body, params).toString();
      if (body.kind === "dataset") {
        return call<FitResponse>(
          `/api/datasets/${encodeURIComponent(body.id)}/fit?${query}`,
          { method: "POST", ...(signal ? { signal } : {}) },
        );
      }
      const path = query ? `/api/fit?${query}` : "/api/fit";
      if (body.kind === "matrix") {
        return call<FitResponse>(path, {
          method: "POST",
          ...(signal ? { signal } : {}),
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            samples: body.samples,
            method: params.method,
            seed: params.seed,
            options: params.options ?? {},
            ...(params.bootstrap ? { bootstrap: params.bootstrap } : {}),
            ...analyses(params),
            ...(params.truth ? { truth: params.truth } : {}),
          }),
        });
      }
      return call<FitResponse>(path, {
        method: "POST",
        ...(signal ? { signal } : {}),
        headers: { "content-type": bodyType(body) },
        body: body.kind === "csv"
          ? body.text
          : body.kind === "file"
          ? body.file
          : body.bytes,
      });
    },
    createDataset: (body) =>
      call<DatasetCreated>("/api/datasets", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    getDataset: (id) =>
      call<DatasetView>(`/api/datasets/${encodeURIComponent(id)}`),
    addDatasetChunk: (id, ownerToken, idempotencyKey, npy, signal) =>
      call<DatasetChunkAnswer>(
        `/api/datasets/${encodeURIComponent(id)}/chunks`,
        {
          method: "POST",
          ...(signal ? { signal } : {}),
          headers: {
            "content-type": "application/x-npy",
            authorization: `Bearer ${ownerToken}`,
            // contract/datasets.ts's IDEMPOTENCY_KEY_HEADER (not imported:
            // that module would bring zod into the bundle).
            "idempotency-key": idempotencyKey,
          },
          body: npy,
        },
      ),
    deleteDataset: (id, ownerToken) =>
      call<void>(`/api/datasets/${encodeURIComponent(id)}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${ownerToken}` },
      }),
    createRun: (spec) =>
      call<RunCreated>("/api/runs", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(spec),
      }),
    getRun: (id) => call<RunRecord>(`/api/runs/${encodeURIComponent(id)}`),
    listRuns(limit, cursor, tokens = []) {
      const query = new URLSearchParams({ limit: String(limit) });
      if (cursor) query.set("cursor", cursor);
      if (tokens.length === 0) {
        return Promise.resolve({ runs: [], cursor: null });
      }
      return call<RunPage>(`/api/runs?${query}`, {
        headers: { authorization: `Bearer ${tokens.join(", ")}` },
      });
    },
    deleteRun: (id, ownerToken) =>
      call<void>(`/api/runs/${encodeURIComponent(id)}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${ownerToken}` },
      }),
    watchRun(id, onEvent) {
      const Source = options.eventSource ?? globalThis.EventSource;
      const source = new Source(
        `${base}/api/runs/${encodeURIComponent(id)}/events`,
      );
      const handle = (type: string) => (e: Event) => {
        const raw = (e as MessageEvent).data;
        if (typeof raw !== "string") {
          // A connection error (no data): let the caller fall back to polling.
          if (type === "error") onEvent({ type: "connection-error", data: {} });
          return;
        }
        let data: Record<string, unknown> = {};
        try {
          data = JSON.parse(raw);
        } catch {
          data = { text: raw };
        }
        onEvent({ type, data });
      };
      for (const type of RUN_EVENT_TYPES) {
        source.addEventListener(type, handle(type));
      }
      return () => source.close();
    },
  };
}
