import assert from "node:assert/strict";
import {
  fitSamples,
  withCovarianceAnalysis,
} from "../../../core/estimators/fit.ts";
import {
  defineEstimator,
  defineOptions,
} from "../../../core/estimators/define.ts";
import { prepareEstimatorFit } from "../../../core/estimators/prepare.ts";
import type { FitResult } from "../../../core/estimators/types.ts";
import { fromRows, type Matrix } from "../../../core/linalg/matrix.ts";
import {
  getEstimator,
  methodNames,
} from "../../../core/estimators/registry.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { createPrng } from "../../../core/random/prng.ts";

function fakeResult(sigma: Matrix): FitResult {
  return {
    method: "fake",
    n: 10,
    d: sigma.rows,
    columns: Array.from({ length: sigma.rows }, (_, j) => `x${j + 1}`),
    b: new Float64Array(sigma.rows),
    sigma,
    coordinates: [],
    diagnostics: {},
    warnings: ["an earlier warning"],
    seed: 0,
    options: {},
  };
}

Deno.test("withCovarianceAnalysis() repairs and warns for an indefinite Sigma_hat", () => {
  const out = withCovarianceAnalysis(fakeResult(fromRows([[1, 2], [2, 1]])));
  assert.ok(out.covariance);
  assert.equal(out.covariance.positiveDefinite, false);
  assert.equal(out.covariance.repaired, true);
  assert.ok(Math.abs(out.covariance.minEigenvalue + 1) < 1e-15);
  assert.ok(out.covariance.nearestPsd);
  for (const x of out.covariance.nearestPsd.data) {
    assert.ok(Math.abs(x - 1.5) < 1e-15);
  }
  assert.deepEqual(out.warnings, [
    "an earlier warning",
    "Sigma_hat is not positive definite (smallest eigenvalue -1); nearestPsd and factor give the closest PSD matrix",
  ]);
});

Deno.test("withCovarianceAnalysis() adds only a factor for a PD Sigma_hat", () => {
  const sigma = fromRows([[2, 1], [1, 2]]);
  const out = withCovarianceAnalysis(fakeResult(sigma));
  assert.ok(out.covariance);
  assert.equal(out.covariance.positiveDefinite, true);
  assert.equal(out.covariance.repaired, false);
  assert.equal(out.covariance.nearestPsd, undefined);
  assert.deepEqual(out.warnings, ["an earlier warning"]);
  // W_hat W_hatᵀ = Sigma_hat.
  const f = out.covariance.factor.data;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      const s = f[i * 2]! * f[j * 2]! + f[i * 2 + 1]! * f[j * 2 + 1]!;
      assert.ok(Math.abs(s - sigma.data[i * 2 + j]!) < 1e-14);
    }
  }
});

Deno.test("withCovarianceAnalysis() warns instead of throwing on a non-finite Sigma_hat", () => {
  const out = withCovarianceAnalysis(
    fakeResult(fromRows([[1, NaN], [NaN, 1]])),
  );
  assert.equal(out.covariance, undefined);
  assert.equal(
    out.warnings[1],
    "Sigma_hat has non-finite entries; it was not analysed",
  );
});

Deno.test({
  name: "fitSamples() attaches the covariance analysis",
  ignore: !methodNames().includes("paper"),
  fn() {
    const w = fromRows([[1, 0], [0.5, 1]]);
    const x = sampleRectifiedGaussian(
      w,
      new Float64Array([0.5, 0.2]),
      2000,
      createPrng(1),
    );
    const fit = fitSamples(x, { method: "paper", seed: 1 });
    assert.ok(fit.covariance);
    assert.equal(fit.covariance.factor.rows, 2);
    assert.equal(
      fit.covariance.positiveDefinite,
      fit.covariance.minEigenvalue > 0,
    );
  },
});

function bootstrapSamples(): Matrix {
  const w = fromRows([[1, 0], [0.5, 1]]);
  return sampleRectifiedGaussian(
    w,
    Float64Array.of(0.5, 0.2),
    1000,
    createPrng(2),
  );
}

Deno.test("fitSamples() with bootstrap gives bootstrap standard errors to a method without its own", () => {
  const x = bootstrapSamples();
  const plain = fitSamples(x, { method: "paper", seed: 1 });
  const fit = fitSamples(x, { method: "paper", seed: 1, bootstrap: 20 });
  assert.equal(plain.standardErrors, undefined);
  assert.ok(fit.standardErrors);
  assert.equal(fit.bootstrapStandardErrors, undefined);
  assert.equal(fit.standardErrors.b.length, 2);
  assert.ok(fit.standardErrors.b.every((v) => v > 0 && v < 1));
  assert.ok(fit.standardErrors.sigma.data.every((v) => v > 0 && v < 1));
  assert.equal(fit.diagnostics.standardErrorsFrom, "bootstrap");
  assert.equal(fit.diagnostics.bootstrapReplicates, 20);
  assert.equal(fit.diagnostics.bootstrapFailed, 0);
  // The estimate itself does not change.
  assert.deepEqual(fit.b, plain.b);
  assert.deepEqual(fit.sigma, plain.sigma);
  // The paper method's caveat about its bias comes with every bootstrap.
  const caveat = getEstimator("paper").bootstrapCaveat;
  assert.deepEqual(fit.warnings, [...plain.warnings, caveat]);
  assert.match(caveat!, /own mean, not around the true/);
  // bootstrap: 0 is the same as none.
  assert.deepEqual(
    fitSamples(x, { method: "paper", seed: 1, bootstrap: 0 }),
    plain,
  );
});

