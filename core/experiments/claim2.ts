/**
 * Claim 2 of the paper as an experiment: for the one-dimensional rectified
 * Gaussian D(1, b) with b < 0, how many samples does each method need before
 * its bias estimate is within `target` of b in most runs? The claim is a lower
 * bound of order exp(b²/2), since almost every sample is 0 when b ≪ 0.
 *
 * For each bias, n starts at `startN` and doubles up to `maxN`. At each n,
 * every method that has not yet succeeded fits the same `runs` data sets; it
 * succeeds at n when |b̂ − b| ≤ target in at least `successRate · runs` of
 * them. n_needed is therefore known to within a factor of 2.
 *
 * Seeding: bias i and run r draw from `createPrng(deriveSeed(deriveSeed(seed,
 * i), r))`, and the data set of size n is the first n draws, so a larger n
 * extends the smaller one (a sequential design). Fits use seed
 * `deriveSeed(deriveSeed(seed, i), runs + r)`.
 *
 * This module is browser compatible.
 * @module
 */
import { type FitRequest, fitSamples } from "../estimators/fit.ts";
import type { FitResult } from "../estimators/types.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { getEstimator } from "../estimators/registry.ts";
import { fillStandardNormal } from "../random/normal.ts";
import { createPrng, deriveSeed } from "../random/prng.ts";
import { MAX_SAMPLE_ENTRIES } from "../sampling/rectified_gaussian.ts";
import { rethrowStop } from "../stop/stop_check.ts";

/** The biases of the default experiment: 0 down to −3 in steps of 0.5. */
export const CLAIM2_BIASES: readonly number[] = [
  0,
  -0.5,
  -1,
  -1.5,
  -2,
  -2.5,
  -3,
];

/** What to measure. */
export interface Claim2Spec {
  /** True biases b of D(1, b). */
  readonly biases: readonly number[];
  /** Registered method names. */
  readonly methods: readonly string[];
  /** Data sets per (bias, n). @default 10 */
  readonly runs?: number;
  /** Largest accepted |b̂ − b|. @default 0.1 */
  readonly target?: number;
  /** Share of runs that must be within `target`. @default 0.8 */
  readonly successRate?: number;
  /** @default 0 */
  readonly seed?: number;
  /** First n tried. @default 1000 */
  readonly startN?: number;
  /** Largest n tried (the cap). @default 2 ** 22 */
  readonly maxN?: number;
}

/** One method at one bias. */
export interface Claim2Row {
  readonly bias: number;
  readonly method: string;
  /** Smallest n on the doubling grid that met the target; null if none did. */
  readonly nNeeded: number | null;
  /** Largest n tried for this method (nNeeded, or the last n under the cap). */
  readonly lastN: number;
  /** Runs within target at `lastN`. */
  readonly successes: number;
  /** Median |b̂ − b| at `lastN` over the runs whose fit did not throw. */
  readonly medianAbsError: number | null;
  /** Fits at `lastN` that threw (e.g. too few positive samples). */
  readonly failed: number;
}

/** Least-squares line ln(n_needed) = intercept + slope · b²/2, per method. */
export interface Claim2Trend {
  readonly method: string;
  /** Slope; Claim 2 predicts at least about 1 for large |b|. Null below 2 points. */
  readonly slope: number | null;
  readonly intercept: number | null;
  /** Biases that reached the target and entered the fit. */
  readonly points: number;
}

/** The normalised spec, one row per (bias, method), biases outer, and trends. */
export interface Claim2Result {
  readonly spec: Required<Claim2Spec>;
  readonly rows: Claim2Row[];
  readonly trends: Claim2Trend[];
}

/** Reported after every sample size tried. */
export interface Claim2Progress {
  readonly bias: number;
  readonly n: number;
  /** Methods still short of the target at this bias, after this n. */
  readonly pending: string[];
}

