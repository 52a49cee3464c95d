/**
 * Errors of a fit against a known truth, for fits and truths that arrive as
 * JSON (nested arrays): converts them and uses core's `parameterErrors`, so
 * the dashboard shows the same numbers as the CLI and the API.
 *
 * @module
 */
import { fromRows } from "../../../core/linalg/matrix.ts";
import {
  type ParameterErrors,
  parameterErrors,
} from "../../../core/metrics/parameter_errors.ts";

/** Parameter errors of one fit (err_sigma and err_b, as in the paper). */
export type TruthErrors = ParameterErrors;

/**
 * Errors of (sigmaHat, bHat) against (sigma, b); d x d and length d each.
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
  return parameterErrors(
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
