/**
 * `POST /api/sample`: draw samples of ReLU(W z + b), from a given W and b or
 * from a stored fit (W = its rank-k factor when it was fitted with `rank`,
 * else its covariance factor; b = its b), with the fit's column names as the
 * CSV header and in the JSON answer.
 *
 * The request is priced first (d, k, n · d and the work of drawing and
 * writing the samples, see `core/cost/`): W's shape is known from the
 * body, a stored fit's d from its run record, so neither is read before
 * the price is accepted. The sampling and the answer's writing run through
 * `ctx.jobs` (in a worker under `main.ts`).
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { sampleCost, sampleRefusal } from "../../core/cost/mod.ts";
import { parseSampleSpec } from "../../core/formats/spec.ts";
import { SampleAnswer, SampleBody } from "../../contract/sample.ts";
import { refuse, sampleBudget } from "../http/cost_limits.ts";
import { ApiError } from "../http/errors.ts";
import {
  acceptBody,
  errorAnswers,
  type RouteApp,
  routeApp,
} from "../openapi/route_app.ts";
import type { SampleSource } from "../workers/jobs.ts";
import type { ApiContext } from "./_context.ts";

const sampleRoute = createRoute({
  method: "post",
  path: "/",
  operationId: "sample",
  tags: ["sample"],
  summary: "Draw samples of ReLU(W z + b)",
  middleware: [acceptBody(["application/json"])],
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: SampleBody } },
    },
  },
  responses: {
    200: {
      description: "Samples as JSON {samples}, CSV or NPY, per format",
      content: {
        "application/json": { schema: SampleAnswer },
        "text/csv": { schema: z.string() },
        "application/x-npy": {
          schema: z.string().openapi({ format: "binary" }),
        },
      },
    },
    ...errorAnswers(400, 404, 413, 415, 422, 429, 503, 504),
  },
});

/** The sample sub-app, mounted at `/api/sample`. */
export function sampleRoutes(ctx: ApiContext): RouteApp {
  const app = routeApp();
  app.openapi(sampleRoute, async (c) => {
    const body = c.req.valid("json");
    const format = body.format ?? "json";
    let source: SampleSource;
    let d: number;
    let k: number;
    if (body.fitId !== undefined) {
      if (body.W !== undefined || body.b !== undefined) {
        throw new ApiError(
          422,
          "invalid_request",
          `Cannot sample: give either "fitId" or "W" and "b", not both`,
        );
      }
      const record = await ctx.store.get(body.fitId);
      if (record?.kind !== "fit") throw noFit(body.fitId);
      // The fit's factor is d x d (m x m for a hidden layer, m ≤ d): priced
      // from the run's record, before its answer is read.
      d = k = Number(record.input.d);
      if (!Number.isSafeInteger(d)) throw noFit(body.fitId);
      price(ctx, body.n, d, k, format);
      const fit = await ctx.store.readResultBytes(body.fitId);
      if (fit === null) throw noFit(body.fitId);
      source = { fitId: body.fitId, fit };
    } else if (body.W !== undefined && body.b !== undefined) {
      d = body.W.length;
      k = body.W[0]?.length ?? 0;
      price(ctx, body.n, d, k, format);
      const { w, b } = parseSampleSpec({ W: body.W, b: body.b });
      source = { w, b };
    } else {
      throw new ApiError(
        422,
        "invalid_request",
        `Cannot sample: give "W" and "b", or "fitId"`,
      );
    }
    const work = sampleCost({ n: body.n, d, k, format }).totalWork;
    const out = await ctx.jobs.run("sample", {
      source,
      n: body.n,
      seed: body.seed ?? 0,
      format,
    }, { work });
    return c.body(out.body as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": out.contentType,
    });
  });
  return app;
}

/** 404 for an id that is no stored fit. */
function noFit(fitId: string): ApiError {
  return new ApiError(404, "not_found", `No stored fit with id "${fitId}"`);
}

/** Refuses sampling over the limits (d, k, n · d, work) before any work. */
function price(
  ctx: ApiContext,
  n: number,
  d: number,
  k: number,
  format: "json" | "csv" | "npy",
): void {
  const shape = { n, d, k };
  refuse(sampleRefusal(
    shape,
    sampleCost({ ...shape, format }),
    sampleBudget(ctx.limits),
  ));
}
