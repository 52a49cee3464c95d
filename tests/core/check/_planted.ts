/**
 * Data for model-check tests: samples of one rectified Gaussian D(W, b)
 * with d = 3 named columns, optionally with a misfit planted in each row.
 */
import { createPrng, fromRows } from "../../_helpers.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import type { Prng } from "../../../core/random/prng.ts";
import { standardNormal } from "../../../core/random/normal.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";

/** W of the model (3 × 3, so rank 3). */
export const W = fromRows([[1, 0, 0], [0.6, 0.8, 0], [-0.3, 0.4, 0.7]]);
/** b of the model. */
export const B = Float64Array.of(-0.3, 0.5, 0.2);
/** Names of the three columns. */
export const NAMES = ["rain", "wind", "sun"];

/** n rows of D(W, B), with `plant` applied to each row in place. */
export function plantedData(
  n: number,
  seed: number,
  plant: (row: Float64Array, prng: Prng) => void = () => {},
): Matrix {
  const prng = createPrng(seed);
  const x = sampleRectifiedGaussian(W, B, n, prng);
  for (let r = 0; r < n; r++) plant(x.data.subarray(r * 3, r * 3 + 3), prng);
  return x;
}

/**
 * Makes rain zero with probability 0.4, else exp(N(0, 0.8²)), as daily rain
 * is: a positive part no censored normal has.
 */
export function logNormalRain(row: Float64Array, prng: Prng): void {
  row[0] = prng() < 0.4 ? 0 : Math.exp(0.8 * standardNormal(prng));
}
