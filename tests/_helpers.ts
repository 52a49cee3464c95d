/** Shared test helpers: seeded truths and tolerance arithmetic. */
export { fromRows, gramOfRows, matrix, zeros } from "../core/linalg/mod.ts";
export { createPrng } from "../core/random/mod.ts";
