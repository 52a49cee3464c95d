import assert from "node:assert/strict";
import {
  fitPairwiseMle,
  pairwiseMleEstimator,
} from "../../../core/estimators/pairwise_mle.ts";
import { fitCensoredMoment } from "../../../core/estimators/censored_moment.ts";
import { fitCensored } from "../../../core/estimators/censored.ts";
import { resolveOptions } from "../../../core/estimators/options.ts";
import type { EstimatorResult } from "../../../core/estimators/types.ts";
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
// All biases negative: every threshold of `censored` is fixed at 0.
const NEGATIVE_B = new Float64Array([-0.5, -0.3, -0.8]);
const RUNS = 60;
const N = 5_000;
const TOLERANCE = 0.2;
const PAIRWISE = resolveOptions(pairwiseMleEstimator);
const WITH_ERRORS = { standardErrors: true };

interface ZScores {
  b: number;
  diagonal: number;
  offDiagonal: number;
}

function rmsZ(
  fit: (x: Matrix) => EstimatorResult,
  b = B,
  runs = RUNS,
  w = W,
): ZScores {
  const sigma = gramOfRows(w).data;
  const sums = [0, 0, 0];
  const counts = [0, 0, 0];
  for (let r = 0; r < runs; r++) {
    const result = fit(drawFrom(w, b, N, 1000 + r));
    const se = result.standardErrors!;
    for (let i = 0; i < 3; i++) {
      const zb = (result.b[i] - b[i]) / se.b[i];
      sums[0] += zb * zb;
      counts[0]++;
      for (let j = i; j < 3; j++) {
        const p = i * 3 + j;
        const z = (result.sigma.data[p] - sigma[p]) / se.sigma.data[p];
        const group = i === j ? 1 : 2;
        sums[group] += z * z;
        counts[group]++;
      }
    }
  }
  const rms = sums.map((s, k) => Math.sqrt(s / counts[k]));
  return { b: rms[0], diagonal: rms[1], offDiagonal: rms[2] };
}

function assertCalibrated(z: number, what: string, tolerance = TOLERANCE) {
  assert.ok(Math.abs(z - 1) < tolerance, `${what}: rms z ${z}`);
}

// `censored` is cheap, so its angles get a sharper check: R = 300 gives
// N = 900 off-diagonal z's, 1/√(2N) = 0.024; doubled for the correlation of
// a run's entries and tripled for 3 standard deviations, 0.14. (Measured
// over 1,000 runs: rms z 1.00 to 1.03 with all biases of one sign or mixed.)
const CENSORED_RUNS = 300;
const CENSORED_TOLERANCE = 0.14;

Deno.test("pairwise-mle standard errors are calibrated", () => {
  const z = rmsZ((x) => fitPairwiseMle(x, { seed: 0, options: PAIRWISE }));
  assertCalibrated(z.b, "b");
  assertCalibrated(z.diagonal, "diagonal");
  assertCalibrated(z.offDiagonal, "off-diagonal");
});

// Correlations 0.9, 0.8 and 0.81: every pair is refitted jointly in its five
// parameters (|ρ| ≥ 0.5), so Σ_ij and b_i, Σ_ii come from the pair fits and
// their inverse observed information (rms z measured: b 0.94, diagonal 1.00,
// off-diagonal 1.01).
const STRONG_W = fromRows([[1, 0, 0], [0.9, 0.436, 0], [0.8, 0.2, 0.566]]);

Deno.test("pairwise-mle standard errors are calibrated under strong correlation", () => {
  const fit = (x: Matrix) => fitPairwiseMle(x, { seed: 0, options: PAIRWISE });
  assert.equal(fit(drawFrom(STRONG_W, B, N, 1)).diagnostics.jointPairs, 3);
  const z = rmsZ(fit, B, RUNS, STRONG_W);
  assertCalibrated(z.b, "b");
  assertCalibrated(z.diagonal, "diagonal");
  assertCalibrated(z.offDiagonal, "off-diagonal");
});

Deno.test("censored-moment standard errors are calibrated", () => {
  const z = rmsZ((x) =>
    fitCensoredMoment(x, { seed: 0, options: WITH_ERRORS })
  );
  assertCalibrated(z.b, "b");
  assertCalibrated(z.diagonal, "diagonal");
  assertCalibrated(z.offDiagonal, "off-diagonal");
});

// Before the joint influence function (thresholds, marginals and the
// exceedance share together) the off-diagonal rms z was 0.72 here (0.80
// with negative biases): SEs about 1.35× too large.
const fitCensoredAngles = (x: Matrix) =>
  fitCensored(x, { seed: 0, options: { standardErrors: true } });

Deno.test("censored standard errors are calibrated", () => {
  const z = rmsZ(fitCensoredAngles, B, CENSORED_RUNS);
  assertCalibrated(z.b, "b");
  assertCalibrated(z.diagonal, "diagonal");
  assertCalibrated(z.offDiagonal, "off-diagonal", CENSORED_TOLERANCE);
});

Deno.test("censored standard errors are calibrated with negative biases", () => {
  // Every threshold is fixed at 0, so it has no influence of its own.
  const z = rmsZ(fitCensoredAngles, NEGATIVE_B, CENSORED_RUNS);
  assertCalibrated(z.b, "b");
  assertCalibrated(z.diagonal, "diagonal");
  assertCalibrated(z.offDiagonal, "off-diagonal", CENSORED_TOLERANCE);
});

Deno.test("standard errors are 0 where the fit is degenerate and positive elsewhere", () => {
  const w = fromRows([[1, 0], [0, 0]]);
  const x = drawFrom(w, new Float64Array([0.2, 0.5]), 2_000, 7);
  for (
    const result of [
      fitPairwiseMle(x, { seed: 0, options: PAIRWISE }),
      fitCensoredMoment(x, { seed: 0, options: WITH_ERRORS }),
      fitCensored(x, { seed: 0, options: { standardErrors: true } }),
    ]
  ) {
    const se = result.standardErrors!;
    assert.ok(se.b[0] > 0 && se.sigma.data[0] > 0, result.method);
    assert.deepEqual(Array.from(se.sigma.data.subarray(1)), [0, 0, 0]);
    assert.equal(se.b[1], 0);
  }
});
