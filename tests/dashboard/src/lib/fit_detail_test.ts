import assert from "node:assert/strict";
import type { FitResponse } from "../../../../dashboard/src/api/types.ts";
import {
  comparableTruth,
  fitWarnings,
  hiddenLayerMatrix,
} from "../../../../dashboard/src/lib/fit_detail.ts";

const fit: FitResponse = {
  method: "censored",
  n: 100,
  d: 2,
  b: [0.1, 0.2],
  sigma: [[1, 0.2], [0.2, 1]],
};
const truth = { sigma: [[1, 0.1], [0.1, 1]], b: [0, 0.3] };

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
    },
  };
  assert.deepEqual(fitWarnings({ fit: repaired, truth: null }), ["a warning"]);
  const notPd = {
    ...fit,
    covariance: {
      positiveDefinite: false,
      minEigenvalue: -0.1,
      repaired: false,
    },
  };
  assert.deepEqual(fitWarnings({ fit: notPd, truth: null }), [
    "Sigma_hat is not positive definite (smallest eigenvalue -0.100)",
  ]);
});

Deno.test("comparableTruth() drops the truth for a two-layer fit or another dimension", () => {
  assert.equal(comparableTruth({ fit, truth }), truth);
  assert.equal(comparableTruth({ fit, truth: null }), null);
  const hidden = { ...fit, diagnostics: { inputDim: 2, a: [[1, 0], [0, 1]] } };
  assert.equal(comparableTruth({ fit: hidden, truth }), null);
  const smaller = { ...fit, d: 1, b: [0.1], sigma: [[1]] };
  assert.equal(comparableTruth({ fit: smaller, truth }), null);
});

Deno.test("hiddenLayerMatrix() reads A (d x m) of a two-layer fit, under either name", () => {
  const a = [[1, 0], [0, 1], [0.5, 0.5]];
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
