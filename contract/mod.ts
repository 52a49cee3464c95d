/**
 * The HTTP API's contract: zod schemas of every request body and answer.
 * The server validates requests and builds its OpenAPI document from them
 * (`functions/routes/`); the dashboard takes its types from them
 * (`z.infer`), so both read the same shapes. Imports zod and `core/` only.
 *
 * ```ts
 * import { FitJsonBody } from "./mod.ts";
 * const body = FitJsonBody.parse({ samples: [[0, 1.2], [0.7, 0]] });
 * console.log(body.samples.length); // 2
 * ```
 *
 * @module
 */
export * from "./common.ts";
export * from "./fit.ts";
export * from "./sample.ts";
export * from "./runs.ts";
export * from "./meta.ts";
export * from "./datasets.ts";
