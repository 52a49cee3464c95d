/**
 * `/api/datasets`: a data set sent in chunks, to one server or to many that
 * share one KV (processes on one SQLite file, isolates on Deno Deploy), and
 * fitted from its chunks' merged statistics.
 *
 * - `POST /api/datasets` creates one (d, optional column names) and answers
 *   its owner token once.
 * - `POST /api/datasets/{id}/chunks` adds rows (CSV or NPY, each chunk
 *   within the body limit) with `Authorization: Bearer <ownerToken>` and an
 *   `Idempotency-Key`: the chunk is read, checked and summarised (its
 *   first-pass statistics) in a job, then stored under its own key in one
 *   atomic commit (see `store/dataset_store.ts`). A retry with the same key
 *   and body answers the same and adds nothing; the same key with another
 *   body is refused (422); while the first request with a key is still at
 *   work, a retry is answered 409 with `Retry-After`. Following the IETF
 *   draft "The Idempotency-Key HTTP Header Field"
 *   (draft-ietf-httpapi-idempotency-key-header): 400 without the header,
 *   422 for a key reused with another payload, 409 for a key in use.
 * - `GET /api/datasets/{id}` shows its size and limits.
 * - `POST /api/datasets/{id}/fit` fits it as `POST /api/fit` would fit all
 *   its rows: each pass the method needs reads the chunks in seq order, one
 *   at a time, in jobs, and merges their statistics (`core/stats`); the
 *   first pass starts from the statistics each chunk stored on arrival when
 *   the method's first pass asks for the same parts. The fit is stored as a
 *   fit run (cached by the chunks' checksums and the request), so its id
 *   works with `POST /api/sample` and `GET /api/runs/{id}`.
 * - `DELETE /api/datasets/{id}` removes it, its chunks and their blobs.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  DatasetChunkAnswer,
  DatasetCreateBody,
  DatasetCreated,
  DatasetFitAnswer,
  datasetFitQuery,
  DatasetView,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from "../../contract/datasets.ts";
import {
  datasetChunkCost,
  datasetFitCost,
  fitRefusal,
  type RequestCost,
} from "../../core/cost/mod.ts";
import { RESERVED_OPTION_NAMES } from "../../core/estimators/define.ts";
import {
  fitRequestOf,
  type PreparedFit,
  prepareFit,
} from "../../core/estimators/prepare.ts";
import { FitRequestError } from "../../core/estimators/errors.ts";
import { csvMaxRows, npyShape } from "../../core/formats/shape.ts";
import { hasNpyMagic } from "../../core/formats/npy.ts";
import {
  sameFirstPass,
  statsMethods,
  type StatsPlan,
  statsPlan,
} from "../../core/stats/mod.ts";
import { bodyBytes } from "../http/body.ts";
import { refuse } from "../http/cost_limits.ts";
import { ApiError } from "../http/errors.ts";
import { mediaType, prepareOrAnswer } from "../http/parse_body.ts";
import {
  acceptBody,
  errorAnswers,
  jsonAnswer,
  type RouteApp,
  routeApp,
} from "../openapi/route_app.ts";
import { BlobDamagedError, sha256Hex } from "../store/blob.ts";
import type {
  ChunkRecord,
  DatasetRecord,
  DatasetStore,
} from "../store/dataset_store.ts";
import { datasetFitDigest } from "../store/fit_cache_key.ts";
import { tableBodyContent } from "./fit.ts";
import {
  hashOwnerToken,
  newOwnerToken,
  ownerTokenMatches,
} from "../store/owner_token.ts";
import { ResultTooLargeError } from "../store/result_too_large.ts";
import { parseRunId } from "../store/run_id.ts";
import { CHUNK_STATS_REQUEST } from "../workers/jobs.ts";
import type { ApiContext, ApiLimits } from "./_context.ts";
import { joinChunks, jsonObjectChunks } from "../store/json_splice.ts";

/** The security scheme of the owner token (registered by the runs routes). */
const OWNER_TOKEN = "ownerToken";

const datasetId = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" } }),
});

/** The chunk media types, by the format they carry. */
const CHUNK_FORMATS: Readonly<Record<string, "csv" | "npy">> = {
  "text/csv": "csv",
  "application/csv": "csv",
  "application/x-npy": "npy",
  "application/octet-stream": "npy",
};

