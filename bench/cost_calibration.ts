/**
 * Measured time against the cost model of `core/cost/`: for each method and
 * a few shapes, the estimator's own fit, the eigendecomposition, the JSON
 * answer, reading CSV/JSON/NPY and sampling, each timed once and divided by
 * the work the model predicts. A ratio near 1 means one unit of work is about
 * a nanosecond here; the budget defaults (`MAX_FIT_WORK`, …) assume so. The
 * ratios should agree with each other to within a small factor; that is what
 * makes the model usable for refusing requests.
 *
 * Run: `deno run bench/cost_calibration.ts` (a minute or two).
 *
 * @module
 */
import { fitCost } from "../core/cost/fit_cost.ts";
import { sampleCost } from "../core/cost/sample_cost.ts";
import { prepareFit } from "../core/estimators/prepare.ts";
import { randomTruth } from "../core/experiments/truth.ts";
import { fitResultToJson } from "../core/formats/fit_json.ts";
import { parseSamples } from "../core/formats/parse.ts";
import { writeCsv } from "../core/formats/csv.ts";
import { writeNpy } from "../core/formats/npy.ts";
import type { Matrix } from "../core/linalg/matrix.ts";
import { analyzeCovariance } from "../core/metrics/analyze_covariance.ts";
import { createPrng } from "../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../core/sampling/rectified_gaussian.ts";
import { withCovarianceAnalysis } from "../core/estimators/fit.ts";
import type { CostTerm } from "../core/estimators/types.ts";

function data(n: number, d: number): Matrix {
  const prng = createPrng(1);
  const truth = randomTruth({ d, k: d, kappa: 2, bias: "relu" }, prng);
  return sampleRectifiedGaussian(truth.w, truth.b, n, prng);
}

function sum(terms: readonly CostTerm[], match?: RegExp): number {
  let s = 0;
  for (const t of terms) if (!match || match.test(t.label)) s += t.amount;
  return s;
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return (performance.now() - start) * 1e6;
}

const rows: string[] = [];
function report(what: string, measuredNs: number, predicted: number) {
  const line = `${what.padEnd(58)} ${
    (measuredNs / 1e6).toFixed(0).padStart(7)
  } ms  model ${(predicted / 1e6).toFixed(0).padStart(7)} ms  ratio ${
    (measuredNs / predicted).toFixed(2)
  }`;
  rows.push(line);
  console.log(line);
}

const FITS: [string, number, number, Record<string, unknown>][] = [
  ["pairwise-mle", 20_000, 20, {}],
  ["pairwise-mle", 20_000, 80, {}],
  ["pairwise-mle", 2_000, 150, {}],
  ["pairwise-mle", 2_000, 80, { bins: 512 }],
  ["pairwise-mle", 20_000, 80, { standardErrors: false }],
  ["censored", 50_000, 80, {}],
  ["censored", 1_000, 300, {}],
  ["censored", 20_000, 60, { standardErrors: true }],
  ["censored-moment", 20_000, 80, {}],
  ["censored-moment", 1_000, 250, { standardErrors: false }],
  ["trunc-mle", 100_000, 80, {}],
  ["trunc-mle", 1_000, 300, {}],
  ["paper", 50_000, 60, {}],
  ["two-layer", 5_000, 30, {}],
];

// Warm up the JIT on a small fit of each method.
for (const method of new Set(FITS.map((f) => f[0]))) {
  const fit = prepareFit({ method });
  fit.estimator.fit(data(500, 5), { seed: 0, options: fit.options });
}

for (const [method, n, d, options] of FITS) {
  const x = data(n, d);
  const fit = prepareFit({ method, options });
  const cost = fit.estimator.costOf({ n, d }, fit.options);
  let result;
  const ns = time(() => {
    result = fit.estimator.fit(x, { seed: 0, options: fit.options });
  });
  report(
    `${method} ${JSON.stringify(options)} n=${n} d=${d}`,
    ns,
    sum(cost.work),
  );
  void result;
}

for (const d of [100, 200, 400]) {
  const x = data(Math.max(2 * d, 200), d);
  const fit = prepareFit({ method: "censored-moment" });
  const est = fit.estimator.fit(x, { seed: 0, options: fit.options });
  const cost = fitCost({ n: x.rows, d }, fit);
  report(
    `eigendecomposition d=${d}`,
    time(() => analyzeCovariance(est.sigma)),
    sum(cost.work, /eigendecomposition/),
  );
  const full = withCovarianceAnalysis({
    ...est,
    seed: 0,
    options: fit.options,
    columns: Array.from({ length: d }, (_, j) => `x${j + 1}`),
  });
  report(
    `answer as JSON d=${d}`,
    time(() => JSON.stringify(fitResultToJson(full))),
    sum(cost.work, /answer/),
  );
}

for (const [n, d] of [[100_000, 20], [20_000, 200]]) {
  const x = data(n, d);
  const fit = prepareFit({ method: "trunc-mle" });
  const csv = new TextEncoder().encode(writeCsv(x));
  const json = new TextEncoder().encode(
    JSON.stringify(
      Array.from(
        { length: n },
        (_, i) => Array.from(x.data.subarray(i * d, (i + 1) * d)),
      ),
    ),
  );
  const npy = writeNpy(x);
  for (
    const [format, bytes] of [["csv", csv], ["json", json], [
      "npy",
      npy,
    ]] as const
  ) {
    const cost = fitCost({ n, d }, fit, { format });
    report(
      `reading ${format} n=${n} d=${d}`,
      time(() => parseSamples(bytes, format)),
      sum(cost.work, /reading/),
    );
  }
}

for (
  const [n, d, k] of [[200_000, 20, 20], [20_000, 200, 200], [100_000, 1, 2000]]
) {
  const prng = createPrng(3);
  const truth = randomTruth({ d, k, kappa: 2, bias: "relu" }, prng);
  let x: Matrix | undefined;
  const cost = sampleCost({ n, d, k, format: "csv" });
  report(
    `sampling n=${n} d=${d} k=${k}`,
    time(() => x = sampleRectifiedGaussian(truth.w, truth.b, n, prng)),
    sum(cost.work, /draw|W z/),
  );
  report(
    `sample answer as CSV n=${n} d=${d}`,
    time(() => writeCsv(x!)),
    sum(cost.work, /answer/),
  );
}
