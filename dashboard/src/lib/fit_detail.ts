/**
 * What the detail of one fit shows besides the numbers themselves: warnings,
 * whether the known truth can be compared with the fit, and the A matrix of
 * a two-layer fit.
 *
 * @module
 */
import type { FitMetrics, FitResponse } from "../api/types.ts";
import { truthErrors } from "./truth_metrics.ts";
import type { FitOutcome, KnownTruth } from "../models/fit_model.ts";
import { formatMetric } from "./format.ts";

/** The banner shown when the API repaired Σ̂. */
export const REPAIRED_WARNING =
  "Σ̂ was not positive definite and was repaired (nearest PSD)";

const PD_WARNING = /positive (semi-?)?definite|\bPSD\b|nearestPsd/i;

/**
 * Warnings from the API plus what the covariance report implies. A repair is
 * not listed here (nor the API's sentence about it): `FitResult` shows it as
 * a banner of its own.
 */
export function fitWarnings(o: FitOutcome): string[] {
  const cov = o.fit.covariance;
  const all = o.fit.warnings ?? [];
  // The banner says it already; the API's own sentence would repeat it.
  const out = cov?.repaired ? all.filter((w) => !PD_WARNING.test(w)) : [...all];
  if (
    !cov?.repaired &&
    cov && !cov.positiveDefinite && !out.some((w) => PD_WARNING.test(w))
  ) {
    out.push(
      `Sigma_hat is not positive definite (smallest eigenvalue ${
        formatMetric(cov.minEigenvalue)
      })`,
    );
  }
  return out;
}

/**
 * The truth to compare with, when it describes the same parameters as the
 * fit: a two-layer fit estimates the hidden layer, not the truth of x, and a
 * fit of another dimension cannot be compared entry by entry.
 */
export function comparableTruth(o: FitOutcome): KnownTruth | null {
  const { fit, truth } = o;
  if (!truth) return null;
  if (hiddenInputDim(fit) !== null) return null;
  if (truth.b.length !== fit.b.length) return null;
  if (truth.sigma.length !== fit.sigma.length) return null;
  return truth;
}

/**
 * A stored fit run's result as an outcome: its truth is the one the API
 * stored with it, when the fit was sent one.
 */
export function runFitOutcome(result: unknown): FitOutcome {
  const fit = result as FitResponse;
  const t = fit.truth;
  const truth = t && Array.isArray(t.sigma) && Array.isArray(t.b)
    ? { sigma: t.sigma, b: t.b }
    : null;
  return { fit, truth };
}

/** What the metrics table shows against the truth. */
export interface TruthMetricsView {
  readonly errSigma: number;
  readonly errB: number;
  /** The TV bound, or why there is none; null when not known. */
  readonly tv: FitMetrics["tv"] | null;
}

/**
 * The API's metrics when the answer has them (the numbers the server
 * stored), else the same metrics computed here from the comparable truth
 * (core's `fitMetrics`, as the server does); null without a comparable
 * truth.
 */
export function truthMetrics(o: FitOutcome): TruthMetricsView | null {
  const truth = comparableTruth(o);
  if (!truth) return null;
  if (o.fit.metrics) return o.fit.metrics;
  return truthErrors(o.fit.sigma, o.fit.b, truth.sigma, truth.b);
}

/**
 * The data's dimension when the fit describes a hidden layer (two-layer),
 * else null: `hidden.inputDim`, or `diagnostics.inputDim` in fits stored
 * before the hidden layer had a field of its own.
 */
export function hiddenInputDim(
  fit: Pick<FitResponse, "hidden" | "diagnostics">,
): number | null {
  const dim = fit.hidden?.inputDim ?? fit.diagnostics?.inputDim;
  return typeof dim === "number" ? dim : null;
}

/**
 * The A matrix of a two-layer fit (`hidden.a`; `diagnostics.a` or `.A` in
 * fits stored before), when it is a non-empty matrix of numbers.
 */
export function hiddenLayerMatrix(fit: FitResponse): number[][] | null {
  const raw: unknown = fit.hidden?.a ?? fit.diagnostics?.A ??
    fit.diagnostics?.a;
  if (!Array.isArray(raw) || raw.length === 0) return null;
  const cols = Array.isArray(raw[0]) ? raw[0].length : 0;
  const ok = cols > 0 &&
    raw.every((row) =>
      Array.isArray(row) && row.length === cols &&
      row.every((x) => typeof x === "number")
    );
  return ok ? raw as number[][] : null;
}
