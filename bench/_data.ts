/** Data sets and baselines shared by the benchmarks, built once on first use. */
import { randomTruth } from "../core/experiments/truth.ts";
import type { Matrix } from "../core/linalg/matrix.ts";
import { createPrng } from "../core/random/prng.ts";
import { fillStandardNormal } from "../core/random/normal.ts";
import { sampleRectifiedGaussian } from "../core/sampling/rectified_gaussian.ts";

/** `make()` on the first call, the same value afterwards. */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Figure 1 style data: d = k, kappa = 1, relu bias, n samples. */
export function figureData(d: number, n: number): () => Matrix {
  return lazy(() => {
    const prng = createPrng(1);
    const truth = randomTruth({ d, k: d, kappa: 1, bias: "relu" }, prng);
    return sampleRectifiedGaussian(truth.w, truth.b, n, prng);
  });
}

/**
 * n samples at d = 1000 from a banded W (x_j = ReLU(0.8 z_j + 0.6 z_{j+1} +
 * b_j), b_j alternating 0 and 0.5): O(n d) to generate instead of O(n d k).
 */
export function wideData(n: number): () => Matrix {
  return lazy(() => {
    const d = 1000;
    const prng = createPrng(2);
    const data = new Float64Array(n * d);
    const z = new Float64Array(d);
    for (let row = 0; row < n; row++) {
      fillStandardNormal(prng, z);
      for (let j = 0; j < d; j++) {
        const y = 0.8 * z[j] + 0.6 * z[(j + 1) % d] + (j % 2 === 0 ? 0 : 0.5);
        data[row * d + j] = y > 0 ? y : 0;
      }
    }
    return { rows: n, cols: d, data };
  });
}

/** One pass summing every entry: the floor any fit must pay to read the data. */
export function sumAll(x: Matrix): number {
  let s = 0;
  for (let i = 0; i < x.data.length; i++) s += x.data[i];
  return s;
}
