/**
 * Data kernels shared by the estimators: one-pass column statistics,
 * bit-packed joint exceedance counts and the blocked Gram matrix.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { columnStats, countJointExceedances } from "./mod.ts";
 * import { fromRows } from "../linalg/mod.ts";
 * const x = fromRows([[0, 2], [3, 4]]);
 * const stats = columnStats(x);
 * const counts = countJointExceedances(x, new Float64Array([0, 0]));
 * assert.deepEqual(Array.from(stats.positives), [1, 2]);
 * assert.deepEqual(Array.from(counts), [1, 1, 1, 2]);
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./column_stats.ts";
export * from "./cooccurrence.ts";
export * from "./gram.ts";
