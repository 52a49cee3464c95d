/**
 * `POST /api/sample`: draw samples of ReLU(W z + b), from a given W and b or
 * from a stored fit (W = its rank-k factor when it was fitted with `rank`,
 * else its covariance factor; b = its b), with the fit's column names as the
 * CSV header and in the JSON answer.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createPrng } from "../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../core/sampling/rectified_gaussian.ts";
import { parseSampleSpec, type SampleSpec } from "../../core/formats/spec.ts";
import { toRows } from "../../core/linalg/matrix.ts";
import { writeCsv } from "../../core/formats/csv.ts";
import { writeNpy } from "../../core/formats/npy.ts";
import { SampleAnswer, SampleBody } from "../../contract/sample.ts";
import { ApiError } from "../http/errors.ts";
import {
  acceptBody,
  errorAnswers,
  type RouteApp,
  routeApp,
} from "../openapi/route_app.ts";
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
    ...errorAnswers(400, 404, 413, 415, 422, 429),
  },
});

async function fitParameters(
  ctx: ApiContext,
  fitId: string,
): Promise<SampleSpec> {
  const run = await ctx.store.get(fitId);
  const stored = run?.kind === "fit" ? await ctx.store.readResult(fitId) : null;
  if (stored === null) {
    throw new ApiError(404, "not_found", `No stored fit with id "${fitId}"`);
  }
  const fit = JSON.parse(stored) as {
    covariance?: { factor?: number[][] };
    rankK?: unknown;
  };
  if (fit.covariance?.factor === undefined && fit.rankK === undefined) {
    throw new ApiError(
      422,
      "no_factor",
      `Cannot sample from fit "${fitId}": it has no covariance factor`,
    );
  }
  return parseSampleSpec(fit);
}

/** The sample sub-app, mounted at `/api/sample`. */
export function sampleRoutes(ctx: ApiContext): RouteApp {
  const app = routeApp();
  app.openapi(sampleRoute, async (c) => {
    const body = c.req.valid("json");
    let params: SampleSpec;
    if (body.fitId !== undefined) {
      if (body.W !== undefined || body.b !== undefined) {
        throw new ApiError(
          422,
          "invalid_request",
          `Cannot sample: give either "fitId" or "W" and "b", not both`,
        );
      }
      params = await fitParameters(ctx, body.fitId);
    } else if (body.W !== undefined && body.b !== undefined) {
      const d = body.W.length;
      if (d > ctx.limits.maxSampleD) {
        throw new ApiError(
          422,
          "dimension_too_large",
          `Cannot sample: d = ${d} exceeds the limit of ${ctx.limits.maxSampleD}`,
        );
      }
      params = parseSampleSpec({ W: body.W, b: body.b });
    } else {
      throw new ApiError(
        422,
        "invalid_request",
        `Cannot sample: give "W" and "b", or "fitId"`,
      );
    }
    const d = params.w.rows;
    if (body.n * d > ctx.limits.maxSampleEntries) {
      throw new ApiError(
        413,
        "too_many_entries",
        `Cannot sample: n * d = ${body.n} * ${d} = ${
          body.n * d
        } exceeds the limit of ${ctx.limits.maxSampleEntries} entries`,
      );
    }
    const x = sampleRectifiedGaussian(
      params.w,
      params.b,
      body.n,
      createPrng(body.seed ?? 0),
    );
    switch (body.format ?? "json") {
      case "csv":
        return c.body(writeCsv(x, params.columns), 200, {
          "Content-Type": "text/csv; charset=utf-8",
        });
      case "npy":
        return c.body(writeNpy(x) as Uint8Array<ArrayBuffer>, 200, {
          "Content-Type": "application/x-npy",
        });
      default:
        return c.json({
          samples: toRows(x),
          ...(params.columns === undefined ? {} : { columns: params.columns }),
        }, 200);
    }
  });
  return app;
}
