/**
 * Timing of the paper's estimator at the sizes the project targets, each
 * against a baseline that only reads the same data once.
 *
 * Run: deno bench -A bench/fit_bench.ts
 */
import { fitPaper } from "../core/estimators/paper.ts";
import { countJointExceedances } from "../core/kernels/cooccurrence.ts";
import { randomTruth } from "../core/experiments/truth.ts";
import type { Matrix } from "../core/linalg/matrix.ts";
import { createPrng } from "../core/random/prng.ts";
import { fillStandardNormal } from "../core/random/normal.ts";
import { sampleRectifiedGaussian } from "../core/sampling/rectified_gaussian.ts";

const OPTIONS = { B: 1, r: 3, lambda: 0.1, batch: 10 };

/** Figure 1 style data: d = k = 25, kappa = 1, relu bias, n = 500,000. */
const figureData = lazy((): Matrix => {
  const prng = createPrng(1);
  const truth = randomTruth({ d: 25, k: 25, kappa: 1, bias: "relu" }, prng);
  return sampleRectifiedGaussian(truth.w, truth.b, 500_000, prng);
});

/**
 * n = 100,000, d = 1000 from a banded W (x_j = ReLU(0.8 z_j + 0.6 z_{j+1} + b_j),
 * b_j alternating 0 and 0.5): O(n d) to generate instead of O(n d k).
 */
const wideData = lazy((): Matrix => {
  const n = 100_000, d = 1000;
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

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** One pass summing every entry: the floor any fit must pay to read the data. */
function sumAll(x: Matrix): number {
  let s = 0;
  for (let i = 0; i < x.data.length; i++) s += x.data[i];
  return s;
}

Deno.bench({
  name: "read once (sum), n = 500k, d = 25",
  group: "paper n=500k d=25",
  baseline: true,
  fn: () => void sumAll(figureData()),
});

Deno.bench({
  name: "paper fit, n = 500k, d = 25",
  group: "paper n=500k d=25",
  n: 5,
  warmup: 1,
  fn: () => void fitPaper(figureData(), { seed: 1, options: OPTIONS }),
});

Deno.bench({
  name: "read once (sum), n = 100k, d = 1000",
  group: "paper n=100k d=1000",
  baseline: true,
  fn: () => void sumAll(wideData()),
});

Deno.bench({
  name: "joint exceedance counts only, n = 100k, d = 1000",
  group: "paper n=100k d=1000",
  n: 3,
  warmup: 1,
  fn: () => {
    const x = wideData();
    void countJointExceedances(x, new Float64Array(x.cols).fill(0.25));
  },
});

Deno.bench({
  name: "paper fit, n = 100k, d = 1000",
  group: "paper n=100k d=1000",
  n: 3,
  warmup: 1,
  fn: () => void fitPaper(wideData(), { seed: 1, options: OPTIONS }),
});
