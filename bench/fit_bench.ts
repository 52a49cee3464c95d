/**
 * Timing of the paper's estimator at the sizes the project targets. At
 * n = 500,000, d = 25 the baseline is the plain one-core XᵀX loop over the
 * same array (the target: a fit at most as slow); at d = 1000 it is a pass
 * that only reads the data once.
 *
 * Run: deno bench -A bench/fit_bench.ts
 */
import { fitPaper } from "../core/estimators/paper.ts";
import { countJointExceedances } from "../core/kernels/cooccurrence.ts";
import { figureData, plainGram, sumAll, wideData } from "./_data.ts";

const OPTIONS = { B: 1, r: 3, lambda: 0.1, batch: 10 };

/** Figure 1 style data: d = k = 25, kappa = 1, relu bias, n = 500,000. */
const figure = figureData(25, 500_000);

/** n = 100,000, d = 1000, banded W. */
const wide = wideData(100_000);

Deno.bench({
  name: "plain XᵀX (one core), n = 500k, d = 25",
  group: "paper n=500k d=25",
  baseline: true,
  fn: () => void plainGram(figure()),
});

Deno.bench({
  name: "read once (sum), n = 500k, d = 25",
  group: "paper n=500k d=25",
  fn: () => void sumAll(figure()),
});

Deno.bench({
  name: "paper fit, n = 500k, d = 25",
  group: "paper n=500k d=25",
  n: 5,
  warmup: 1,
  fn: () => void fitPaper(figure(), { seed: 1, options: OPTIONS }),
});

Deno.bench({
  name: "read once (sum), n = 100k, d = 1000",
  group: "paper n=100k d=1000",
  baseline: true,
  fn: () => void sumAll(wide()),
});

Deno.bench({
  name: "joint exceedance counts only, n = 100k, d = 1000",
  group: "paper n=100k d=1000",
  n: 3,
  warmup: 1,
  fn: () => {
    const x = wide();
    void countJointExceedances(x, new Float64Array(x.cols).fill(0.25));
  },
});

Deno.bench({
  name: "paper fit, n = 100k, d = 1000",
  group: "paper n=100k d=1000",
  n: 3,
  warmup: 1,
  fn: () => void fitPaper(wide(), { seed: 1, options: OPTIONS }),
});
