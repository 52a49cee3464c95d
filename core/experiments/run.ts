/**
 * Sweeps of the paper's Figure 1 kind: for each value of one axis (n, d or
 * kappa), draw `runs` random truths, sample them, fit every method on the same
 * samples, and summarise the errors.
 *
 * Seeding: point i (the i-th swept value) and run r use
 * `runSeed = deriveSeed(deriveSeed(seed, i), r)`; the truth is drawn from
 * `createPrng(deriveSeed(runSeed, 0))`, the samples from
 * `createPrng(deriveSeed(runSeed, 1))`, and every method fits with seed
 * `deriveSeed(runSeed, 2)`. So all methods of a run see the same data, and a
 * run's data does not change when methods or further runs are added.
 *
 * Metrics per fit: `parameterErrors` and `tvUpperBound` of the fit against the
 * truth. When the TV bound is undefined (Sigma_hat, or Sigma when k < d, is
 * not positive definite) the fit counts in `notPd` and is left out of the `tv`
 * summary, whose `count` then is below `runs`; errSigma and errB still count.
 * A fit that throws counts in `failed` (its message, deduplicated, in
 * `errors`) and in no summary.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { createPrng, deriveSeed, MAX_SEED } from "../random/prng.ts";
import {
  MAX_SAMPLE_ENTRIES,
  sampleRectifiedGaussian,
} from "../sampling/rectified_gaussian.ts";
import { type FitRequest, fitSamples } from "../estimators/fit.ts";
import { methodNames } from "../estimators/registry.ts";
import type { FitResult } from "../estimators/types.ts";
import { parameterErrors } from "../metrics/parameter_errors.ts";
import { tvUpperBound } from "../metrics/tv_bound.ts";
import { BIAS_MODES, type BiasMode, randomTruth } from "./truth.ts";
import { rethrowStop } from "../stop/stop_check.ts";

/** The axis an experiment sweeps. */
export type SweepAxis = "n" | "d" | "kappa";

/** The swept axes, for validation and listings. */
export const SWEEP_AXES: readonly SweepAxis[] = ["n", "d", "kappa"];

/** An experiment: one swept axis, fixed other settings, methods to compare. */
export interface ExperimentSpec {
  readonly sweep: SweepAxis;
  /** The swept axis' values, one point each. */
  readonly values: number[];
  /**
   * Settings of the axes that are not swept (the swept one is replaced by each
   * value). `k` defaults to `d`; when the sweep is over d, k = d (as in the
   * paper's middle panel) and `k` is ignored.
   */
  readonly base: {
    readonly d: number;
    readonly k?: number;
    readonly n: number;
    readonly kappa: number;
    readonly bias: BiasMode;
  };
  /** Random truths (and data sets) per value. */
  readonly runs: number;
  /** Registered method names; each fits every data set. */
  readonly methods: string[];
  readonly seed: number;
}

/**
 * Mean, sample standard deviation (divisor count − 1) and count of a metric.
 * With count 0 mean and std are NaN (null in JSON); with count 1 std is 0.
 */
export interface Summary {
  readonly mean: number;
  readonly std: number;
  readonly count: number;
}

/** One method at one swept value, over all runs. */
export interface ExperimentPoint {
  readonly value: number;
  readonly method: string;
  /** ‖Σ̂ − W Wᵀ‖_F / ‖W‖_F². */
  readonly errSigma: Summary;
  /** ‖b̂ − b‖₂ / ‖W‖_F. */
  readonly errB: Summary;
  /** TV upper bound, clipped at 1, over the runs where it is defined. */
  readonly tv: Summary;
  /** Runs whose TV bound is undefined because a covariance is not PD. */
  readonly notPd: number;
  /** Wall time of each fit in milliseconds (including the PSD check). */
  readonly fitMs: Summary;
  /** Runs whose fit threw. */
  readonly failed: number;
  /** Distinct messages of the fits that threw (at most 5). */
  readonly errors: string[];
}

/** The spec (normalised) and one point per (value, method), values outer. */
export interface ExperimentResult {
  readonly spec: ExperimentSpec;
  readonly points: ExperimentPoint[];
}

/** Reported after every fit. */
export interface ExperimentProgress {
  /** Fits finished so far, including this one. */
  readonly done: number;
  /** Fits in the whole experiment: values × runs × methods. */
  readonly total: number;
  readonly value: number;
  readonly method: string;
  /** Run index, from 0. */
  readonly run: number;
}

/** Ways to change how an experiment runs (mostly for tests). */
export interface RunExperimentOptions {
  /**
   * Fits one data set; receives the method name and seed.
   * @default {fitSamples}
   */
  readonly fit?: (x: Matrix, request: FitRequest) => FitResult;
}

/** Limits checked by `validateExperimentSpec`. */
export const EXPERIMENT_LIMITS = {
  maxValues: 100,
  maxRuns: 1000,
  maxMethods: 10,
  maxD: 1000,
  maxKappa: 1e12,
  /** Largest n · d of one data set (the sampler's limit). */
  maxEntries: MAX_SAMPLE_ENTRIES,
} as const;

const MAX_ERRORS = 5;

