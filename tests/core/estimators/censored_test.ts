import assert from "node:assert/strict";
import {
  censoredEstimator,
  fitCensored,
} from "../../../core/estimators/censored.ts";
import { resolveOptions } from "../../../core/estimators/options.ts";
import { fitSamples } from "../../../core/estimators/fit.ts";
import { countJointExceedances } from "../../../core/kernels/cooccurrence.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import {
  allFinite,
  assertWorstErrorsBelow,
  drawFrom,
  NEGATIVE_D5,
  RELU_D5,
  RELU_D5_KAPPA25,
  RELU_D5_RANK2,
} from "./_censored_fixtures.ts";

const fit = (x: Matrix) =>
  fitCensored(x, { seed: 0, options: resolveOptions(censoredEstimator) });

// Tolerances: over 50 seeded runs at d = k = 5, kappa = 1, relu bias,
// n = 20,000 the mean errors were err_sigma 0.013 and err_b 0.008 (paper:
// 0.175 / 0.102). The worst of 3 runs stays below 3 × the mean (a run's error
// is a norm of d² roughly normal entries, spread well under half its mean).

Deno.test("fitCensored() is accurate at d = 5, n = 20,000", () => {
  assertWorstErrorsBelow(fit, RELU_D5, 31, 3, { sigma: 0.04, b: 0.024 });
});

Deno.test("fitCensored() handles kappa = 25 and low rank", () => {
  assertWorstErrorsBelow(fit, RELU_D5_KAPPA25, 32, 2, {
    sigma: 0.04,
    b: 0.024,
  });
  assertWorstErrorsBelow(fit, RELU_D5_RANK2, 33, 2, { sigma: 0.04, b: 0.024 });
});

Deno.test("fitCensored() estimates negative biases", () => {
  // Mean errors at n = 200,000: 0.005 / 0.005 (100 runs); at 50,000 twice
  // that, with a 3× margin. The paper's method has err_b ≈ 0.66 here.
  assertWorstErrorsBelow(fit, NEGATIVE_D5, 34, 3, { sigma: 0.03, b: 0.03 });
});

Deno.test("fitCensored() equals the paper's angle formula when every b̂ ≥ 0", () => {
  // Thresholds are then the means, where P = 1/4 + asin(ρ)/(2π), i.e.
  // ρ = cos(π − 2π p): the paper's θ formula on the same marginals.
  const w = fromRows([[1, 0, 0], [0.6, 0.8, 0], [0.2, -0.5, 0.7]]);
  const x = drawFrom(w, new Float64Array([0.8, 1.2, 0.5]), 20_000, 41);
  const result = fit(x);
  assert.ok(result.b.every((v) => v > 0));
  const counts = countJointExceedances(x, result.b);
  const d = 3;
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const theta = Math.PI - 2 * Math.PI * counts[i * d + j] / x.rows;
      const scale = Math.sqrt(
        result.sigma.data[i * d + i] * result.sigma.data[j * d + j],
      );
      const paper = scale * Math.cos(theta);
      assert.ok(
        Math.abs(result.sigma.data[i * d + j] - paper) < 1e-10,
        `pair ${i}, ${j}: ${result.sigma.data[i * d + j]} vs ${paper}`,
      );
    }
  }
});

Deno.test("fitCensored() reports zero rows of W as degenerate", () => {
  const w = fromRows([[1, 0], [0, 0], [0.6, 0.8]]);
  const result = fit(
    drawFrom(w, new Float64Array([0.2, -0.1, -0.3]), 10_000, 42),
  );
  assert.ok(allFinite(result));
  assert.equal(result.b[1], 0);
  assert.equal(result.coordinates[1].degenerate, true);
  assert.deepEqual(
    [0, 1, 2].map((j) => result.sigma.data[3 + j]),
    [0, 0, 0],
  );
  // Column index 1 is the user's coordinate 2.
  assert.match(result.warnings.join(" "), /Coordinate 2 had only zeros/);
});

Deno.test("fitCensored() fits d = 1, is deterministic and registered", () => {
  const x = drawFrom(fromRows([[0.7]]), new Float64Array([0.3]), 10_000, 43);
  const a = fit(x);
  // SE of σ̂ at n = 10,000 with 67% positives ≈ 0.006; 0.03 is 5 SE.
  assert.ok(Math.abs(Math.sqrt(a.sigma.data[0]) - 0.7) < 0.03);
  const b = fitSamples(x, { method: "censored" });
  assert.deepEqual(Array.from(a.sigma.data), Array.from(b.sigma.data));
  assert.deepEqual(Array.from(a.b), Array.from(b.b));
});

Deno.test("fitCensored() rejects unusable data", () => {
  assert.throws(() => fit({ rows: 5, cols: 0, data: new Float64Array(0) }), {
    name: "RangeError",
    message:
      /Cannot fit with method "censored": need at least 2 samples of dimension at least 1/,
  });
  assert.throws(() => fit(fromRows([[1, NaN], [0, 0]])), {
    name: "RangeError",
    message: /row 0, column 1 is NaN/,
  });
});

Deno.test("fitCensored() standardErrors: true gives the same estimates plus SEs", () => {
  // Mixed signs: thresholds at b̂ for coordinate 0 and at 0 for the others.
  const w = fromRows([[1, 0, 0], [0.6, 0.8, 0], [-0.3, 0.4, 0.866]]);
  const x = drawFrom(w, new Float64Array([0.3, -0.4, -0.1]), 5_000, 44);
  const withErrors = fitCensored(x, {
    seed: 0,
    options: { standardErrors: true },
  });
  const without = fit(x); // standard errors are off by default
  assert.equal(without.standardErrors, undefined);
  assert.deepEqual(
    Array.from(without.sigma.data),
    Array.from(withErrors.sigma.data),
  );
  assert.deepEqual(Array.from(without.b), Array.from(withErrors.b));
  const se = withErrors.standardErrors!;
  // Off-diagonal SEs at n = 5,000 are about 0.025 (calibrated in
  // _standard_errors_test.ts); anything outside (0.01, 0.05) is wrong.
  for (const p of [1, 2, 5]) {
    assert.ok(se.sigma.data[p] > 0.01 && se.sigma.data[p] < 0.05, `${p}`);
    assert.equal(
      se.sigma.data[p],
      se.sigma.data[(p % 3) * 3 + Math.floor(p / 3)],
    );
  }
});
