/**
 * The OpenAPI 3 document of the API, generated from the zod schemas in
 * `schemas.ts` (the ones that validate requests) and the estimator registry.
 *
 * @module
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  DEFAULT_REGISTRY,
  type EstimatorRegistry,
} from "../../core/estimators/registry.ts";
import type { Estimator, OptionSpec } from "../../core/estimators/types.ts";
import {
  BOOTSTRAP_DESCRIPTION,
  ErrorSchema,
  FitAnswer,
  FitJsonBody,
  optionsSchema,
  RunBody,
  RunView,
  SampleBody,
} from "./schemas.ts";

function errors(...statuses: number[]) {
  const out: Record<string, { description: string; content: object }> = {};
  const words: Record<number, string> = {
    400: "Malformed body",
    403: "Missing or wrong owner token",
    404: "Unknown id",
    413: "Body or result too large",
    415: "Unsupported content type",
    422: "Invalid input (names the field, row or column)",
    429: "Rate limited; see Retry-After",
  };
  for (const s of statuses) {
    out[s] = {
      description: words[s] ?? "Error",
      content: { "application/json": { schema: ErrorSchema } },
    };
  }
  return out;
}

/** Each option name with every method that has it (names may repeat). */
function optionOwners(
  estimators: readonly Estimator[],
): Map<string, { method: string; spec: OptionSpec }[]> {
  const out = new Map<string, { method: string; spec: OptionSpec }[]>();
  for (const e of estimators) {
    for (const spec of e.options) {
      const owners = out.get(spec.name) ?? [];
      owners.push({ method: e.name, spec });
      out.set(spec.name, owners);
    }
  }
  return out;
}

/** "paper (B, r), censored (no options), …" for the fit description. */
function methodSummary(estimators: readonly Estimator[]): string {
  return estimators.map((e) =>
    `${e.name} (${
      e.options.length === 0
        ? "no options"
        : e.options.map((o) => o.name).join(", ")
    })`
  ).join(", ");
}

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/**
 * Builds the document for the methods of `methods` (call once per app: a
 * registry is fixed at start-up).
 */
