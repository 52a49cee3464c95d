/**
 * An estimator against the statistical limit: seeded data sets from one
 * truth, the method's mean errors over them, and the errors the Cramér–Rao
 * bound implies, with their ratio.
 *
 * Seeding, as in `run.ts`: run r uses `runSeed = deriveSeed(seed, r)`, its
 * samples come from `createPrng(deriveSeed(runSeed, 1))` and the method fits
 * with seed `deriveSeed(runSeed, 2)`.
 *
 * This module is browser compatible.
 * @module
 */
import { fitSamples } from "../estimators/fit.ts";
import { prepareFit } from "../estimators/prepare.ts";
import { type CrbErrors, crbErrors } from "../fisher/crb_errors.ts";
import { analyzeCovariance } from "../metrics/analyze_covariance.ts";
import {
  parameterErrors,
  type SigmaAndBias,
} from "../metrics/parameter_errors.ts";
import { createPrng, deriveSeed } from "../random/prng.ts";
import { sampleRectifiedGaussian } from "../sampling/rectified_gaussian.ts";
import { summarize } from "./run.ts";
import { rethrowStop } from "../stop/stop_check.ts";

/** What to measure. */
export interface EfficiencySpec {
  /** The true Σ (d, d), symmetric positive definite, and b (d). */
  readonly truth: SigmaAndBias;
  /** Samples per data set. */
  readonly n: number;
  /** Registered method name; the registry's default when absent. */
  readonly method?: string;
  /** Seeded data sets, at least 1. */
  readonly runs: number;
  /** @default {0} */
  readonly seed?: number;
}

/** One error metric of the method over the runs that succeeded. */
export interface MeasuredMetric {
  readonly mean: number;
  /** Standard error of `mean`: sample sd / √runs (NaN for one run). */
  readonly se: number;
  /** Root mean square over the runs. */
  readonly rms: number;
  /** Standard error of `rms` by the delta method: se(mean square) / (2 rms). */
  readonly rmsSe: number;
}

/** measured / CRB, with the standard error of the measured side carried over. */
export interface EfficiencyRatio {
  readonly value: number;
  readonly se: number;
}

/** The outcome of `efficiencySteps`. */
export interface EfficiencyResult {
  readonly method: string;
  readonly n: number;
  readonly runs: number;
  readonly seed: number;
  /** The bound and the errors it implies (see `crbErrors`). */
  readonly crb: CrbErrors;
  readonly measured: {
    readonly errSigma: MeasuredMetric;
    readonly errB: MeasuredMetric;
    /**
     * Sample sd of each parameter's estimate over the runs, in the order of
     * `crb.names` (NaN with fewer than two successful runs).
     */
    readonly sd: Float64Array;
    /**
     * Mean of each parameter's estimate minus its true value over the runs
     * (NaN with no successful run).
     */
    readonly bias: Float64Array;
    /** Runs whose fit threw (left out of every figure). */
    readonly failed: number;
    /** Their distinct messages, at most 5. */
    readonly errors: readonly string[];
  };
  /**
   * Measured over CRB: of the means when the bound is joint (`crb.kind`
   * "exact"), of the root mean squares when it is per entry. The bound is
   * computed, not sampled, so the ratio's standard error is the measured
   * figure's divided by the bound.
   */
  readonly ratio: {
    readonly of: "mean" | "rms";
    readonly errSigma: EfficiencyRatio;
    readonly errB: EfficiencyRatio;
  };
}

/** Reported after each run. */
export interface EfficiencyProgress {
  readonly done: number;
  readonly total: number;
}

const MAX_ERRORS = 5;

/**
 * Computes the Cramér–Rao bound at `spec.truth` (before any fit, so a bad
 * truth fails fast), then fits `spec.runs` seeded data sets of `spec.n`
 * samples with the method, yielding after each, and returns the method's
 * errors beside the bound's.
 *
 * Cost: the bound (see `crbErrors`) plus `runs` × (one sample of n × d and
 * one fit).
 *
 * @throws {RangeError} for a bad truth, n, runs or method name (before any
 *   fit). A fit that throws counts in `failed` instead.
 */
