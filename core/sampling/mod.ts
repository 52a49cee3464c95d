/**
 * Sampling: truncated normals (exact in every tail) and the rectified Gaussian D(W, b).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { sampleRectifiedGaussian } from "./mod.ts";
 * import { createPrng } from "../random/mod.ts";
 * import { fromRows } from "../linalg/mod.ts";
 * const x = sampleRectifiedGaussian(fromRows([[1, 0], [0.5, 1]]), new Float64Array([0.2, 0]), 100, createPrng(1));
 * assert.deepEqual([x.rows, x.cols], [100, 2]);
 * assert.ok(x.data.every((v) => v >= 0));
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./truncated_normal.ts";
export * from "./rectified_gaussian.ts";
