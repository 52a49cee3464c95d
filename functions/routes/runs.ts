/**
 * `/api/runs`: start experiments, list runs (fits and experiments), read
 * one, follow its progress as server-sent events, delete it.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import { experimentCost, experimentRefusal } from "../../core/cost/mod.ts";
import {
  type ExperimentSpec,
  validateExperimentSpec,
} from "../../core/experiments/run.ts";
import { experimentBudget, refuse } from "../http/cost_limits.ts";
import {
  RunBody,
  RunCreated,
  RunEventData,
  RunPage,
  type RunSummary,
  RunView,
} from "../../contract/runs.ts";
import { ApiError } from "../http/errors.ts";
import {
  acceptBody,
  errorAnswers,
  jsonAnswer,
  type RouteApp,
  routeApp,
} from "../openapi/route_app.ts";
import {
  hashOwnerToken,
  newOwnerToken,
  ownerTokenMatches,
  ownerTokensFromAuthorization,
} from "../store/owner_token.ts";
import { parseRunId } from "../store/run_id.ts";
import { clientKey } from "../http/client_key.ts";
import { StreamSlots } from "../http/stream_slots.ts";
import type { RunRecord } from "../store/run_store.ts";
import type { ApiContext } from "./_context.ts";
import { chunkStream, jsonObjectChunks } from "../store/json_splice.ts";

/** The security scheme of the requests that need a run's owner token. */
const OWNER_TOKEN = "ownerToken";

const runId = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" } }),
});

const createRunRoute = createRoute({
  method: "post",
  path: "/",
  operationId: "createRun",
  tags: ["runs"],
  summary: "Start an experiment (runs in the background)",
  middleware: [acceptBody(["application/json"])],
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: RunBody } },
    },
  },
  responses: {
    202: {
      ...jsonAnswer(RunCreated, "Queued"),
      headers: {
        Location: {
          description: "The run: /api/runs/{id}",
          schema: { type: "string" },
        },
      },
    },
    ...errorAnswers(400, 413, 415, 422, 429),
  },
});

const listRunsRoute = createRoute({
  method: "get",
  path: "/",
  operationId: "listRuns",
  tags: ["runs"],
  summary: "List runs, newest first",
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20).openapi({
        description: "Runs per page, 1 to 100",
      }),
      cursor: z.string().optional().openapi({
        description: "From the previous page",
      }),
    }),
  },
  responses: {
    200: jsonAnswer(RunPage, "One page"),
    ...errorAnswers(422),
  },
});

const getRunRoute = createRoute({
  method: "get",
  path: "/{id}",
  operationId: "getRun",
  tags: ["runs"],
  summary: "A run with its progress and, once done, its result",
  request: { params: runId },
  responses: { 200: jsonAnswer(RunView, "The run"), ...errorAnswers(404) },
});

const runEventsRoute = createRoute({
  method: "get",
  path: "/{id}/events",
  operationId: "runEvents",
  tags: ["runs"],
  summary:
    "Progress as server-sent events; the stream ends when the run is done or failed",
  request: { params: runId },
  responses: {
    200: {
      description:
        'Events whose data is RunEventData, on every change; "deleted" if the run is deleted meanwhile',
      content: { "text/event-stream": { schema: RunEventData } },
    },
    ...errorAnswers(404),
  },
});

const deleteRunRoute = createRoute({
  method: "delete",
  path: "/{id}",
  operationId: "deleteRun",
  tags: ["runs"],
  summary: "Delete a run with the owner token of its creator",
  security: [{ [OWNER_TOKEN]: [] }],
  request: { params: runId },
  responses: {
    204: { description: "Deleted" },
    ...errorAnswers(403, 404, 429),
  },
});

