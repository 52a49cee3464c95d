/**
 * Which sample format a file is in, from its first bytes and its name or
 * content type.
 *
 * This module is browser compatible.
 * @module
 */
import { hasNpyMagic } from "./npy.ts";

/** The sample formats this project reads. */
export type SampleFormat = "csv" | "json" | "npy";

/** Every format name, for validating user input. */
export const SAMPLE_FORMATS: readonly SampleFormat[] = ["csv", "json", "npy"];

/** The format a file name or content type names, if any. */
function formatFromHint(hint: string): SampleFormat | undefined {
  const h = hint.trim().toLowerCase();
  // A content type: drop parameters such as "; charset=utf-8".
  const type = h.split(";")[0]!.trim();
  if (type === "application/json" || type === "text/json") return "json";
  if (type.endsWith("+json")) return "json";
  if (type === "text/csv" || type === "application/csv") return "csv";
  if (type === "application/x-npy" || type === "application/npy") return "npy";
  // A file name: its extension.
  const ext = /\.([a-z0-9]+)$/.exec(h)?.[1];
  if (ext === "csv" || ext === "txt") return "csv";
  if (ext === "json") return "json";
  if (ext === "npy") return "npy";
  return undefined;
}

/**
 * Guesses the format of sample data.
 *
 * In order: bytes starting with the NPY magic string are NPY whatever the
 * hint says; then a hint that names a format (extension `.csv`, `.txt`,
 * `.json`, `.npy`, or content type `text/csv`, `application/json`,
 * `application/x-npy`) decides, so a broken `.json` file gets a JSON error;
 * otherwise text whose first non-blank character is `[` or `{` is JSON and
 * anything else is CSV.
 *
 * @param bytes the data, or at least its first few hundred bytes.
 * @param hint a file name or an HTTP content type, if known.
 * @returns the format to parse with.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectFormat } from "./detect.ts";
 * const text = new TextEncoder().encode(" [[1, 2]]");
 * assert.equal(detectFormat(text), "json");
 * assert.equal(detectFormat(text, "data.csv"), "csv");
 * ```
 */
export function detectFormat(bytes: Uint8Array, hint?: string): SampleFormat {
  if (hasNpyMagic(bytes)) return "npy";
  const fromHint = hint === undefined ? undefined : formatFromHint(hint);
  if (fromHint !== undefined) return fromHint;
  let i = 0;
  // Skip a UTF-8 byte order mark and ASCII whitespace.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a ||
      bytes[i] === 0x0d)
  ) i++;
  const c = bytes[i];
  return c === 0x5b || c === 0x7b ? "json" : "csv";
}
