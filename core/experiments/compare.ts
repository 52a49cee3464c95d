/**
 * The method comparison: every method on the same seeded data sets for a
 * fixed list of settings (the paper's base case, more samples, higher
 * dimension, negative and zero bias, ill conditioning, low rank).
 *
 * Each setting is one experiment of `run.ts` with a single point (sweep over
 * n with one value), so seeding, metrics and summaries are those of
 * `runExperiment`; setting i uses seed `deriveSeed(seed, i)`.
 *
 * This module is browser compatible.
 * @module
 */
import { deriveSeed } from "../random/prng.ts";
import type {
  ExperimentPoint,
  ExperimentResult,
  ExperimentSpec,
} from "./run.ts";
import type { BiasMode } from "./truth.ts";

/** One setting of the comparison. */
export interface CompareSetting {
  /** Short stable name, e.g. "d5-relu-n200k". */
  readonly id: string;
  readonly d: number;
  readonly k: number;
  readonly kappa: number;
  readonly bias: BiasMode;
  readonly n: number;
}

/** The full comparison; `small` divides n by 10 and caps d at 10. */
export function compareSettings(
  options: { readonly small?: boolean } = {},
): CompareSetting[] {
  const base: Omit<CompareSetting, "id">[] = [
    { d: 5, k: 5, kappa: 1, bias: "relu", n: 20_000 },
    { d: 5, k: 5, kappa: 1, bias: "relu", n: 200_000 },
    { d: 25, k: 25, kappa: 1, bias: "relu", n: 200_000 },
    { d: 5, k: 5, kappa: 1, bias: "negative", n: 200_000 },
    { d: 5, k: 5, kappa: 25, bias: "relu", n: 200_000 },
    { d: 5, k: 5, kappa: 1, bias: "zero", n: 200_000 },
    { d: 8, k: 3, kappa: 1, bias: "relu", n: 200_000 },
  ];
  return base.map((s) => {
    const t = options.small
      ? { ...s, n: s.n / 10, d: Math.min(s.d, 10), k: Math.min(s.k, 10) }
      : s;
    return { id: settingId(t), ...t };
  });
}

function settingId(s: Omit<CompareSetting, "id">): string {
  const n = s.n % 1000 === 0 ? `${s.n / 1000}k` : String(s.n);
  const k = s.k === s.d ? "" : `-k${s.k}`;
  const kappa = s.kappa === 1 ? "" : `-kappa${s.kappa}`;
  return `d${s.d}${k}${kappa}-${s.bias}-n${n}`;
}

/** What to compare. */
export interface CompareOptions {
  readonly runs: number;
  readonly methods: readonly string[];
  /** @default 0 */
  readonly seed?: number;
}

/** One experiment spec per setting, in order. */
export function compareSpecs(
  settings: readonly CompareSetting[],
  options: CompareOptions,
): ExperimentSpec[] {
  const seed = options.seed ?? 0;
  return settings.map((s, i) => ({
    sweep: "n",
    values: [s.n],
    base: { d: s.d, k: s.k, n: s.n, kappa: s.kappa, bias: s.bias },
    runs: options.runs,
    methods: [...options.methods],
    seed: deriveSeed(seed, i),
  }));
}

/** One method in one setting: its experiment point, keyed by the setting. */
export interface CompareRow extends Omit<ExperimentPoint, "value"> {
  readonly setting: CompareSetting;
}

/** Joins each setting with the points of its experiment result. */
export function compareRows(
  settings: readonly CompareSetting[],
  results: readonly ExperimentResult[],
): CompareRow[] {
  if (settings.length !== results.length) {
    throw new RangeError(
      `Cannot join the comparison: ${settings.length} settings but ${results.length} results`,
    );
  }
  return settings.flatMap((setting, i) =>
    results[i]!.points.map((p: ExperimentPoint) => ({
      setting,
      method: p.method,
      errSigma: p.errSigma,
      errB: p.errB,
      tv: p.tv,
      notPd: p.notPd,
      fitMs: p.fitMs,
      failed: p.failed,
      errors: p.errors,
    }))
  );
}
