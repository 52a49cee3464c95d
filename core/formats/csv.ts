/**
 * Sample matrices as CSV text: one sample per line, values separated by
 * commas.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { readCsvTable } from "./_csv_reader.ts";
import { parseNumberWord } from "./_decimal.ts";
import { plainMode, tableMode } from "./_table.ts";
import type { SampleTable, SampleTableOptions } from "./table.ts";

/** How to read sample CSV. */
export interface CsvParseOptions {
  /**
   * Accept negative values (for matrices that are not samples of a ReLU).
   * @default {false}
   */
  readonly allowNegative?: boolean;
}

/**
 * Reads samples from CSV text into an (n, d) matrix, one sample per line.
 *
 * The format accepted:
 * - values separated by commas, with optional spaces or tabs around each
 *   value; a value may be wrapped in double quotes (`"1.5"`), as RFC 4180
 *   and R's `write.csv` quote: a quoted field may hold commas, line breaks
 *   and doubled quotes (`"say ""hi"""`);
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
 * Rows in errors are line numbers in the text (1-based, a header counts; a
 * record whose quoted field spans lines is numbered by its first line).
 * Column names, missing values and index columns are the business of
 * `parseCsvTable`; this reads every column as it is.
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
  return readCsvTable(text, plainMode(options.allowNegative)).matrix;
}

/**
 * Reads a sample table from CSV text as R's `write.csv`, pandas' `to_csv`
 * and NumPy's `savetxt` write it: column names kept, a row-index column
 * recognised, missing values dropped, only the chosen columns read.
 *
 * The text is read as by `parseCsv` (same header rule, quoting, numbers and
 * messages), with these differences:
 * - the header's names become `columns` (`x1 … xd` without a header; an
 *   empty header cell becomes `x<j>`); columns are chosen by `columns`, and
 *   cells in columns not chosen are skipped unread, so a `date` or `id`
 *   column left out cannot fail the file;
 * - an empty cell, or one of `MISSING_VALUES` (`NA`, `NaN`, `N/A`, …, any
 *   case, quoted or not), in a chosen column is missing: its row is left out
 *   (`na: "drop"`, the default, with a warning giving the count and the
 *   first line numbers) or the file is rejected naming the row and column
 *   (`na: "error"`); a first line of nothing but missing values is data, not
 *   a header; in a one-column file a blank line between data lines is a
 *   missing value;
 * - a first column that looks like a row index is left out or reported, as
 *   `IndexPolicy` describes.
 *
 * Rows in errors and warnings are line numbers in the text (a header counts
 * as line 1); columns are 1-based positions in the file, whatever the
 * selection.
 *
 * @param text the whole CSV text.
 * @param options columns, missing values, index column, negatives.
 * @returns the matrix of chosen columns, their names and warnings.
 * @throws {ColumnSelectionError} for a selection that does not fit.
 * @throws {SampleFormatError} as `parseCsv` does, and for a missing value
 *   under `na: "error"` or when every row has one.
 *
 * @example A file written by R's write.csv
 * ```ts
 * import { parseCsvTable } from "./csv.ts";
 * const t = parseCsvTable('"","a","b"\n"1",0.5,NA\n"2",1,2\n"3",0,1\n');
 * console.log(t.columns, t.matrix.rows); // ["a", "b"] 2
 * console.log(t.warnings.length); // 2: the row names left out, line 2 left out
 * ```
 */
export function parseCsvTable(
  text: string,
  options: SampleTableOptions = {},
): SampleTable {
  return readCsvTable(text, tableMode(options));
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
  return [...writeCsvPieces(m, header)].join("");
}

/**
 * `writeCsv`'s text in pieces of at most `rowsPerPiece` rows (the header
 * its own piece), each ending with a line break: for output too large for
 * one string. Joined, the pieces are `writeCsv(m, header)`.
 *
 * @param m the matrix to write.
 * @param header optional column names, as for `writeCsv`.
 * @param rowsPerPiece rows per piece. @default {65536}
 * @throws {RangeError} as `writeCsv` does, before the first piece.
 */
export function writeCsvPieces(
  m: Matrix,
  header?: readonly string[],
  rowsPerPiece = 65536,
): Generator<string> {
  if (header !== undefined) checkCsvHeader(header, m.cols);
  return pieces();
  function* pieces(): Generator<string> {
    if (header !== undefined) yield header.join(",") + "\n";
    const { rows, cols, data } = m;
    const row: string[] = new Array(cols);
    for (let from = 0; from < rows; from += rowsPerPiece) {
      const lines: string[] = [];
      for (let i = from; i < Math.min(rows, from + rowsPerPiece); i++) {
        for (let j = 0; j < cols; j++) {
          row[j] = formatNumber(data[i * cols + j]!);
        }
        lines.push(row.join(","));
      }
      yield lines.join("\n") + "\n";
    }
  }
}

function checkCsvHeader(header: readonly string[], cols: number): void {
  if (header.length !== cols) {
    throw new RangeError(
      `Cannot write CSV: the header has ${header.length} names for ${cols} columns`,
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
  if (cols > 0 && header.every((n) => parseNumberWord(n) !== undefined)) {
    throw new RangeError(
      `Cannot write CSV: every column name is a number, so the header would read as data`,
    );
  }
}