export function buildOpenApiDocument(
  methods: EstimatorRegistry = DEFAULT_REGISTRY,
): Record<string, unknown> {
  const api = new OpenAPIHono();
  const r = api.openAPIRegistry;
  const estimators = methods.estimators;
  const methodName = z.string().openapi({
    description: `One of ${estimators.map((e) => e.name).join(", ")}`,
    example: methods.defaultMethod,
  });
  const queryParams: Record<string, z.ZodType> = {
    method: methodName.optional(),
    seed: z.string().optional().openapi({
      description: "Non-negative integer",
    }),
    bootstrap: z.string().optional().openapi({
      description: BOOTSTRAP_DESCRIPTION,
    }),
  };
  for (const [name, owners] of optionOwners(estimators)) {
    queryParams[name] = z.string().optional().openapi({
      description: owners.map(({ method, spec }) =>
        `Option of ${method}: ${spec.description} (default ${spec.default})`
      ).join("; "),
    });
  }
  for (const e of estimators) r.register(`Options_${e.name}`, optionsSchema(e));

  r.registerPath(createRoute({
    method: "post",
    path: "/api/fit",
    summary: "Estimate Sigma = W Wᵀ and b from samples",
    description:
      "Body: JSON {samples, method?, seed?, bootstrap?, options?}, CSV (one sample per row, optional header) or NPY (float64/float32, C order, 2-D). For CSV and NPY, method, seed, bootstrap and options go in the query string. Repeating a request answers from the cache with cached: true. Methods and their options: " +
      methodSummary(estimators) + ".",
    request: {
      query: z.object(queryParams),
      body: {
        required: true,
        content: {
          "application/json": { schema: FitJsonBody },
          "text/csv": {
            schema: z.string().openapi({
              example: "x1,x2\n0,1.2\n0.7,0\n1.5,2.1\n",
            }),
          },
          "application/x-npy": {
            schema: z.string().openapi({ format: "binary" }),
          },
        },
      },
    },
    responses: {
      200: json(FitAnswer, "The fit"),
      ...errors(400, 413, 415, 422, 429),
    },
  }));

  r.registerPath(createRoute({
    method: "post",
    path: "/api/sample",
    summary: "Draw samples of ReLU(W z + b)",
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
          "application/json": {
            schema: z.object({ samples: z.array(z.array(z.number())) }),
          },
          "text/csv": { schema: z.string() },
          "application/x-npy": {
            schema: z.string().openapi({ format: "binary" }),
          },
        },
      },
      ...errors(400, 404, 413, 415, 422, 429),
    },
  }));

  const runId = z.object({
    id: z.string().openapi({ param: { name: "id", in: "path" } }),
  });
  r.registerPath(createRoute({
    method: "post",
    path: "/api/runs",
    summary: "Start an experiment (runs in the background)",
    request: {
      body: {
        required: true,
        content: { "application/json": { schema: RunBody } },
      },
    },
    responses: {
      202: json(
        z.object({
          id: z.string(),
          status: z.literal("queued"),
          ownerToken: z.string(),
        }),
        "Queued",
      ),
      ...errors(400, 413, 415, 422, 429),
    },
  }));
  r.registerPath(createRoute({
    method: "get",
    path: "/api/runs",
    summary: "List runs, newest first",
    request: {
      query: z.object({
        limit: z.string().optional().openapi({
          description: "1 to 100, default 20",
        }),
        cursor: z.string().optional().openapi({
          description: "From the previous page",
        }),
      }),
    },
    responses: {
      200: json(
        z.object({ runs: z.array(RunView), cursor: z.string().nullable() }),
        "One page",
      ),
      ...errors(422),
    },
  }));
  r.registerPath(createRoute({
    method: "get",
    path: "/api/runs/{id}",
    summary: "A run with its progress and, once done, its result",
    request: { params: runId },
    responses: { 200: json(RunView, "The run"), ...errors(404) },
  }));
  r.registerPath(createRoute({
    method: "get",
    path: "/api/runs/{id}/events",
    summary:
      "Progress as server-sent events; the stream ends when the run is done or failed",
    request: { params: runId },
    responses: {
      200: {
        description: "data: {id, status, progress, error} on every change",
        content: { "text/event-stream": { schema: z.string() } },
      },
      ...errors(404),
    },
  }));
  r.registerPath(createRoute({
    method: "delete",
    path: "/api/runs/{id}",
    summary: "Delete a run (Authorization: Bearer <ownerToken>)",
    request: { params: runId },
    responses: { 204: { description: "Deleted" }, ...errors(403, 404) },
  }));
  r.registerPath(createRoute({
    method: "get",
    path: "/api/methods",
    summary: "The estimators with their options, assumptions and cost",
    responses: {
      200: json(
        z.object({
          default: z.string(),
          methods: z.array(z.object({
            name: z.string(),
            description: z.string(),
            assumptions: z.string(),
            cost: z.string(),
            options: z.array(z.record(z.string(), z.unknown())),
          })),
        }),
        "The methods",
      ),
    },
  }));
  r.registerPath(createRoute({
    method: "get",
    path: "/api/health",
    summary: "Liveness",
    responses: { 200: json(z.object({ status: z.literal("ok") }), "Up") },
  }));

  return api.getOpenAPIDocument({
    openapi: "3.0.3",
    info: {
      title: "Rectified Gaussian estimation API",
      version: "1.0.0",
      description:
        'Learn Sigma = W Wᵀ and b of x = ReLU(W z + b), z ~ N(0, I_k), from samples (Wu, Dimakis, Sanghavi, NeurIPS 2019). Errors are {"error": {"code", "message"}}.',
    },
  }) as unknown as Record<string, unknown>;
}
