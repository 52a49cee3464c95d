/**
 * Samples of the rectified Gaussian D(W, b): x = ReLU(W z + b), z ~ N(0, I_k).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import type { Prng } from "../random/prng.ts";
import { fillStandardNormal } from "../random/normal.ts";

/** Largest number of entries (n · d) one call will allocate. */
export const MAX_SAMPLE_ENTRIES = 2 ** 28;

/**
 * Draws `n` samples of ReLU(W z + b) as an (n, d) matrix, one sample per row.
 *
 * @param w weights of shape (d, k); k may differ from d. Only W Wᵀ matters for
 *   the distribution, so any W with the same W Wᵀ gives the same law.
 * @param b bias of length d (any sign).
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
  }
  const out = new Float64Array(n * d);
  const z = new Float64Array(k);
  for (let s = 0; s < n; s++) {
    fillStandardNormal(prng, z);
    const row = s * d;
    for (let i = 0; i < d; i++) {
      let y = b[i]!;
      const wRow = i * k;
      for (let t = 0; t < k; t++) y += wd[wRow + t]! * z[t]!;
      out[row + i] = y > 0 ? y : 0;
    }
  }
  return { rows: n, cols: d, data: out };
}
