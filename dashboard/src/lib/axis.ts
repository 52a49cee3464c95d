/**
 * Axes of the dashboard's charts: linear and logarithmic scales, tick values
 * that fit the space they are drawn in, and their labels.
 *
 * @module
 */

/** How an axis maps values to positions. */
export type AxisKind = "linear" | "log";

/** A value → pixel map of one axis. */
export interface Scale {
  readonly kind: AxisKind;
  /** The values at the ends of the axis (both > 0 on a log axis). */
  readonly domain: readonly [number, number];
  /** The pixel positions of the ends, in the same order. */
  readonly range: readonly [number, number];
  /** Position of `v`; NaN where the axis cannot show it (≤ 0 on a log axis). */
  (v: number): number;
}

/** A scale from `domain` onto `range`. */
export function makeScale(
  kind: AxisKind,
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const t = kind === "log" ? Math.log10 : (v: number) => v;
  const d0 = t(domain[0]), d1 = t(domain[1]);
  const span = d1 - d0 || 1;
  const [r0, r1] = range;
  const scale = (v: number) => {
    if (kind === "log" && !(v > 0)) return NaN;
    return r0 + ((t(v) - d0) / span) * (r1 - r0);
  };
  return Object.assign(scale, { kind, domain, range });
}

/** Rounds away the binary noise of `k * step` (0.30000000000000004 → 0.3). */
function clean(v: number): number {
  return Number(v.toPrecision(12));
}

/**
 * At most `max` (≥ 2) evenly spaced round values in [lo, hi]: steps of 1, 2
 * or 5 times a power of ten.
 */
export function linearTicks(lo: number, hi: number, max: number): number[] {
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return [lo];
  const count = Math.max(2, Math.floor(max));
  const raw = (hi - lo) / (count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) =>
    s >= raw * (1 - 1e-9)
  )!;
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const out: number[] = [];
  for (let k = first; k <= last; k++) out.push(clean(k * step));
  return out;
}

/**
 * At most `max` (≥ 2) ticks in [lo, hi] (0 < lo < hi) for a log axis: powers
 * of ten, every second or fifth one when there are too many decades, and 2
 * and 5 times them when the range spans less than two; linear ticks when even
 * that gives fewer than two.
 */
export function logTicks(lo: number, hi: number, max: number): number[] {
  if (!(lo > 0) || !(hi > lo)) return [lo];
  const count = Math.max(2, Math.floor(max));
  const e0 = Math.ceil(Math.log10(lo) - 1e-9);
  const e1 = Math.floor(Math.log10(hi) + 1e-9);
  const decades = e1 - e0 + 1;
  if (decades > count) {
    const every = Math.ceil(decades / count);
    const out: number[] = [];
    for (let e = e0; e <= e1; e += every) out.push(clean(10 ** e));
    return out;
  }
  for (const mantissas of [[1, 2, 5], [1, 3], [1]]) {
    const out: number[] = [];
    for (let e = e0 - 1; e <= e1; e++) {
      for (const m of mantissas) {
        const v = clean(m * 10 ** e);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
      }
    }
    if (out.length <= count && out.length >= 2) return out;
    if (out.length > count) continue;
    break;
  }
  return linearTicks(lo, hi, count).filter((v) => v > 0);
}

/**
 * The categories (0-based) to label when `count` of them share an axis with
 * room for `max` labels: every one when they fit, else every 2nd, 5th, 10th,
 * 20th, … starting with the first.
 */
export function thinCategories(count: number, max: number): number[] {
  const room = Math.max(1, Math.floor(max));
  let step = 1;
  for (let mag = 1; Math.ceil(count / step) > room; mag *= 10) {
    step = [1, 2, 5].map((m) =>
      m * mag
    ).find((s) => Math.ceil(count / s) <= room) ?? 10 * mag;
  }
  const out: number[] = [];
  for (let i = 0; i < count; i += step) out.push(i);
  return out;
}

/**
 * The axis ends that show every finite value of `values` (only positive ones
 * on a log axis), padded a little; `includeZero` starts a linear axis at 0
 * when every value is positive. Null when there is nothing to show.
 */
export function dataDomain(
  values: Iterable<number | null | undefined>,
  kind: AxisKind,
  includeZero = false,
): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    if (kind === "log" && !(v > 0)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === Infinity) return null;
  if (kind === "log") {
    const ratio = hi / lo;
    const pad = ratio > 1 ? ratio ** 0.06 : 2;
    return [lo / pad, hi * pad];
  }
  if (includeZero && lo >= 0) lo = 0;
  const pad = (hi - lo) * 0.06 || Math.abs(hi) * 0.1 || 0.5;
  return [lo === 0 && includeZero ? 0 : lo - pad, hi + pad];
}

/**
 * A tick label as short as the value allows: "0.05", "2.5", "20k", "1.2M",
 * "1e-4".
 */
export function formatTick(v: number): string {
  if (v === 0) return "0";
  if (!Number.isFinite(v)) return "";
  const a = Math.abs(v);
  const short = (x: number) => String(Number(x.toPrecision(3)));
  if (a >= 1e9 || a < 1e-3) {
    const [m, e] = v.toExponential(1).split("e");
    return `${Number(m)}e${Number(e)}`;
  }
  if (a >= 1e6) return `${short(v / 1e6)}M`;
  if (a >= 1e4) return `${short(v / 1e3)}k`;
  return short(v);
}

/** Approximate width in px of `text` at font size `size` (for layout only). */
export function textWidth(text: string, size: number): number {
  return text.length * size * 0.58;
}