/** Ways to change how the experiment runs (mostly for tests). */
export interface Claim2Options {
  /**
   * Fits one data set; receives the method name and seed. When given, method
   * names are not looked up in the registry.
   * @default {fitSamples}
   */
  readonly fit?: (x: Matrix, request: FitRequest) => FitResult;
}

/**
 * Checks a spec and fills its defaults; `checkMethods` false skips the
 * registry lookup of the method names.
 *
 * @throws {RangeError} naming the first bad field, e.g. "Cannot run the
 *   Claim 2 experiment: runs must be an integer in [1, 1000], got 0", or an
 *   unknown method.
 */
export function normalizeClaim2Spec(
  spec: Claim2Spec,
  checkMethods = true,
): Required<Claim2Spec> {
  const bad = (what: string, got: unknown): never => {
    throw new RangeError(
      `Cannot run the Claim 2 experiment: ${what}, got ${String(got)}`,
    );
  };
  const out = {
    biases: [...spec.biases],
    methods: [...spec.methods],
    runs: spec.runs ?? 10,
    target: spec.target ?? 0.1,
    successRate: spec.successRate ?? 0.8,
    seed: spec.seed ?? 0,
    startN: spec.startN ?? 1000,
    maxN: spec.maxN ?? 2 ** 22,
  };
  if (out.biases.length === 0) bad("biases must not be empty", "[]");
  for (const b of out.biases) {
    if (!Number.isFinite(b) || Math.abs(b) > 10) {
      bad("each bias must be a finite number in [-10, 10]", b);
    }
  }
  if (out.methods.length === 0) bad("methods must not be empty", "[]");
  if (checkMethods) { for (const m of out.methods) getEstimator(m); }
  if (!Number.isInteger(out.runs) || out.runs < 1 || out.runs > 1000) {
    bad("runs must be an integer in [1, 1000]", out.runs);
  }
  if (!(out.target > 0) || !Number.isFinite(out.target)) {
    bad("target must be a positive number", out.target);
  }
  if (!(out.successRate > 0 && out.successRate <= 1)) {
    bad("successRate must be in (0, 1]", out.successRate);
  }
  if (!Number.isSafeInteger(out.seed) || out.seed < 0) {
    bad("seed must be a non-negative integer", out.seed);
  }
  if (!Number.isInteger(out.startN) || out.startN < 2) {
    bad("startN must be an integer ≥ 2", out.startN);
  }
  if (
    !Number.isInteger(out.maxN) || out.maxN < out.startN ||
    out.maxN > MAX_SAMPLE_ENTRIES
  ) {
    bad(
      `maxN must be an integer in [startN, ${MAX_SAMPLE_ENTRIES}]`,
      out.maxN,
    );
  }
  return out;
}

/**
 * Runs the Claim 2 experiment step by step, yielding after each n.
 * Cost per bias: about 2 · (last n) · runs normal draws per run and one fit
 * per pending method and run at each n; memory one buffer of the largest n.
 *
 * @throws {RangeError} for an invalid spec (before any work).
 */