/** Maps either request form onto the core experiment spec. */
export function toExperimentSpec(body: RunBody): unknown {
  if ("sweep" in body) return body;
  const values = body.ns ?? (body.n !== undefined ? [body.n] : undefined);
  if (values === undefined) {
    throw new ApiError(
      422,
      "invalid_request",
      `Cannot start the run: give "n" or "ns"`,
    );
  }
  return {
    sweep: "n",
    values,
    base: {
      d: body.d,
      ...(body.k !== undefined ? { k: body.k } : {}),
      n: values[0],
      kappa: body.kappa,
      bias: body.bias,
    },
    runs: body.runs,
    methods: body.methods,
    ...(body.seed !== undefined ? { seed: body.seed } : {}),
  };
}

/** A run as clients see it: no token hash, times as ISO strings. */
export function runView(record: RunRecord): RunSummary {
  return {
    id: record.id,
    kind: record.kind,
    status: record.status,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    progress: record.progress,
    input: { ...record.input },
    error: record.error,
  };
}

function notFound(id: string): ApiError {
  return new ApiError(
    404,
    "not_found",
    `No run with id "${id.length > 40 ? id.slice(0, 40) + "…" : id}"`,
  );
}

/** The run id in the path, or 404 for anything that cannot be one. */
function pathId(raw: string): string {
  const id = parseRunId(raw);
  if (id === null) throw notFound(raw);
  return id;
}

const FINISHED = new Set(["done", "failed"]);

/** Clients whose experiments are tracked at most; the oldest are forgotten. */
const MAX_TRACKED_CLIENTS = 10_000;

/**
 * Experiments per client that are queued or running, at most
 * `maxRunsPerClient` (429 beyond), so one client cannot fill the queue that
 * every experiment waits in. Counted in this process, from the runs it
 * accepted, each looked up again when the client asks for another.
 */
class RunQuota {
  readonly #ctx: ApiContext;
  readonly #byClient = new Map<string, string[]>();

  constructor(ctx: ApiContext) {
    this.#ctx = ctx;
  }

  /**
   * Counts `client`'s unfinished runs and takes a place for run `id`.
   * @throws {ApiError} 429 `too_many_runs` when the client has its fill.
   */
  async reserve(client: string, id: string): Promise<void> {
    const finished = new Set<string>();
    for (const known of this.#byClient.get(client) ?? []) {
      const record = await this.#ctx.store.get(known);
      if (record === null || FINISHED.has(record.status)) finished.add(known);
    }
    // No await from here to the reservation: a concurrent request of this
    // client sees this one.
    const current = (this.#byClient.get(client) ?? []).filter((x) =>
      !finished.has(x)
    );
    const max = this.#ctx.limits.maxRunsPerClient;
    if (current.length >= max) {
      this.#byClient.set(client, current);
      throw new ApiError(
        429,
        "too_many_runs",
        `Cannot start the run: this client has ${current.length} experiments queued or running, the limit of ${max}; wait for one to finish or delete one`,
        { headers: { "Retry-After": "10" } },
      );
    }
    this.#byClient.delete(client);
    this.#byClient.set(client, [...current, id]);
    if (this.#byClient.size > MAX_TRACKED_CLIENTS) {
      this.#byClient.delete(this.#byClient.keys().next().value!);
    }
  }

  /** Gives back the place of run `id` (it was never created). */
  release(id: string): void {
    for (const [client, ids] of this.#byClient) {
      if (ids.includes(id)) {
        this.#byClient.set(client, ids.filter((x) => x !== id));
      }
    }
  }
}

