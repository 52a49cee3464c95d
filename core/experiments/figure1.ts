/**
 * The three sweeps of the paper's Figure 1 (Section 6) as experiment specs.
 *
 * This module is browser compatible.
 * @module
 */
import { deriveSeed } from "../random/prng.ts";
import type { ExperimentSpec, SweepAxis } from "./run.ts";

/** Figure 1's panels: left, middle and right. */
export type Figure1Panel = "samples" | "dimension" | "condition";

/** The panels in the paper's order. */
export const FIGURE1_PANELS: readonly Figure1Panel[] = [
  "samples",
  "dimension",
  "condition",
];

/** Which axis each panel sweeps. */
export const FIGURE1_AXIS: Readonly<Record<Figure1Panel, SweepAxis>> = {
  samples: "n",
  dimension: "d",
  condition: "kappa",
};

/** How to build the Figure 1 specs. */
export interface Figure1Options {
  /** Runs (random truths) per point. @default {10} */
  readonly runs?: number;
  /**
   * Quick setting: n divided by 10, d ≤ 13, kappa ≤ 13.
   * @default {false}
   */
  readonly small?: boolean;
  /**
   * Multiplies every n (after `small`), rounded, at least 100; for smoke
   * tests.
   * @default {1}
   */
  readonly nScale?: number;
  /** @default {["paper"]} */
  readonly methods?: readonly string[];
  /** Panel p uses seed deriveSeed(seed, p). @default {0} */
  readonly seed?: number;
}

/** From `from` to `to` inclusive in steps of `step`. */
function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/**
 * The paper's Figure 1 settings, bias relu (b* = max(0, N(0, 1))):
 * - samples: d = k = 5, kappa 1, n = 20,000 to 200,000 in steps of 30,000;
 * - dimension: n = 500,000, kappa 1, d = k = 5 to 25 in steps of 4;
 * - condition: n = 500,000, d = k = 5, kappa = 1 to 25 in steps of 4.
 *
 * With `small`: n = 2,000 to 20,000 (steps of 3,000) and n = 50,000,
 * d ∈ {5, 9, 13}, kappa ∈ {1, 5, 9, 13}.
 *
 * Specs are not validated here; `runExperimentSteps` validates them.
 *
 * @example The left panel's values
 * ```ts
 * import assert from "node:assert/strict";
 * import { figure1Specs } from "./figure1.ts";
 * assert.deepEqual(
 *   figure1Specs().samples.values,
 *   [20000, 50000, 80000, 110000, 140000, 170000, 200000],
 * );
 * ```
 */
export function figure1Specs(
  options: Figure1Options = {},
): Record<Figure1Panel, ExperimentSpec> {
  const small = options.small ?? false;
  const runs = options.runs ?? 10;
  const seed = options.seed ?? 0;
  const methods = [...(options.methods ?? ["paper"])];
  const nScale = options.nScale ?? 1;
  const scaleN = (n: number) => Math.max(100, Math.round(n * nScale));
  const bigN = scaleN(small ? 50_000 : 500_000);
  const sampleNs = (small ? range(2_000, 20_000, 3_000) : range(
    20_000,
    200_000,
    30_000,
  )).map(scaleN);
  const top = small ? 13 : 25;
  const base = { d: 5, k: 5, n: bigN, kappa: 1, bias: "relu" as const };
  return {
    samples: {
      sweep: "n",
      values: sampleNs,
      base,
      runs,
      methods,
      seed: deriveSeed(seed, 0),
    },
    dimension: {
      sweep: "d",
      values: range(5, top, 4),
      base,
      runs,
      methods,
      seed: deriveSeed(seed, 1),
    },
    condition: {
      sweep: "kappa",
      values: range(1, top, 4),
      base,
      runs,
      methods,
      seed: deriveSeed(seed, 2),
    },
  };
}
