/**
 * One entry for reading samples from bytes in any supported format.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { parseCsv, parseCsvTable } from "./csv.ts";
import type { SampleFormat } from "./detect.ts";
import { SampleFormatError } from "./errors.ts";
import { parseJsonTableText, parseJsonText } from "./json.ts";
import { parseNpy, parseNpyTable } from "./npy.ts";
import type { SampleTable, SampleTableOptions } from "./table.ts";

/** How to read samples. */
export interface SampleParseOptions {
  /**
   * Accept negative values (for matrices that are not samples of a ReLU).
   * @default {false}
   */
  readonly allowNegative?: boolean;
}

/** Why text that is not UTF-8 cannot be read. */
export const NOT_UTF8 =
  "the data is not UTF-8 text (is it an NPY or other binary file?)";

function decodeText(bytes: Uint8Array): string {
  try {
    // fatal: a binary file read as text should fail here, not as "not a number".
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SampleFormatError(NOT_UTF8);
  }
}

/**
 * Reads samples from the bytes of a CSV, JSON or NPY file into an (n, d)
 * matrix, with the same checks for every format (see `checkSamples`).
 *
 * @param bytes the whole file.
 * @param format the format, e.g. from `detectFormat`.
 * @param options whether negative values are allowed.
 * @returns the samples, one per row.
 * @throws {SampleFormatError} naming the row and column of bad data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseSamples } from "./parse.ts";
 * const m = parseSamples(new TextEncoder().encode("1,2\n3,4\n"), "csv");
 * assert.deepEqual(Array.from(m.data), [1, 2, 3, 4]);
 * ```
 */
export function parseSamples(
  bytes: Uint8Array,
  format: SampleFormat,
  options: SampleParseOptions = {},
): Matrix {
  switch (format) {
    case "csv":
      return parseCsv(decodeText(bytes), options);
    case "json":
      return parseJsonText(decodeText(bytes), options);
    case "npy":
      return parseNpy(bytes, options);
    default:
      return unknownFormat(format);
  }
}

function unknownFormat(format: never): never {
  throw new RangeError(
    `Cannot read samples: unknown format "${
      String(format)
    }"; use csv, json or npy`,
  );
}

/**
 * Reads a sample table from the bytes of a CSV, JSON or NPY file: column
 * names, a chosen set of columns, missing values left out (or rejected), a
 * row-index column recognised, then the same checks for every format. See
 * `parseCsvTable`, `parseJsonTable` and `parseNpyTable` for what each format
 * adds; `SampleTableOptions` for the options and their defaults.
 *
 * @param bytes the whole file.
 * @param format the format, e.g. from `detectFormat`.
 * @param options columns, missing values, index column, negatives.
 * @returns the matrix of chosen columns, their names, the number of rows
 *   left out, and warnings to show the user.
 * @throws {ColumnSelectionError} for a selection that does not fit.
 * @throws {SampleFormatError} naming the row and column of bad data.
 *
 * @example An R data frame written with write.csv
 * ```ts
 * import { parseSampleTable } from "./parse.ts";
 * const csv = '"","date","u","v"\n"1","2024-01-01",0.5,0\n"2","2024-01-02",NA,1\n"3","2024-01-03",2,0\n';
 * const t = parseSampleTable(new TextEncoder().encode(csv), "csv", {
 *   columns: "-date",
 * });
 * console.log(t.columns, t.matrix.rows); // ["u", "v"] 2
 * console.log(t.warnings);
 * // column 1 has no name, as in files written with row names by R's write.csv or pandas' to_csv: it was read as a row index and left out (index "keep" fits it)
 * // left out 1 of 3 rows with a missing value in a column used: row 3 (numbered as lines of the file)
 * ```
 */
export function parseSampleTable(
  bytes: Uint8Array,
  format: SampleFormat,
  options: SampleTableOptions = {},
): SampleTable {
  switch (format) {
    case "csv":
      return parseCsvTable(decodeText(bytes), options);
    case "json":
      return parseJsonTableText(decodeText(bytes), options);
    case "npy":
      return parseNpyTable(bytes, options);
    default:
      return unknownFormat(format);
  }
}
