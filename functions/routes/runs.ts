/**
 * `/api/runs`: start experiments, list runs (fits and experiments), read
 * one, follow its progress as server-sent events, delete it.
 *
 * @module
 */
import { Hono } from "hono";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import {
  type ExperimentSpec,
  validateExperimentSpec,
} from "../../core/experiments/run.ts";
import { ApiError } from "../http/errors.ts";
import { readJson, validate } from "../http/parse_body.ts";
import { RunBody } from "../openapi/schemas.ts";
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

type RunBodyValue = ReturnType<typeof RunBody.parse>;

/** Maps either request form onto the core experiment spec. */
export function toExperimentSpec(body: RunBodyValue): unknown {
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
export function runView(record: RunRecord): Record<string, unknown> {
  return {
    id: record.id,
    kind: record.kind,
    status: record.status,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    progress: record.progress,
    input: record.input,
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

/** The runs sub-app, mounted at `/api/runs`. */
export function runsRoutes(ctx: ApiContext): Hono {
  const app = new Hono();
  const streams = new StreamSlots(ctx.limits.maxEventStreams);

  app.post("/", async (c) => {
    const body = validate(RunBody, await readJson(c));
    const spec: ExperimentSpec = validateExperimentSpec(toExperimentSpec(body));
    const fits = spec.values.length * spec.runs * spec.methods.length;
    if (fits > ctx.limits.maxRunFits) {
      throw new ApiError(
        422,
        "run_too_large",
        `Cannot start the run: it needs ${fits} fits (values x runs x methods), more than the limit of ${ctx.limits.maxRunFits}`,
      );
    }
    const ownerToken = newOwnerToken();
    const id = crypto.randomUUID();
    await ctx.store.create({
      id,
      kind: "experiment",
      status: "queued",
      ownerTokenHash: await hashOwnerToken(ownerToken),
      progress: { done: 0, total: fits },
      input: spec as unknown as Record<string, unknown>,
      error: null,
      hasResult: false,
      cacheDigest: null,
    }, { enqueue: true });
    c.header("Location", `/api/runs/${id}`);
    return c.json({ id, status: "queued", ownerToken }, 202);
  });

  app.get("/", async (c) => {
    const limitText = c.req.query("limit") ?? "20";
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new ApiError(
        422,
        "invalid_request",
        `Cannot list runs: limit must be an integer from 1 to 100, got "${limitText}"`,
      );
    }
    const cursorText = c.req.query("cursor") || "0";
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
    });
  });

  app.get("/:id", async (c) => {
    const id = pathId(c.req.param("id"));
    const record = await ctx.store.get(id);
    if (record === null) throw notFound(id);
    const view = runView(record);
    if (record.hasResult) {
      const stored = await ctx.store.readResult(id);
      if (stored !== null) view.result = JSON.parse(stored);
    }
    return c.json(view);
  });

  app.get("/:id/events", async (c) => {
    const id = pathId(c.req.param("id"));
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

  app.delete("/:id", async (c) => {
    const id = pathId(c.req.param("id"));
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
