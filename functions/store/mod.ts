/**
 * Storage of runs, results and the fit cache over any Deno-KV-like store.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunStore } from "./mod.ts";
 * const kv = await Deno.openKv(":memory:");
 * const store = new RunStore(kv);
 * assert.equal(await store.get("no-such-run"), null);
 * kv.close();
 * ```
 *
 * @module
 */
export * from "./kv_like.ts";
export * from "./blob.ts";
export * from "./owner_token.ts";
export * from "./fit_cache_key.ts";
export * from "./run_store.ts";
