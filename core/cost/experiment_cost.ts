/**
 * What an experiment costs before it starts: for every swept value, one
 * data set per run (a truth and n samples of it) and one fit per method,
 * each priced as a fit request is (`fitCost`, with metrics against the
 * truth and no JSON answer); the total is the sum over values and runs.
 *
 * This module is browser compatible.
 * @module
 */
import type { ExperimentSpec } from "../experiments/run.ts";
import {
  DEFAULT_REGISTRY,
  type EstimatorRegistry,
} from "../estimators/registry.ts";
import { resolveOptions } from "../estimators/options.ts";
import { fitCost } from "./fit_cost.ts";
import type { RequestCost } from "./request_cost.ts";
import { sampleCost } from "./sample_cost.ts";

/** One fit of an experiment's data set. */
export interface ExperimentFitCost {
  readonly method: string;
  readonly cost: RequestCost;
}

/** The data sets of one swept value (all runs alike) and their fits. */
export interface ExperimentPointCost {
  /** The swept value. */
  readonly value: number;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** Drawing one data set. */
  readonly sample: RequestCost;
  /** Each method's fit of one data set. */
  readonly fits: readonly ExperimentFitCost[];
}

/** An experiment's cost, point by point, and in all. */
export interface ExperimentCost {
  readonly points: readonly ExperimentPointCost[];
  /** Fits in all: values × runs × methods. */
  readonly fits: number;
  /** Work of every data set and fit, in operations. */
  readonly totalWork: number;
}

/**
 * The cost of running `spec` (already validated, e.g. by
 * `validateExperimentSpec`). Methods are fitted with their default options.
 *
 * @param spec the experiment.
 * @param registry where the methods are looked up. @default {DEFAULT_REGISTRY}
 * @returns each point's data set and fits, and the total work.
 *
 * @example
 * ```ts
 * import { experimentCost } from "./experiment_cost.ts";
 * const cost = experimentCost({
 *   sweep: "n", values: [1000, 2000], runs: 3, methods: ["censored"], seed: 0,
 *   base: { d: 5, k: 5, n: 1000, kappa: 1, bias: "relu" },
 * });
 * console.log(cost.fits, cost.points.length); // 6 2
 * ```
 */
export function experimentCost(
  spec: ExperimentSpec,
  registry: EstimatorRegistry = DEFAULT_REGISTRY,
): ExperimentCost {
  const { sweep, values, base, runs, methods } = spec;
  const estimators = methods.map((m) => registry.get(m));
  let perRun = 0;
  const points = values.map((value): ExperimentPointCost => {
    const d = sweep === "d" ? value : base.d;
    const k = sweep === "d" ? value : base.k ?? base.d;
    const n = sweep === "n" ? value : base.n;
    const sample = sampleCost({ n, d, k });
    const fits = estimators.map((estimator) => ({
      method: estimator.name,
      cost: fitCost({ n, d }, {
        estimator,
        options: resolveOptions(estimator),
        bootstrap: 0,
      }, { truth: true, answer: false }),
    }));
    perRun += sample.totalWork;
    for (const f of fits) perRun += f.cost.totalWork;
    return { value, n, d, k, sample, fits };
  });
  return {
    points,
    fits: values.length * runs * methods.length,
    totalWork: runs * perRun,
  };
}