const chunkBodyContent = tableBodyContent(
  {
    description:
      "Rows of d numbers; an optional header, which must name the data set's columns in order when it was created with names",
    example: "rain,wind\n0,1.2\n0.7,0\n",
  },
  "n x d",
);

const createDatasetRoute = createRoute({
  method: "post",
  path: "/",
  operationId: "createDataset",
  tags: ["datasets"],
  summary: "Create a data set to send in chunks",
  middleware: [acceptBody(["application/json"])],
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: DatasetCreateBody } },
    },
  },
  responses: {
    201: {
      ...jsonAnswer(DatasetCreated, "Created"),
      headers: {
        Location: {
          description: "The data set: /api/datasets/{id}",
          schema: { type: "string" },
        },
      },
    },
    ...errorAnswers(400, 413, 415, 422, 429),
  },
});

const addChunkRoute = createRoute({
  method: "post",
  path: "/{id}/chunks",
  operationId: "addDatasetChunk",
  tags: ["datasets"],
  summary: "Add a chunk of rows (CSV or NPY) to a data set",
  description:
    `Needs Authorization: Bearer <ownerToken> (401 without, 403 for another token) and ${IDEMPOTENCY_KEY_HEADER}: a key of the client's choosing, unique per chunk (400 without). A retry with the same key and body answers the same (with ${IDEMPOTENT_REPLAYED_HEADER}: true) and adds no rows, on whichever server it arrives; the same key with another body is answered 422; a retry while the first request is still at work is answered 409 with Retry-After. Each row must have d non-negative finite numbers (422 naming the row and column). Each chunk is one body within the body limit (413 beyond), and the data set's chunks and bytes are capped (413 beyond).`,
  security: [{ [OWNER_TOKEN]: [] }],
  middleware: [acceptBody(Object.keys(chunkBodyContent))],
  request: {
    params: datasetId,
    headers: z.object({
      "idempotency-key": z.string().optional().openapi({
        description:
          `Names the chunk, 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters (e.g. a UUID, or the file name and chunk number); required`,
        example: "rain-2026.csv#3",
      }),
    }),
    body: {
      description: "The rows, in one of these media types",
      content: chunkBodyContent,
    },
  },
  responses: {
    201: {
      ...jsonAnswer(DatasetChunkAnswer, "Stored (or stored before)"),
      headers: {
        [IDEMPOTENT_REPLAYED_HEADER]: {
          description:
            "true when the chunk was stored by an earlier request with the same key",
          schema: { type: "string" },
        },
      },
    },
    ...errorAnswers(400, 401, 403, 404, 409, 413, 415, 422, 429, 503, 504),
  },
});

const getDatasetRoute = createRoute({
  method: "get",
  path: "/{id}",
  operationId: "getDataset",
  tags: ["datasets"],
  summary: "A data set's size, limits and expiry",
  request: { params: datasetId },
  responses: {
    200: jsonAnswer(DatasetView, "The data set"),
    ...errorAnswers(404),
  },
});

const fitDatasetRoute = (ctx: ApiContext) =>
  createRoute({
    method: "post",
    path: "/{id}/fit",
    operationId: "fitDataset",
    tags: ["datasets"],
    summary: "Fit a data set from its chunks' merged statistics",
    description:
      `The same answer as POST /api/fit with all the rows (to the rounding of sums merged chunk by chunk), with the same query options but the reading settings. Methods: ${
        statsMethods(ctx.registry).join(", ")
      }; bootstrap and check need the rows in memory and are answered 422. Chunks are merged in the order they were stored, so the fit is reproducible; the fit is stored as a fit run and cached.`,
    request: { params: datasetId, query: datasetFitQuery(ctx.registry) },
    responses: {
      200: jsonAnswer(DatasetFitAnswer, "The fit"),
      ...errorAnswers(404, 413, 422, 429, 503, 504),
    },
  });

const deleteDatasetRoute = createRoute({
  method: "delete",
  path: "/{id}",
  operationId: "deleteDataset",
  tags: ["datasets"],
  summary: "Delete a data set, its chunks and their stored rows",
  security: [{ [OWNER_TOKEN]: [] }],
  request: { params: datasetId },
  responses: {
    204: { description: "Deleted" },
    ...errorAnswers(401, 403, 404, 429),
  },
});

