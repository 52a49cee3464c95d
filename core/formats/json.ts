/**
 * Sample matrices as JSON: an array of rows, each an array of numbers.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import {
  finishTable,
  missingValueError,
  plainMode,
  planTable,
  type TableMode,
  tableMode,
} from "./_table.ts";
import { SampleFormatError } from "./errors.ts";
import type { SampleTable, SampleTableOptions } from "./table.ts";

/** How to read sample JSON. */
export interface JsonParseOptions {
  /**
   * Accept negative values (for matrices that are not samples of a ReLU).
   * @default {false}
   */
  readonly allowNegative?: boolean;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === "object") return "an object";
  return String(value);
}

/**
 * Reads samples from an already parsed JSON value into an (n, d) matrix.
 *
 * Accepted shapes: `[[x11, x12, …], [x21, …], …]` (one array per sample), or
 * an object `{"samples": [[…], …]}` holding such an array. Values must be
 * JSON numbers; numeric strings are not converted. Rows and columns in
 * errors are 1-based positions (the first sample is row 1).
 *
 * @param value the result of `JSON.parse`.
 * @param options whether negative values are allowed.
 * @returns the samples, one per row.
 * @throws {SampleFormatError} when the value is not an array of equally long
 *   arrays of numbers, is empty, or holds a non-finite or (unless allowed)
 *   negative value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJsonSamples } from "./json.ts";
 * const m = parseJsonSamples([[0, 1], [2.5, 0]]);
 * assert.deepEqual([m.rows, m.cols, Array.from(m.data)], [2, 2, [0, 1, 2.5, 0]]);
 * ```
 */
export function parseJsonSamples(
  value: unknown,
  options: JsonParseOptions = {},
): Matrix {
  return readJsonTable(value, plainMode(options.allowNegative)).matrix;
}

/**
 * Reads a sample table from an already parsed JSON value: the rows as
 * `parseJsonSamples` reads them, plus column names from an optional
 * `"columns"` array beside `"samples"` (`{"samples": [[…]], "columns": ["a",
 * "b"]}`; default `x1 … xd`), chosen by name or number, `null` (or NaN) read
 * as a missing value, and an index column handled as `IndexPolicy` says.
 * Values in columns not chosen are not read. Rows count from 1.
 *
 * @param value the result of `JSON.parse`.
 * @param options columns, missing values, index column, negatives.
 * @returns the matrix of chosen columns, their names and warnings.
 * @throws {ColumnSelectionError} for a selection that does not fit.
 * @throws {SampleFormatError} as `parseJsonSamples` does (but `null` is
 *   missing, not an error, unless `na: "error"`), for `"columns"` that are
 *   not one name per column, and when every row has a missing value.
 *
 * @example
 * ```ts
 * import { parseJsonTable } from "./json.ts";
 * const t = parseJsonTable({
 *   samples: [["a", 1, 0], ["b", null, 2], ["c", 3, 4]],
 *   columns: ["id", "u", "v"],
 * }, { columns: "-id" });
 * console.log(t.columns, t.matrix.rows, t.droppedRows); // ["u", "v"] 2 1
 * ```
 */
export function parseJsonTable(
  value: unknown,
  options: SampleTableOptions = {},
): SampleTable {
  return readJsonTable(value, tableMode(options));
}

/** The names in a `"columns"` field, which must name `width` columns. */
function columnNames(value: unknown, width: number): string[] {
  if (
    !Array.isArray(value) || value.length !== width ||
    !value.every((name) => typeof name === "string")
  ) {
    throw new SampleFormatError(
      `"columns" must give one name (a string) for each of the ${width} columns, got ${
        describe(value)
      }${Array.isArray(value) ? ` of length ${value.length}` : ""}`,
    );
  }
  return value as string[];
}

function readJsonTable(value: unknown, mode: TableMode): SampleTable {
  let rowsValue = value;
  let namesValue: unknown;
  if (
    value !== null && typeof value === "object" && !Array.isArray(value) &&
    "samples" in value
  ) {
    rowsValue = (value as { samples: unknown }).samples;
    namesValue = (value as { columns?: unknown }).columns;
  }
  if (!Array.isArray(rowsValue)) {
    throw new SampleFormatError(
      `expected an array of rows (or {"samples": [...]}), got ${
        describe(rowsValue)
      }`,
    );
  }
  const n = rowsValue.length;
  if (n === 0) throw new SampleFormatError("the input has no rows of numbers");
  const firstRow: unknown = rowsValue[0];
  if (!Array.isArray(firstRow)) {
    throw new SampleFormatError(
      `row 1 is ${describe(firstRow)}, not an array of numbers`,
      { row: 1 },
    );
  }
  const width = firstRow.length;
  const names = namesValue === undefined
    ? undefined
    : columnNames(namesValue, width);
  const plan = planTable(names, width, mode);
  const read = plan.fileColumns;
  const cols = read.length;
  const missing = mode.na !== "none";
  const data = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    const row: unknown = rowsValue[i];
    if (!Array.isArray(row)) {
      throw new SampleFormatError(
        `row ${i + 1} is ${describe(row)}, not an array of numbers`,
        { row: i + 1 },
      );
    }
    if (row.length !== width) {
      throw new SampleFormatError(
        `row ${i + 1} has ${row.length} values, expected ${width} as in row 1`,
        { row: i + 1, column: Math.min(row.length, width) + 1 },
      );
    }
    for (let o = 0; o < cols; o++) {
      const j = read[o]!;
      const v: unknown = row[j];
      if (typeof v === "number") {
        data[i * cols + o] = v;
      } else if (v === null && missing) {
        if (mode.na === "error") throw missingValueError("null", i + 1, j + 1);
        data[i * cols + o] = NaN;
      } else {
        throw new SampleFormatError(
          `row ${i + 1}, column ${j + 1} is ${describe(v)}, not a number`,
          { row: i + 1, column: j + 1 },
        );
      }
    }
  }
  return finishTable(
    {
      data,
      rows: n,
      width: cols,
      rawColumns: read.map((_, o) => o),
      owned: true,
    },
    plan,
    mode,
  );
}

/**
 * Parses JSON text and reads samples from it; see `parseJsonSamples`.
 *
 * @param text JSON text (a leading byte order mark is ignored).
 * @param options whether negative values are allowed.
 * @returns the samples, one per row.
 * @throws {SampleFormatError} for malformed JSON and for every problem
 *   `parseJsonSamples` reports.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJsonText } from "./json.ts";
 * assert.equal(parseJsonText("[[1, 2], [3, 4]]").cols, 2);
 * ```
 */
export function parseJsonText(
  text: string,
  options: JsonParseOptions = {},
): Matrix {
  return parseJsonSamples(parseJson(text), options);
}

/**
 * Parses JSON text and reads a sample table from it; see `parseJsonTable`.
 *
 * @param text JSON text (a leading byte order mark is ignored).
 * @param options columns, missing values, index column, negatives.
 * @returns the matrix of chosen columns, their names and warnings.
 * @throws {SampleFormatError} for malformed JSON and for every problem
 *   `parseJsonTable` reports.
 * @throws {ColumnSelectionError} for a selection that does not fit.
 *
 * @example
 * ```ts
 * import { parseJsonTableText } from "./json.ts";
 * console.log(parseJsonTableText("[[1, null], [3, 4]]").droppedRows); // 1
 * ```
 */
export function parseJsonTableText(
  text: string,
  options: SampleTableOptions = {},
): SampleTable {
  return parseJsonTable(parseJson(text), options);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new SampleFormatError(`the JSON is malformed (${detail})`);
  }
}
