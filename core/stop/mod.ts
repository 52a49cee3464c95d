/**
 * Cooperative stopping: `checkStop()` in long loops, `withStopCheck` around
 * a computation that may have to stop, `StoppedError` when it does.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkStop, withStopCheck } from "./mod.ts";
 * assert.equal(withStopCheck(() => false, () => (checkStop(), 1)), 1);
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./stop_check.ts";
