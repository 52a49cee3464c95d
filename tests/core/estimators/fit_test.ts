import assert from "node:assert/strict";
import {
  FitRangeError,
  fitSamples,
  withCovarianceAnalysis,
} from "../../../core/estimators/fit.ts";
import {
  defineEstimator,
  defineOptions,
} from "../../../core/estimators/define.ts";
import {
  prepareEstimatorFit,
  prepareFit,
} from "../../../core/estimators/prepare.ts";
import type {
  EstimatorResult,
  FitResult,
} from "../../../core/estimators/types.ts";
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

/** Samples of a 3-d model with one negative bias, at scale 1 (max ≈ 4). */
function scaleSamples(): Matrix {
  const w = fromRows([[1, 0, 0], [0.6, 0.8, 0], [0.3, 0.2, 0.9]]);
  return sampleRectifiedGaussian(
    w,
    Float64Array.of(0.5, 0, -0.2),
    600,
    createPrng(11),
  );
}

function times(x: Matrix, c: number): Matrix {
  return { ...x, data: x.data.map((v) => v * c) };
}

/** Largest |a − c·b| / |c·b| over the entries (0 where both are 0). */
function relativeGap(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  c: number,
): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const want = b[i]! * c;
    const gap = Math.abs(a[i]! - want);
    if (gap > 0) worst = Math.max(worst, gap / Math.abs(want));
  }
  return worst;
}

/** Deep equality, numbers (also in typed arrays) to `tolerance` relative. */
function assertClose(
  got: unknown,
  want: unknown,
  tolerance: number,
  path: string,
): void {
  if (typeof want === "number" && typeof got === "number") {
    const gap = relativeGap([got], [want], 1);
    assert.ok(gap <= tolerance, `${path}: ${got} vs ${want}`);
  } else if (want !== null && typeof want === "object") {
    assert.ok(got !== null && typeof got === "object", path);
    const keys = Object.keys(want);
    assert.deepEqual(Object.keys(got), keys, path);
    for (const k of keys) {
      assertClose(
        (got as Record<string, unknown>)[k],
        (want as Record<string, unknown>)[k],
        tolerance,
        `${path}.${k}`,
      );
    }
  } else {
    assert.equal(got, want, path);
  }
}

/**
 * Asserts that `got` is `base` of the same data scaled by `c`: b and its
 * standard errors times c, Sigma, its standard errors and the covariance's
 * eigenvalue times c², the factor times c, to `tolerance` relative; the
 * hidden layer, diagnostics and warnings unchanged (but the eigenvalue a
 * warning quotes).
 */
function assertScaled(
  got: FitResult,
  base: FitResult,
  c: number,
  tolerance: number,
) {
  const check = (
    what: string,
    a: ArrayLike<number>,
    b: ArrayLike<number>,
    s: number,
  ) => {
    const gap = relativeGap(a, b, s);
    assert.ok(gap <= tolerance, `${base.method} ${what}: relative gap ${gap}`);
  };
  check("b", got.b, base.b, c);
  check("sigma", got.sigma.data, base.sigma.data, c * c);
  for (const key of ["standardErrors", "bootstrapStandardErrors"] as const) {
    assert.equal(got[key] === undefined, base[key] === undefined, key);
    if (got[key] && base[key]) {
      check(`${key}.b`, got[key].b, base[key].b, c);
      check(`${key}.sigma`, got[key].sigma.data, base[key].sigma.data, c * c);
    }
  }
  assert.ok(got.covariance && base.covariance);
  assert.equal(
    got.covariance.positiveDefinite,
    base.covariance.positiveDefinite,
  );
  assert.equal(got.covariance.repaired, base.covariance.repaired);
  check("minEigenvalue", [got.covariance.minEigenvalue], [
    base.covariance.minEigenvalue,
  ], c * c);
  check("factor", got.covariance.factor.data, base.covariance.factor.data, c);
  if (base.covariance.nearestPsd) {
    check(
      "nearestPsd",
      got.covariance.nearestPsd!.data,
      base.covariance.nearestPsd.data,
      c * c,
    );
  }
  // Scale-free: the same numbers, to the tolerance.
  assertClose(got.hidden, base.hidden, tolerance, "hidden");
  assert.deepEqual(got.coordinates, base.coordinates);
  assertClose(got.diagnostics, base.diagnostics, tolerance, "diagnostics");
  const words = (w: readonly string[]) =>
    w.map((s) =>
      s.replace(/smallest eigenvalue [^)]*/, "smallest eigenvalue …")
    );
  assert.deepEqual(words(got.warnings), words(base.warnings));
}

Deno.test("fitSamples() gives data scaled by a power of two the scaled estimate, bit for bit", () => {
  const x = scaleSamples();
  for (const method of methodNames()) {
    const fit = prepareFit({ method, seed: 5, bootstrap: 4 });
    const base = fitSamples(x, fit);
    // 2^±500 ≈ 1e±150: Sigma near 1e±300 still is a normal double.
    for (const k of [-500, -3, 5, 500]) {
      assertScaled(fitSamples(times(x, 2 ** k), fit), base, 2 ** k, 0);
    }
  }
});

