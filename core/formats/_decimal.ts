/**
 * Reading a decimal number from a range of a string: the one number syntax
 * every CSV reader here accepts.
 *
 * This module is browser compatible.
 * @module
 */

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The value of `text.slice(start, end)` when it is a decimal number
 * (`[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`, nothing else: no spaces, hex,
 * underscores or words), else `undefined`.
 *
 * `Number()` reads exactly that grammar plus surrounding white space,
 * `Infinity` and the unsigned `0x`/`0b`/`0o` literals; the first and last
 * characters (a digit, sign or point; a digit or point) and the second (not
 * x, b or o) rule those out, so one native conversion both checks and reads
 * the field, correctly rounded, with `-0` kept.
 */
export function scanDecimal(
  text: string,
  start: number,
  end: number,
): number | undefined {
  if (start >= end) return undefined;
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  if (!isDigit(last) && last !== 46 /* . */) return undefined;
  if (
    !isDigit(first) && first !== 46 && first !== 43 /* + */ &&
    first !== 45 /* - */
  ) return undefined;
  if (first === 48 /* 0 */ && end - start > 2) {
    const second = text.charCodeAt(start + 1) | 0x20; // lower case
    if (second === 120 /* x */ || second === 98 /* b */ || second === 111) {
      return undefined;
    }
  }
  const value = Number(text.slice(start, end));
  return value === value ? value : undefined;
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
