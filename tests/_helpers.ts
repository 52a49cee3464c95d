/** Shared test helpers: seeded truths and tolerance arithmetic. */
import assert from "node:assert/strict";

export { fromRows, gramOfRows, matrix, zeros } from "../core/linalg/mod.ts";
export { createPrng } from "../core/random/mod.ts";

/** Asserts |actual − expected| ≤ tol, naming `what` and the gap on failure. */
export function assertClose(
  actual: number,
  expected: number,
  tol: number,
  what: string,
): void {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: got ${actual}, expected ${expected}, delta ${
      Math.abs(actual - expected)
    } > ${tol}`,
  );
}
