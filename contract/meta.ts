/**
 * `GET /api/health` and `GET /api/methods`.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";

/** The answer of `GET /api/health`. */
export const Health = z.object({ status: z.literal("ok") }).openapi("Health");

/** A tunable of a method, with its default and valid range (inclusive). */
export const MethodOption = z.object({
  name: z.string(),
  kind: z.enum(["integer", "number", "boolean"]),
  default: z.union([z.number(), z.boolean()]),
  min: z.number().optional(),
  max: z.number().optional(),
  description: z.string(),
}).openapi("MethodOption");
/** A tunable of a method. */
export type MethodOption = z.infer<typeof MethodOption>;

/** A registered estimation method. */
export const MethodInfo = z.object({
  name: z.string(),
  description: z.string(),
  assumptions: z.string(),
  cost: z.string(),
  options: z.array(MethodOption),
}).openapi("MethodInfo");
/** A registered estimation method. */
export type MethodInfo = z.infer<typeof MethodInfo>;

/** The answer of `GET /api/methods`. */
export const MethodsList = z.object({
  default: z.string().openapi({
    description: "The method used when none is named",
  }),
  methods: z.array(MethodInfo),
}).openapi("MethodsList");
/** The answer of `GET /api/methods`. */
export type MethodsList = z.infer<typeof MethodsList>;
