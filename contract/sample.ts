/**
 * `POST /api/sample`: draw samples of ReLU(W z + b) from a given W and b or
 * from a stored fit.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import { MatrixRows, Seed } from "./common.ts";

/** The JSON body of `POST /api/sample`. */
export const SampleBody = z.object({
  W: MatrixRows.optional().openapi({
    description: "Weights, d rows of k numbers (give W and b, or fitId)",
    example: [[1, 0], [0.5, 1]],
  }),
  b: z.array(z.number()).optional().openapi({ example: [0.5, 0] }),
  fitId: z.string().optional().openapi({
    description:
      "Sample from a stored fit: W = its rank-k factor (rankK.w) when it was fitted with rank = k, else its covariance factor; b = its b. The fit's column names become the CSV header (and columns in JSON). A fit of a hidden layer gives samples of that layer (its m columns), not of the data",
  }),
  n: z.number().int().min(0).openapi({ example: 5 }),
  seed: Seed.optional(),
  format: z.enum(["json", "csv", "npy"]).optional().openapi({
    description: "Answer format (default json)",
  }),
}).openapi("SampleBody");
/** The JSON body of `POST /api/sample`. */
export type SampleBody = z.infer<typeof SampleBody>;

/** The JSON answer of `POST /api/sample` (format "json"). */
export const SampleAnswer = z.object({
  samples: MatrixRows.openapi({ description: "n rows of d numbers" }),
  columns: z.array(z.string()).optional().openapi({
    description:
      "The name of each column, when sampling from a fit that has them",
  }),
}).openapi("SampleAnswer");
/** The JSON answer of `POST /api/sample`. */
export type SampleAnswer = z.infer<typeof SampleAnswer>;
