/**
 * Seeded randomness: a xoshiro128** generator and standard normal draws.
 *
 * ```ts
 * import { createPrng, standardNormal } from "./mod.ts";
 * const prng = createPrng(42);
 * const z = standardNormal(prng);
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./prng.ts";
export * from "./normal.ts";
