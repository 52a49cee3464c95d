/**
 * One entry for reading samples from bytes in any supported format.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { parseCsv } from "./csv.ts";
import type { SampleFormat } from "./detect.ts";
import { SampleFormatError } from "./errors.ts";
import { parseJsonText } from "./json.ts";
import { parseNpy } from "./npy.ts";

/** How to read samples. */
export interface SampleParseOptions {
  /**
   * Accept negative values (for matrices that are not samples of a ReLU).
   * @default {false}
   */
  readonly allowNegative?: boolean;
}

function decodeText(bytes: Uint8Array): string {
  try {
    // fatal: a binary file read as text should fail here, not as "not a number".
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SampleFormatError(
      "the data is not UTF-8 text (is it an NPY or other binary file?)",
    );
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
      throw new RangeError(
        `Cannot read samples: unknown format "${
          String(format)
        }"; use csv, json or npy`,
      );
  }
}
