/**
 * Samples from a known truth, drawn in the browser (in the data worker, see
 * `data_jobs.ts`) with core's generators, so a fit can be shown next to the
 * parameters that produced its data.
 *
 * @module
 */
import { randomTruth } from "../../../core/experiments/truth.ts";
import { type Matrix, toRows } from "../../../core/linalg/matrix.ts";
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

/** A truth as plain arrays (as the API takes and answers it). */
export interface TruthArrays {
  readonly sigma: number[][];
  readonly b: number[];
}

/** A truth and samples from it. */
export interface SyntheticData {
  readonly truth: TruthArrays;
  /** n samples, one per row (n x d). */
  readonly samples: Matrix;
}

/** Entries drawn between two progress reports. */
const STEP_ENTRIES = 1 << 20;

/**
 * Draws a truth (stream 0 of `seed`) and `n` samples (stream 1), a step of
 * rows at a time, calling `onProgress(rowsDone, n)` after each step. The
 * samples are those of one `sampleRectifiedGaussian` call with the same
 * generator: its normal draws are taken one after the other, however the
 * rows are split.
 */
export function drawSynthetic(
  spec: SyntheticSpec,
  onProgress?: (done: number, total: number) => void,
): SyntheticData {
  const truth = randomTruth(spec, createPrng(deriveSeed(spec.seed, 0)));
  const prng = createPrng(deriveSeed(spec.seed, 1));
  const { n } = spec;
  const d = truth.b.length;
  const data = new Float64Array(n * d);
  const step = Math.max(1, Math.floor(STEP_ENTRIES / Math.max(1, d)));
  for (let start = 0; start < n; start += step) {
    const rows = Math.min(step, n - start);
    const part = sampleRectifiedGaussian(truth.w, truth.b, rows, prng);
    data.set(part.data, start * d);
    onProgress?.(start + rows, n);
  }
  return {
    truth: { sigma: toRows(truth.sigma), b: Array.from(truth.b) },
    samples: { rows: n, cols: d, data },
  };
}
