import assert from "node:assert/strict";
import type { FitResponse } from "../../../../dashboard/src/api/types.ts";
import {
  comparableTruth,
  fitWarnings,
  hiddenInputDim,
  hiddenLayerMatrix,
  runFitOutcome,
  truthMetrics,
} from "../../../../dashboard/src/lib/fit_detail.ts";
import { truthErrors } from "../../../../dashboard/src/lib/truth_metrics.ts";
import { fitAnswer } from "../../_records.ts";

const fit: FitResponse = fitAnswer({
  method: "censored",
  b: [0.1, 0.2],
  sigma: [[1, 0.2], [0.2, 1]],
});
const truth = { sigma: [[1, 0.1], [0.1, 1]], b: [0, 0.3] };
const hiddenLayer = {
  inputDim: 3,
  anchors: [0, 1],
  a: [[1, 0], [0, 1], [0.5, 0.5]],
  scaleConvention: "h_j = x[anchors[j]]",
  inner: "pairwise-mle",
};

Deno.test("fitWarnings() leaves a repair to the banner and flags an unrepaired non-PD Σ̂", () => {
  const repaired = {
    ...fit,
    warnings: [
      "a warning",
      "Sigma_hat is not positive definite (smallest eigenvalue -0.1); nearestPsd and factor give the closest PSD matrix",
    ],
    covariance: {
      positiveDefinite: false,
      minEigenvalue: -0.1,
      repaired: true,
      factor: [[1, 0], [0, 1]],
    },
  };
  assert.deepEqual(fitWarnings({ fit: repaired, truth: null }), ["a warning"]);
  const notPd = {
    ...fit,
    covariance: {
      positiveDefinite: false,
      minEigenvalue: -0.1,
      repaired: false,
      factor: [[1, 0], [0, 1]],
    },
  };
  assert.deepEqual(fitWarnings({ fit: notPd, truth: null }), [
    "Sigma_hat is not positive definite (smallest eigenvalue -0.100)",
  ]);
});

Deno.test("comparableTruth() drops the truth for a two-layer fit or another dimension", () => {
  assert.equal(comparableTruth({ fit, truth }), truth);
  assert.equal(comparableTruth({ fit, truth: null }), null);
  const hidden = { ...fit, hidden: hiddenLayer };
  assert.equal(comparableTruth({ fit: hidden, truth }), null);
  // A fit stored before the hidden layer had a field of its own.
  const stored = { ...fit, diagnostics: { inputDim: 2, a: [[1, 0], [0, 1]] } };
  assert.equal(comparableTruth({ fit: stored, truth }), null);
  const smaller = { ...fit, d: 1, b: [0.1], sigma: [[1]] };
  assert.equal(comparableTruth({ fit: smaller, truth }), null);
});

Deno.test("hiddenInputDim() reads the data's d of a hidden-layer fit", () => {
  assert.equal(hiddenInputDim({ ...fit, hidden: hiddenLayer }), 3);
  assert.equal(hiddenInputDim({ ...fit, diagnostics: { inputDim: 4 } }), 4);
  assert.equal(hiddenInputDim(fit), null);
});

Deno.test("hiddenLayerMatrix() reads A (d x m) of a two-layer fit, also as stored before", () => {
  const a = [[1, 0], [0, 1], [0.5, 0.5]];
  assert.deepEqual(hiddenLayerMatrix({ ...fit, hidden: hiddenLayer }), a);
  assert.deepEqual(hiddenLayerMatrix({ ...fit, diagnostics: { a } }), a);
  assert.deepEqual(hiddenLayerMatrix({ ...fit, diagnostics: { A: a } }), a);
  assert.equal(hiddenLayerMatrix(fit), null);
  assert.equal(
    hiddenLayerMatrix({ ...fit, diagnostics: { a: [[1, 0], [1]] } }),
    null,
    "ragged",
  );
  assert.equal(hiddenLayerMatrix({ ...fit, diagnostics: { a: [] } }), null);
});

Deno.test("runFitOutcome() takes the truth stored with a fit run, or none", () => {
  assert.deepEqual(runFitOutcome({ ...fit, truth }), {
    fit: { ...fit, truth },
    truth,
  });
  assert.equal(runFitOutcome(fit).truth, null);
  assert.equal(runFitOutcome({ ...fit, truth: { b: [0] } }).truth, null);
});

Deno.test("truthMetrics() prefers the API's metrics and falls back to core's fitMetrics", () => {
  const metrics = {
    errSigma: 0.25,
    errB: 0.5,
    tv: {
      defined: false as const,
      reason: "Sigma_hat is not positive definite",
    },
  };
  assert.deepEqual(
    truthMetrics({ fit: { ...fit, truth, metrics }, truth }),
    metrics,
  );
  // Without API metrics: core's fitMetrics on the same numbers, TV bound too.
  const local = truthMetrics({ fit, truth })!;
  assert.deepEqual(
    local,
    truthErrors(fit.sigma, fit.b, truth.sigma, truth.b),
  );
  assert.ok(local.errSigma > 0);
  assert.ok(local.tv !== null);
  assert.equal(truthMetrics({ fit, truth: null }), null);
  // A hidden-layer fit is not compared with the truth of x.
  assert.equal(
    truthMetrics({ fit: { ...fit, hidden: hiddenLayer }, truth }),
    null,
  );
});