export function* claim2Steps(
  spec: Claim2Spec,
  options: Claim2Options = {},
): Generator<Claim2Progress, Claim2Result> {
  const s = normalizeClaim2Spec(spec, options.fit === undefined);
  const fit = options.fit ?? fitSamples;
  const need = Math.ceil(s.successRate * s.runs - 1e-9);
  const rows: Claim2Row[] = [];
  let buffer = new Float64Array(0);
  for (let bi = 0; bi < s.biases.length; bi++) {
    const bias = s.biases[bi]!;
    const biasSeed = deriveSeed(s.seed, bi);
    const state = s.methods.map(() => ({
      done: false,
      nNeeded: null as number | null,
      lastN: 0,
      successes: 0,
      failed: 0,
      errors: [] as number[],
    }));
    for (let n = s.startN; n <= s.maxN; n *= 2) {
      if (buffer.length < n) {
        buffer = new Float64Array(Math.min(s.maxN, 2 * n));
      }
      const x = buffer.subarray(0, n);
      const tally = s.methods.map(() => ({
        ok: 0,
        failed: 0,
        errs: [] as number[],
      }));
      for (let r = 0; r < s.runs; r++) {
        // Same seed for every n: the data of size n is a prefix of size 2n.
        fillStandardNormal(createPrng(deriveSeed(biasSeed, r)), x);
        for (let i = 0; i < n; i++) {
          const v = x[i]! + bias;
          x[i] = v > 0 ? v : 0;
        }
        const data = { rows: n, cols: 1, data: x };
        for (let mi = 0; mi < s.methods.length; mi++) {
          if (state[mi]!.done) continue;
          const t = tally[mi]!;
          try {
            const result = fit(data, {
              method: s.methods[mi]!,
              seed: deriveSeed(biasSeed, s.runs + r),
            });
            const err = Math.abs(result.b[0]! - bias);
            if (Number.isFinite(err)) {
              t.errs.push(err);
              if (err <= s.target) t.ok++;
            } else t.failed++;
          } catch (e) {
            rethrowStop(e);
            t.failed++;
          }
        }
      }
      for (let mi = 0; mi < s.methods.length; mi++) {
        const st = state[mi]!;
        if (st.done) continue;
        const t = tally[mi]!;
        st.lastN = n;
        st.successes = t.ok;
        st.failed = t.failed;
        st.errors = t.errs;
        if (t.ok >= need) {
          st.done = true;
          st.nNeeded = n;
        }
      }
      const pending = s.methods.filter((_, mi) => !state[mi]!.done);
      yield { bias, n, pending };
      if (pending.length === 0 || n * 2 > s.maxN) break;
    }
    s.methods.forEach((method, mi) => {
      const st = state[mi]!;
      rows.push({
        bias,
        method,
        nNeeded: st.nNeeded,
        lastN: st.lastN,
        successes: st.successes,
        medianAbsError: median(st.errors),
        failed: st.failed,
      });
    });
  }
  const trends = s.methods.map((method) =>
    trendOf(method, rows.filter((r) => r.method === method))
  );
  return { spec: s, rows, trends };
}

/**
 * Runs the Claim 2 experiment to the end, calling `onProgress` after each n.
 * See `claim2Steps`.
 *
 * @example A tiny run
 * ```ts
 * import assert from "node:assert/strict";
 * import { claim2Experiment } from "./claim2.ts";
 * const result = claim2Experiment({
 *   biases: [0, -1], methods: ["paper", "censored"], runs: 2, maxN: 4000,
 * });
 * const needed = (method: string, bias: number) =>
 *   result.rows.find((r) => r.method === method && r.bias === bias)!.nNeeded;
 * assert.equal(needed("paper", -1), null); // clamps b at 0: never reaches it
 * assert.ok(needed("censored", -1)! <= 4000);
 * ```
 */
export function claim2Experiment(
  spec: Claim2Spec,
  onProgress?: (progress: Claim2Progress) => void,
  options: Claim2Options = {},
): Claim2Result {
  const steps = claim2Steps(spec, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    onProgress?.(next.value);
  }
}

function trendOf(method: string, rows: readonly Claim2Row[]): Claim2Trend {
  const pts = rows.filter((r) => r.nNeeded !== null).map((r) => ({
    x: r.bias * r.bias / 2,
    y: Math.log(r.nNeeded!),
  }));
  const k = pts.length;
  let mx = 0, my = 0;
  for (const p of pts) {
    mx += p.x / k;
    my += p.y / k;
  }
  let sxx = 0, sxy = 0;
  for (const p of pts) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  if (k < 2 || !(sxx > 0)) {
    return { method, slope: null, intercept: null, points: k };
  }
  const slope = sxy / sxx;
  return { method, slope, intercept: my - slope * mx, points: k };
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}
