/**
 * `GET /api/health`, `GET /api/methods`, `GET /api/openapi.json` and the
 * docs page `GET /api/docs` with its script.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import {
  DEFAULT_REGISTRY,
  type EstimatorRegistry,
} from "../../core/estimators/registry.ts";
import { Health, MethodsList } from "../../contract/meta.ts";
import { DOCS_HTML, DOCS_SCRIPT } from "../docs_page.ts";
import { jsonAnswer, type RouteApp, routeApp } from "../openapi/route_app.ts";

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "health",
  tags: ["meta"],
  summary: "Liveness",
  responses: { 200: jsonAnswer(Health, "Up") },
});

const methodsRoute = createRoute({
  method: "get",
  path: "/methods",
  operationId: "listMethods",
  tags: ["meta"],
  summary: "The estimators with their options, assumptions and cost",
  responses: { 200: jsonAnswer(MethodsList, "The methods") },
});

const openApiRoute = createRoute({
  method: "get",
  path: "/openapi.json",
  operationId: "openApiDocument",
  tags: ["meta"],
  summary: "This OpenAPI document",
  responses: {
    200: jsonAnswer(z.record(z.string(), z.unknown()), "The document"),
  },
});

const docsRoute = createRoute({
  method: "get",
  path: "/docs",
  operationId: "docsPage",
  tags: ["meta"],
  summary: "A reference page built from this document",
  responses: {
    200: {
      description: "The page",
      content: { "text/html": { schema: z.string() } },
    },
  },
});

const docsScriptRoute = createRoute({
  method: "get",
  path: "/docs/docs.js",
  operationId: "docsScript",
  tags: ["meta"],
  summary: "The reference page's script",
  responses: {
    200: {
      description: "Plain browser JavaScript",
      content: { "text/javascript": { schema: z.string() } },
    },
  },
});

/** The methods list, as `GET /api/methods` answers it. */
export function methodsList(
  registry: EstimatorRegistry = DEFAULT_REGISTRY,
): MethodsList {
  return {
    default: registry.defaultMethod,
    methods: registry.estimators.map((e) => ({
      name: e.name,
      description: e.description,
      assumptions: e.assumptions,
      cost: e.cost,
      options: [...e.options],
    })),
  };
}

/**
 * Health, methods, OpenAPI and docs, mounted at `/api`.
 *
 * @param registry the methods listed.
 * @param openApiDocument builds the document of the whole app (called on
 *   the first request, once every route is mounted).
 */
export function metaRoutes(
  registry: EstimatorRegistry,
  openApiDocument: () => Record<string, unknown>,
): RouteApp {
  const app = routeApp();
  let document: Record<string, unknown> | undefined;
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(methodsRoute, (c) => c.json(methodsList(registry), 200));
  app.openapi(
    openApiRoute,
    (c) => c.json(document ??= openApiDocument(), 200),
  );
  app.openapi(docsRoute, (c) => c.html(DOCS_HTML));
  app.openapi(docsScriptRoute, (c) =>
    c.body(DOCS_SCRIPT, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
    }));
  return app;
}