function notFound(id: string): ApiError {
  return new ApiError(
    404,
    "not_found",
    `No data set with id "${id.length > 40 ? id.slice(0, 40) + "…" : id}"`,
  );
}

/** The id in the path, or 404 for anything that cannot be one (no KV call). */
function pathId(raw: string): string {
  const id = parseRunId(raw);
  if (id === null) throw notFound(raw);
  return id;
}

/** The bearer token of the request; 401 without one. */
function bearerToken(c: Context, action: string): string {
  const auth = c.req.header("authorization") ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  if (token === undefined) {
    throw new ApiError(
      401,
      "unauthorized",
      `${action} needs Authorization: Bearer <ownerToken>, the token answered when the data set was created`,
      { headers: { "WWW-Authenticate": 'Bearer realm="datasets"' } },
    );
  }
  return token;
}

/** 403 unless `token` is the data set's owner token. */
async function checkOwner(
  record: DatasetRecord,
  token: string,
  action: string,
): Promise<void> {
  if (!(await ownerTokenMatches(token, record.ownerTokenHash))) {
    throw new ApiError(
      403,
      "forbidden",
      `${action} needs the owner token of the data set's creator; this one is not it`,
    );
  }
}

async function liveDataset(
  datasets: DatasetStore,
  id: string,
): Promise<DatasetRecord> {
  const record = await datasets.get(id);
  if (record === null) throw notFound(id);
  return record;
}

/**
 * `read()`, or 404 when it fails because the data set was deleted (or
 * expired) while it read.
 */
async function goneMeanwhile<T>(
  datasets: DatasetStore,
  id: string,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof BlobDamagedError && (await datasets.get(id)) === null) {
      throw notFound(id);
    }
    throw e;
  }
}

/** The column names of a data set (x1 … xd unless named). */
function columnsOf(record: DatasetRecord): readonly string[] {
  return record.names ??
    Array.from({ length: record.d }, (_, j) => `x${j + 1}`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** What a stored chunk answers, first time and on every retry. */
function chunkAnswer(id: string, chunk: ChunkRecord): DatasetChunkAnswer {
  return {
    id,
    seq: chunk.seq,
    rows: chunk.rows,
    bytes: chunk.bytes,
    n: chunk.n,
    chunks: chunk.chunks,
  };
}

/** The 422 answer to a key reused with another body. */
function keyReused(key: string): ApiError {
  return new ApiError(
    422,
    "idempotency_key_reused",
    `Cannot add the chunk: ${IDEMPOTENCY_KEY_HEADER} "${key}" was used for a chunk with another body; send each chunk with a key of its own, and a retry with the same body`,
  );
}

/** The 409 answer while another request stores the chunk of `key`. */
function inProgress(key: string): ApiError {
  return new ApiError(
    409,
    "chunk_in_progress",
    `Cannot add the chunk yet: a request with ${IDEMPOTENCY_KEY_HEADER} "${key}" is still being processed; retry in a moment for its answer`,
    { headers: { "Retry-After": "1" } },
  );
}

/** The 413 answers to a data set at its caps. */
function capRefusal(
  kind: "too_many_chunks" | "too_many_bytes",
  record: DatasetRecord,
  limits: ApiLimits,
  chunkBytes?: number,
): ApiError {
  if (kind === "too_many_chunks") {
    return new ApiError(
      413,
      "too_many_chunks",
      `Cannot add the chunk: the data set has ${record.chunks} chunks, the limit of ${limits.maxDatasetChunks}; send larger chunks, or a new data set`,
    );
  }
  return new ApiError(
    413,
    "dataset_too_large",
    `Cannot add the chunk: the data set holds ${record.bytes} bytes of rows${
      chunkBytes === undefined ? "" : ` and this chunk ${chunkBytes} more`
    }, over the limit of ${limits.maxDatasetBytes} (8 bytes per entry); start a new data set`,
  );
}

/**
 * The chunk's price before parsing: NPY rows from its header (exact), CSV
 * rows at most what its bytes can hold.
 */
function priceChunk(
  format: "csv" | "npy",
  body: Uint8Array,
  record: DatasetRecord,
  limits: ApiLimits,
): RequestCost {
  const { d } = record;
  if (format === "npy") {
    const shape = npyShape(body);
    if (shape.d !== d) {
      throw new ApiError(
        422,
        "invalid_samples",
        `Cannot add the chunk: its rows have ${shape.d} columns, the data set has ${d}`,
      );
    }
    const bytes = 8 * shape.n * d;
    if (record.bytes + bytes > limits.maxDatasetBytes) {
      throw capRefusal("too_many_bytes", record, limits, bytes);
    }
    return refusingChunk(shape, datasetChunkCost(shape, format), limits);
  }
  // At most the rows its bytes can hold: 2 bytes per entry (a digit and a
  // comma); the body limit keeps this within the work budget by default.
  const shape = { n: csvMaxRows(body.length, d), d };
  return refusingChunk(shape, datasetChunkCost(shape, format), limits);
}

/** `cost`, unless it is over the work or memory of one fit (413). */
function refusingChunk(
  shape: { n: number; d: number },
  cost: RequestCost,
  limits: ApiLimits,
): RequestCost {
  refuse(fitRefusal(shape, cost, {
    maxEntries: Infinity,
    maxD: limits.maxFitD,
    maxWork: limits.maxFitWork,
    maxMemoryBytes: limits.maxFitMemoryBytes,
  }, "Cannot add the chunk"));
  return cost;
}

/** The fit request of a dataset fit's query string (reading settings refused). */
function fitQueryOf(c: Context, ctx: ApiContext) {
  const query = c.req.query();
  for (const name of ["columns", "na", "index"]) {
    if (name in query) {
      throw new ApiError(
        422,
        "invalid_request",
        `Cannot fit the data set: "${name}" is a reading setting, and a data set's columns are fixed when it is created`,
      );
    }
  }
  const options: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!RESERVED_OPTION_NAMES.includes(name)) options[name] = value;
  }
  return prepareOrAnswer({ ...query, options }, ctx.registry);
}

