/**
 * Timing of the default method `pairwise-mle` at the sizes the project
 * targets. The target groups (n = 500,000, d = 25 and the MNIST-like
 * 10,000 × 784) have the plain one-core XᵀX loop over the same array as
 * baseline: the target is a fit at most as slow. The other groups have a
 * pass that only reads the same data once (and, at d = 100, the
 * `censored-moment` method). At n = 500,000 the fit also runs from fixed
 * blocks of rows on the machine's cores (`fitInBlocks` with a `StatsPool`;
 * the same bits as on one thread).
 *
 * Run: deno bench -A bench/pairwise_bench.ts
 */
import { fitCensoredMoment } from "../core/estimators/censored_moment.ts";
import {
  fitPairwiseMle,
  pairwiseMleEstimator,
} from "../core/estimators/pairwise_mle.ts";
import { resolveOptions } from "../core/estimators/options.ts";
import { maskedGram } from "../core/kernels/masked_gram.ts";
import { prepareFit } from "../core/estimators/prepare.ts";
import { fitInBlocks, matrixSource } from "../core/stats/mod.ts";
import { StatsPool } from "../functions/workers/stats_pool.ts";
import {
  figureData,
  lazy,
  mnistLikeData,
  plainGram,
  sumAll,
  wideData,
} from "./_data.ts";

/** n = 4000, d = 1000, banded W. */
const wide = wideData(4000);

const withErrors = { seed: 0, options: resolveOptions(pairwiseMleEstimator) };
const withoutErrors = {
  seed: 0,
  options: resolveOptions(pairwiseMleEstimator, { standardErrors: false }),
};

const target = figureData(25, 500_000);
/** Threads of the block-parallel fit: the machine's cores. */
const THREADS = Math.max(2, navigator.hardwareConcurrency);
const pool = lazy(() => new StatsPool(THREADS));
const prepared = prepareFit({ method: "pairwise-mle" });
Deno.bench({
  name: "plain XᵀX (one core), n = 500k, d = 25",
  group: "pairwise-mle n=500k d=25",
  baseline: true,
  fn: () => void plainGram(target()),
});
Deno.bench({
  name: "pairwise-mle, n = 500k, d = 25",
  group: "pairwise-mle n=500k d=25",
  n: 5,
  warmup: 1,
  fn: () => void fitPairwiseMle(target(), withErrors),
});
Deno.bench({
  name:
    `pairwise-mle from fixed row blocks on ${THREADS} threads, n = 500k, d = 25`,
  group: "pairwise-mle n=500k d=25",
  n: 5,
  warmup: 1,
  fn: async () =>
    void await fitInBlocks(matrixSource(target()), prepared, {
      workers: pool().workers,
    }),
});
Deno.bench({
  name: "its masked Gram pass only, n = 500k, d = 25",
  group: "pairwise-mle n=500k d=25",
  n: 5,
  warmup: 1,
  fn: () => void maskedGram(target(), { bins: 64, higherMoments: true }),
});

/** 10,000 × 784, about 80% zeros. */
const mnist = mnistLikeData(10_000);
Deno.bench({
  name: "plain XᵀX (one core), MNIST-like 10k × 784",
  group: "pairwise-mle MNIST-like",
  baseline: true,
  n: 2,
  warmup: 0,
  fn: () => void plainGram(mnist()),
});
Deno.bench({
  name: "pairwise-mle, MNIST-like 10k × 784",
  group: "pairwise-mle MNIST-like",
  n: 1,
  warmup: 0,
  fn: () => void fitPairwiseMle(mnist(), withErrors),
});
Deno.bench({
  name: "its masked Gram pass only, MNIST-like 10k × 784",
  group: "pairwise-mle MNIST-like",
  n: 2,
  warmup: 0,
  fn: () => void maskedGram(mnist(), { bins: 64, higherMoments: true }),
});

const small = figureData(25, 200_000);
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

const medium = figureData(100, 200_000);
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
  fn: () => void sumAll(wide()),
});
Deno.bench({
  name: "pairwise-mle, no standard errors, n = 4000, d = 1000",
  group: "pairwise-mle n=4000 d=1000",
  n: 1,
  warmup: 0,
  fn: () => void fitPairwiseMle(wide(), withoutErrors),
});
