/**
 * Budgets for requests and the refusal of one over budget: an HTTP status,
 * a stable code and a message that names the limit, what the request would
 * need, and what to reduce. Pure, so a server, the CLI or the dashboard can
 * ask before any work.
 *
 * This module is browser compatible.
 * @module
 */
import type { DataShape } from "../estimators/types.ts";
import type { ExperimentCost } from "./experiment_cost.ts";
import type { RequestCost } from "./request_cost.ts";

/** Limits on one fit. */
export interface FitBudget {
  /** Largest n · d. */
  readonly maxEntries: number;
  /** Largest d. */
  readonly maxD: number;
  /** Most work, in operations (about a nanosecond each). */
  readonly maxWork: number;
  /** Most memory held at once, in bytes. */
  readonly maxMemoryBytes: number;
  /** Largest answer, in bytes (e.g. what the store keeps). */
  readonly maxAnswerBytes: number;
}

/** Limits on one sampling request. */
export interface SampleBudget {
  /** Largest d (rows of W). */
  readonly maxD: number;
  /** Largest k (columns of W). */
  readonly maxK: number;
  /** Largest n · d answered. */
  readonly maxEntries: number;
  /** Most work, in operations. */
  readonly maxWork: number;
}

/** Limits on one experiment. */
export interface ExperimentBudget {
  /** Each of its fits, as a fit request (its answer is not kept). */
  readonly fit: Omit<FitBudget, "maxAnswerBytes">;
  /** Each of its data sets, as a sampling request. */
  readonly sample: Omit<SampleBudget, "maxEntries">;
  /** Most fits: values × runs × methods. */
  readonly maxFits: number;
  /** Most work of all data sets and fits together, in operations. */
  readonly maxTotalWork: number;
}

/** Why a request is refused: status 413 (too big) or 422 (out of range). */
export interface CostRefusal {
  readonly status: 413 | 422;
  /** A stable machine code, e.g. "too_costly". */
  readonly code: string;
  /** "Cannot …: what is over which limit; what to reduce". */
  readonly message: string;
}

/** A count of operations as "2.4e10". */
export function formatWork(operations: number): string {
  return operations.toExponential(1).replace("e+", "e");
}

/** A byte count as "8 MiB", "394 MiB", "1.2 GiB". */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value >= 10 || unit === 0
    ? Math.round(value)
    : Math.round(value * 10) / 10;
  return `${shown} ${units[unit]}`;
}

/** A refusal of the work: names the largest part and what shrinks it. */
function workRefusal(
  action: string,
  cost: RequestCost,
  maxWork: number,
): CostRefusal {
  const top = cost.work[0]!;
  const code = top.label.startsWith("bootstrap")
    ? "bootstrap_too_costly"
    : top.label.startsWith("model check")
    ? "check_too_costly"
    : "too_costly";
  return {
    status: 413,
    code,
    message: `${action}: it needs about ${
      formatWork(cost.totalWork)
    } operations, more than the limit of ${
      formatWork(maxWork)
    }; the largest part is ${top.label}, about ${
      formatWork(top.amount)
    }: reduce ${top.reduce}`,
  };
}

/** A refusal of the memory: names the largest part and what shrinks it. */
function memoryRefusal(
  action: string,
  cost: RequestCost,
  maxBytes: number,
): CostRefusal {
  const top = cost.memory[0]!;
  return {
    status: 413,
    code: "too_much_memory",
    message: `${action}: it needs about ${
      formatBytes(cost.totalMemory)
    } of memory, more than the limit of ${
      formatBytes(maxBytes)
    }; the largest part is ${top.label}, about ${
      formatBytes(top.amount)
    }: reduce ${top.reduce}`,
  };
}

/**
 * Whether a fit of `shape` costing `cost` stays within `budget`, checked in
 * the order d, n · d, the answer, memory, work.
 *
 * @param shape n and d of the samples.
 * @param cost from `fitCost`.
 * @param budget the limits.
 * @param action how messages begin. @default {"Cannot fit"}
 * @returns null within budget, else the refusal: 422 `dimension_too_large`,
 *   413 `too_many_entries`, `answer_too_large`, `too_much_memory`,
 *   `too_costly`, or `bootstrap_too_costly` (`check_too_costly`) when the
 *   bootstrap (the model check) is the largest part of the work.
 *
 * @example
 * ```ts
 * import { fitRefusal } from "./budget.ts";
 * import { fitCost } from "./fit_cost.ts";
 * import { prepareFit } from "../estimators/prepare.ts";
 * const budget = {
 *   maxEntries: 4e6, maxD: 1000, maxWork: 1e10,
 *   maxMemoryBytes: 2 ** 30, maxAnswerBytes: 2 ** 23,
 * };
 * const shape = { n: 2, d: 3000 };
 * const cost = fitCost(shape, prepareFit({ method: "censored" }));
 * console.log(fitRefusal(shape, cost, budget)?.code); // dimension_too_large
 * ```
 */
