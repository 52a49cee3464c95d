/** Seeded truths, samples and the paper's error metrics for estimator tests. */
import assert from "node:assert/strict";
import { randomTruth } from "../../../core/experiments/truth.ts";
import type { BiasMode, Truth } from "../../../core/experiments/truth.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { createPrng, deriveSeed } from "../../../core/random/prng.ts";
import { fromRows, type Matrix } from "../../../core/linalg/matrix.ts";
import type { EstimatorResult } from "../../../core/estimators/types.ts";
import type { ColumnSummary } from "../../../core/estimators/_marginal_fit.ts";
import { inverseMillsRatio, normCdf } from "../../../core/special/normal.ts";

export interface Setting {
  readonly d: number;
  readonly k: number;
  readonly kappa: number;
  readonly bias: BiasMode;
  readonly n: number;
}

/** The settings the estimator accuracy tests share: d = 5, relu bias. */
export const RELU_D5: Setting = {
  d: 5,
  k: 5,
  kappa: 1,
  bias: "relu",
  n: 20_000,
};
/** `RELU_D5` with condition number 25. */
export const RELU_D5_KAPPA25: Setting = { ...RELU_D5, kappa: 25 };
/** `RELU_D5` with W of rank 2. */
export const RELU_D5_RANK2: Setting = { ...RELU_D5, k: 2 };
/** d = 5 with b ~ N(−0.5, 0.5²) and n = 50,000. */
export const NEGATIVE_D5: Setting = {
  d: 5,
  k: 5,
  kappa: 1,
  bias: "negative",
  n: 50_000,
};

/** Truth and samples of run `run` of a setting, reproducible from the seed. */
export function draw(
  setting: Setting,
  seed: number,
  run = 0,
): { truth: Truth; x: Matrix } {
  const prng = createPrng(deriveSeed(seed, run));
  const truth = randomTruth(setting, prng);
  return {
    truth,
    x: sampleRectifiedGaussian(truth.w, truth.b, setting.n, prng),
  };
}

/** Samples of a given W and b. */
export function drawFrom(
  w: Matrix,
  b: Float64Array,
  n: number,
  seed: number,
): Matrix {
  return sampleRectifiedGaussian(w, b, n, createPrng(seed));
}

/** err_sigma = ‖Σ̂ − W Wᵀ‖_F / ‖W‖_F², err_b = ‖b̂ − b‖₂ / ‖W‖_F (the paper's metrics). */
export function errors(
  fit: EstimatorResult,
  truth: Truth,
): { sigma: number; b: number } {
  let wf = 0;
  for (const v of truth.w.data) wf += v * v;
  let es = 0;
  for (let i = 0; i < truth.sigma.data.length; i++) {
    es += (fit.sigma.data[i] - truth.sigma.data[i]) ** 2;
  }
  let eb = 0;
  for (let i = 0; i < truth.b.length; i++) eb += (fit.b[i] - truth.b[i]) ** 2;
  return { sigma: Math.sqrt(es) / wf, b: Math.sqrt(eb / wf) };
}

/** Largest error over `runs` seeded runs of a setting. */
export function worstErrors(
  fit: (x: Matrix) => EstimatorResult,
  setting: Setting,
  seed: number,
  runs: number,
): { sigma: number; b: number } {
  let sigma = 0;
  let b = 0;
  for (let r = 0; r < runs; r++) {
    const { truth, x } = draw(setting, seed, r);
    const e = errors(fit(x), truth);
    sigma = Math.max(sigma, e.sigma);
    b = Math.max(b, e.b);
  }
  return { sigma, b };
}

/** True when no entry of the fit is NaN or infinite. */
export function allFinite(fit: EstimatorResult): boolean {
  return fit.b.every(Number.isFinite) && fit.sigma.data.every(Number.isFinite);
}

/** Asserts the largest errors over `runs` seeded runs are below `bounds`. */
export function assertWorstErrorsBelow(
  fit: (x: Matrix) => EstimatorResult,
  setting: Setting,
  seed: number,
  runs: number,
  bounds: { sigma: number; b: number },
): void {
  const worst = worstErrors(fit, setting, seed, runs);
  assert.ok(worst.sigma < bounds.sigma, `err_sigma ${worst.sigma}`);
  assert.ok(worst.b < bounds.b, `err_b ${worst.b}`);
}

/**
 * Fits 20,000 samples of a W whose row 1 is zero with b = 0.5 (constant 0.5)
 * and row 3 zero with b = −0.4 (all zeros), asserts both are reported as
 * degenerate (Sigma's rows and columns 0, one warning each) and the others
 * still estimated, and returns the fit for method-specific checks.
 */
export function assertZeroRowsDegenerate(
  fit: (x: Matrix) => EstimatorResult,
  seed: number,
): EstimatorResult {
  const w = fromRows([[1, 0], [0, 0], [0.6, 0.8], [0, 0]]);
  const b = new Float64Array([0.2, 0.5, -0.3, -0.4]);
  const result = fit(drawFrom(w, b, 20_000, seed));
  assert.ok(allFinite(result));
  assert.equal(result.b[1], 0.5);
  assert.equal(result.b[3], 0);
  for (const i of [1, 3]) {
    assert.equal(result.coordinates[i].degenerate, true);
    for (let j = 0; j < 4; j++) {
      assert.equal(result.sigma.data[i * 4 + j], 0);
      assert.equal(result.sigma.data[j * 4 + i], 0);
    }
  }
  assert.equal(result.warnings.length, 2);
  // The others are still estimated: SE of Σ_02 ≈ 0.01, of b_2 ≈ 0.01.
  assert.ok(Math.abs(result.sigma.data[0 * 4 + 2] - 0.6) < 0.05);
  assert.ok(Math.abs(result.b[2] + 0.3) < 0.05);
  return result;
}

/** Asserts a censored-marginal fit of d = 1 (W = 1.3, b = −0.2) is accurate. */
export function assertFitsOneCoordinate(
  fit: (x: Matrix) => EstimatorResult,
  seed: number,
): void {
  // Tobit SE at n = 20,000 with 42% positives: σ ≈ 0.009, b ≈ 0.012;
  // 0.05 is over 4 SE.
  const result = fit(
    drawFrom(fromRows([[1.3]]), new Float64Array([-0.2]), 20_000, seed),
  );
  assert.equal(result.sigma.rows, 1);
  assert.ok(Math.abs(Math.sqrt(result.sigma.data[0]) - 1.3) < 0.05);
  assert.ok(Math.abs(result.b[0] + 0.2) < 0.05);
}

/**
 * The statistics n samples of ReLU(N(μ, σ²)) have in expectation. The MLE is
 * consistent, so fed its own population statistics it must return (μ, σ).
 */
export function population(
  mu: number,
  sd: number,
  n: number,
): ColumnSummary {
  const alpha = -mu / sd;
  const lambda = inverseMillsRatio(alpha);
  const positives = n * normCdf(-alpha);
  return {
    zeros: n - positives,
    positives,
    mean: mu + sd * lambda,
    centeredSquares: positives * sd * sd *
      (1 + alpha * lambda - lambda * lambda),
    constantPositives: false,
  };
}
