/**
 * Reading experiment results: which parameter a run swept, its metrics by
 * method, and the aligned arrays charts draw.
 *
 * @module
 */
import type { RunPoint, RunRecord, Summary } from "../api/types.ts";
import type { AxisKind } from "./axis.ts";

/** The metrics a run point carries, with their labels. */
export const RUN_METRICS = [
  { key: "errSigma", label: "err Σ" },
  { key: "errB", label: "err b" },
  { key: "tv", label: "TV bound" },
] as const;

/** Key of a metric in `RUN_METRICS`. */
export type RunMetricKey = typeof RUN_METRICS[number]["key"];

/** A metric of a point as a summary (TV may be absent). */
export function metricOf(p: RunPoint, key: RunMetricKey): Summary | null {
  const v = p[key];
  return v && typeof v === "object" ? v : null;
}

/** Mean fit time of a point in ms. */
export function fitMsOf(p: RunPoint): number | null {
  return p.fitMs.mean;
}

/** The spec a run was started with. */
export function specOf(run: RunRecord): Record<string, unknown> {
  return run.input;
}

/** An experiment's points: none for a fit run or an unfinished run. */
export function pointsOf(run: RunRecord | null | undefined): RunPoint[] {
  const result = run?.result;
  return result !== undefined && "points" in result ? result.points : [];
}

/** Whether a run is a single fit (its result is a fit, not points). */
export function isFitRun(run: RunRecord): boolean {
  return run.kind === "fit";
}

/** The parameter on the x axis of a run: the sweep, or n for a list of n. */
export function sweepOf(run: RunRecord): string {
  const spec = specOf(run);
  if (typeof spec.sweep === "string") return spec.sweep;
  return "n";
}

/** A one-line description of a run's spec. */
export function describeSpec(spec: Record<string, unknown>): string {
  if (typeof spec.method === "string" && spec.values === undefined) {
    return `fit with ${spec.method}, n = ${spec.n}, d = ${spec.d}, seed ${
      spec.seed ?? 0
    }`;
  }
  const base = (spec.base ?? spec) as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of ["d", "k", "n", "kappa", "bias"]) {
    if (key === spec.sweep) continue;
    // A sweep over d keeps k = d, as the paper's middle panel does.
    if (key === "k" && spec.sweep === "d") parts.push("k = d");
    else if (base[key] !== undefined) parts.push(`${key} = ${base[key]}`);
  }
  if (typeof spec.sweep === "string" && Array.isArray(spec.values)) {
    parts.unshift(`${spec.sweep} ∈ {${spec.values.join(", ")}}`);
  } else if (Array.isArray(spec.ns)) {
    parts.unshift(`n ∈ {${spec.ns.join(", ")}}`);
  }
  if (spec.runs !== undefined) parts.push(`${spec.runs} runs`);
  if (Array.isArray(spec.methods)) parts.push(spec.methods.join(", "));
  return parts.join(", ");
}

/** Distinct methods of a set of points, in first-seen order. */
export function methodsOf(points: readonly RunPoint[]): string[] {
  return [...new Set(points.map((p) => p.method))];
}

/** Distinct parameter values, ascending. */
export function valuesOf(points: readonly RunPoint[]): number[] {
  return [...new Set(points.map((p) => p.value))].sort((a, b) => a - b);
}

/** One curve: mean and ±std edges, aligned with the x values (null = gap). */
export interface Curve {
  readonly label: string;
  readonly method: string;
  readonly mean: (number | null)[];
  readonly lower: (number | null)[];
  readonly upper: (number | null)[];
}

/** Mean ± std curves of `metric` for each method of `points`, on `xs`. */
export function curvesOf(
  points: readonly RunPoint[],
  metric: RunMetricKey,
  xs: readonly number[],
  labelPrefix = "",
): Curve[] {
  return methodsOf(points).map((method) => {
    const mean: (number | null)[] = [];
    const lower: (number | null)[] = [];
    const upper: (number | null)[] = [];
    for (const x of xs) {
      const p = points.find((q) => q.method === method && q.value === x);
      const s = p ? metricOf(p, metric) : null;
      const m = s?.mean ?? NaN;
      const ok = Number.isFinite(m);
      mean.push(ok ? m : null);
      const sd = s?.std ?? 0;
      lower.push(ok ? Math.max(m - (Number.isFinite(sd) ? sd : 0), 0) : null);
      upper.push(ok ? m + (Number.isFinite(sd) ? sd : 0) : null);
    }
    return { label: labelPrefix + method, method, mean, lower, upper };
  });
}

/**
 * What the TV column of `points` leaves out, in words: the fits whose TV
 * bound is undefined (Σ̂, or Σ when k < d, not positive definite) count in
 * `notPd` and not in the TV mean, while err Σ and err b count every fit.
 * Null when every fit has a TV bound.
 */
export function tvGapNote(points: readonly RunPoint[]): string | null {
  const undefinedTv = points.reduce((s, p) => s + (p.notPd ?? 0), 0);
  const fits = points.reduce((s, p) => s + (p.errSigma.count ?? 0), 0);
  if (undefinedTv === 0) return null;
  return `The TV bound is undefined in ${undefinedTv} of ${fits} fits (Σ̂, or Σ when k < d, is not positive definite): the TV column averages the other ${
    fits - undefinedTv
  } (its count is shown where fits are missing), while err Σ and err b use every fit's Σ̂ as estimated.`;
}

/**
 * The axes of error curves against `parameter` when the user picked `scale`
 * (log by default): on "log", errors on a log axis, so that a method whose
 * errors are ten times smaller does not lie flat on zero, and n on a log
 * axis too (errors fall like a power of n: straight lines); d and κ stay
 * linear. On "linear", both are linear.
 */
export function curveAxes(
  parameter: string,
  scale: AxisKind,
): { readonly x: AxisKind; readonly y: AxisKind } {
  return {
    x: scale === "log" && parameter === "n" ? "log" : "linear",
    y: scale,
  };
}
