/**
 * The shape of samples from the first bytes of a file, without reading its
 * values: d from the first record of a CSV file and bounds on its rows from
 * the byte count or its line ends; an NPY file's shape from its header. A
 * server prices a request with them before parsing anything.
 *
 * This module is browser compatible.
 * @module
 */
import { readNpyShape } from "./npy.ts";

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;

/** Where the first record of a CSV file is, and its number of fields. */
export interface CsvFirstRecord {
  /** Fields of the first record (a header or the first sample), capped. */
  readonly columns: number;
  /** Whether the count stopped at the cap: there are more columns. */
  readonly capped: boolean;
  /** Byte offset just past the first record's line end. */
  readonly end: number;
}

/**
 * The next position of `byte` in `bytes[from, to)`, or `to`. Bounded, since
 * a typed array's `indexOf` scans byte by byte: a search for a byte the
 * file does not hold must not read all of it.
 */
function next(bytes: Uint8Array, byte: number, from: number, to: number) {
  if (to === bytes.length) {
    const i = bytes.indexOf(byte, from);
    return i < 0 ? to : i;
  }
  const i = bytes.subarray(from, to).indexOf(byte);
  return i < 0 ? to : from + i;
}

/**
 * The number of comma-separated fields of the first record of CSV text (a
 * byte order mark and blank lines before it skipped), counting commas
 * outside double quotes, as `parseCsv` reads them. Only the first record
 * is read (and, in a file with CR line ends only, the search for an LF).
 *
 * @param bytes the file, UTF-8.
 * @param maxColumns stop counting beyond this many fields.
 * @returns the field count (at most `maxColumns + 1`) and where the record
 *   ends; 0 columns for a file of nothing but blank lines.
 *
 * @example
 * ```ts
 * import { csvFirstRecord } from "./shape.ts";
 * const text = new TextEncoder().encode('"a,b",c\n1,2\n');
 * console.log(csvFirstRecord(text, 1000).columns); // 2
 * ```
 */
export function csvFirstRecord(
  bytes: Uint8Array,
  maxColumns: number,
): CsvFirstRecord {
  const length = bytes.length;
  let p = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) p = 3;
  while (p < length && (bytes[p] === LF || bytes[p] === CR)) p++;
  if (p >= length) return { columns: 0, capped: false, end: p };
  let columns = 1;
  for (;;) {
    // This line's end, then the first comma or quote before it.
    const lf = next(bytes, LF, p, length);
    const lineEnd = next(bytes, CR, p, lf);
    const quote = next(bytes, QUOTE, p, lineEnd);
    let comma = next(bytes, COMMA, p, quote);
    while (comma < quote) {
      columns++;
      if (columns > maxColumns) return { columns, capped: true, end: comma };
      comma = next(bytes, COMMA, comma + 1, quote);
    }
    if (quote < lineEnd) {
      // A quoted stretch: commas and line ends inside it do not count.
      p = next(bytes, QUOTE, quote + 1, length) + 1;
      if (p >= length) return { columns, capped: false, end: length };
      continue;
    }
    let end = lineEnd;
    if (end < length) end += bytes[end] === CR && bytes[end + 1] === LF ? 2 : 1;
    return { columns, capped: false, end };
  }
}

/** Bounds on the samples of a CSV file past its first record. */
export interface CsvRowBounds {
  /** Samples at least: the lines with data after the first record. */
  readonly min: number;
  /** Samples at most: one more, if the first record is a sample too. */
  readonly max: number;
  /** Whether counting stopped at the cap: there are more rows. */
  readonly capped: boolean;
}

/**
 * Counts the non-blank lines after the first record of CSV text (LF or
 * CRLF line ends; CR alone when there is no LF), stopping beyond `maxRows`.
 * Each line end is found by a native search, so this costs a small fraction
 * of parsing.
 *
 * @param bytes the file, UTF-8.
 * @param from where the first record ends (`csvFirstRecord(...).end`).
 * @param maxRows stop counting beyond this many lines.
 * @returns the samples at least (the first record may be a header) and at
 *   most (it may be a sample), capped at `maxRows + 1`.
 *
 * @example
 * ```ts
 * import { csvFirstRecord, csvRowBounds } from "./shape.ts";
 * const text = new TextEncoder().encode("x1,x2\n1,2\n3,4\n\n");
 * const first = csvFirstRecord(text, 1000);
 * console.log(csvRowBounds(text, first.end, 1e6)); // { min: 2, max: 3, capped: false }
 * ```
 */
export function csvRowBounds(
  bytes: Uint8Array,
  from: number,
  maxRows: number,
): CsvRowBounds {
  const end = bytes.length;
  // LF ends lines, or CR in a file without any LF.
  const sep = next(bytes, LF, from, end) < end ||
      next(bytes, CR, from, end) === end
    ? LF
    : CR;
  let lines = 0;
  let p = from;
  while (p < end) {
    const stop = next(bytes, sep, p, end);
    // Blank: nothing but a CR before the LF.
    const length = stop - p - (sep === LF && bytes[stop - 1] === CR ? 1 : 0);
    if (length > 0) {
      lines++;
      if (lines > maxRows) return { min: lines, max: lines + 1, capped: true };
    }
    p = stop + 1;
  }
  return { min: lines, max: lines + 1, capped: false };
}

/**
 * The most samples a CSV file of `bytes` bytes with d columns can hold: a
 * row of d numbers takes at least 2d bytes ("0,…,0" and its line end).
 *
 * @example
 * ```ts
 * import { csvMaxRows } from "./shape.ts";
 * console.log(csvMaxRows(360_000, 20)); // 9000
 * ```
 */
export function csvMaxRows(bytes: number, d: number): number {
  return Math.ceil(bytes / (2 * Math.max(1, d)));
}

/**
 * The shape an NPY file's header declares, read from the header alone.
 *
 * @throws {SampleFormatError} for a header that is not a 2-D float array's.
 *
 * @example
 * ```ts
 * import { npyShape } from "./shape.ts";
 * import { writeNpy } from "./npy.ts";
 * const bytes = writeNpy({ rows: 2, cols: 3, data: new Float64Array(6) });
 * console.log(npyShape(bytes.subarray(0, 128))); // { n: 2, d: 3 }
 * ```
 */
export function npyShape(bytes: Uint8Array): { n: number; d: number } {
  const { rows, cols } = readNpyShape(bytes);
  return { n: rows, d: cols };
}
