/**
 * Confidence bars from standard errors, for the bias chart and the Σ̂
 * readout: estimate ± z · SE, with z = 1.96 for a normal 95% interval.
 *
 * @module
 */

/** z of a two-sided 95% normal interval. */
export const Z95 = 1.96;

/** One bar: the interval [lo, hi] around an estimate. */
export interface ErrorBar {
  readonly lo: number;
  readonly hi: number;
}

/**
 * Bars `estimate[i] ± z · se[i]`; null where the SE is missing or not a
 * finite non-negative number (no bar is drawn there).
 *
 * @throws {RangeError} when `se` and `estimate` differ in length.
 */
export function errorBars(
  estimate: readonly number[],
  se: readonly (number | null)[],
  z = Z95,
): (ErrorBar | null)[] {
  if (se.length !== estimate.length) {
    throw new RangeError(
      `Cannot draw error bars: ${se.length} standard errors for ${estimate.length} estimates`,
    );
  }
  return estimate.map((x, i) => {
    const s = se[i];
    if (typeof s !== "number" || !Number.isFinite(s) || s < 0) return null;
    if (!Number.isFinite(x)) return null;
    return { lo: x - z * s, hi: x + z * s };
  });
}

/**
 * The y range that shows every estimate, bar and reference value, padded by
 * 10% of its span (±0.5 when everything is one value).
 */
export function paddedRange(
  estimate: readonly number[],
  bars: readonly (ErrorBar | null)[] = [],
  reference: readonly number[] = [],
): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const see = (v: number) => {
    if (!Number.isFinite(v)) return;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  };
  estimate.forEach(see);
  reference.forEach(see);
  for (const bar of bars) {
    if (bar) {
      see(bar.lo);
      see(bar.hi);
    }
  }
  if (lo === Infinity) return [-1, 1];
  const pad = (hi - lo) * 0.1 || 0.5;
  return [lo - pad, hi + pad];
}

/** "0.512 ± 0.031" style text of an estimate and its 95% half-width. */
export function formatWithSe(
  value: number,
  se: number | undefined,
  format: (x: number) => string,
): string {
  if (se === undefined || !Number.isFinite(se)) return format(value);
  return `${format(value)} ± ${format(Z95 * se)}`;
}
