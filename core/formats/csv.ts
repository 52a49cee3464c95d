/**
 * Sample matrices as CSV text: one sample per line, values separated by
 * commas.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { checkSamples, type SampleCheckOptions } from "./check.ts";
import { SampleFormatError } from "./errors.ts";

/** How to read sample CSV. */
export interface CsvParseOptions {
  /**
   * Accept negative values (for matrices that are not samples of a ReLU).
   * @default {false}
   */
  readonly allowNegative?: boolean;
}

/** Decimal numbers only: no hex, no empty strings, no stray letters. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Spellings of non-finite values that other tools write (NumPy, R, Excel). */
const NON_FINITE: Readonly<Record<string, number>> = {
  "nan": NaN,
  "+nan": NaN,
  "-nan": NaN,
  "inf": Infinity,
  "+inf": Infinity,
  "-inf": -Infinity,
  "infinity": Infinity,
  "+infinity": Infinity,
  "-infinity": -Infinity,
};

/** The value of a field, or `undefined` when it is not a number. */
function parseField(field: string): number | undefined {
  if (DECIMAL.test(field)) return Number(field);
  const word = NON_FINITE[field.toLowerCase()];
  return word;
}

function splitFields(line: string): string[] {
  const fields = line.split(",");
  for (let j = 0; j < fields.length; j++) {
    let f = fields[j]!.trim();
    // Some tools quote every field; a quoted number is still a number.
    if (f.length >= 2 && f.startsWith('"') && f.endsWith('"')) {
      f = f.slice(1, -1).trim();
    }
    fields[j] = f;
  }
  return fields;
}

function describeField(field: string): string {
  if (field === "") return "empty";
  const shown = field.length > 40 ? `${field.slice(0, 40)}…` : field;
  return JSON.stringify(shown);
}

function notANumber(field: string, row: number, column: number): never {
  const hint = /[\t;]/.test(field) ? "; separate values with commas" : "";
  throw new SampleFormatError(
    `row ${row}, column ${column} is ${
      describeField(field)
    }, not a number${hint}`,
    { row, column },
  );
}

const isBlank = (line: string) => line.trim() === "";

/** "1;2" or "1\t2": numbers joined by another separator, not a column name. */
function isOtherlySeparated(field: string): boolean {
  return /[\t;]/.test(field) &&
    field.split(/[\t;]/).every((part) => parseField(part.trim()) !== undefined);
}

/**
 * Reads samples from CSV text into an (n, d) matrix, one sample per line.
 *
 * The format accepted:
 * - values separated by commas, with optional spaces or tabs around each
 *   value; a value may be wrapped in double quotes (`"1.5"`), but quoted
 *   values may not contain commas;
 * - an optional header line: the first line is a header when none of its
 *   fields is a number (so a typo in the first data line is reported, not
 *   mistaken for a header), nor a list of numbers joined by tabs or
 *   semicolons (so such files get a hint about the separator);
 * - LF, CRLF or CR line ends; a byte order mark; blank lines before the first
 *   or after the last line of data are ignored (a blank line in between is an
 *   error);
 * - decimal numbers (`1`, `-0.5`, `.5`, `2e-3`); `NaN`, `Inf` and `Infinity`
 *   are read, then rejected as not finite.
 *
 * Rows in errors are line numbers in the text (1-based, a header counts).
 *
 * @param text the whole CSV text.
 * @param options whether negative values are allowed.
 * @returns the samples, one per row.
 * @throws {SampleFormatError} for empty input, a blank line between data
 *   lines, rows of different lengths, a value that is not a number, a
 *   non-finite value or (unless allowed) a negative value.
 *
 * @example Reading a file with a header
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCsv } from "./csv.ts";
 * const m = parseCsv("x1,x2\n0,1.5\n2,0\n");
 * assert.deepEqual([m.rows, m.cols, Array.from(m.data)], [2, 2, [0, 1.5, 2, 0]]);
 * ```
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): Matrix {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  let first = 0;
  while (first < lines.length && isBlank(lines[first]!)) first++;
  let end = lines.length;
  while (end > first && isBlank(lines[end - 1]!)) end--;
  if (first === end) {
    throw new SampleFormatError("the input has no rows of numbers");
  }

  const firstFields = splitFields(lines[first]!);
  const cols = firstFields.length;
  const hasHeader = firstFields.every((f) =>
    parseField(f) === undefined && !isOtherlySeparated(f)
  );
  const dataStart = hasHeader ? first + 1 : first;
  const data = new Float64Array((end - dataStart) * cols);
  let k = 0;
  for (let i = dataStart; i < end; i++) {
    const row = i + 1;
    const line = lines[i]!;
    if (isBlank(line)) {
      throw new SampleFormatError(`row ${row} is blank`, { row });
    }
    const fields = i === first ? firstFields : splitFields(line);
    if (fields.length !== cols) {
      throw new SampleFormatError(
        `row ${row} has ${fields.length} values, expected ${cols} as in row ${
          first + 1
        }`,
        { row, column: Math.min(fields.length, cols) + 1 },
      );
    }
    for (let j = 0; j < cols; j++) {
      const v = parseField(fields[j]!);
      if (v === undefined) notANumber(fields[j]!, row, j + 1);
      data[k++] = v;
    }
  }
  const check: SampleCheckOptions = {
    firstRow: dataStart + 1,
    allowNegative: options.allowNegative ?? false,
  };
  return checkSamples({ rows: end - dataStart, cols, data }, check);
}

/**
 * Formats one number so that `Number(text)` gives it back exactly: the
 * shortest such decimal (JavaScript's own number-to-string), with `-0` kept.
 */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

/**
 * Writes a matrix as CSV text, one row per line, LF line ends, with a final
 * newline. Numbers use the shortest decimal that reads back to the same
 * double, so `parseCsv(writeCsv(m))` reproduces `m.data` exactly.
 *
 * @param m the matrix to write.
 * @param header optional column names, one per column, written as the first
 *   line. Names must not contain commas, quotes or line breaks, and at least
 *   one must not be a number (otherwise a reader could not tell it is a
 *   header).
 * @returns the CSV text.
 * @throws {RangeError} when the header has the wrong length or a name that
 *   could not be read back.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeCsv } from "./csv.ts";
 * const m = { rows: 2, cols: 2, data: new Float64Array([0, 0.1, 3, 1e-7]) };
 * assert.equal(writeCsv(m, ["x1", "x2"]), "x1,x2\n0,0.1\n3,1e-7\n");
 * ```
 */
export function writeCsv(m: Matrix, header?: readonly string[]): string {
  const parts: string[] = [];
  if (header !== undefined) {
    if (header.length !== m.cols) {
      throw new RangeError(
        `Cannot write CSV: the header has ${header.length} names for ${m.cols} columns`,
      );
    }
    for (const name of header) {
      if (/[",\r\n]/.test(name) || name.trim() !== name) {
        throw new RangeError(
          `Cannot write CSV: column name ${
            JSON.stringify(name)
          } has a comma, quote, line break or edge space`,
        );
      }
    }
    if (m.cols > 0 && header.every((n) => parseField(n) !== undefined)) {
      throw new RangeError(
        `Cannot write CSV: every column name is a number, so the header would read as data`,
      );
    }
    parts.push(header.join(","));
  }
  const { rows, cols, data } = m;
  const row: string[] = new Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) row[j] = formatNumber(data[i * cols + j]!);
    parts.push(row.join(","));
  }
  return parts.length === 0 ? "" : parts.join("\n") + "\n";
}
