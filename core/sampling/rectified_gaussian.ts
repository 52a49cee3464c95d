/**
 * Samples of the rectified Gaussian D(W, b): x = ReLU(W z + b), z ~ N(0, I_k).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import type { Prng } from "../random/prng.ts";
import {
  fillStandardNormal,
  MAX_ABS_STANDARD_NORMAL,
} from "../random/normal.ts";
import { checkStop } from "../stop/stop_check.ts";

/** Largest number of entries (n · d) one call will allocate. */
export const MAX_SAMPLE_ENTRIES = 2 ** 28;

/**
 * Draws `n` samples of ReLU(W z + b) as an (n, d) matrix, one sample per row.
 *
 * @param w weights of shape (d, k); k may differ from d. Only W Wᵀ matters for
 *   the distribution, so any W with the same W Wᵀ gives the same law.
 * @param b bias of length d (any sign).
 * @throws {RangeError} for mismatched sizes, a bad n, a non-finite entry, or
 *   W and b so large that a sample could overflow (|b_i| + 13 Σ_t |W_it|
 *   beyond the largest double; 13 bounds every standard normal draw).
 * Costs O(n d k) time and one (n, d) output.
 */
export function sampleRectifiedGaussian(
  w: Matrix,
  b: Float64Array,
  n: number,
  prng: Prng,
): Matrix {
  const { rows: d, cols: k, data: wd } = w;
  if (b.length !== d) {
    throw new RangeError(
      `Cannot sample D(W, b): W has ${d} rows but b has ${b.length} entries`,
    );
  }
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(
      `Cannot sample D(W, b): n must be a non-negative integer, got ${n}`,
    );
  }
  if (n * d > MAX_SAMPLE_ENTRIES) {
    throw new RangeError(
      `Cannot sample D(W, b): n * d = ${
        n * d
      } exceeds ${MAX_SAMPLE_ENTRIES} entries`,
    );
  }
  for (let i = 0; i < wd.length; i++) {
    if (!Number.isFinite(wd[i]!)) {
      throw new RangeError(`Cannot sample D(W, b): W has a non-finite entry`);
    }
  }
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(b[i]!)) {
      throw new RangeError(`Cannot sample D(W, b): b[${i}] is not finite`);
    }
    // |W z + b|_i ≤ |b_i| + max|z| Σ_t |W_it|, for every partial sum too:
    // below the largest double, no draw overflows (an infinity minus an
    // infinity would be NaN, which the ReLU would hide as 0).
    let bound = Math.abs(b[i]!);
    for (let t = 0; t < k; t++) {
      bound += MAX_ABS_STANDARD_NORMAL * Math.abs(wd[i * k + t]!);
    }
    if (!(bound <= Number.MAX_VALUE)) {
      throw new RangeError(
        `Cannot sample D(W, b): row ${i} of W z + b may exceed the largest double (about 1.8e308), as |b[${i}]| + ${MAX_ABS_STANDARD_NORMAL} Σ_t |W[${i}][t]| does; scale W and b down (the samples scale with them)`,
      );
    }
  }
  const out = new Float64Array(n * d);
  // Normals for a block of samples at a time: the same stream, in the same
  // order, as one fill per sample.
  const blockSamples = Math.max(2, Math.min(n, Math.floor(BLOCK_NORMALS / k)));
  const z = new Float64Array(blockSamples * k);
  for (let s0 = 0; s0 < n; s0 += blockSamples) {
    checkStop();
    const count = Math.min(blockSamples, n - s0);
    fillStandardNormal(
      prng,
      count === blockSamples ? z : z.subarray(0, count * k),
    );
    let s = 0;
    for (; s + 1 < count; s += 2) {
      applyPair(wd, d, k, b, z, s * k, out, (s0 + s) * d);
    }
    if (s < count) applyOne(wd, d, k, b, z, s * k, out, (s0 + s) * d);
  }
  return { rows: n, cols: d, data: out };
}

/** Normals drawn per block (a 512 KiB buffer). */
const BLOCK_NORMALS = 1 << 16;

/**
 * ReLU(W z + b) for the two latent vectors at z[zo ..] and z[zo + k ..],
 * written to out[row ..] and out[row + d ..]. Four rows of W times two
 * samples keep eight independent sums in flight, and each loaded weight is
 * used twice; each sum still adds its terms in the order t = 0, 1, …, k − 1.
 */
function applyPair(
  wd: Float64Array,
  d: number,
  k: number,
  b: Float64Array,
  z: Float64Array,
  zo: number,
  out: Float64Array,
  row: number,
): void {
  const zo1 = zo + k, row1 = row + d;
  const d4 = d - (d & 3);
  let i = 0;
  for (; i < d4; i += 4) {
    let y0 = b[i], y1 = b[i + 1], y2 = b[i + 2], y3 = b[i + 3];
    let x0 = y0, x1 = y1, x2 = y2, x3 = y3;
    const r0 = i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
    for (let t = 0; t < k; t++) {
      const za = z[zo + t], zb = z[zo1 + t];
      const w0 = wd[r0 + t], w1 = wd[r1 + t];
      const w2 = wd[r2 + t], w3 = wd[r3 + t];
      y0 += w0 * za;
      y1 += w1 * za;
      y2 += w2 * za;
      y3 += w3 * za;
      x0 += w0 * zb;
      x1 += w1 * zb;
      x2 += w2 * zb;
      x3 += w3 * zb;
    }
    out[row + i] = y0 > 0 ? y0 : 0;
    out[row + i + 1] = y1 > 0 ? y1 : 0;
    out[row + i + 2] = y2 > 0 ? y2 : 0;
    out[row + i + 3] = y3 > 0 ? y3 : 0;
    out[row1 + i] = x0 > 0 ? x0 : 0;
    out[row1 + i + 1] = x1 > 0 ? x1 : 0;
    out[row1 + i + 2] = x2 > 0 ? x2 : 0;
    out[row1 + i + 3] = x3 > 0 ? x3 : 0;
  }
  for (; i < d; i++) {
    let y = b[i], x = b[i];
    const r = i * k;
    for (let t = 0; t < k; t++) {
      const w = wd[r + t];
      y += w * z[zo + t];
      x += w * z[zo1 + t];
    }
    out[row + i] = y > 0 ? y : 0;
    out[row1 + i] = x > 0 ? x : 0;
  }
}

/** ReLU(W z + b) for the one latent vector at z[zo ..], written to out[row ..]. */
function applyOne(
  wd: Float64Array,
  d: number,
  k: number,
  b: Float64Array,
  z: Float64Array,
  zo: number,
  out: Float64Array,
  row: number,
): void {
  for (let i = 0; i < d; i++) {
    let y = b[i];
    const r = i * k;
    for (let t = 0; t < k; t++) y += wd[r + t] * z[zo + t];
    out[row + i] = y > 0 ? y : 0;
  }
}
