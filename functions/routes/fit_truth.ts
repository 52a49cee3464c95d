/**
 * A fit's errors against the truth sent with it: core's `fitMetrics`
 * (parameter errors and TV bound), computed per request from the answer's Σ̂ and b̂ (so a cached
 * answer still gets the metrics of this request's truth), in a job (see
 * `workers/jobs.ts`): they cost d³.
 *
 * @module
 */
import { fromRows } from "../../core/linalg/matrix.ts";
import {
  type FitMetrics,
  fitMetrics as coreFitMetrics,
} from "../../core/metrics/mod.ts";
import { ApiError } from "../http/errors.ts";

/** A truth as sent in `POST /api/fit` (shape and symmetry already checked). */
export interface TruthJson {
  readonly sigma: number[][];
  readonly b: number[];
  readonly W?: number[][];
}

/** Parameter errors plus the TV bound (or why it is undefined). */
export type FitMetricsJson = FitMetrics;

/** The part of a fit answer the metrics read. */
interface FitEstimateJson {
  readonly b: readonly number[];
  readonly sigma: readonly (readonly number[])[];
  /** Present when the fit describes a hidden layer, not the data's parameters. */
  readonly hidden?: unknown;
}

/**
 * 422 unless the truth, as sent (validated or not), has the data's dimension
 * `d`: checked before anything else reads the truth, since validating it
 * costs d² k (its W Wᵀ against its Sigma). A truth without an array `b` is
 * left to its schema.
 */
export function checkTruthDimension(truth: unknown, d: number): void {
  const b = (truth as { b?: unknown } | null | undefined)?.b;
  if (Array.isArray(b) && b.length !== d) {
    throw new ApiError(
      422,
      "invalid_request",
      `Cannot accept the request: "truth.b": has length ${b.length}, but the samples have d = ${d}`,
    );
  }
}

/**
 * Metrics of `fit` against `truth`, or null when the fit estimates other
 * parameters (a hidden layer, `hidden`) or another dimension.
 */
export function fitMetrics(
  truth: TruthJson,
  fit: FitEstimateJson,
): FitMetricsJson | null {
  if (fit.hidden !== undefined) return null;
  if (fit.b.length !== truth.b.length) return null;
  const t = { sigma: fromRows(truth.sigma), b: Float64Array.from(truth.b) };
  const e = { sigma: fromRows(fit.sigma), b: Float64Array.from(fit.b) };
  return coreFitMetrics(t, e);
}
