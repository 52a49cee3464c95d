/**
 * Seeded randomness: a xoshiro128** generator and standard normal draws.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPrng, standardNormal } from "./mod.ts";
 * const prng = createPrng(42);
 * const z = standardNormal(prng);
 * assert.equal(standardNormal(createPrng(42)), z); // same seed, same draw
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./prng.ts";
export * from "./normal.ts";