export function fitRefusal(
  shape: DataShape,
  cost: RequestCost,
  budget: Omit<FitBudget, "maxAnswerBytes"> & { maxAnswerBytes?: number },
  action = "Cannot fit",
): CostRefusal | null {
  const { n, d } = shape;
  if (d > budget.maxD) {
    return {
      status: 422,
      code: "dimension_too_large",
      message:
        `${action}: d = ${d} exceeds the limit of ${budget.maxD} coordinates; send fewer columns`,
    };
  }
  if (n * d > budget.maxEntries) {
    return {
      status: 413,
      code: "too_many_entries",
      message: `${action}: n * d = ${n} * ${d} = ${
        n * d
      } exceeds the limit of ${budget.maxEntries} entries; send fewer samples`,
    };
  }
  if (
    budget.maxAnswerBytes !== undefined &&
    cost.answerBytes > budget.maxAnswerBytes
  ) {
    return {
      status: 413,
      code: "answer_too_large",
      message: `${action}: the answer for d = ${d} would hold about ${
        formatBytes(cost.answerBytes)
      } (several d x d matrices), more than the limit of ${
        formatBytes(budget.maxAnswerBytes)
      }; send fewer columns`,
    };
  }
  if (cost.totalMemory > budget.maxMemoryBytes) {
    return memoryRefusal(action, cost, budget.maxMemoryBytes);
  }
  if (cost.totalWork > budget.maxWork) {
    return workRefusal(action, cost, budget.maxWork);
  }
  return null;
}

/**
 * Whether drawing n samples with a (d, k) matrix W, costing `cost`, stays
 * within `budget`, checked in the order d, k, n · d, work.
 *
 * @returns null within budget, else the refusal: 422 `dimension_too_large`
 *   (d or k), 413 `too_many_entries` or `too_costly`.
 */
export function sampleRefusal(
  shape: { readonly n: number; readonly d: number; readonly k: number },
  cost: RequestCost,
  budget: Omit<SampleBudget, "maxEntries"> & { maxEntries?: number },
  action = "Cannot sample",
): CostRefusal | null {
  const { n, d, k } = shape;
  if (d > budget.maxD) {
    return {
      status: 422,
      code: "dimension_too_large",
      message:
        `${action}: d = ${d} exceeds the limit of ${budget.maxD}; use a W with fewer rows`,
    };
  }
  if (k > budget.maxK) {
    return {
      status: 422,
      code: "dimension_too_large",
      message:
        `${action}: k = ${k} (the columns of W) exceeds the limit of ${budget.maxK}; use a W with fewer columns`,
    };
  }
  if (budget.maxEntries !== undefined && n * d > budget.maxEntries) {
    return {
      status: 413,
      code: "too_many_entries",
      message: `${action}: n * d = ${n} * ${d} = ${
        n * d
      } exceeds the limit of ${budget.maxEntries} entries; ask for fewer samples`,
    };
  }
  if (cost.totalWork > budget.maxWork) {
    return workRefusal(action, cost, budget.maxWork);
  }
  return null;
}

/**
 * Whether an experiment stays within `budget`: its number of fits, each
 * data set as a sampling request, each fit as a fit request, then the total.
 *
 * @param cost from `experimentCost`.
 * @returns null within budget, else the refusal: 422 `run_too_large` for
 *   too many fits or too much work in all, or the refusal of its first data
 *   set or fit over the per-request limits (naming the value and method).
 */
export function experimentRefusal(
  cost: ExperimentCost,
  budget: ExperimentBudget,
): CostRefusal | null {
  const action = "Cannot start the run";
  if (cost.fits > budget.maxFits) {
    return {
      status: 422,
      code: "run_too_large",
      message:
        `${action}: it needs ${cost.fits} fits (values x runs x methods), more than the limit of ${budget.maxFits}`,
    };
  }
  for (const p of cost.points) {
    for (const f of p.fits) {
      const refusal = fitRefusal(
        p,
        f.cost,
        budget.fit,
        `${action}: its ${f.method} fit of n = ${p.n}, d = ${p.d}`,
      );
      if (refusal !== null) return refusal;
    }
    const where =
      `${action}: its data sets of n = ${p.n}, d = ${p.d}, k = ${p.k}`;
    const sample = sampleRefusal(p, p.sample, budget.sample, where);
    if (sample !== null) return sample;
  }
  if (cost.totalWork > budget.maxTotalWork) {
    return {
      status: 422,
      code: "run_too_large",
      message: `${action}: it needs about ${
        formatWork(cost.totalWork)
      } operations in all (every data set and fit), more than the limit of ${
        formatWork(budget.maxTotalWork)
      }; use fewer values, runs or methods, or smaller n or d`,
    };
  }
  return null;
}
