/**
 * Colours of matrix entries: a diverging scale for signed values (blue below
 * 0, white at 0, red above) and a sequential one for p-values.
 *
 * @module
 */

/** Colour of `t` in [-1, 1]: blue below 0, white at 0, red above. */
export function divergingColor(t: number): string {
  const c = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const a = Math.abs(c);
  // Blend white towards #b2182b (positive) or #2166ac (negative).
  const [r, g, b] = c >= 0 ? [178, 24, 43] : [33, 102, 172];
  const mix = (x: number) => Math.round(255 + (x - 255) * a);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

/** Largest absolute entry over several matrices (a shared symmetric scale). */
export function sharedScale(
  matrices: readonly (readonly (readonly number[])[])[],
): number {
  let m = 0;
  for (const mat of matrices) {
    for (const row of mat) {
      for (const x of row) {
        if (Number.isFinite(x)) m = Math.max(m, Math.abs(x));
      }
    }
  }
  return m || 1;
}

/** The smallest p-value the p-value colours tell apart (darkest). */
export const P_VALUE_FLOOR = 1e-3;

/**
 * Colour of a p-value: white at 1, deepening red towards `P_VALUE_FLOOR`
 * and below, on a log scale (so 0.05 and 0.01 look different).
 */
export function pValueColor(p: number): string {
  if (!Number.isFinite(p)) return "#e9ebee";
  return divergingColor(pValueShade(p));
}

/** Position of `p` on the p-value legend: 0 at p = 1, 1 at the floor. */
export function pValueShade(p: number): number {
  const clipped = Math.min(1, Math.max(P_VALUE_FLOOR, p));
  return Math.log10(clipped) / Math.log10(P_VALUE_FLOOR);
}