/**
 * Checks an experiment spec (e.g. a parsed JSON body) and returns it
 * normalised: `k` filled in, the swept field of `base` set to the first value
 * when absent, `seed` 0 when absent.
 *
 * @param raw the candidate spec.
 * @param knownMethods names `methods` must come from; `null` skips the check.
 *   Defaults to the registered methods.
 * @throws {RangeError} naming the first bad field and the value found, e.g.
 *   "Cannot run experiment: runs must be an integer in [1, 1000], got 0".
 */
export function validateExperimentSpec(
  raw: unknown,
  knownMethods: readonly string[] | null = methodNames(),
): ExperimentSpec {
  const top = asObject(raw, "the spec");
  rejectUnknownKeys(
    top,
    ["sweep", "values", "base", "runs", "methods", "seed"],
    "",
  );
  const sweep = top.sweep;
  if (typeof sweep !== "string" || !SWEEP_AXES.includes(sweep as SweepAxis)) {
    fail(`sweep must be one of ${SWEEP_AXES.join(", ")}, got ${show(sweep)}`);
  }
  const axis = sweep as SweepAxis;
  if (!Array.isArray(top.values) || top.values.length === 0) {
    fail(`values must be a non-empty array, got ${show(top.values)}`);
  }
  const rawValues = top.values as unknown[];
  if (rawValues.length > EXPERIMENT_LIMITS.maxValues) {
    fail(
      `values may hold at most ${EXPERIMENT_LIMITS.maxValues} entries, got ${rawValues.length}`,
    );
  }
  const values = rawValues.map((v, i) => checkAxis(axis, v, `values[${i}]`));

  const base = asObject(top.base, "base");
  rejectUnknownKeys(base, ["d", "k", "n", "kappa", "bias"], "base.");
  const pick = (name: SweepAxis): number =>
    name === axis && base[name] === undefined
      ? values[0]!
      : checkAxis(name, base[name], `base.${name}`);
  const d = pick("d"), n = pick("n"), kappa = pick("kappa");
  const k = base.k === undefined || axis === "d"
    ? d
    : checkInteger(base.k, "base.k", 1, EXPERIMENT_LIMITS.maxD);
  const bias = base.bias;
  if (typeof bias !== "string" || !BIAS_MODES.includes(bias as BiasMode)) {
    fail(
      `base.bias must be one of ${BIAS_MODES.join(", ")}, got ${show(bias)}`,
    );
  }

  const maxN = axis === "n" ? Math.max(...values) : n;
  const maxD = axis === "d" ? Math.max(...values) : d;
  if (maxN * maxD > EXPERIMENT_LIMITS.maxEntries) {
    fail(
      `n * d must be at most ${EXPERIMENT_LIMITS.maxEntries} (2^28) for every point, got ${maxN} * ${maxD} = ${
        maxN * maxD
      }`,
    );
  }

  const runs = checkInteger(top.runs, "runs", 1, EXPERIMENT_LIMITS.maxRuns);
  const methods = checkMethods(top.methods, knownMethods);
  const seed = top.seed === undefined
    ? 0
    : checkInteger(top.seed, "seed", 0, MAX_SEED);
  return {
    sweep: axis,
    values,
    base: { d, k, n, kappa, bias: bias as BiasMode },
    runs,
    methods,
    seed,
  };
}

/**
 * Runs an experiment one fit at a time: yields progress after every fit (so
 * a server can yield to its event loop between steps) and returns the
 * result. Validates `spec` first (method names against the registry unless a
 * custom `fit` is given).
 *
 * Costs, per point and run, one truth draw, one sample of n × d (O(n d k)),
 * and one fit per method.
 *
 * @throws {RangeError} for an invalid spec (before any work).
 */
export function* runExperimentSteps(
  spec: ExperimentSpec,
  options: RunExperimentOptions = {},
): Generator<ExperimentProgress, ExperimentResult> {
  const checked = validateExperimentSpec(
    spec,
    options.fit ? null : methodNames(),
  );
  const fit = options.fit ?? fitSamples;
  const { sweep, values, base, runs, methods } = checked;
  const total = values.length * runs * methods.length;
  const points: ExperimentPoint[] = [];
  let done = 0;
  for (let vi = 0; vi < values.length; vi++) {
    const value = values[vi]!;
    const d = sweep === "d" ? value : base.d;
    const k = sweep === "d" ? value : base.k ?? base.d;
    const n = sweep === "n" ? value : base.n;
    const kappa = sweep === "kappa" ? value : base.kappa;
    const acc = methods.map(() => new Accumulator());
    const valueSeed = deriveSeed(checked.seed, vi);
    for (let run = 0; run < runs; run++) {
      const runSeed = deriveSeed(valueSeed, run);
      const truth = randomTruth(
        { d, k, kappa, bias: base.bias },
        createPrng(deriveSeed(runSeed, 0)),
      );
      const x = sampleRectifiedGaussian(
        truth.w,
        truth.b,
        n,
        createPrng(deriveSeed(runSeed, 1)),
      );
      const fitSeed = deriveSeed(runSeed, 2);
      for (let mi = 0; mi < methods.length; mi++) {
        const method = methods[mi]!;
        acc[mi]!.add(() => {
          const start = performance.now();
          const result = fit(x, { method, seed: fitSeed });
          const ms = performance.now() - start;
          const errors = parameterErrors(truth, result);
          const tv = tvUpperBound(truth, result);
          return {
            ...errors,
            tv: tv.defined ? tv.bound : undefined,
            ms,
          };
        });
        done++;
        yield { done, total, value, method, run };
      }
    }
    methods.forEach((method, mi) => points.push(acc[mi]!.point(value, method)));
  }
  return { spec: checked, points };
}