Deno.test("fitSamples() keeps the estimate of ordinary data as the method gives it", () => {
  // The data's largest value is near 4, so the method sees it halved twice;
  // the estimate must be the method's own on the data as given, to 1e-12
  // relative (it is in fact identical: halving is exact).
  const x = scaleSamples();
  for (const method of methodNames()) {
    const fit = prepareFit({ method, seed: 5 });
    const own = fit.estimator.fit(x, { seed: fit.seed, options: fit.options });
    const got = fitSamples(x, fit);
    assert.ok(relativeGap(got.b, own.b, 1) <= 1e-12, method);
    assert.ok(relativeGap(got.sigma.data, own.sigma.data, 1) <= 1e-12, method);
    if (own.standardErrors) {
      const se = got.standardErrors!;
      assert.ok(relativeGap(se.b, own.standardErrors.b, 1) <= 1e-12, method);
      assert.ok(
        relativeGap(se.sigma.data, own.standardErrors.sigma.data, 1) <= 1e-12,
        method,
      );
    }
    assert.deepEqual(got.diagnostics, own.diagnostics);
  }
});

Deno.test("fitSamples() gives data near 1e150 and 1e-150 the scaled estimate of the data at scale 1", () => {
  // c · x rounds each entry once (relative error ≤ 2^-53 ≈ 1.1e-16); the
  // estimates pass that on amplified by their conditioning, measured at
  // most about 2e-11 here (censored-moment's standard errors). A scale
  // applied wrongly would be off by many orders of magnitude.
  const x = scaleSamples();
  for (const method of methodNames()) {
    const fit = prepareFit({ method, seed: 5, bootstrap: 2 });
    const base = fitSamples(x, fit);
    for (const c of [1e150, 1e-150]) {
      assertScaled(fitSamples(times(x, c), fit), base, c, 1e-9);
    }
  }
});

Deno.test("fitSamples() names Sigma_hat beyond the range of doubles instead of answering null", () => {
  const x = scaleSamples();
  const cases = [
    [1e200, /about 1e400, beyond the largest .* divide the data by 1e200/],
    [
      1e-200,
      /about 1e-400, below the smallest normal .* multiply the data by 1e200/,
    ],
  ] as const;
  for (const method of methodNames()) {
    for (const [c, message] of cases) {
      assert.throws(
        () => fitSamples(times(x, c), { method, seed: 5 }),
        (e: unknown) =>
          e instanceof FitRangeError && e instanceof RangeError &&
          e.field === "sigma" && message.test(e.message),
        `${method} at ${c}`,
      );
    }
  }
});

Deno.test("fitSamples() leaves data with a bad entry to the method, which names it as given", () => {
  const x = fromRows([[1e200, 0], [-1e200, 1], [3, 2]]);
  assert.throws(
    () => fitSamples(x, { method: "paper" }),
    (e: unknown) => e instanceof RangeError && e.message.includes("-1e+200"),
  );
});

/** A method that returns `patch` over a plausible 2-d estimate. */
function patchedEstimator(patch: Partial<EstimatorResult>) {
  return defineEstimator({
    name: "patched",
    description: "A test double",
    assumptions: "none",
    cost: "O(1)",
    options: defineOptions({}),
    fit: (x) => ({
      ...fakeResult(fromRows([[1, 0.5], [0.5, 1]])),
      n: x.rows,
      warnings: [],
      ...patch,
    }),
  });
}

Deno.test("fitSamples() turns a non-finite number anywhere in the result into an error naming it", () => {
  const x = fromRows([[1, 0], [0, 1], [1.5, 0.5]]);
  const cases: [Partial<EstimatorResult>, string, string][] = [
    [{ b: Float64Array.of(0, NaN) }, "b[1]", "NaN"],
    [
      { sigma: fromRows([[1, Infinity], [Infinity, 1]]) },
      "sigma[0][1]",
      "Infinity",
    ],
    [
      { diagnostics: { steps: 3, inner: { loss: -Infinity } } },
      "diagnostics.inner.loss",
      "-Infinity",
    ],
    [
      {
        standardErrors: {
          b: Float64Array.of(0.1, 0.1),
          sigma: fromRows([[0.1, 0.1], [0.1, NaN]]),
        },
      },
      "standardErrors.sigma[1][1]",
      "NaN",
    ],
  ];
  for (const [patch, field, value] of cases) {
    const fit = prepareEstimatorFit(patchedEstimator(patch), {});
    assert.throws(
      () => fitSamples(x, fit),
      (e: unknown) =>
        e instanceof FitRangeError && e.field === field &&
        e.message ===
          `Cannot fit with method "fake": the estimate has ${value} at ${field}, not a finite number; the method could not estimate it from this data (too few distinct values, or values too extreme for it); another method may`,
      field,
    );
  }
});

Deno.test("withCovarianceAnalysis() analyses a Sigma_hat near 1e300 as well as one near 1", () => {
  const small = withCovarianceAnalysis(
    fakeResult(fromRows([[2, 1], [1, 0.25]])),
  );
  const c = 2 ** 996; // ≈ 1e300
  const large = withCovarianceAnalysis(
    fakeResult(fromRows([[2 * c, c], [c, 0.25 * c]])),
  );
  assert.ok(small.covariance && large.covariance);
  assert.equal(
    large.covariance.minEigenvalue,
    small.covariance.minEigenvalue * c,
  );
  assert.deepEqual(
    large.covariance.nearestPsd!.data,
    small.covariance.nearestPsd!.data.map((v) => v * c),
  );
  assert.deepEqual(
    large.covariance.factor.data,
    small.covariance.factor.data.map((v) => v * 2 ** 498),
  );
});
