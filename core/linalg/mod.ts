/**
 * Small dense linear algebra on row-major `Float64Array` matrices.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromRows, gramOfRows } from "./mod.ts";
 * const sigma = gramOfRows(fromRows([[1, 0], [1, 1]])); // W Wᵀ
 * assert.deepEqual(Array.from(sigma.data), [1, 1, 1, 2]);
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./matrix.ts";
export * from "./eigen.ts";
