/**
 * Metrics of a fit against a known truth, for fits and truths that arrive as
 * JSON (nested arrays): converts them and uses core's `fitMetrics`, the
 * function behind the API's `metrics`, so the dashboard shows the same
 * numbers as the CLI and the API for fits sent without their truth (NPY
 * bodies and data sets).
 *
 * @module
 */
import { fromRows } from "../../../core/linalg/matrix.ts";
import {
  type FitMetrics,
  fitMetrics,
} from "../../../core/metrics/fit_metrics.ts";

/** err_sigma and err_b (as in the paper) and the TV bound of one fit. */
export type TruthErrors = FitMetrics;

/**
 * Metrics of (sigmaHat, bHat) against (sigma, b); d x d and length d each.
 *
 * @throws {RangeError} from `fromRows` for a ragged matrix, and from
 *   `parameterErrors` for mismatched shapes or trace(Sigma) <= 0.
 */
export function truthErrors(
  sigmaHat: readonly (readonly number[])[],
  bHat: readonly number[],
  sigma: readonly (readonly number[])[],
  b: readonly number[],
): TruthErrors {
  return fitMetrics(
    { sigma: fromRows(sigma), b: Float64Array.from(b) },
    { sigma: fromRows(sigmaHat), b: Float64Array.from(bHat) },
  );
}

/** Entry-wise difference a − b of two square matrices. */
export function difference(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
): number[][] {
  return a.map((row, i) => row.map((x, j) => x - b[i][j]));
}
