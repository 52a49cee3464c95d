/**
 * Layer tables of the normal ziggurat (Marsaglia and Tsang, "The ziggurat
 * method for generating random variables", 2000), computed at module load from
 * the defining equations rather than typed in.
 *
 * With f(x) = exp(−x²/2), the region under f on [0, ∞) is covered by
 * `LAYERS` pieces of equal area v: a base made of the box [0, r] × [0, f(r)]
 * plus the tail beyond r, and boxes [0, x_i] × [f(x_i), f(x_{i+1})] stacked
 * above it, with x_1 = r, x_{i+1} = f⁻¹(f(x_i) + v / x_i) and x_LAYERS = 0.
 * The base's area r f(r) + ∫_r^∞ f fixes v for a given r, and r is found by
 * bisection so that the topmost box [0, x_{LAYERS−1}] × [f(x_{LAYERS−1}), 1]
 * also has area v; then every piece has the same area, which is what makes
 * choosing a piece uniformly at random exact.
 *
 * Private to `normal.ts`.
 * @module
 */
import { crExp, crLog } from "../special/elementary.ts";
import { erfc } from "../special/normal.ts";

/** Number of pieces; a uniform double gives the piece in its top 8 bits. */
export const LAYERS = 256;

/** The ziggurat's edges and heights. */
export interface ZigguratTables {
  /** Edges: x[0] = v / f(r) (the base's width as a box), x[1] = r, …, x[LAYERS] = 0. */
  readonly x: Float64Array;
  /** Heights f(x[i]); f[LAYERS] = 1. */
  readonly f: Float64Array;
  /** Start of the tail, r = x[1]. */
  readonly r: number;
}

const density = (x: number): number => crExp(-0.5 * x * x);

/** Area of the base (and so of every piece) when the tail starts at r. */
function pieceArea(r: number): number {
  return r * density(r) + Math.sqrt(Math.PI / 2) * erfc(r / Math.SQRT2);
}

/**
 * Fills `x` from r upwards and returns the area of the topmost box minus v:
 * positive when r is too large (the boxes have not reached the top), negative
 * or −Infinity when r is too small (they overshoot it early).
 */
function buildFrom(r: number, x: Float64Array): number {
  const v = pieceArea(r);
  x[0] = v / density(r);
  x[1] = r;
  for (let i = 1; i < LAYERS - 1; i++) {
    const y = density(x[i]) + v / x[i];
    if (!(y < 1)) return -Infinity;
    x[i + 1] = Math.sqrt(-2 * crLog(y));
  }
  x[LAYERS] = 0;
  const top = x[LAYERS - 1];
  return top * (1 - density(top)) - v;
}

/** Solves for r by bisection and returns the tables. */
export function zigguratTables(): ZigguratTables {
  const x = new Float64Array(LAYERS + 1);
  // The root lies near 3.654 for 256 pieces; [3, 4] brackets it.
  let lo = 3, hi = 4;
  for (let iter = 0; iter < 200; iter++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (buildFrom(mid, x) > 0) hi = mid;
    else lo = mid;
  }
  // Keep the side whose boxes all exist (never the −Infinity side).
  buildFrom(hi, x);
  const f = new Float64Array(LAYERS + 1);
  for (let i = 0; i < LAYERS; i++) f[i] = density(x[i]);
  f[LAYERS] = 1;
  return { x, f, r: hi };
}
