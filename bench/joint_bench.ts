/**
 * What the joint refinement of `pairwise-mle` costs: the default fit
 * (pairs with |ρ| ≥ 0.5 refitted in all five parameters) against the same
 * fit without it (`jointAbove = 1`, the baseline of each group) at the bench
 * sizes, and at d = 25 with every correlation 0.7, where all 300 pairs are
 * refitted (the worst case per pair).
 *
 * Run: deno bench -A bench/joint_bench.ts
 */
import {
  fitPairwiseMle,
  pairwiseMleEstimator,
} from "../core/estimators/pairwise_mle.ts";
import { resolveOptions } from "../core/estimators/options.ts";
import type { Matrix } from "../core/linalg/matrix.ts";
import { createPrng } from "../core/random/prng.ts";
import { fillStandardNormal } from "../core/random/normal.ts";
import { figureData, lazy, mnistLikeData } from "./_data.ts";

const joint = { seed: 0, options: resolveOptions(pairwiseMleEstimator) };
const twoStep = {
  seed: 0,
  options: resolveOptions(pairwiseMleEstimator, { jointAbove: 1 }),
};

/**
 * n rows of x = ReLU(y), y_j = √ρ z_0 + √(1 − ρ) z_j (every correlation ρ),
 * b = 0: O(n d) to generate.
 */
function equicorrelated(d: number, rho: number, n: number): () => Matrix {
  return lazy(() => {
    const prng = createPrng(4);
    const z = new Float64Array(d + 1);
    const data = new Float64Array(n * d);
    const a = Math.sqrt(rho), c = Math.sqrt(1 - rho);
    for (let row = 0; row < n; row++) {
      fillStandardNormal(prng, z);
      for (let j = 0; j < d; j++) {
        const y = a * z[0] + c * z[j + 1];
        data[row * d + j] = y > 0 ? y : 0;
      }
    }
    return { rows: n, cols: d, data };
  });
}

const groups: [string, () => Matrix, number][] = [
  ["n=500k d=25", figureData(25, 500_000), 3],
  ["MNIST-like 10k x 784", mnistLikeData(10_000), 1],
  ["n=200k d=25 rho=0.7", equicorrelated(25, 0.7, 200_000), 3],
];
for (const [group, data, n] of groups) {
  Deno.bench({
    name: `pairwise-mle without joint refinement, ${group}`,
    group: `joint ${group}`,
    baseline: true,
    n,
    warmup: n > 1 ? 1 : 0,
    fn: () => void fitPairwiseMle(data(), twoStep),
  });
  Deno.bench({
    name: `pairwise-mle (default), ${group}`,
    group: `joint ${group}`,
    n,
    warmup: n > 1 ? 1 : 0,
    fn: () => void fitPairwiseMle(data(), joint),
  });
}