Deno.test("fitSamples() with bootstrap warns that a clamped b's standard error says nothing", () => {
  // b_2 = −1 at n = 50,000: the paper method clamps it at 0 (40 of 40 seeds,
  // see paper_test.ts), and so do the refits, so its bootstrap standard
  // error is about 0.
  const x = sampleRectifiedGaussian(
    fromRows([[1, 0], [0, 1]]),
    Float64Array.of(0.4, -1),
    50_000,
    createPrng(71),
  );
  const fit = fitSamples(x, { method: "paper", seed: 8, bootstrap: 5 });
  assert.equal(fit.coordinates[1].clamped, true);
  assert.ok(fit.standardErrors!.b[1] < fit.standardErrors!.b[0]);
  assert.ok(
    fit.warnings.includes(
      "Coordinate 2 had b_hat clamped at 0: the bootstrap standard error of such a b (0 when every refit clamps it too) says nothing about how far below 0 the true b may lie",
    ),
    fit.warnings.join("; "),
  );
  // Without a bootstrap the clamp has its own warning only.
  const plain = fitSamples(x, { method: "paper", seed: 8 });
  assert.ok(!plain.warnings.some((w) => w.includes("bootstrap")));
});

Deno.test("fitSamples() with bootstrap keeps a method's analytic standard errors and adds the bootstrap ones", () => {
  const x = bootstrapSamples();
  const plain = fitSamples(x, { method: "censored-moment", seed: 1 });
  const fit = fitSamples(x, {
    method: "censored-moment",
    seed: 1,
    bootstrap: 20,
  });
  assert.ok(plain.standardErrors);
  assert.deepEqual(fit.standardErrors, plain.standardErrors);
  assert.ok(fit.bootstrapStandardErrors);
  assert.notDeepEqual(fit.bootstrapStandardErrors.b, plain.standardErrors.b);
  assert.equal(fit.diagnostics.standardErrorsFrom, "analytic");
  assert.equal(fit.diagnostics.bootstrapReplicates, 20);
});

Deno.test("fitSamples() rejects a bootstrap count that is not an integer in [0, 1000]", () => {
  const x = fromRows([[1, 2], [0, 1]]);
  for (const bootstrap of [-1, 1001, 2.5, NaN]) {
    assert.throws(
      () => fitSamples(x, { method: "paper", bootstrap }),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message ===
          `Cannot fit: bootstrap must be an integer in [0, 1000], got ${bootstrap}`,
    );
  }
});

Deno.test("fitSamples() with bootstrap rejects refits whose hidden layer is anchored elsewhere", () => {
  // A hidden-layer fit whose anchor is column 1 when the first row's first
  // entry exceeds 0.5, else column 0: about half the resamples move it.
  const flipping = defineEstimator({
    name: "flipping",
    description: "A test double with a data-dependent anchor",
    assumptions: "none",
    cost: "O(n)",
    options: defineOptions({}),
    fit(x) {
      const anchor = x.data[0]! > 0.5 ? 1 : 0;
      let s = 0;
      for (let i = 0; i < x.rows; i++) s += x.data[i * x.cols + anchor]!;
      return {
        ...fakeResult(fromRows([[1]])),
        n: x.rows,
        b: Float64Array.of(s / x.rows),
        warnings: [],
        hidden: {
          inputDim: 2,
          anchors: [anchor],
          a: fromRows(anchor === 0 ? [[1], [0]] : [[0], [1]]),
          scaleConvention: "test",
          inner: "none",
        },
      };
    },
  });
  const x = fromRows(
    Array.from({ length: 40 }, (_, i) => [i % 2, (i % 5) / 5 + 0.1]),
  );
  x.data[0] = 1; // the fit itself anchors on column 1
  const fit = fitSamples(
    x,
    prepareEstimatorFit(flipping, { seed: 3, bootstrap: 30 }),
  );
  assert.deepEqual(fit.hidden?.anchors, [1]);
  const failed = fit.diagnostics.bootstrapFailed as number;
  assert.ok(failed > 0 && failed < 30, `failed ${failed}`);
  assert.ok(
    fit.warnings.some((w) =>
      w.includes(
        "the refit anchored its hidden coordinates on columns [0] instead of [1]",
      )
    ),
    fit.warnings.join(" | "),
  );
});
