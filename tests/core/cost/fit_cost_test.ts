import assert from "node:assert/strict";
import {
  ANSWER_BYTES_PER_D2,
  fitAnswerBytes,
  fitCost,
} from "../../../core/cost/fit_cost.ts";
import {
  DEFAULT_REGISTRY,
  defaultEstimatorCost,
  defineEstimator,
  defineOptions,
  prepareFit,
} from "../../../core/estimators/mod.ts";
import { fitSamples } from "../../../core/estimators/fit.ts";
import { fitResultToJson } from "../../../core/formats/fit_json.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { randomTruth } from "../../../core/experiments/truth.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";

const amountOf = (
  terms: readonly { label: string; amount: number }[],
  match: RegExp,
) => terms.filter((t) => match.test(t.label)).reduce((s, t) => s + t.amount, 0);

Deno.test("every registered estimator declares positive work and memory", () => {
  for (const estimator of DEFAULT_REGISTRY.estimators) {
    const fit = prepareFit({ method: estimator.name });
    const own = estimator.costOf({ n: 1000, d: 10 }, fit.options);
    assert.ok(own.work.length > 0, estimator.name);
    for (const t of [...own.work, ...own.memory]) {
      assert.ok(t.amount > 0 && Number.isFinite(t.amount), `${t.label}`);
      assert.ok(t.reduce.length > 0, t.label);
    }
  }
});

Deno.test("fitCost() grows the pairwise method with n · d², d² · bins and d³", () => {
  const at = (n: number, d: number, bins = 64) =>
    fitCost(
      { n, d },
      prepareFit({ method: "pairwise-mle", options: { bins } }),
    );
  // The data pass: n · d² / 2 pairs.
  const pass = (n: number, d: number) =>
    amountOf(at(n, d).work, /pair pass over the data/);
  assert.equal(pass(2000, 20) / pass(1000, 20), 2);
  assert.equal(pass(1000, 40) / pass(1000, 20), 4);
  // Histograms: d² · bins counts (16-bit below 65536 rows).
  const hist = (d: number, bins: number) =>
    amountOf(at(1000, d, bins).memory, /histograms/);
  assert.equal(hist(700, 4096), 700 * 700 * 4096 * 2);
  assert.equal(hist(700, 4096) / hist(700, 64), 64);
  // The table's request: n = 2, d = 700, bins = 4096 needs gigabytes.
  assert.ok(at(2, 700, 4096).totalMemory > 4e9);
  // The eigendecomposition grows with d³.
  const eigen = (d: number) => amountOf(at(10, d).work, /eigendecomposition/);
  assert.ok(eigen(400) / eigen(200) > 6 && eigen(400) / eigen(200) <= 8);
});

Deno.test("fitCost() prices the answer with d² and it covers a real answer", () => {
  assert.equal(
    fitAnswerBytes(3000) > ANSWER_BYTES_PER_D2 * 3000 * 3000,
    true,
  );
  // A measured answer, with standard errors and a factor, stays below it.
  const prng = createPrng(2);
  const d = 30;
  const truth = randomTruth({ d, k: d, kappa: 2, bias: "relu" }, prng);
  const x = sampleRectifiedGaussian(truth.w, truth.b, 2000, prng);
  const fit = prepareFit({ method: "censored-moment" });
  const text = JSON.stringify(fitResultToJson(fitSamples(x, fit)));
  const cost = fitCost({ n: 2000, d }, fit);
  assert.ok(text.length <= cost.answerBytes, `${text.length}`);
  assert.ok(text.length > cost.answerBytes / 3, `${text.length}`);
});

Deno.test("fitCost() adds reading, bootstrap, truth metrics and a model check", () => {
  const shape = { n: 5000, d: 10 };
  const plain = fitCost(shape, prepareFit({ method: "censored" }));
  const csv = fitCost(shape, prepareFit({ method: "censored" }), {
    format: "csv",
  });
  const npy = fitCost(shape, prepareFit({ method: "censored" }), {
    format: "npy",
  });
  assert.ok(csv.totalWork > npy.totalWork && npy.totalWork > plain.totalWork);
  const boot = fitCost(
    shape,
    prepareFit({ method: "censored", bootstrap: 20 }),
  );
  const own = DEFAULT_REGISTRY.get("censored").costOf(shape, {
    standardErrors: false,
  }).work.reduce((s, t) => s + t.amount, 0);
  assert.equal(
    amountOf(boot.work, /^bootstrap/),
    20 * (own + 8 * shape.n * shape.d),
  );
  assert.equal(boot.work[0]!.reduce, "the bootstrap replicates");
  const truth = fitCost(shape, prepareFit({ method: "censored" }), {
    truth: true,
  });
  assert.equal(
    amountOf(truth.work, /eigen/),
    3 * amountOf(plain.work, /eigen/),
  );
  const checked = fitCost(shape, prepareFit({ method: "censored" }), {
    check: { replicates: 99, refit: true },
  });
  assert.ok(amountOf(checked.work, /model check/) > 99 * own);
  const noAnswer = fitCost(shape, prepareFit({ method: "censored" }), {
    answer: false,
  });
  assert.equal(noAnswer.answerBytes, 0);
  // Parts are sorted, largest first, and sum to the total.
  for (const c of [plain, csv, boot, truth, checked]) {
    for (let i = 1; i < c.work.length; i++) {
      assert.ok(c.work[i - 1]!.amount >= c.work[i]!.amount);
    }
    assert.equal(c.totalWork, c.work.reduce((s, t) => s + t.amount, 0));
  }
});

Deno.test("an estimator without a cost of its own gets the default one", () => {
  const constant = defineEstimator({
    name: "constant",
    description: "b = 1 and Sigma = 0",
    assumptions: "none",
    cost: "O(d²)",
    options: defineOptions({}),
    fit: (x) => ({
      method: "constant",
      n: x.rows,
      d: x.cols,
      b: new Float64Array(x.cols).fill(1),
      sigma: fromRows(
        Array.from({ length: x.cols }, () => Array(x.cols).fill(0)),
      ),
      coordinates: [],
      diagnostics: {},
      warnings: [],
    }),
  });
  assert.deepEqual(
    constant.costOf({ n: 10, d: 3 }, {}),
    defaultEstimatorCost({ n: 10, d: 3 }),
  );
});

Deno.test("two-layer prices its inner method on m coordinates, d when m is chosen", () => {
  const twoLayer = DEFAULT_REGISTRY.get("two-layer");
  const inner = (m: number) =>
    amountOf(
      twoLayer.costOf({ n: 1000, d: 40 }, { m, tolerance: 1e-6 }).work,
      /^inner/,
    );
  assert.ok(inner(0) > inner(10));
  assert.equal(inner(0), inner(40));
});
