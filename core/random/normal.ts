/**
 * Standard normal draws by Marsaglia's polar method.
 *
 * This module is browser compatible.
 * @module
 */
import type { Prng } from "./prng.ts";

/** One N(0, 1) draw (the polar pair's second value is discarded). */
export function standardNormal(prng: Prng): number {
  for (;;) {
    const u = 2 * prng() - 1;
    const v = 2 * prng() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}

/** Fills `out` with independent N(0, 1) draws, using both values of each polar pair. */
export function fillStandardNormal(
  prng: Prng,
  out: Float64Array,
): Float64Array {
  const n = out.length;
  let i = 0;
  while (i < n) {
    const u = 2 * prng() - 1;
    const v = 2 * prng() - 1;
    const s = u * u + v * v;
    if (s <= 0 || s >= 1) continue;
    const f = Math.sqrt(-2 * Math.log(s) / s);
    out[i++] = u * f;
    if (i < n) out[i++] = v * f;
  }
  return out;
}