/**
 * The plan of a data set's fit; a fit that needs the rows themselves (its
 * method, a bootstrap, a check) is answered 422 `needs_rows` naming what
 * works, a rank above d 422 `invalid_request`.
 */
function planOrAnswer(prepared: PreparedFit, d: number): StatsPlan {
  try {
    return statsPlan(prepared, d);
  } catch (e) {
    if (!(e instanceof FitRequestError)) throw e;
    throw new ApiError(
      422,
      e.field === "rank" ? "invalid_request" : "needs_rows",
      e.message,
    );
  }
}

/** The datasets sub-app, mounted at `/api/datasets`. */
export function datasetsRoutes(ctx: ApiContext): RouteApp {
  const app = routeApp();
  const { datasets, limits } = ctx;
  // The plan whose first pass each chunk stores (the default fit's).
  const storedPlan = (d: number) =>
    statsPlan(prepareFit(CHUNK_STATS_REQUEST, ctx.registry), d);

  app.openapi(createDatasetRoute, async (c) => {
    const body = c.req.valid("json");
    if (body.d > limits.maxFitD) {
      throw new ApiError(
        422,
        "dimension_too_large",
        `Cannot create the data set: d = ${body.d} exceeds the limit of ${limits.maxFitD} coordinates; send fewer columns`,
      );
    }
    const ownerToken = newOwnerToken();
    const record = await datasets.create({
      d: body.d,
      names: body.names ?? null,
      ownerTokenHash: await hashOwnerToken(ownerToken),
    });
    c.header("Location", `/api/datasets/${record.id}`);
    return c.json({
      id: record.id,
      ownerToken,
      d: record.d,
      ...(record.names === null ? {} : { names: [...record.names] }),
      expiresAt: iso(record.expiresAt),
    }, 201);
  });

  app.openapi(addChunkRoute, async (c) => {
    const id = pathId(c.req.valid("param").id);
    const action = "Adding a chunk";
    const token = bearerToken(c, action);
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
    if (
      key === undefined || key.length === 0 ||
      key.length > MAX_IDEMPOTENCY_KEY_LENGTH
    ) {
      throw new ApiError(
        400,
        "missing_idempotency_key",
        `Adding a chunk needs an ${IDEMPOTENCY_KEY_HEADER} header of 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters, unique per chunk, so that a retried chunk counts once`,
      );
    }
    const record = await liveDataset(datasets, id);
    await checkOwner(record, token, action);
    const format = CHUNK_FORMATS[mediaType(c)]!;
    const body = await bodyBytes(c);
    if (format === "npy" && !hasNpyMagic(body)) {
      throw new ApiError(
        415,
        "unsupported_media_type",
        "The body is not an NPY file (no \\x93NUMPY magic); send text/csv or application/x-npy",
      );
    }
    const [bodySha256, keyHash] = await Promise.all([
      sha256Hex(body),
      sha256Hex(key),
    ]);
    const replay = (chunk: ChunkRecord) => {
      if (chunk.bodySha256 !== bodySha256) throw keyReused(key);
      c.header(IDEMPOTENT_REPLAYED_HEADER, "true");
      return c.json(chunkAnswer(id, chunk), 201);
    };
    // A retry of a stored chunk is answered before any cap or price.
    const before = await datasets.chunkByKey(id, keyHash);
    if (before !== null) return replay(before);
    if (record.chunks >= limits.maxDatasetChunks) {
      throw capRefusal("too_many_chunks", record, limits);
    }
    if (record.bytes >= limits.maxDatasetBytes) {
      throw capRefusal("too_many_bytes", record, limits);
    }
    const cost = priceChunk(format, body, record, limits);
    const claimed = await datasets.claim(record, keyHash, bodySha256);
    if (claimed.kind === "stored") return replay(claimed.chunk);
    if (claimed.kind === "busy") {
      if (!claimed.sameBody) throw keyReused(key);
      throw inProgress(key);
    }
    const { claim } = claimed;
    let read;
    try {
      read = await ctx.jobs.run("datasetChunk", {
        format,
        body,
        columns: columnsOf(record),
        named: record.names !== null,
      }, { work: cost.totalWork });
    } catch (e) {
      await datasets.release(claim);
      throw e;
    }
    const outcome = await datasets.commit(claim, read, {
      maxChunks: limits.maxDatasetChunks,
      maxBytes: limits.maxDatasetBytes,
    });
    switch (outcome.kind) {
      case "stored":
        return c.json(chunkAnswer(id, outcome.chunk), 201);
      case "taken":
        return replay(outcome.chunk);
      case "gone":
        throw notFound(id);
      case "lost":
        throw inProgress(key);
      default:
        throw capRefusal(
          outcome.kind,
          outcome.record,
          limits,
          8 * read.rows * record.d,
        );
    }
  });

  app.openapi(getDatasetRoute, async (c) => {
    const record = await liveDataset(
      datasets,
      pathId(c.req.valid("param").id),
    );
    return c.json({
      id: record.id,
      d: record.d,
      ...(record.names === null ? {} : { names: [...record.names] }),
      n: record.n,
      chunks: record.chunks,
      bytes: record.bytes,
      maxChunks: limits.maxDatasetChunks,
      maxBytes: limits.maxDatasetBytes,
      methods: statsMethods(ctx.registry),
      createdAt: iso(record.createdAt),
      expiresAt: iso(record.expiresAt),
    }, 200);
  });

  app.openapi(fitDatasetRoute(ctx), async (c) => {
    const started = performance.now();
    const id = pathId(c.req.valid("param").id);
    const prepared = fitQueryOf(c, ctx);
    const record = await liveDataset(datasets, id);
    const { d, n } = record;
    const plan = planOrAnswer(prepared, d);
    if (n === 0) {
      throw new ApiError(
        422,
        "empty_dataset",
        `Cannot fit the data set: it has no rows yet; add chunks with POST /api/datasets/${id}/chunks`,
      );
    }
    const chunks = await goneMeanwhile(
      datasets,
      id,
      () => datasets.chunks(record),
    );
    const maxChunkRows = Math.max(...chunks.map((ch) => ch.rows));
    const cost = datasetFitCost(
      { n, d, maxChunkRows, passes: plan.passes },
      prepared,
    );
    refuse(fitRefusal({ n, d }, cost, {
      maxEntries: Infinity,
      maxD: limits.maxFitD,
      maxWork: limits.maxDatasetFitWork,
      maxMemoryBytes: limits.maxFitMemoryBytes,
      maxAnswerBytes: limits.maxResultBytes,
    }, "Cannot fit the data set"));
    const columns = columnsOf(record);
    const digest = await datasetFitDigest(prepared, { columns, chunks });
    const request = fitRequestOf(prepared);
    const ownerToken = newOwnerToken();
    const { method: _m, seed: _s, options: _o, bootstrap: _b, ...rank } =
      request;
    let outcome;
    try {
      outcome = await ctx.store.createFitRun({
        ownerTokenHash: await hashOwnerToken(ownerToken),
        input: {
          method: prepared.estimator.name,
          seed: prepared.seed,
          options: prepared.options,
          n,
          d,
          dataset: id,
          ...rank,
        },
        digest,
        compute: () =>
          collectAndFit(ctx, {
            plan,
            chunks,
            columns,
            reuseFirstPass: sameFirstPass(storedPlan(d), plan),
            workPerRow: cost.totalWork / n / plan.passes,
          }),
      });
    } catch (e) {
      if (e instanceof ResultTooLargeError) {
        throw new ApiError(413, e.code, e.message);
      }
      if (e instanceof BlobDamagedError && (await datasets.get(id)) === null) {
        throw notFound(id);
      }
      throw e;
    }
    // The stored answer joined with this request's fields, not parsed.
    const answer = jsonObjectChunks([
      JSON.stringify({
        id: outcome.record.id,
        ownerToken,
        cached: outcome.cached,
      }),
      outcome.result,
      JSON.stringify({
        dataset: { id, n, chunks: record.chunks },
        elapsedMs: performance.now() - started,
      }),
    ]);
    return c.body(joinChunks(answer), 200, {
      "Content-Type": "application/json",
    }) as never;
  });

  app.openapi(deleteDatasetRoute, async (c) => {
    const id = pathId(c.req.valid("param").id);
    const action = "Deleting a data set";
    const token = bearerToken(c, action);
    const record = await liveDataset(datasets, id);
    await checkOwner(record, token, action);
    if (!(await datasets.delete(id))) throw notFound(id);
    return c.body(null, 204);
  });

  return app;
}

