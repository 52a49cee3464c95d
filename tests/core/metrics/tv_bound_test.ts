import assert from "node:assert/strict";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { gaussianKl } from "../../../core/metrics/gaussian_kl.ts";
import { tvUpperBound } from "../../../core/metrics/tv_bound.ts";

const truth = {
  sigma: fromRows([[2, 0.5], [0.5, 1]]),
  b: new Float64Array([1, 0]),
};

Deno.test("tvUpperBound() is sqrt(min KL / 2) over both directions", () => {
  const estimate = {
    sigma: fromRows([[1.5, 0.2], [0.2, 1.4]]),
    b: new Float64Array([1.2, 0.1]),
  };
  const tv = tvUpperBound(truth, estimate);
  assert.ok(tv.defined);
  const forward = gaussianKl(truth.b, truth.sigma, estimate.b, estimate.sigma);
  const backward = gaussianKl(estimate.b, estimate.sigma, truth.b, truth.sigma);
  assert.ok(forward.defined && backward.defined);
  assert.equal(tv.klTruthToEstimate, forward.value);
  assert.equal(tv.klEstimateToTruth, backward.value);
  assert.notEqual(forward.value, backward.value); // KL is not symmetric
  const expected = Math.sqrt(Math.min(forward.value, backward.value) / 2);
  assert.equal(tv.rawBound, expected);
  assert.equal(tv.bound, expected);
  assert.ok(expected < 1);
});

Deno.test("tvUpperBound() clips the bound at 1", () => {
  const far = {
    sigma: fromRows([[2, 0.5], [0.5, 1]]),
    b: new Float64Array([50, 0]),
  };
  const tv = tvUpperBound(truth, far);
  assert.ok(tv.defined);
  assert.ok(tv.rawBound > 1, `raw ${tv.rawBound}`);
  assert.equal(tv.bound, 1);
});

Deno.test("tvUpperBound() is undefined when Sigma_hat or Sigma is not PD", () => {
  const indefinite = {
    sigma: fromRows([[1, 2], [2, 1]]),
    b: new Float64Array(2),
  };
  assert.deepEqual(tvUpperBound(truth, indefinite), {
    defined: false,
    reason: "Sigma_hat is not positive definite (smallest eigenvalue -1)",
  });
  // k = 1 < d = 2: W Wᵀ has rank 1.
  const lowRank = { sigma: fromRows([[1, 1], [1, 1]]), b: new Float64Array(2) };
  const tv = tvUpperBound(lowRank, truth);
  assert.equal(tv.defined, false);
  assert.match(
    (tv as { reason: string }).reason,
    /^Sigma is not positive definite/,
  );
});
