/**
 * `GET /api/health`, `GET /api/methods`, `GET /api/openapi.json` and the
 * docs page `GET /api/docs`.
 *
 * @module
 */
import { Hono } from "hono";
import {
  DEFAULT_REGISTRY,
  type EstimatorRegistry,
} from "../../core/estimators/registry.ts";
import { DOCS_HTML, DOCS_SCRIPT } from "../docs_page.ts";
import { buildOpenApiDocument } from "../openapi/document.ts";

/** The methods list, as `GET /api/methods` answers it. */
export function methodsList(
  registry: EstimatorRegistry = DEFAULT_REGISTRY,
): Record<string, unknown> {
  return {
    default: registry.defaultMethod,
    methods: registry.estimators.map((e) => ({
      name: e.name,
      description: e.description,
      assumptions: e.assumptions,
      cost: e.cost,
      options: e.options,
    })),
  };
}

/** Health, methods, OpenAPI and docs, mounted at `/api`. */
export function metaRoutes(
  registry: EstimatorRegistry = DEFAULT_REGISTRY,
): Hono {
  const app = new Hono();
  let document: Record<string, unknown> | undefined;
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/methods", (c) => c.json(methodsList(registry)));
  app.get(
    "/openapi.json",
    (c) => c.json(document ??= buildOpenApiDocument(registry)),
  );
  app.get("/docs", (c) => c.html(DOCS_HTML));
  app.get("/docs/docs.js", (c) =>
    c.body(DOCS_SCRIPT, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
    }));
  return app;
}
