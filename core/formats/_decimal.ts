/**
 * Reading a decimal number straight from a range of a string, so a CSV
 * reader can parse cells without cutting each one out first.
 *
 * This module is browser compatible.
 * @module
 */

/** 10^0 … 10^22: every one is an exact double (5^22 < 2^53). */
const POW10 = new Float64Array(23);
POW10[0] = 1;
for (let e = 1; e < POW10.length; e++) POW10[e] = POW10[e - 1]! * 10;

/** Above this many significant digits the mantissa may not be exact. */
const MAX_FAST_DIGITS = 15;

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The value of `text.slice(start, end)` when it is a decimal number
 * (`[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`, nothing else: no spaces, hex,
 * underscores or words), else `undefined`.
 *
 * The result is the correctly rounded double, as `Number()` gives: with at
 * most 15 significant digits and a decimal exponent of at most 22 in size,
 * both the digits and the power of ten are exact doubles and one
 * multiplication or division rounds once (Clinger's fast path); anything
 * longer is handed to `Number()` after the same syntax check. A minus sign
 * is kept on zero (`-0`).
 */
export function scanDecimal(
  text: string,
  start: number,
  end: number,
): number | undefined {
  let i = start;
  if (i >= end) return undefined;
  let c = text.charCodeAt(i);
  let negative = false;
  if (c === 43 /* + */ || c === 45 /* - */) {
    negative = c === 45;
    if (++i >= end) return undefined;
    c = text.charCodeAt(i);
  }
  let mantissa = 0;
  let significant = 0; // digits counted from the first non-zero one
  let fractionDigits = 0;
  let intDigits = 0;
  while (i < end && isDigit(c = text.charCodeAt(i))) {
    if (significant > 0 || c !== 48) {
      significant++;
      mantissa = mantissa * 10 + (c - 48);
    }
    intDigits++;
    i++;
  }
  if (i < end && c === 46 /* . */) {
    i++;
    while (i < end && isDigit(c = text.charCodeAt(i))) {
      if (significant > 0 || c !== 48) {
        significant++;
        mantissa = mantissa * 10 + (c - 48);
      }
      fractionDigits++;
      i++;
    }
  }
  if (intDigits === 0 && fractionDigits === 0) return undefined;
  let exponent = 0;
  let expDigits = 0;
  if (i < end && (c === 101 /* e */ || c === 69 /* E */)) {
    i++;
    let expNegative = false;
    if (i < end) {
      c = text.charCodeAt(i);
      if (c === 43 || c === 45) {
        expNegative = c === 45;
        i++;
      }
    }
    while (i < end && isDigit(c = text.charCodeAt(i))) {
      // Cap the size: beyond it the value is 0 or Infinity for Number().
      if (exponent < 1e6) exponent = exponent * 10 + (c - 48);
      expDigits++;
      i++;
    }
    if (expDigits === 0) return undefined;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end) return undefined;
  const scale = exponent - fractionDigits;
  let value: number;
  if (significant <= MAX_FAST_DIGITS && scale >= -22 && scale <= 22) {
    value = scale >= 0 ? mantissa * POW10[scale]! : mantissa / POW10[-scale]!;
  } else {
    value = Math.abs(Number(text.slice(start, end)));
  }
  return negative ? -value : value;
}

/** Spellings of non-finite values that other tools write (NumPy, R, Excel). */
const NON_FINITE: ReadonlyMap<string, number> = new Map([
  ["nan", NaN],
  ["+nan", NaN],
  ["-nan", NaN],
  ["inf", Infinity],
  ["+inf", Infinity],
  ["-inf", -Infinity],
  ["infinity", Infinity],
  ["+infinity", Infinity],
  ["-infinity", -Infinity],
]);

/**
 * The value of a whole field: a decimal number (see `scanDecimal`), or a
 * spelling of NaN or an infinity in any case; else `undefined`.
 */
export function parseNumberWord(field: string): number | undefined {
  return scanDecimal(field, 0, field.length) ??
    NON_FINITE.get(field.toLowerCase());
}
