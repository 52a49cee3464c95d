/**
 * The paper's Figure 1 (Wu, Dimakis, Sanghavi 2019): three sweeps, with the
 * values the authors' reference code gives at the default settings.
 *
 * @module
 */
import type { ExperimentBase, RunSpec, SweepParameter } from "../api/types.ts";

// The reference values live in core (the parity check uses them too).
export {
  PAPER_REFERENCE,
  type ReferenceValue,
} from "../../../core/experiments/paper_reference.ts";

/** One panel of the figure. */
export interface Figure1Panel {
  readonly id: "left" | "middle" | "right";
  readonly title: string;
  readonly sweep: SweepParameter;
}

/** The three panels, in the paper's order. */
export const FIGURE1_PANELS: readonly Figure1Panel[] = [
  { id: "left", title: "Error vs n (d = k = 5, κ = 1)", sweep: "n" },
  { id: "middle", title: "Error vs d (d = k)", sweep: "d" },
  { id: "right", title: "Error vs κ (d = k = 5)", sweep: "kappa" },
];

const range = (from: number, to: number, step: number) =>
  Array.from(
    { length: Math.floor((to - from) / step) + 1 },
    (_, i) => from + i * step,
  );

/**
 * Settings per panel. "default" is smaller than the paper (fewer points, fewer
 * runs and n = 100,000 in the middle and right panels) so it runs in a minute;
 * "full" is the paper's: n = 20k…200k step 30k; d = 5…25 step 4 and
 * κ = 1…25 step 4 at n = 500k; 10 runs per point.
 */
export function figure1Spec(
  panel: Figure1Panel["id"],
  scale: "default" | "full",
  methods: readonly string[],
  seed: number,
): RunSpec {
  const full = scale === "full";
  const base: ExperimentBase = {
    d: 5,
    k: 5,
    n: full ? 500_000 : 100_000,
    kappa: 1,
    bias: "relu",
  };
  const common = { methods: [...methods], seed, runs: full ? 10 : 5 };
  if (panel === "left") {
    return {
      ...common,
      runs: 10,
      sweep: "n",
      values: full
        ? range(20_000, 200_000, 30_000)
        : [20_000, 50_000, 110_000, 200_000],
      base,
    };
  }
  if (panel === "middle") {
    return {
      ...common,
      sweep: "d",
      values: full ? range(5, 25, 4) : [5, 9, 13],
      base,
    };
  }
  return {
    ...common,
    sweep: "kappa",
    values: full ? range(1, 25, 4) : [1, 9, 17, 25],
    base,
  };
}