/** What a data set's fit reads. */
interface CollectSettings {
  readonly plan: StatsPlan;
  /** In seq order. */
  readonly chunks: readonly ChunkRecord[];
  readonly columns: readonly string[];
  /** Start pass 0 from each chunk's stored statistics. */
  readonly reuseFirstPass: boolean;
  /** The fit's priced work per row and pass, for the job runner. */
  readonly workPerRow: number;
}

/**
 * Each pass of `plan` over the chunks in seq order, one chunk per job (so a
 * pass holds one chunk's rows and the statistics merged so far), then the
 * fit from the last pass's statistics, as the answer's JSON text.
 */
async function collectAndFit(
  ctx: ApiContext,
  settings: CollectSettings,
): Promise<string> {
  const started = performance.now();
  const { plan, chunks, columns, reuseFirstPass, workPerRow } = settings;
  const request = fitRequestOf(plan.prepared);
  let earlier: Uint8Array | null = null;
  for (let pass = 0; pass < plan.passes; pass++) {
    let merged: Uint8Array | null = null;
    let firstRow = 0;
    for (const chunk of chunks) {
      const reuse = pass === 0 && reuseFirstPass;
      const bytes = await ctx.datasets.readChunkBlob(
        reuse ? chunk.statsBlob : chunk.rowsBlob,
      );
      ({ merged } = await ctx.jobs.run("datasetStats", {
        request,
        d: plan.d,
        pass,
        // A copy: a worker pool takes over the buffers it is sent.
        earlier: earlier === null ? null : earlier.slice(),
        merged,
        chunk: reuse ? { firstPass: bytes } : { rows: bytes },
        firstRow,
      }, { work: workPerRow * chunk.rows }));
      firstRow += chunk.rows;
    }
    earlier = merged;
  }
  const { answer } = await ctx.jobs.run("statsFit", {
    request,
    stats: earlier!,
    columns,
    collectMs: performance.now() - started,
  }, { work: workPerRow });
  return answer;
}
