/**
 * Standard normal draws by the ziggurat method (Marsaglia and Tsang, 2000)
 * with 256 pieces of equal area, tables computed at load in
 * `_ziggurat_tables.ts`.
 *
 * One uniform double per try gives the piece (its top 8 bits) and a signed
 * position in it (the other 45 bits). About 98.8% of draws end there, with one
 * uniform and no exp or log; the rest test the wedge under the curve with one
 * more uniform and an exp, or draw the tail beyond r ≈ 3.654 exactly by
 * Marsaglia's exponential rejection. A rejected try starts over from a new
 * piece, which keeps the draws exactly N(0, 1) up to rounding.
 *
 * Only the Prng's doubles, IEEE arithmetic and the correctly rounded exp and
 * log of `special/elementary.ts` are used (never Math.exp or Math.log, whose
 * last bit differs between engines), so a seed gives the same numbers on
 * every runtime.
 *
 * This module is browser compatible.
 * @module
 */
import type { Prng } from "./prng.ts";
import { crExp, crLog } from "../special/elementary.ts";
import { LAYERS, zigguratTables } from "./_ziggurat_tables.ts";

const { x: EDGE, f: HEIGHT, r: TAIL_START } = zigguratTables();

/**
 * No draw exceeds this in absolute value, whatever the Prng: a tail draw
 * r + E1/r (r ≈ 3.654) is kept only when 2 E2 > (E1/r)², and E2 = −log(1 − u)
 * ≤ 53 ln 2 for a double u < 1, so E1/r < √(106 ln 2) ≈ 8.58; every other
 * draw lies inside a piece, below r.
 */
export const MAX_ABS_STANDARD_NORMAL = 13;

/** One N(0, 1) draw. */
export function standardNormal(prng: Prng): number {
  for (;;) {
    // u · 256 is exact: its integer part picks the piece, the fraction is a
    // uniform on a grid of 2^-45, mapped to a signed position in [−1, 1).
    const u = prng() * LAYERS;
    const i = u | 0;
    const x = (2 * (u - i) - 1) * EDGE[i];
    if (Math.abs(x) < EDGE[i + 1]) return x;
    const z = edgeCase(prng, i, x);
    if (z === z) return z; // NaN marks a rejected try
  }
}

/** Fills `out` with independent N(0, 1) draws (the same as repeated `standardNormal`). */
export function fillStandardNormal(
  prng: Prng,
  out: Float64Array,
): Float64Array {
  const n = out.length;
  for (let k = 0; k < n; k++) {
    let z: number;
    for (;;) {
      const u = prng() * LAYERS;
      const i = u | 0;
      const x = (2 * (u - i) - 1) * EDGE[i];
      if (Math.abs(x) < EDGE[i + 1]) {
        z = x;
        break;
      }
      z = edgeCase(prng, i, x);
      if (z === z) break;
    }
    out[k] = z;
  }
  return out;
}

/**
 * A try that fell outside the piece's inner box: the tail for the base piece,
 * otherwise the wedge test. Returns the draw, or NaN to start over.
 */
function edgeCase(prng: Prng, i: number, x: number): number {
  if (i === 0) {
    const t = tailAbove(prng);
    return x < 0 ? -t : t;
  }
  const y = HEIGHT[i] + prng() * (HEIGHT[i + 1] - HEIGHT[i]);
  return y < crExp(-0.5 * x * x) ? x : NaN;
}

/**
 * |Z| given |Z| > r, by Marsaglia's method: r + E1/r with E1, E2 standard
 * exponentials, kept when 2 E2 > (E1/r)².
 */
function tailAbove(prng: Prng): number {
  for (;;) {
    // 1 − prng() lies in (0, 1], so the logs are finite.
    const e1 = -crLog(1 - prng()) / TAIL_START;
    const e2 = -crLog(1 - prng());
    if (e2 + e2 > e1 * e1) return TAIL_START + e1;
  }
}
