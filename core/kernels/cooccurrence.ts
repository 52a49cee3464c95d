/**
 * Joint exceedance counts of every pair of columns, for the angle step of the
 * paper's Algorithm 1 (line 7): for columns i and j, the number of rows with
 * x_i > t_i and x_j > t_j.
 *
 * Each column's indicator is packed into 32-bit words (bit r of word w is row
 * 32 w + r), so a pair costs n / 32 AND operations and population counts
 * instead of n comparisons. Pairs are visited in blocks of columns and runs of
 * words so the words in use stay in cache.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { checkStop } from "../stop/stop_check.ts";

/** Columns per block: 64 columns × `WORDS_PER_RUN` words is 256 KiB. */
const COLUMN_BLOCK = 64;
/** Words of one column visited before moving to the next pair. */
const WORDS_PER_RUN = 1024;

/** Indicator bits of every column, column after column. */
export interface PackedExceedances {
  /** Number of rows the bits stand for. */
  readonly n: number;
  /** Number of columns. */
  readonly d: number;
  /** Words per column: ceil(n / 32). */
  readonly words: number;
  /** d × words words; column j occupies [j · words, (j + 1) · words). Unused high bits are 0. */
  readonly bits: Uint32Array;
}

/**
 * Packs the indicators x_ij > thresholds[j] (strict) of an (n, d) matrix.
 *
 * @param x samples of shape (n, d), one per row.
 * @param thresholds one threshold per column (length d).
 * @returns the bits, column-major.
 * @throws {RangeError} when `thresholds` does not have d entries.
 *
 * Cost: one row-major pass, O(n d); memory n d / 8 bytes.
 */
export function packExceedances(
  x: Matrix,
  thresholds: Float64Array,
): PackedExceedances {
  const { rows: n, cols: d, data } = x;
  checkThresholds(d, thresholds);
  const words = Math.ceil(n / 32);
  const bits = new Uint32Array(d * words);
  const acc = new Uint32Array(d);
  for (let w = 0; w < words; w++) {
    acc.fill(0);
    const rowEnd = Math.min(n, (w + 1) * 32);
    // Rows are read in storage order; each column's word builds up in `acc`.
    // The bit is shifted in without a branch: an exceedance is close to a
    // coin flip, which a branch predictor cannot learn.
    for (let row = w * 32; row < rowEnd; row++) {
      const shift = row & 31;
      const offset = row * d;
      for (let j = 0; j < d; j++) {
        acc[j] |= Number(data[offset + j] > thresholds[j]) << shift;
      }
    }
    for (let j = 0; j < d; j++) bits[j * words + w] = acc[j];
  }
  return { n, d, words, bits };
}

/**
 * Counts, for every pair of columns (i, j), the rows with x_i > t_i and
 * x_j > t_j (strict inequalities).
 *
 * @param x samples of shape (n, d), one per row.
 * @param thresholds one threshold per column (length d).
 * @returns a symmetric d × d row-major array of counts; the diagonal holds
 *   each column's own exceedance count.
 * @throws {RangeError} when `thresholds` does not have d entries.
 *
 * @example Two columns
 * ```ts
 * import assert from "node:assert/strict";
 * import { countJointExceedances } from "./cooccurrence.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const x = fromRows([[1, 1], [1, 0], [0, 1]]);
 * const c = countJointExceedances(x, new Float64Array([0.5, 0.5]));
 * assert.deepEqual(Array.from(c), [2, 1, 1, 2]);
 * ```
 *
 * Cost: O(n d) to pack plus O(n d² / 64) word operations for the pairs;
 * memory n d / 8 bytes plus the d × d result.
 */
export function countJointExceedances(
  x: Matrix,
  thresholds: Float64Array,
): Float64Array {
  return countPackedPairs(packExceedances(x, thresholds));
}

/** Pair counts of already packed indicators (see `countJointExceedances`). */
export function countPackedPairs(packed: PackedExceedances): Float64Array {
  const { d, words, bits } = packed;
  const counts = new Float64Array(d * d);
  for (let i0 = 0; i0 < d; i0 += COLUMN_BLOCK) {
    const i1 = Math.min(d, i0 + COLUMN_BLOCK);
    for (let j0 = i0; j0 < d; j0 += COLUMN_BLOCK) {
      const j1 = Math.min(d, j0 + COLUMN_BLOCK);
      checkStop();
      for (let w0 = 0; w0 < words; w0 += WORDS_PER_RUN) {
        const len = Math.min(WORDS_PER_RUN, words - w0);
        for (let i = i0; i < i1; i++) {
          const a = i * words + w0;
          for (let j = j0 > i ? j0 : i; j < j1; j++) {
            counts[i * d + j] += andPopcount(bits, a, j * words + w0, len);
          }
        }
      }
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) counts[j * d + i] = counts[i * d + j];
  }
  return counts;
}

/**
 * Number of set bits in bits[a + t] & bits[b + t] for t < len.
 *
 * Harley–Seal counting: eight words at a time go through a tree of carry-save
 * adders, bit-sliced into `ones`, `twos`, `fours` and an `eights` word, so one
 * full population count is paid per eight words instead of one per word
 * (Muła, Kurz and Lemire, "Faster population counts using AVX2
 * instructions", 2018, describe the method).
 */
function andPopcount(
  bits: Uint32Array,
  a: number,
  b: number,
  len: number,
): number {
  let eightsTotal = 0;
  let ones = 0, twos = 0, fours = 0;
  let t = 0;
  const end = len - (len & 7);
  for (; t < end; t += 8) {
    // Each step adds two words to `ones` and carries into `twos` (and up).
    let u = bits[a + t] & bits[b + t];
    let v = bits[a + t + 1] & bits[b + t + 1];
    const twosA = carry(ones, u, v);
    ones ^= u ^ v;
    u = bits[a + t + 2] & bits[b + t + 2];
    v = bits[a + t + 3] & bits[b + t + 3];
    const twosB = carry(ones, u, v);
    ones ^= u ^ v;
    const foursA = carry(twos, twosA, twosB);
    twos ^= twosA ^ twosB;
    u = bits[a + t + 4] & bits[b + t + 4];
    v = bits[a + t + 5] & bits[b + t + 5];
    const twosC = carry(ones, u, v);
    ones ^= u ^ v;
    u = bits[a + t + 6] & bits[b + t + 6];
    v = bits[a + t + 7] & bits[b + t + 7];
    const twosD = carry(ones, u, v);
    ones ^= u ^ v;
    const foursB = carry(twos, twosC, twosD);
    twos ^= twosC ^ twosD;
    const eights = carry(fours, foursA, foursB);
    fours ^= foursA ^ foursB;
    eightsTotal += popcount32(eights);
  }
  let total = 8 * eightsTotal + 4 * popcount32(fours) + 2 * popcount32(twos) +
    popcount32(ones);
  for (; t < len; t++) total += popcount32(bits[a + t] & bits[b + t]);
  return total;
}

/**
 * The carry of the bitwise sum acc + u + v (set where at least two are set);
 * the sum bit is acc ^ u ^ v. One carry-save adder of `andPopcount`.
 */
function carry(acc: number, u: number, v: number): number {
  return (acc & u) | ((acc ^ u) & v);
}

/** Set bits of a 32-bit word: sums in 2-, 4- and 8-bit lanes, then one multiply. */
function popcount32(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function checkThresholds(d: number, thresholds: Float64Array): void {
  if (thresholds.length !== d) {
    throw new RangeError(
      `Cannot count joint exceedances: the data has ${d} columns but ${thresholds.length} thresholds were given`,
    );
  }
}
