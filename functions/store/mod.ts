/**
 * Storage of runs, results and the fit cache over any Deno-KV-like store,
 * with retention, crash recovery and per-owner listing.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunStore } from "./mod.ts";
 * const kv = await Deno.openKv(":memory:");
 * const store = new RunStore(kv, { retentionSeconds: 3600 });
 * assert.equal(store.limits.retentionSeconds, 3600);
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
export * from "./run_id.ts";
export * from "./result_too_large.ts";
export * from "./single_flight.ts";
export * from "./run_store.ts";
export * from "./lease_keeper.ts";
export * from "./maintenance.ts";
export * from "./dataset_store.ts";
export * from "./busy_retry.ts";
