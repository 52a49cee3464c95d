/**
 * The OpenAPI document of the API: the routes declare themselves (each
 * `createRoute` in `functions/routes/` validates its requests and describes
 * them); this module adds what belongs to the whole document: info,
 * servers, security and tags.
 *
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";

/**
 * The document of `app` (call once every route is mounted). The API is
 * public: the root security requirement is empty; `DELETE` of a run
 * declares the owner token scheme (`routes/runs.ts`).
 */
export function buildOpenApiDocument(
  app: OpenAPIHono,
): Record<string, unknown> {
  return app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "Rectified Gaussian estimation API",
      version: "1.0.0",
      description:
        'Learn Sigma = W Wᵀ and b of x = ReLU(W z + b), z ~ N(0, I_k), from samples (Wu, Dimakis, Sanghavi, NeurIPS 2019). Errors are {"error": {"code", "message"}}. No authentication, except a run\'s owner token to delete it and a data set\'s to add chunks to it and delete it.',
    },
    servers: [{
      url: "/",
      description: "The server that serves this document",
    }],
    security: [{}],
    tags: [
      { name: "fit", description: "Estimate Sigma and b from samples" },
      { name: "sample", description: "Draw samples of ReLU(W z + b)" },
      { name: "runs", description: "Stored fits and background experiments" },
      {
        name: "datasets",
        description:
          "Data sets uploaded in chunks (to any of several servers sharing one store) and fitted from the chunks' merged statistics",
      },
      { name: "meta", description: "Health, methods and this document" },
    ],
  }) as unknown as Record<string, unknown>;
}
