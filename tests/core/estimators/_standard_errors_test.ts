import assert from "node:assert/strict";
import { fitPairwiseMle } from "../../../core/estimators/pairwise_mle.ts";
import { fitCensoredMoment } from "../../../core/estimators/censored_moment.ts";
import { fitCensored } from "../../../core/estimators/censored.ts";
import type { FitResult } from "../../../core/estimators/types.ts";
import { fromRows, gramOfRows } from "../../../core/linalg/matrix.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import { drawFrom } from "./_censored_fixtures.ts";

// Calibration by simulation: over R seeded data sets from one truth with
// correlations 0.6, −0.3, 0.08 and biases of both signs, the z-scores
// (estimate − truth) / SE of a calibrated method have mean square 1. For N
// independent standard normal z the root mean square has standard deviation
// 1/√(2N); with R = 60 and 3 entries per group N = 180, so 0.053. Entries of
// one run are correlated (fewer effective draws) and the SEs are first-order
// at n = 5,000, so the tolerance is 0.2: about 3 standard deviations even
// at N = 110.
const W = fromRows([[1, 0, 0], [0.6, 0.8, 0], [-0.3, 0.4, 0.866]]);
const B = new Float64Array([0.3, -0.4, 0.1]);
const SIGMA = gramOfRows(W).data;
const RUNS = 60;
const N = 5_000;
const TOLERANCE = 0.2;

interface ZScores {
  b: number;
  diagonal: number;
  offDiagonal: number;
}

function rmsZ(fit: (x: Matrix) => FitResult): ZScores {
  const sums = [0, 0, 0];
  const counts = [0, 0, 0];
  for (let r = 0; r < RUNS; r++) {
    const result = fit(drawFrom(W, B, N, 1000 + r));
    const se = result.standardErrors!;
    for (let i = 0; i < 3; i++) {
      const zb = (result.b[i] - B[i]) / se.b[i];
      sums[0] += zb * zb;
      counts[0]++;
      for (let j = i; j < 3; j++) {
        const p = i * 3 + j;
        const z = (result.sigma.data[p] - SIGMA[p]) / se.sigma.data[p];
        const group = i === j ? 1 : 2;
        sums[group] += z * z;
        counts[group]++;
      }
    }
  }
  const rms = sums.map((s, k) => Math.sqrt(s / counts[k]));
  return { b: rms[0], diagonal: rms[1], offDiagonal: rms[2] };
}

function assertCalibrated(z: number, what: string): void {
  assert.ok(Math.abs(z - 1) < TOLERANCE, `${what}: rms z ${z}`);
}

Deno.test("pairwise-mle standard errors are calibrated", () => {
  const z = rmsZ((x) => fitPairwiseMle(x, { seed: 0, options: {} }));
  assertCalibrated(z.b, "b");
  assertCalibrated(z.diagonal, "diagonal");
  assertCalibrated(z.offDiagonal, "off-diagonal");
});

Deno.test("censored-moment standard errors are calibrated", () => {
  const z = rmsZ((x) => fitCensoredMoment(x, { seed: 0, options: {} }));
  assertCalibrated(z.b, "b");
  assertCalibrated(z.diagonal, "diagonal");
  assertCalibrated(z.offDiagonal, "off-diagonal");
});

Deno.test("censored standard errors: calibrated marginals, conservative angles", () => {
  // Off-diagonal SEs neglect the estimated thresholds and the covariances
  // of the exceedance share with the marginals; measured rms z ≈ 0.7 at
  // d = 5 (over-estimated SEs), so only "not too small" is promised.
  const z = rmsZ((x) => fitCensored(x, { seed: 0, options: {} }));
  assertCalibrated(z.b, "b");
  assertCalibrated(z.diagonal, "diagonal");
  assert.ok(z.offDiagonal < 1 + TOLERANCE, `off-diagonal ${z.offDiagonal}`);
});

Deno.test("standard errors are 0 where the fit is degenerate and positive elsewhere", () => {
  const w = fromRows([[1, 0], [0, 0]]);
  const x = drawFrom(w, new Float64Array([0.2, 0.5]), 2_000, 7);
  for (
    const result of [
      fitPairwiseMle(x, { seed: 0, options: {} }),
      fitCensoredMoment(x, { seed: 0, options: {} }),
      fitCensored(x, { seed: 0, options: {} }),
    ]
  ) {
    const se = result.standardErrors!;
    assert.ok(se.b[0] > 0 && se.sigma.data[0] > 0, result.method);
    assert.deepEqual(Array.from(se.sigma.data.subarray(1)), [0, 0, 0]);
    assert.equal(se.b[1], 0);
  }
});
