/**
 * Exact evaluation of exp and log in BigInt fixed point: the slow path of
 * `elementary.ts` for the arguments its fast paths cannot round with
 * certainty, and the reference its tests check the fast paths and tables
 * against. Every function works on exact binary fractions; precision is
 * doubled until the rounding is decided (Ziv's strategy), so results are
 * correctly rounded.
 *
 * Private to `elementary.ts` (and its tests).
 *
 * This module is browser compatible.
 * @module
 */

/** 2^n for n = −1074..1023, exact, built by halving and doubling. */
const POW2_OFFSET = 1074;
const POW2 = new Float64Array(POW2_OFFSET + 1024);
POW2[POW2_OFFSET] = 1;
for (let n = 1; n <= 1023; n++) {
  POW2[POW2_OFFSET + n] = 2 * POW2[POW2_OFFSET + n - 1];
}
for (let n = -1; n >= -1074; n--) {
  POW2[POW2_OFFSET + n] = 0.5 * POW2[POW2_OFFSET + n + 1];
}

/** 2^n exactly, for integer n in [−1074, 1023]. */
export function pow2(n: number): number {
  return POW2[POW2_OFFSET + n];
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** x = mantissa · 2^exponent exactly, for finite x ≠ 0. */
export function decompose(x: number): { mantissa: bigint; exponent: number } {
  F64[0] = x;
  const hi = U32[HI], lo = U32[LO];
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0x000fffff) << 32n) | BigInt(lo);
  let exponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  return { mantissa: hi >>> 31 ? -mantissa : mantissa, exponent };
}

function bitLength(v: bigint): number {
  return v.toString(2).length;
}

const ln2Cache = new Map<number, bigint>();

/** ln 2 · 2^q, within one unit, by 2 atanh(1/3) = 2 Σ 3^−(2n+1)/(2n+1). */
export function ln2Fixed(q: number): bigint {
  let cached = ln2Cache.get(q);
  if (cached === undefined) {
    const guard = 16n;
    const one = 1n << (BigInt(q) + guard);
    let pow = one / 3n;
    let sum = 0n;
    for (let n = 0n; pow > 0n; n++) {
      sum += pow / (2n * n + 1n);
      pow /= 9n;
    }
    cached = (2n * sum) >> guard;
    ln2Cache.set(q, cached);
  }
  return cached;
}

/**
 * e^(r / 2^q) · 2^q by its Taylor series, for |r| ≤ 2^q / 2; off by at most
 * 2 units per term (about 60 at q = 150).
 */
export function expFixed(r: bigint, q: number): bigint {
  const one = 1n << BigInt(q);
  let term = one, sum = one;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * r) / one / n; // truncates towards 0, either sign
    sum += term;
  }
  return sum;
}

/**
 * log(num / den) · 2^q for num / den in [3/4, 3/2], by
 * 2 atanh((num − den) / (num + den)); off by at most 3 units per term
 * (about 150 at q = 200).
 */
export function logRatioFixed(num: bigint, den: bigint, q: number): bigint {
  const one = 1n << BigInt(q);
  const u = ((num - den) * one) / (num + den); // |u| ≤ 1/5
  const u2 = (u * u) / one;
  let pow = u, sum = u;
  for (let k = 3n; pow !== 0n; k += 2n) {
    pow = (pow * u2) / one; // truncates towards 0, either sign
    sum += pow / k;
  }
  return 2n * sum;
}

/**
 * The double nearest to v, given that (s − err) · 2^e ≤ v ≤ (s + err) · 2^e
 * with s > err ≥ 0; undefined when that interval holds a rounding boundary
 * (more bits needed).
 */
export function roundBracket(
  s: bigint,
  e: number,
  err: bigint,
): number | undefined {
  const low = s - err, high = s + err;
  const bits = bitLength(low);
  if (bitLength(high) !== bits) return undefined;
  const top = bits - 1 + e; // 2^top ≤ v < 2^(top+1)
  if (top >= 1024) return Infinity;
  const q = Math.max(top - 52, -1074);
  const shift = BigInt(q - e);
  const half = 1n << (shift - 1n);
  const rounded = (low + half) >> shift;
  if (((high + half) >> shift) !== rounded) return undefined;
  const n = Number(rounded); // at most 2^53: exact
  return q > 900 ? n * pow2(q - 100) * pow2(100) : n * pow2(q);
}

/** exp(x), correctly rounded, for finite x ≠ 0 with −746 < x ≤ 709.79. */
export function expExact(x: number): number {
  const { mantissa, exponent } = decompose(x);
  const k = Math.round(x / 0.6931471805599453); // any integer near x / ln 2
  for (let precision = 128;; precision *= 2) {
    const q = precision + 24;
    const fixed = exponent + q >= 0
      ? mantissa << BigInt(exponent + q)
      : mantissa >> BigInt(-exponent - q);
    const r = fixed - BigInt(k) * ln2Fixed(q); // |r| ≤ 0.35 · 2^q
    // Errors: |k| + 1 units from the reduction (times e^r < 1.5) and the
    // series' own; 2^12 units bound both.
    const result = roundBracket(expFixed(r, q), k - q, 4096n);
    if (result !== undefined) return result;
  }
}

/**
 * log(h + l), correctly rounded, for finite h, l with h + l > 0 and
 * |log(h + l)| ≥ 2⁻⁵⁵ (every double but 1, and 1 + x for |x| ≥ 2⁻⁵³).
 */
export function logExact(h: number, l: number): number {
  const a = decompose(h);
  let num = a.mantissa, scale = a.exponent;
  if (l !== 0) {
    const b = decompose(l);
    scale = Math.min(a.exponent, b.exponent);
    num = (a.mantissa << BigInt(a.exponent - scale)) +
      (b.mantissa << BigInt(b.exponent - scale));
  }
  // h + l = num · 2^scale = (num / den) · 2^(n + scale), num / den in [3/4, 3/2).
  let n = bitLength(num) - 1;
  let den = 1n << BigInt(n);
  if (2n * num >= 3n * den) {
    n++;
    den <<= 1n;
  }
  // 2^−(p+64) absolute is 2^−(p−9) relative for results of at least 2⁻⁵⁵.
  for (let precision = 128;; precision *= 2) {
    const q = precision + 64;
    const total = BigInt(n + scale) * ln2Fixed(q) +
      logRatioFixed(num, den, q);
    // Errors: |n + scale| + 1 units from ln 2, the series' own below 2^12.
    const err = BigInt(Math.abs(n + scale) + 1) + 4096n;
    const result = total < 0n
      ? roundBracket(-total, -q, err)
      : roundBracket(total, -q, err);
    if (result !== undefined) return total < 0n ? -result : result;
  }
}