/**
 * Runs an experiment to the end, calling `onProgress` after every fit.
 * See `runExperimentSteps`.
 */
export function runExperiment(
  spec: ExperimentSpec,
  onProgress?: (progress: ExperimentProgress) => void,
  options: RunExperimentOptions = {},
): ExperimentResult {
  const steps = runExperimentSteps(spec, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    onProgress?.(next.value);
  }
}

/** Mean and sample standard deviation of `xs`. */
export function summarize(xs: readonly number[]): Summary {
  const count = xs.length;
  if (count === 0) return { mean: NaN, std: NaN, count };
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= count;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { mean, std: count > 1 ? Math.sqrt(ss / (count - 1)) : 0, count };
}

interface FitOutcome {
  readonly errSigma: number;
  readonly errB: number;
  readonly tv: number | undefined;
  readonly ms: number;
}

/** Collects the outcomes of one method at one value. */
class Accumulator {
  readonly errSigma: number[] = [];
  readonly errB: number[] = [];
  readonly tv: number[] = [];
  readonly ms: number[] = [];
  notPd = 0;
  failed = 0;
  readonly errors: string[] = [];

  add(run: () => FitOutcome): void {
    let outcome: FitOutcome;
    try {
      outcome = run();
    } catch (e) {
      rethrowStop(e);
      this.failed++;
      const message = e instanceof Error ? e.message : String(e);
      if (this.errors.length < MAX_ERRORS && !this.errors.includes(message)) {
        this.errors.push(message);
      }
      return;
    }
    this.errSigma.push(outcome.errSigma);
    this.errB.push(outcome.errB);
    this.ms.push(outcome.ms);
    if (outcome.tv === undefined) this.notPd++;
    else this.tv.push(outcome.tv);
  }

  point(value: number, method: string): ExperimentPoint {
    return {
      value,
      method,
      errSigma: summarize(this.errSigma),
      errB: summarize(this.errB),
      tv: summarize(this.tv),
      notPd: this.notPd,
      fitMs: summarize(this.ms),
      failed: this.failed,
      errors: this.errors,
    };
  }
}

function fail(message: string): never {
  throw new RangeError(`Cannot run experiment: ${message}`);
}

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return "an array";
  if (v === null) return "null";
  return typeof v === "object" ? "an object" : String(v);
}

function asObject(v: unknown, name: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    fail(`${name} must be an object, got ${show(v)}`);
  }
  return v as Record<string, unknown>;
}

function rejectUnknownKeys(
  o: Record<string, unknown>,
  allowed: readonly string[],
  prefix: string,
): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      fail(
        `unknown field ${prefix}${key}; valid fields are ${
          allowed.map((a) => prefix + a).join(", ")
        }`,
      );
    }
  }
}

function checkInteger(
  v: unknown,
  name: string,
  min: number,
  max: number,
): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    fail(`${name} must be an integer in [${min}, ${max}], got ${show(v)}`);
  }
  return v;
}

function checkAxis(axis: SweepAxis, v: unknown, name: string): number {
  switch (axis) {
    case "n":
      return checkInteger(v, name, 2, EXPERIMENT_LIMITS.maxEntries);
    case "d":
      return checkInteger(v, name, 1, EXPERIMENT_LIMITS.maxD);
    case "kappa":
      if (
        typeof v !== "number" || !(v >= 1) || !(v <= EXPERIMENT_LIMITS.maxKappa)
      ) {
        fail(
          `${name} (kappa) must be a number in [1, ${EXPERIMENT_LIMITS.maxKappa}], got ${
            show(v)
          }`,
        );
      }
      return v;
  }
}

function checkMethods(
  v: unknown,
  known: readonly string[] | null,
): string[] {
  if (!Array.isArray(v) || v.length === 0) {
    fail(`methods must be a non-empty array of method names, got ${show(v)}`);
  }
  if (v.length > EXPERIMENT_LIMITS.maxMethods) {
    fail(
      `methods may hold at most ${EXPERIMENT_LIMITS.maxMethods} names, got ${v.length}`,
    );
  }
  const out: string[] = [];
  v.forEach((m, i) => {
    if (typeof m !== "string" || m === "") {
      fail(`methods[${i}] must be a method name, got ${show(m)}`);
    }
    if (known && !known.includes(m)) {
      fail(
        `methods[${i}] is unknown: ${show(m)}; valid methods are ${
          known.join(", ")
        }`,
      );
    }
    if (out.includes(m)) fail(`methods[${i}] repeats ${show(m)}`);
    out.push(m);
  });
  return out;
}
