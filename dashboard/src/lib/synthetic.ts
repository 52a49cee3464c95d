/**
 * Samples from a known truth, drawn in the browser with core's generators, so
 * a fit can be shown next to the parameters that produced its data.
 *
 * @module
 */
import { randomTruth } from "../../../core/experiments/truth.ts";
import { createPrng, deriveSeed } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import type { BiasMode } from "../api/types.ts";

/** What to draw. */
export interface SyntheticSpec {
  readonly d: number;
  readonly k: number;
  readonly n: number;
  readonly kappa: number;
  readonly bias: BiasMode;
  readonly seed: number;
}

/** A truth and samples from it, as plain arrays for JSON. */
export interface SyntheticData {
  readonly sigma: number[][];
  readonly b: number[];
  readonly samples: number[][];
}

/** Draws a truth (stream 0 of `seed`) and `n` samples (stream 1). */
export function drawSynthetic(spec: SyntheticSpec): SyntheticData {
  const truth = randomTruth(spec, createPrng(deriveSeed(spec.seed, 0)));
  const x = sampleRectifiedGaussian(
    truth.w,
    truth.b,
    spec.n,
    createPrng(deriveSeed(spec.seed, 1)),
  );
  const rows = (m: { rows: number; cols: number; data: Float64Array }) =>
    Array.from(
      { length: m.rows },
      (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)),
    );
  return { sigma: rows(truth.sigma), b: Array.from(truth.b), samples: rows(x) };
}
