/**
 * Sample matrices as JSON: an array of rows, each an array of numbers.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { checkSamples } from "./check.ts";
import { SampleFormatError } from "./errors.ts";

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
  let rowsValue = value;
  if (
    value !== null && typeof value === "object" && !Array.isArray(value) &&
    "samples" in value
  ) {
    rowsValue = (value as { samples: unknown }).samples;
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
  const cols = firstRow.length;
  const data = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    const row: unknown = rowsValue[i];
    if (!Array.isArray(row)) {
      throw new SampleFormatError(
        `row ${i + 1} is ${describe(row)}, not an array of numbers`,
        { row: i + 1 },
      );
    }
    if (row.length !== cols) {
      throw new SampleFormatError(
        `row ${i + 1} has ${row.length} values, expected ${cols} as in row 1`,
        { row: i + 1, column: Math.min(row.length, cols) + 1 },
      );
    }
    for (let j = 0; j < cols; j++) {
      const v: unknown = row[j];
      if (typeof v !== "number") {
        throw new SampleFormatError(
          `row ${i + 1}, column ${j + 1} is ${describe(v)}, not a number`,
          { row: i + 1, column: j + 1 },
        );
      }
      data[i * cols + j] = v;
    }
  }
  return checkSamples({ rows: n, cols, data }, {
    allowNegative: options.allowNegative ?? false,
  });
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
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new SampleFormatError(`the JSON is malformed (${detail})`);
  }
  return parseJsonSamples(value, options);
}