export function* efficiencySteps(
  spec: EfficiencySpec,
): Generator<EfficiencyProgress, EfficiencyResult> {
  const { truth, n, runs } = spec;
  const seed = spec.seed ?? 0;
  if (!Number.isSafeInteger(runs) || runs < 1) {
    throw new RangeError(
      `Cannot measure efficiency: runs must be a positive integer, got ${runs}`,
    );
  }
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(
      `Cannot measure efficiency: n must be a positive integer, got ${n}`,
    );
  }
  const crb = crbErrors(truth, n);
  const prepared = prepareFit({ method: spec.method });
  const method = prepared.estimator.name;
  const w = analyzeCovariance(truth.sigma).factor;
  const d = truth.b.length, q = crb.names.length;
  const errSigma: number[] = [], errB: number[] = [];
  const errors: string[] = [];
  const sum = new Float64Array(q), sumSq = new Float64Array(q);
  let failed = 0;
  for (let r = 0; r < runs; r++) {
    const runSeed = deriveSeed(seed, r);
    const x = sampleRectifiedGaussian(
      w,
      truth.b,
      n,
      createPrng(deriveSeed(runSeed, 1)),
    );
    try {
      const fit = fitSamples(
        x,
        prepareFit({ method, seed: deriveSeed(runSeed, 2) }),
      );
      const e = parameterErrors(truth, fit);
      errSigma.push(e.errSigma);
      errB.push(e.errB);
      for (let k = 0; k < q; k++) {
        const v = thetaEntry(fit, d, k);
        sum[k]! += v;
        sumSq[k]! += v * v;
      }
    } catch (e) {
      rethrowStop(e);
      failed++;
      const message = e instanceof Error ? e.message : String(e);
      if (errors.length < MAX_ERRORS && !errors.includes(message)) {
        errors.push(message);
      }
    }
    yield { done: r + 1, total: runs };
  }
  const ok = runs - failed;
  const sd = new Float64Array(q), bias = new Float64Array(q);
  for (let k = 0; k < q; k++) {
    const mean = sum[k]! / ok;
    bias[k] = mean - thetaEntry(truth, d, k);
    sd[k] = ok > 1
      ? Math.sqrt(Math.max(0, (sumSq[k]! - ok * mean * mean) / (ok - 1)))
      : NaN;
  }
  const measuredSigma = measure(errSigma), measuredB = measure(errB);
  const of = crb.kind === "exact" ? "mean" : "rms";
  return {
    method,
    n,
    runs,
    seed,
    crb,
    measured: {
      errSigma: measuredSigma,
      errB: measuredB,
      sd,
      bias,
      failed,
      errors,
    },
    ratio: {
      of,
      errSigma: ratio(measuredSigma, crb.errSigma, of),
      errB: ratio(measuredB, crb.errB, of),
    },
  };
}

/**
 * Runs `efficiencySteps` to the end.
 *
 * @example The default method against the bound, d = 2
 * ```ts
 * import { measureEfficiency } from "./efficiency.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const truth = { b: new Float64Array([0.5, 0.5]), sigma: fromRows([[1, 0.5], [0.5, 1]]) };
 * const result = measureEfficiency({ truth, n: 5000, runs: 3 });
 * console.log(result.crb.errSigma.mean, result.measured.errSigma.mean, result.ratio.errSigma);
 * ```
 */
export function measureEfficiency(spec: EfficiencySpec): EfficiencyResult {
  const steps = efficiencySteps(spec);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** θ_k of a fit: b_k for k < d, else Σ_ij in the order of `parameterNames`. */
function thetaEntry(fit: SigmaAndBias, d: number, k: number): number {
  if (k < d) return fit.b[k]!;
  let at = d;
  for (let i = 0; i < d; i++) {
    if (k < at + d - i) return fit.sigma.data[i * d + i + (k - at)]!;
    at += d - i;
  }
  return NaN;
}

function measure(xs: readonly number[]): MeasuredMetric {
  const s = summarize(xs);
  const squares = summarize(xs.map((x) => x * x));
  const rms = Math.sqrt(squares.mean);
  const sqrtCount = Math.sqrt(s.count);
  return {
    mean: s.mean,
    se: s.count > 1 ? s.std / sqrtCount : NaN,
    rms,
    rmsSe: s.count > 1 ? squares.std / sqrtCount / (2 * rms) : NaN,
  };
}

function ratio(
  measured: MeasuredMetric,
  bound: { readonly mean: number | null; readonly rms: number },
  of: "mean" | "rms",
): EfficiencyRatio {
  const limit = of === "mean" ? bound.mean! : bound.rms;
  return of === "mean"
    ? { value: measured.mean / limit, se: measured.se / limit }
    : { value: measured.rms / limit, se: measured.rmsSe / limit };
}
