/**
 * Sample statistics as bytes, e.g. to store the statistics of chunks of a
 * data set and merge them later: a JSON header describing every field, then
 * the typed arrays' bytes, each 8-byte aligned. Numbers round-trip exactly
 * (infinities included), so a decoded value fits to the same result.
 *
 * Layout: the 8 bytes "RGSTATS1", the header's length (uint32, little
 * endian), the UTF-8 JSON header, zero padding to a multiple of 8, then
 * the arrays in the order the header lists them, little endian.
 *
 * This module is browser compatible.
 * @module
 */
import type { SampleStats } from "./sample_stats.ts";

const MAGIC = "RGSTATS1";

type ArrayKind = "f64" | "u16" | "u32";
type TypedArray = Float64Array | Uint16Array | Uint32Array;

const CONSTRUCTORS = {
  f64: Float64Array,
  u16: Uint16Array,
  u32: Uint32Array,
} as const;

function kindOf(a: TypedArray): ArrayKind {
  return a instanceof Float64Array
    ? "f64"
    : a instanceof Uint16Array
    ? "u16"
    : "u32";
}

const LITTLE_ENDIAN_HOST = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The bytes of `stats` (see the module's layout).
 *
 * @example Round trip
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeStats, encodeStats } from "./encode.ts";
 * import { blockStats, statsPlan } from "./plan.ts";
 * import { prepareFit } from "../estimators/prepare.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const plan = statsPlan(prepareFit({ method: "censored-moment" }), 2);
 * const stats = blockStats(fromRows([[0, 1], [2, 3]]), plan, 0);
 * assert.deepEqual(decodeStats(encodeStats(stats)), stats);
 * ```
 */
export function encodeStats(stats: SampleStats): Uint8Array {
  if (!LITTLE_ENDIAN_HOST) {
    throw new RangeError("Cannot encode statistics on a big-endian host");
  }
  const arrays: TypedArray[] = [];
  let offset = 0;
  const header = JSON.stringify(stats, (_key, value) => {
    if (
      value instanceof Float64Array || value instanceof Uint16Array ||
      value instanceof Uint32Array
    ) {
      arrays.push(value);
      const ref = { $array: offset, type: kindOf(value), length: value.length };
      offset = align(offset + value.byteLength);
      return ref;
    }
    return value;
  });
  const headerBytes = new TextEncoder().encode(header);
  const start = align(12 + headerBytes.length);
  const out = new Uint8Array(start + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  let at = start;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at = align(at + a.byteLength);
  }
  return out;
}

/**
 * Statistics from the bytes `encodeStats` wrote.
 *
 * @throws {RangeError} for bytes that are not encoded statistics.
 */
export function decodeStats(bytes: Uint8Array): SampleStats {
  const bad = (why: string) =>
    new RangeError(`Cannot decode statistics: ${why}`);
  if (
    bytes.length < 12 ||
    new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC
  ) {
    throw bad(`the bytes do not start with "${MAGIC}"`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) throw bad("the header is cut short");
  const header = new TextDecoder().decode(bytes.subarray(12, 12 + length));
  const start = align(12 + length);
  return JSON.parse(header, (_key, value) => {
    if (!isRef(value)) return value;
    const Kind = CONSTRUCTORS[value.type];
    if (Kind === undefined) throw bad(`unknown array type "${value.type}"`);
    const from = start + value.$array;
    const to = from + value.length * Kind.BYTES_PER_ELEMENT;
    if (to > bytes.length) throw bad("the arrays are cut short");
    // A copy: aligned, and independent of `bytes`.
    return new Kind(bytes.slice(from, to).buffer);
  }) as SampleStats;
}

interface ArrayRef {
  readonly $array: number;
  readonly type: ArrayKind;
  readonly length: number;
}

function isRef(value: unknown): value is ArrayRef {
  return typeof value === "object" && value !== null && "$array" in value;
}

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}
