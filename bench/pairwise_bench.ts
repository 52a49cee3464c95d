/**
 * Timing of the default method `pairwise-mle` at the sizes the project
 * targets, each in a group with a pass that only reads the same data once
 * (and, at d = 100, the `censored-moment` method) as baselines.
 *
 * Run: deno bench -A bench/pairwise_bench.ts
 */
import { fitCensoredMoment } from "../core/estimators/censored_moment.ts";
import { fitPairwiseMle } from "../core/estimators/pairwise_mle.ts";
import { randomTruth } from "../core/experiments/truth.ts";
import type { Matrix } from "../core/linalg/matrix.ts";
import { createPrng } from "../core/random/prng.ts";
import { fillStandardNormal } from "../core/random/normal.ts";
import { sampleRectifiedGaussian } from "../core/sampling/rectified_gaussian.ts";

/** Figure 1 style data (k = d, kappa = 1, relu bias), n = 200,000. */
function figureData(d: number): () => Matrix {
  return lazy(() => {
    const prng = createPrng(1);
    const truth = randomTruth({ d, k: d, kappa: 1, bias: "relu" }, prng);
    return sampleRectifiedGaussian(truth.w, truth.b, 200_000, prng);
  });
}

/**
 * n = 4000, d = 1000 from a banded W (x_j = ReLU(0.8 z_j + 0.6 z_{j+1} + b_j),
 * b_j alternating 0 and 0.5): O(n d) to generate instead of O(n d k).
 */
const wideData = lazy((): Matrix => {
  const n = 4000, d = 1000;
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

const withErrors = { seed: 0, options: {} };
const withoutErrors = { seed: 0, options: { standardErrors: false } };

const small = figureData(25);
Deno.bench({
  name: "read once (sum), n = 200k, d = 25",
  group: "pairwise-mle n=200k d=25",
  baseline: true,
  fn: () => void sumAll(small()),
});
Deno.bench({
  name: "pairwise-mle, n = 200k, d = 25",
  group: "pairwise-mle n=200k d=25",
  n: 5,
  warmup: 1,
  fn: () => void fitPairwiseMle(small(), withErrors),
});

const medium = figureData(100);
Deno.bench({
  name: "read once (sum), n = 200k, d = 100",
  group: "pairwise-mle n=200k d=100",
  baseline: true,
  fn: () => void sumAll(medium()),
});
Deno.bench({
  name: "censored-moment, no standard errors, n = 200k, d = 100",
  group: "pairwise-mle n=200k d=100",
  n: 3,
  warmup: 1,
  fn: () => void fitCensoredMoment(medium(), withoutErrors),
});
Deno.bench({
  name: "pairwise-mle, no standard errors, n = 200k, d = 100",
  group: "pairwise-mle n=200k d=100",
  n: 3,
  warmup: 1,
  fn: () => void fitPairwiseMle(medium(), withoutErrors),
});
Deno.bench({
  name: "pairwise-mle, n = 200k, d = 100",
  group: "pairwise-mle n=200k d=100",
  n: 3,
  warmup: 1,
  fn: () => void fitPairwiseMle(medium(), withErrors),
});

Deno.bench({
  name: "read once (sum), n = 4000, d = 1000",
  group: "pairwise-mle n=4000 d=1000",
  baseline: true,
  fn: () => void sumAll(wideData()),
});
Deno.bench({
  name: "pairwise-mle, no standard errors, n = 4000, d = 1000",
  group: "pairwise-mle n=4000 d=1000",
  n: 1,
  warmup: 0,
  fn: () => void fitPairwiseMle(wideData(), withoutErrors),
});
