/**
 * `/api/datasets`: a data set uploaded in chunks (by one client or many, to
 * one server or many sharing one KV) and fitted from the chunks' merged
 * statistics.
 *
 * The requests, in order:
 * 1. `POST /api/datasets` with `DatasetCreateBody` → 201 `DatasetCreated`
 *    (its `ownerToken` is shown once);
 * 2. `POST /api/datasets/{id}/chunks`, body CSV (`text/csv`) or NPY
 *    (`application/x-npy`) rows of d columns, headers
 *    `Authorization: Bearer <ownerToken>` and `Idempotency-Key: <key>` →
 *    201 `DatasetChunkAnswer` (a retry with the same key and body answers
 *    the same, with `Idempotent-Replayed: true`, and adds no rows);
 * 3. `GET /api/datasets/{id}` → `DatasetView`;
 * 4. `POST /api/datasets/{id}/fit?method=…` (the query of `POST /api/fit`
 *    without the reading settings) → `DatasetFitAnswer`;
 * 5. `DELETE /api/datasets/{id}` with the owner token → 204.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import {
  DEFAULT_REGISTRY,
  type EstimatorRegistry,
} from "../core/estimators/registry.ts";
import { statsMethods } from "../core/stats/plan.ts";
import { FitAnswer, fitQuery } from "./fit.ts";

/** Most characters of an `Idempotency-Key` header. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** The header naming a chunk, so that a retried chunk counts once. */
export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

/** The header set on the answer to a retried chunk. */
export const IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed";

/** Most characters of a column name. */
export const MAX_COLUMN_NAME_LENGTH = 200;

/** The JSON body of `POST /api/datasets`. */
export const DatasetCreateBody = z.object({
  d: z.number().int().min(1).openapi({
    description:
      "Columns of every row (at most the server's d limit of fits, 422 beyond)",
    example: 2,
  }),
  names: z.array(z.string().min(1).max(MAX_COLUMN_NAME_LENGTH)).optional()
    .openapi({
      description:
        "The name of each column (d distinct names; default x1, x2, …): the fit's columns, and the header a CSV chunk may repeat (without names, a chunk's header is read and not checked)",
      example: ["rain", "wind"],
    }),
}).strict().superRefine((body, ctx) => {
  if (body.names === undefined) return;
  if (body.names.length !== body.d) {
    ctx.addIssue({
      code: "custom",
      path: ["names"],
      message: `names has ${body.names.length} entries but d is ${body.d}`,
    });
    return;
  }
  const seen = new Set<string>();
  body.names.forEach((name, i) => {
    if (seen.has(name)) {
      ctx.addIssue({
        code: "custom",
        path: ["names", i],
        message: `the name "${name}" appears twice`,
      });
    }
    seen.add(name);
  });
}).openapi("DatasetCreateBody");
/** The JSON body of `POST /api/datasets`. */
export type DatasetCreateBody = z.infer<typeof DatasetCreateBody>;

const datasetId = z.string().openapi({
  description: "The data set's id (a UUID, like run ids)",
  example: "0f8e6a5c-3b1d-4c2e-9a7f-1e2d3c4b5a69",
});
const isoTime = z.string().openapi({
  description: "ISO 8601 time",
  example: "2026-12-02T10:00:00.000Z",
});
const names = z.array(z.string()).optional().openapi({
  description: "The column names given at creation",
});

/** The answer of `POST /api/datasets` (201). */
export const DatasetCreated = z.object({
  id: datasetId,
  ownerToken: z.string().openapi({
    description:
      "Shown once (only its hash is stored): send it as Authorization: Bearer <ownerToken> to add chunks and to delete the data set",
  }),
  d: z.number().int(),
  names,
  expiresAt: isoTime.openapi({
    description:
      "When the data set and its chunks are deleted (creation + the server's retention); GET answers 404 after",
  }),
}).openapi("DatasetCreated");
/** The answer of `POST /api/datasets`. */
export type DatasetCreated = z.infer<typeof DatasetCreated>;

/**
 * The answer of `POST /api/datasets/{id}/chunks` (201), the same again for a
 * retry with the same `Idempotency-Key` and body.
 */
export const DatasetChunkAnswer = z.object({
  id: datasetId,
  seq: z.number().int().min(0).openapi({
    description:
      "The chunk's place among the data set's chunks (0-based, in the order they were stored); fits merge chunks in this order",
  }),
  rows: z.number().int().openapi({ description: "Rows of this chunk" }),
  bytes: z.number().int().openapi({
    description:
      "Bytes this chunk takes in the store (8 per entry: its rows as float64)",
  }),
  n: z.number().int().openapi({
    description: "Rows of the data set once this chunk was stored",
  }),
  chunks: z.number().int().openapi({
    description: "Chunks of the data set once this chunk was stored",
  }),
}).openapi("DatasetChunkAnswer");
/** The answer of `POST /api/datasets/{id}/chunks`. */
export type DatasetChunkAnswer = z.infer<typeof DatasetChunkAnswer>;

/** The answer of `GET /api/datasets/{id}`. */
export const DatasetView = z.object({
  id: datasetId,
  d: z.number().int(),
  names,
  n: z.number().int().openapi({
    description: "Rows stored, each chunk counted once however often sent",
  }),
  chunks: z.number().int().openapi({ description: "Chunks stored" }),
  bytes: z.number().int().openapi({
    description: "Bytes the chunks take in the store (8 per entry)",
  }),
  maxChunks: z.number().int().openapi({
    description: "Most chunks this server stores per data set (413 beyond)",
  }),
  maxBytes: z.number().int().openapi({
    description:
      "Most bytes this server stores per data set (8 per entry; 413 beyond)",
  }),
  methods: z.array(z.string()).openapi({
    description:
      "The methods POST /api/datasets/{id}/fit offers: those that fit from merged statistics",
  }),
  createdAt: isoTime,
  expiresAt: isoTime,
}).openapi("DatasetView");
/** The answer of `GET /api/datasets/{id}`. */
export type DatasetView = z.infer<typeof DatasetView>;

/**
 * The query string of `POST /api/datasets/{id}/fit`: that of `POST /api/fit`
 * (method, seed, rank, every method's options, as text) without the reading
 * settings (a data set's columns are fixed at its creation) and without
 * bootstrap and check, which need the rows in memory (asking for them is
 * answered 422 naming what works).
 */
export function datasetFitQuery(
  registry: EstimatorRegistry = DEFAULT_REGISTRY,
) {
  const query = fitQuery(registry).omit({
    columns: true,
    na: true,
    index: true,
    bootstrap: true,
    check: true,
    checkReplicates: true,
    checkLevel: true,
  });
  return query.extend({
    method: z.string().optional().openapi({
      description: `One of ${
        statsMethods(registry).join(", ")
      } (the methods that fit from merged statistics); default ${registry.defaultMethod}`,
      example: registry.defaultMethod,
    }),
  });
}

/**
 * The answer of `POST /api/datasets/{id}/fit`: a fit answer as
 * `POST /api/fit` gives (its `id` is the run that holds the fit, so
 * `POST /api/sample` with `fitId` samples it), and the chunks it read.
 */
export const DatasetFitAnswer = FitAnswer.extend({
  dataset: z.object({
    id: datasetId,
    n: z.number().int().openapi({ description: "Rows fitted" }),
    chunks: z.number().int().openapi({ description: "Chunks fitted" }),
  }).openapi({ description: "The data set as fitted" }),
}).openapi("DatasetFitAnswer");
/** The answer of `POST /api/datasets/{id}/fit`. */
export type DatasetFitAnswer = z.infer<typeof DatasetFitAnswer>;