/** The runs sub-app, mounted at `/api/runs`. */
export function runsRoutes(ctx: ApiContext): RouteApp {
  const app = routeApp();
  app.openAPIRegistry.registerComponent("securitySchemes", OWNER_TOKEN, {
    type: "http",
    scheme: "bearer",
    description:
      "The ownerToken answered by the request that created the run (POST /api/fit or POST /api/runs)",
  });
  const streams = new StreamSlots(ctx.limits.maxEventStreams);
  const quota = new RunQuota(ctx);

  app.openapi(createRunRoute, async (c) => {
    const body = c.req.valid("json");
    const spec: ExperimentSpec = validateExperimentSpec(toExperimentSpec(body));
    const cost = experimentCost(spec, ctx.registry);
    refuse(experimentRefusal(cost, experimentBudget(ctx.limits)));
    const ownerToken = newOwnerToken();
    const id = crypto.randomUUID();
    await quota.reserve(clientKey(c, ctx.limits.trustForwardedFor), id);
    try {
      await ctx.store.create({
        id,
        kind: "experiment",
        status: "queued",
        ownerTokenHash: await hashOwnerToken(ownerToken),
        progress: { done: 0, total: cost.fits },
        input: spec as unknown as Record<string, unknown>,
        error: null,
        hasResult: false,
        cacheDigest: null,
      }, { enqueue: true });
    } catch (e) {
      quota.release(id);
      throw e;
    }
    c.header("Location", `/api/runs/${id}`);
    return c.json({ id, status: "queued" as const, ownerToken }, 202);
  });

  app.openapi(listRunsRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const cursorText = cursor || "0";
    const offset = Number(cursorText);
    if (!/^\d{1,3}$/.test(cursorText)) {
      throw new ApiError(
        422,
        "invalid_request",
        `Cannot list runs: bad cursor`,
      );
    }
    const owned = await ctx.store.listOwned(
      ownerTokensFromAuthorization(c.req.header("authorization")),
    );
    const end = offset + limit;
    return c.json({
      runs: owned.slice(offset, end).map(runView),
      cursor: end < owned.length ? String(end) : null,
    }, 200);
  });

  app.openapi(getRunRoute, async (c) => {
    const id = pathId(c.req.valid("param").id);
    const record = await ctx.store.get(id);
    if (record === null) throw notFound(id);
    const view: RunView = runView(record);
    const stored = record.hasResult
      ? await ctx.store.readResultBytes(id)
      : null;
    if (stored === null) return c.json(view, 200);
    // The stored result (up to MAX_RESULT_BYTES) goes out as the bytes it was
    // stored as, never parsed on the server's thread; its type cannot say so.
    return c.body(
      chunkStream(jsonObjectChunks([
        JSON.stringify(view),
        { name: "result", value: stored },
      ])),
      200,
      { "Content-Type": "application/json" },
    ) as never;
  });

  app.openapi(runEventsRoute, async (c) => {
    const id = pathId(c.req.valid("param").id);
    const first = await ctx.store.get(id);
    if (first === null) throw notFound(id);
    const release = streams.acquire(
      clientKey(c, ctx.limits.trustForwardedFor),
    );
    if (release === null) {
      throw new ApiError(
        429,
        "too_many_streams",
        `Too many open event streams from this client (at most ${ctx.limits.maxEventStreams}); close one first`,
      );
    }
    return streamSSE(c, async (stream) => {
      stream.onAbort(release);
      try {
        await follow(stream);
      } finally {
        release();
      }
    });
    async function follow(stream: SSEStreamingApi): Promise<void> {
      let record: RunRecord | null = first;
      let sent = "";
      let eventId = 0;
      while (!stream.aborted) {
        if (record === null) {
          await stream.writeSSE({
            event: "deleted",
            data: JSON.stringify({ id, status: "deleted" }),
          });
          return;
        }
        const data = JSON.stringify({
          id,
          status: record.status,
          progress: record.progress,
          error: record.error,
        });
        if (data !== sent) {
          await stream.writeSSE({ data, id: String(eventId++) });
          sent = data;
        }
        if (FINISHED.has(record.status)) return;
        // Polling at 5 Hz: matches how often the worker writes progress.
        await stream.sleep(200);
        record = await ctx.store.get(id);
      }
    }
  });

  app.openapi(deleteRunRoute, async (c) => {
    const id = pathId(c.req.valid("param").id);
    const record = await ctx.store.get(id);
    if (record === null) throw notFound(id);
    const auth = c.req.header("authorization") ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    if (
      token === undefined ||
      !(await ownerTokenMatches(token, record.ownerTokenHash))
    ) {
      throw new ApiError(
        403,
        "forbidden",
        "Deleting a run needs Authorization: Bearer <ownerToken> of its creator",
      );
    }
    await ctx.store.delete(record);
    return c.body(null, 204);
  });

  return app;
}
