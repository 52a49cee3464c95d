/**
 * Correctly rounded exp, log and log1p: the double nearest to the exact
 * value, for every double argument. The result is defined by the
 * mathematics alone, so it is the same in every JavaScript engine, while
 * `Math.exp` / `Math.log` / `Math.log1p` are implementation-approximated by
 * the standard and differ in the last bit between engines and between
 * versions of one engine (V8 11, in Node 20, is off by one unit in the last
 * place for about 1 to 10% of arguments; V8 15, in Deno 2.9, rounds them
 * correctly). The samplers and the normal special functions use these, so a
 * seed gives the same bytes on every runtime.
 *
 * Method (Ziv's strategy). A fast path evaluates the function as an
 * unevaluated sum hi + lo of two doubles with relative error below 2⁻⁶⁷
 * (log) or 2⁻⁷⁰ (exp): table lookup (`_elementary_tables.ts`), a short
 * polynomial on a reduced argument, and exact products and sums (Dekker's
 * product, Knuth's two-sum). When both ends of the error interval round to
 * the same double, that double is the correctly rounded result; this fails
 * for about one argument in 10⁴ to 10⁵, and then an exact evaluation in
 * BigInt fixed point (128 bits and more, until the rounding is decided)
 * gives it. No engine-defined operation enters: only +, −, ×, ÷ on doubles,
 * `Math.round`, `Math.abs`, BigInt arithmetic and the bits of doubles.
 *
 * Cost (`deno bench bench/special_bench.ts`, Deno 2.9.6): crExp 22 ns and
 * crLog 34 ns a call, against 12 and 14 ns for Math.exp and Math.log.
 *
 * This module is browser compatible.
 * @module
 */
import {
  EXP_TABLE,
  EXP_TABLE_BITS,
  LOG_TABLE,
  LOG_TABLE_SIZE,
} from "./_elementary_tables.ts";
import { expExact, logExact, pow2 } from "./_elementary_exact.ts";

/** 64 / ln 2, rounded. */
const INV_LN2_64 = 92.33248261689366;
/** ln2 / 64 = C1 + C2 + C3; C1 and C2 have 36 bits, so k·C1 and k·C2 are exact for |k| < 2^17. */
const C1 = 0.010830424696223417;
const C2 = 2.5728046223228848e-14;
const C3 = 4.784126150029144e-26;
/** ln 2 = LN2_HI + LN2_LO to about 2⁻⁹⁷; LN2_HI has 42 bits, so e·LN2_HI is exact. */
const LN2_HI = 0.6931471805598903;
const LN2_LO = 5.497923018708371e-14;

/** Relative error bounds of the fast paths (see the module doc). */
const EXP_ERROR = 8.470329472543003e-22; // 2⁻⁷⁰
const LOG_ERROR = 6.776263578034403e-21; // 2⁻⁶⁷

/** Dekker's splitting constant 2^27 + 1. */
const SPLIT = 134217729;

/** The bits of a double: word HI holds the sign, exponent and top mantissa bits. */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * e^x, correctly rounded (to nearest, ties to even). exp(±0) = 1,
 * exp(−Infinity) = 0, exp(Infinity) = Infinity, NaN gives NaN; results
 * overflow to Infinity above x ≈ 709.78 and underflow (through the
 * subnormals, still correctly rounded) to 0 below x ≈ −745.13.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { crExp } from "./elementary.ts";
 * assert.equal(crExp(1), Math.E);
 * assert.equal(crExp(-745.2), 0);
 * ```
 */
export function crExp(x: number): number {
  if (!(x > -746)) return x === x ? 0 : NaN; // exp(−746) < 2⁻¹⁰⁷⁵/2
  if (x > 709.79) return Infinity;
  if (Math.abs(x) < 5.551115123125783e-17) return 1; // |x| < 2⁻⁵⁴
  // x = k·ln2/64 + r, |r| ≤ ln2/128; k = 64 K + j.
  const k = Math.round(x * INV_LN2_64);
  const j = k & 63;
  const bigK = k >> EXP_TABLE_BITS;
  const r0 = x - k * C1; // exact
  const kc2 = k * C2; // exact
  const rh = r0 - kc2;
  const bb = rh - r0;
  const rl = (r0 - (rh - bb)) + (-kc2 - bb) - k * C3;
  // exp(r) − 1 = r + r²/2 + r³ (1/6 + r/24 + …), the square exactly.
  const sq = rh * rh;
  let t = SPLIT * rh;
  const rH = t - (t - rh), rL = rh - rH;
  const sqErr = ((rH * rH - sq) + 2 * rH * rL) + rL * rL;
  const cubic = sq * rh *
    (1 / 6 + rh * (1 / 24 + rh * (1 / 120 + rh * (1 / 720 + rh / 5040))));
  const half = 0.5 * sq;
  const ph = rh + half; // |half| < |rh|
  const pl = (half - (ph - rh)) + (rl + (0.5 * sqErr + (rh * rl + cubic)));
  // 2^(j/64) (1 + p) with the leading product exact.
  const th = EXP_TABLE[2 * j], tl = EXP_TABLE[2 * j + 1];
  const m = th * ph;
  t = SPLIT * th;
  const aH = t - (t - th), aL = th - aH;
  t = SPLIT * ph;
  const bH = t - (t - ph), bL = ph - bH;
  const mErr = ((aH * bH - m) + aH * bL + aL * bH) + aL * bL;
  const h0 = th + m; // |m| < th
  const l0 = (m - (h0 - th)) + (mErr + (th * pl + (tl + tl * ph)));
  const hi = h0 + l0; // renormalised: |lo| ≤ ulp(hi)/2
  const lo = l0 - (hi - h0);
  const err = hi * EXP_ERROR;
  if (bigK > -1022 || (bigK === -1022 && hi >= 1)) {
    const a = hi + (lo - err);
    if (a === hi + (lo + err)) {
      // Scaling is exact; at the top it overflows exactly when the
      // correctly rounded result does.
      return bigK > 1000 ? a * pow2(bigK - 2) * 4 : a * pow2(bigK);
    }
  } else {
    // A subnormal result: round to a multiple of 2⁻¹⁰⁷⁴ directly, so that
    // there is one rounding only.
    const s = pow2(bigK + 1074);
    const big = hi * s, small = lo * s;
    const near = Math.round(big);
    const d = (big - near) + small;
    const e = err * s + 1.1102230246251565e-16; // + rounding of d
    if (d - e > 0.5) return (near + 1) * Number.MIN_VALUE;
    if (d + e < -0.5) return (near - 1) * Number.MIN_VALUE;
    if (d + e < 0.5 && d - e > -0.5) return near * Number.MIN_VALUE;
  }
  return expExact(x);
}

/**
 * Natural logarithm, correctly rounded. log(1) = 0, log(±0) = −Infinity,
 * log(Infinity) = Infinity, NaN for x < 0 or NaN.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { crLog } from "./elementary.ts";
 * assert.equal(crLog(Math.E), 1);
 * assert.equal(crLog(2), Math.LN2);
 * ```
 */
