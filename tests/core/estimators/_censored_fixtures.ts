/** Seeded truths, samples and the paper's error metrics for estimator tests. */
import { randomTruth } from "../../../core/experiments/truth.ts";
import type { BiasMode, Truth } from "../../../core/experiments/truth.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { createPrng, deriveSeed } from "../../../core/random/prng.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import type { FitResult } from "../../../core/estimators/types.ts";

export interface Setting {
  readonly d: number;
  readonly k: number;
  readonly kappa: number;
  readonly bias: BiasMode;
  readonly n: number;
}

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
  fit: FitResult,
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
  fit: (x: Matrix) => FitResult,
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
export function allFinite(fit: FitResult): boolean {
  return fit.b.every(Number.isFinite) && fit.sigma.data.every(Number.isFinite);
}
