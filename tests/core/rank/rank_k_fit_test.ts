import assert from "node:assert/strict";
import { assertClose, createPrng, fromRows } from "../../_helpers.ts";
import { rankKFit } from "../../../core/rank/rank_k_fit.ts";
import { randomTruth } from "../../../core/experiments/truth.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";

Deno.test("rankKFit() keeps the k leading eigenpairs with W_hat of shape d × k", () => {
  // Sigma = U diag(4, 2, 1, 0.5) Uᵀ with U a 4 × 4 orthogonal matrix.
  const prng = createPrng(21);
  const truth = randomTruth({ d: 4, k: 4, kappa: 8, bias: "zero" }, prng);
  const fit = { b: Float64Array.of(0.1, -0.2, 0.3, 0), sigma: truth.sigma };
  const r = rankKFit(fit, 2);
  assert.equal(r.w.rows, 4);
  assert.equal(r.w.cols, 2);
  assert.deepEqual(Array.from(r.b), Array.from(fit.b));
  // randomTruth's spectrum: 1, 8^(-1/3), 8^(-2/3), 1/8.
  const spectrum = [1, 0.5, 0.25, 0.125];
  assertClose(r.eigenvalues[0], spectrum[0], 1e-12, "lambda 1");
  assertClose(r.eigenvalues[1], spectrum[1], 1e-12, "lambda 2");
  // Eckart–Young: the Frobenius error is the dropped eigenvalues' norm.
  let err = 0;
  for (let e = 0; e < 16; e++) {
    err += (r.sigma.data[e] - fit.sigma.data[e]) ** 2;
  }
  const dropped = Math.hypot(spectrum[2], spectrum[3]);
  assertClose(Math.sqrt(err), dropped, 1e-12, "Frobenius error");
  assertClose(
    r.relativeError,
    dropped / Math.hypot(...spectrum),
    1e-12,
    "relative error",
  );
  // W_hat samples: d × k is what sampleRectifiedGaussian takes.
  const x = sampleRectifiedGaussian(r.w, r.b, 5, prng);
  assert.equal(x.cols, 4);
});

Deno.test("rankKFit() at full rank reproduces a PSD Sigma_hat and clips negative eigenvalues", () => {
  const sigma = fromRows([[2, 1], [1, 2]]);
  const full = rankKFit({ b: Float64Array.of(0, 0), sigma }, 2);
  for (let e = 0; e < 4; e++) {
    assertClose(full.sigma.data[e], sigma.data[e], 1e-14, `entry ${e}`);
  }
  assert.equal(full.relativeError, 0);
  // Eigenvalues 3 and −1: the rank-2 fit clips −1 to 0.
  const indefinite = rankKFit({
    b: Float64Array.of(0, 0),
    sigma: fromRows([[1, 2], [2, 1]]),
  }, 2);
  assertClose(indefinite.eigenvalues[1], -1, 1e-14, "kept eigenvalue");
  for (const v of indefinite.sigma.data) {
    assertClose(v, 1.5, 1e-14, "nearest PSD");
  }
  assertClose(
    indefinite.relativeError,
    1 / Math.sqrt(10),
    1e-14,
    "relative error",
  );
});

Deno.test("rankKFit() rejects a rank outside [1, d] and mismatched shapes", () => {
  const fit = { b: Float64Array.of(0, 0), sigma: fromRows([[1, 0], [0, 1]]) };
  assert.throws(() => rankKFit(fit, 0), {
    name: "RangeError",
    message: "Cannot fit rank 0: k must be an integer from 1 to d = 2",
  });
  assert.throws(() => rankKFit(fit, 3), /from 1 to d = 2/);
  assert.throws(() => rankKFit(fit, 1.5), /integer/);
  assert.throws(
    () => rankKFit({ b: Float64Array.of(0), sigma: fit.sigma }, 1),
    /Sigma is 2 x 2 but b has 1 entries/,
  );
});
