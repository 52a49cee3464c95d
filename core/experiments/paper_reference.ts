/**
 * Reference values for the paper's Figure 1 settings (Wu, Dimakis, Sanghavi
 * 2019): d = k = 5, bias relu (b = max(0, N(0, 1))), measured by running the
 * authors' reference implementation, 10 runs per point. Used to check that
 * this project's `paper` method reproduces the paper (`deno task parity`) and
 * drawn beside the dashboard's Figure 1 charts.
 *
 * This module is browser compatible.
 * @module
 */
import type { BiasMode } from "./truth.ts";

/** Settings shared by every reference point. */
export const PAPER_REFERENCE_SETTINGS: {
  readonly d: number;
  readonly k: number;
  readonly bias: BiasMode;
  /** Runs (random truths) behind each mean ± std. */
  readonly runs: number;
} = { d: 5, k: 5, bias: "relu", runs: 10 };

/** One point the reference implementation measured (mean ± std over runs). */
export interface ReferenceValue {
  /** Samples per run. */
  readonly n: number;
  /** Condition number of W Wᵀ. */
  readonly kappa: number;
  /** ‖Σ̂ − W Wᵀ‖_F / ‖W‖_F² as [mean, std]. */
  readonly errSigma: readonly [number, number];
  /** ‖b̂ − b‖₂ / ‖W‖_F as [mean, std]. */
  readonly errB: readonly [number, number];
  /** Mean TV upper bound over the runs where it is defined, when measured. */
  readonly tv?: number;
  /** Runs whose Σ̂ was not positive definite (no TV bound), when measured. */
  readonly notPd?: number;
}

/** The reference points: n = 20k…500k at κ = 1, and κ = 25 at n = 500k. */
export const PAPER_REFERENCE: readonly ReferenceValue[] = [
  {
    n: 20_000,
    kappa: 1,
    errSigma: [0.168, 0.043],
    errB: [0.102, 0.023],
    tv: 0.45,
    notPd: 2,
  },
  {
    n: 50_000,
    kappa: 1,
    errSigma: [0.102, 0.031],
    errB: [0.058, 0.014],
    tv: 0.23,
    notPd: 0,
  },
  {
    n: 110_000,
    kappa: 1,
    errSigma: [0.059, 0.027],
    errB: [0.033, 0.014],
    tv: 0.12,
    notPd: 0,
  },
  {
    n: 200_000,
    kappa: 1,
    errSigma: [0.042, 0.026],
    errB: [0.023, 0.013],
    tv: 0.084,
    notPd: 0,
  },
  {
    n: 500_000,
    kappa: 1,
    errSigma: [0.020, 0.010],
    errB: [0.011, 0.005],
    tv: 0.039,
    notPd: 0,
  },
  { n: 500_000, kappa: 25, errSigma: [0.014, 0.008], errB: [0.0083, 0.0040] },
];
