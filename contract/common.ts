/**
 * Pieces shared by the request and answer schemas: rows of numbers, seeds,
 * and the one error answer.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import { MAX_SEED } from "../core/random/prng.ts";

/** A matrix as an array of rows. */
export const MatrixRows = z.array(z.array(z.number()));

/** A seed for any randomness: an integer in [0, MAX_SEED]. */
export const Seed = z.number().int().min(0).max(MAX_SEED);

/** A number that is null in JSON when it is not finite (e.g. a mean of nothing). */
export const NullableNumber = z.number().nullable();

/** Every error answer. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().openapi({ example: "invalid_samples" }),
    message: z.string().openapi({
      example:
        "Cannot read samples: row 3, column 2 is -1, but samples of ReLU(W z + b) are never negative",
    }),
    row: z.number().int().optional().openapi({
      description: "1-based row of bad sample data, when known",
    }),
    column: z.number().int().optional().openapi({
      description: "1-based column of bad sample data, when known",
    }),
  }),
}).openapi("Error");
/** Every error answer. */
export type ErrorBody = z.infer<typeof ErrorBody>;
