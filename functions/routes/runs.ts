/**
 * `/api/runs`: start experiments, list runs (fits and experiments), read
 * one, follow its progress as server-sent events, delete it.
 *
 * @module
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
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
} from "../store/owner_token.ts";
import type { RunRecord } from "../store/run_store.ts";
import type { ApiContext } from "./_context.ts";
import type { RunMessage } from "../workers/run_worker.ts";

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
  return new ApiError(404, "not_found", `No run with id "${id}"`);
}

const FINISHED = new Set(["done", "failed"]);

/** The runs sub-app, mounted at `/api/runs`. */
export function runsRoutes(ctx: ApiContext): Hono {
  const app = new Hono();

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
    });
    const message: RunMessage = { type: "run", id };
    await ctx.store.kv.enqueue(message);
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
    const cursor = c.req.query("cursor");
    let page;
    try {
      page = await ctx.store.list(limit, cursor || undefined);
    } catch {
      throw new ApiError(
        422,
        "invalid_request",
        `Cannot list runs: bad cursor`,
      );
    }
    return c.json({ runs: page.runs.map(runView), cursor: page.cursor });
  });

  app.get("/:id", async (c) => {
    const id = c.req.param("id");
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
    const id = c.req.param("id");
    const first = await ctx.store.get(id);
    if (first === null) throw notFound(id);
    return streamSSE(c, async (stream) => {
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
    });
  });

  app.delete("/:id", async (c) => {
    const id = c.req.param("id");
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
