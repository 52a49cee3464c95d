/**
 * One colour per method, stable across charts and views.
 *
 * @module
 */

// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
// Black is left out (the paper's reference points are black); wine takes its
// place.
const COLORS = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#882255",
  "#F0E442",
];

/**
 * The colour of `method` given the ordered list of all method names. Views
 * pass the registry's list (GET /api/methods), so a method has the same
 * colour in every chart, table and run.
 */
export function methodColor(
  method: string,
  allMethods: readonly string[],
): string {
  const i = allMethods.indexOf(method);
  return COLORS[(i < 0 ? hash(method) : i) % COLORS.length];
}

/** `color` with alpha, for bands. */
export function withAlpha(color: string, alpha: number): string {
  const n = parseInt(color.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}
