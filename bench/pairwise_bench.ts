/**
 * Timing of the default method `pairwise-mle` at the sizes the project
 * targets, each in a group with a pass that only reads the same data once
 * (and, at d = 100, the `censored-moment` method) as baselines.
 *
 * Run: deno bench -A bench/pairwise_bench.ts
 */
import { fitCensoredMoment } from "../core/estimators/censored_moment.ts";
import {
  fitPairwiseMle,
  pairwiseMleEstimator,
} from "../core/estimators/pairwise_mle.ts";
import { resolveOptions } from "../core/estimators/options.ts";
import { figureData, sumAll, wideData } from "./_data.ts";

/** n = 4000, d = 1000, banded W. */
const wide = wideData(4000);

const withErrors = { seed: 0, options: resolveOptions(pairwiseMleEstimator) };
const withoutErrors = {
  seed: 0,
  options: resolveOptions(pairwiseMleEstimator, { standardErrors: false }),
};

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
