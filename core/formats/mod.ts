/**
 * Sample files in and out: CSV, JSON and NPY bytes to an (n, d) `Matrix` of
 * samples (one per row) and back, with one set of checks and error messages
 * for every format; plus the JSON shapes of a sampling spec and a fit result.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectFormat, parseSamples, writeCsv } from "./mod.ts";
 * const bytes = new TextEncoder().encode("x1,x2\n0,1\n2,0\n");
 * const m = parseSamples(bytes, detectFormat(bytes, "data.csv"));
 * assert.equal(writeCsv(m), "0,1\n2,0\n");
 * ```
 *
 * Files as users bring them (R's `write.csv`, pandas' `to_csv`, NumPy) are
 * read with `parseSampleTable`: column names kept, columns chosen by name or
 * number, rows with missing values left out, a row-index column recognised,
 * each step reported in `warnings`.
 *
 * This module is browser compatible.
 * @module
 */
export * from "./errors.ts";
export * from "./check.ts";
export * from "./csv.ts";
export * from "./json.ts";
export * from "./npy.ts";
export * from "./detect.ts";
export * from "./parse.ts";
export * from "./spec.ts";
export * from "./fit_json.ts";
export * from "./columns.ts";
export * from "./table.ts";
export * from "./blocks.ts";
export * from "./shape.ts";
