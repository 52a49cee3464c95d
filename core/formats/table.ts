/**
 * Samples with their column names, as users bring them: files written by R
 * or pandas, with a row-index column, missing values and columns that are
 * not coordinates (ids, dates).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { matrixTable, tableMode } from "./_table.ts";
import type { ColumnSpec } from "./columns.ts";

/**
 * What to do with a row that has a missing value in a selected column:
 * leave it out and say so in a warning (`"drop"`), or fail naming the row and
 * column (`"error"`).
 */
export type NaPolicy = "drop" | "error";

/** Every `NaPolicy`, the default first. */
export const NA_POLICIES: readonly NaPolicy[] = ["drop", "error"];

/**
 * What to do with a first column that looks like a row index.
 *
 * - `"auto"`: a first column without a name (header cell empty, as R's
 *   `write.csv` writes row names, or `Unnamed: 0`, as pandas names such a
 *   column when it reads one back) is left out, with a warning. A first
 *   column holding exactly 1, 2, …, n or 0, 1, …, n − 1 in order (n ≥ 3 rows,
 *   before missing values are dropped) is kept, with a warning that it looks
 *   like an index.
 * - `"drop"`: either kind is left out, with a warning.
 * - `"keep"`: the first column is data like any other; no warning.
 *
 * A selection that lists column 1 to keep (`columns: "1,3"`) overrides all
 * of this; a selection that leaves columns out (`"-date"`) does not.
 */
export type IndexPolicy = "auto" | "keep" | "drop";

/** Every `IndexPolicy`, the default first. */
export const INDEX_POLICIES: readonly IndexPolicy[] = ["auto", "keep", "drop"];

/** How to read a sample table. */
export interface SampleTableOptions {
  /**
   * Accept negative values (for matrices that are not samples of a ReLU).
   * @default {false}
   */
  readonly allowNegative?: boolean;
  /**
   * The columns to fit, by name or 1-based number, or the ones to leave out
   * with a leading `-` (see `chooseColumns`). Values in columns not chosen
   * are not read, so they may be anything.
   * @default {every column}
   */
  readonly columns?: ColumnSpec;
  /**
   * Rows with a missing value in a chosen column (see `MISSING_VALUES`).
   * @default {"drop"}
   */
  readonly na?: NaPolicy;
  /**
   * A first column that looks like a row index (see `IndexPolicy`).
   * @default {"auto"}
   */
  readonly index?: IndexPolicy;
}

/** Samples read from a table, with what was learned on the way. */
export interface SampleTable {
  /** The chosen columns of the rows kept, one sample per row. */
  readonly matrix: Matrix;
  /**
   * The name of each matrix column: the header's name, or `x<j>` for column
   * j of a file without a header (or a header cell left empty), NPY data,
   * and JSON samples without `columns`.
   */
  readonly columns: readonly string[];
  /** Rows left out because of a missing value. */
  readonly droppedRows: number;
  /**
   * Sentences for the user about what was done without being asked: an
   * index column left out or kept, rows with missing values left out.
   */
  readonly warnings: readonly string[];
}

/**
 * How a missing value may be written in a CSV cell, besides an empty cell:
 * these words in any case, quoted or not, with spaces around them ignored.
 * R writes `NA`, pandas an empty cell, NumPy `nan`, spreadsheets `#N/A`.
 * A NaN in NPY data and `null` (or NaN) in JSON samples are missing too.
 * Infinities are not missing: they are rejected as not finite.
 */
export const MISSING_VALUES: readonly string[] = [
  "NA",
  "N/A",
  "#N/A",
  "NaN",
  "+NaN",
  "-NaN",
  "null",
  "None",
  "<NA>",
];

/**
 * Makes a sample table from a matrix in which NaN marks a missing value,
 * choosing columns, handling an index column and missing values as the
 * file parsers do, then checking the result (finite, and non-negative
 * unless allowed). Rows in messages count from 1.
 *
 * @param m the data, one row per sample; it is not modified.
 * @param names the name of each column of `m`; default `x1 … xd`.
 * @param options columns, missing values, index column, negatives.
 * @returns the table; its matrix shares no memory with `m` unless nothing
 *   was left out.
 * @throws {ColumnSelectionError} when the selection does not fit `names`.
 * @throws {SampleFormatError} for a missing value under `na: "error"`, no
 *   rows left, or a value that fails the check.
 *
 * @example Leaving out a row with a NaN
 * ```ts
 * import { tableFromMatrix } from "./table.ts";
 * const m = { rows: 3, cols: 2, data: Float64Array.of(1, 2, NaN, 3, 4, 5) };
 * const t = tableFromMatrix(m, undefined, { columns: "-x1" });
 * console.log(t.columns, Array.from(t.matrix.data)); // ["x2"] [2, 3, 5]
 * console.log(t.droppedRows); // 0: x1 is not chosen, so its NaN does not count
 * ```
 */
export function tableFromMatrix(
  m: Matrix,
  names?: readonly string[],
  options: SampleTableOptions = {},
): SampleTable {
  return matrixTable(m, names, tableMode(options), false);
}