export function crLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  return logSum(x, 0);
}

/**
 * log(1 + x), correctly rounded, with full relative accuracy for small x.
 * log1p(−1) = −Infinity, NaN for x < −1 or NaN.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { crLog1p } from "./elementary.ts";
 * assert.equal(crLog1p(1e-20), 1e-20);
 * assert.equal(crLog1p(1), Math.LN2);
 * ```
 */
export function crLog1p(x: number): number {
  if (!(x > -1)) return x === -1 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  // log1p(x) = x − x²/2 + … rounds to x when |x| < 2⁻⁵³ (and keeps −0).
  if (Math.abs(x) < 1.1102230246251565e-16) return x;
  const h = 1 + x;
  const l = Math.abs(x) <= 1 ? x - (h - 1) : 1 - (h - x);
  return logSum(h, l);
}

/** log(h + l) for h > 0 finite and |l| ≤ ulp(h)/2 (exact sum). */
function logSum(h: number, l: number): number {
  F64[0] = h;
  let e = (U32[HI] >>> 20) - 1023;
  let m: number;
  if (e === -1023) {
    // Subnormal h (then l = 0): scale by 2⁵⁴ first.
    const big = h * 18014398509481984;
    F64[0] = big;
    const eb = (U32[HI] >>> 20) - 1023;
    m = big * pow2(-eb);
    e = eb - 54;
  } else {
    m = h * pow2(-e);
  }
  // h = m · 2^e with m in [1, 2); t = m c − 1 with c ≈ 1/m from the table
  // (12 bits, so m·c splits only m), |t| ≤ 1.045 · 2⁻⁹.
  const jj = 3 * Math.round((m - 1) * LOG_TABLE_SIZE);
  const c = LOG_TABLE[jj];
  const p = m * c;
  let u = SPLIT * m;
  const mH = u - (u - m);
  const pErr = (mH * c - p) + (m - mH) * c;
  const t0 = p - 1; // exact
  const t1 = l === 0 ? pErr : pErr + l * pow2(-e) * c;
  const th = t0 + t1;
  const v = th - t0;
  const tl = (t0 - (th - v)) + (t1 - v);
  // log(1 + t) = t − t²/2 + t³ (1/3 − t/4 + …), the square exactly.
  const sq = th * th;
  u = SPLIT * th;
  const sH = u - (u - th), sL = th - sH;
  const sqErr = ((sH * sH - sq) + 2 * sH * sL) + sL * sL;
  const cubic = sq * th *
    (1 / 3 -
      th * (1 / 4 - th * (1 / 5 - th * (1 / 6 - th * (1 / 7 - th / 8)))));
  // e·ln2 − log c + t − t²/2, the large terms summed exactly.
  const a = e * LN2_HI;
  const b = LOG_TABLE[jj + 1];
  const s1 = a + b; // exact: both are multiples of 2⁻⁴² below 2¹⁰
  const s2 = s1 + th;
  let w = s2 - s1;
  const r2 = (s1 - (s2 - w)) + (th - w);
  const nh = -0.5 * sq;
  const s3 = s2 + nh;
  w = s3 - s2;
  const r3 = (s2 - (s3 - w)) + (nh - w);
  const low = (r2 + r3) + (e * LN2_LO + LOG_TABLE[jj + 2]) +
    (tl - (0.5 * sqErr + th * tl)) + cubic;
  // Near 1 (no exponent or table term: s1 = 0) the error is relative to the
  // cubic term, which decides the hard cases log(1 + δ) with few-bit δ.
  const err = s1 === 0
    ? Math.abs(s3) * 7.888609052210118e-31 +
      Math.abs(cubic) * 1.7763568394002505e-15
    : Math.abs(s3) * LOG_ERROR;
  const lower = s3 + (low - err);
  if (lower === s3 + (low + err)) return lower;
  return logExact(h, l);
}
