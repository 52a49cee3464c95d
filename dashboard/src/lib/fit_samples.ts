/**
 * Samples drawn in the browser from a fitted model, as CSV with the data's
 * column names: x = ReLU(W z + b) with W from Sigma_hat's positive
 * eigenvalues (its nearest PSD matrix, as the model check samples it), or a
 * rank-k fit's W.
 *
 * @module
 */
import { fromRows } from "../../../core/linalg/matrix.ts";
import { rankKFit } from "../../../core/rank/rank_k_fit.ts";
import { writeCsv } from "../../../core/formats/csv.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { csvCell } from "./download.ts";

/** The model to sample: b_hat with Sigma_hat, or with a factor W. */
export interface SampledModel {
  readonly b: readonly number[];
  readonly sigma?: readonly (readonly number[])[];
  /** W (d × k); when absent, from Sigma_hat. */
  readonly w?: readonly (readonly number[])[];
}

/**
 * `n` samples of the model with `seed`, as CSV text under a header of
 * `names` (`x1 … xd` when absent).
 *
 * @throws {RangeError} when the model has neither W nor Sigma_hat, or they
 *   do not match b.
 */
export function samplesCsv(
  model: SampledModel,
  n: number,
  seed: number,
  names?: readonly string[] | null,
): string {
  const b = Float64Array.from(model.b);
  const d = b.length;
  let w;
  if (model.w) w = fromRows(model.w);
  else if (model.sigma) {
    w = rankKFit({ b, sigma: fromRows(model.sigma) }, d).w;
  } else throw new RangeError("Cannot draw samples: the fit has no Sigma_hat");
  const x = sampleRectifiedGaussian(w, b, n, createPrng(seed));
  const header =
    (names && names.length === d
      ? names
      : Array.from({ length: d }, (_, j) => `x${j + 1}`)).map(csvCell);
  return `${header.join(",")}\n${writeCsv(x)}`;
}
