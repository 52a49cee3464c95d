/**
 * Storage of runs, results and the fit cache over any Deno-KV-like store.
 *
 * ```ts
 * import { RunStore } from "./mod.ts";
 * const store = new RunStore(await Deno.openKv(":memory:"));
 * ```
 *
 * @module
 */
export * from "./kv_like.ts";
export * from "./blob.ts";
export * from "./owner_token.ts";
export * from "./fit_cache_key.ts";
export * from "./run_store.ts";
