/**
 * What a fit request costs before any of it runs: reading the samples, the
 * estimator's own work (declared in its file, see `Estimator.costOf`), the
 * bootstrap refits, a model check, the eigendecomposition every answer
 * carries, metrics against a truth, and the answer itself.
 *
 * The parts grow as the methods do: the pairwise methods with n · d² and
 * d² · bins (histogram memory d² · bins counts), the eigendecomposition
 * with d³, the answer with d² (several d x d matrices as JSON). Work is in
 * operations of about a nanosecond on a current server core; the constants
 * below come from `bench/cost_calibration.ts`, which prints measured time
 * against this model.
 *
 * This module is browser compatible.
 * @module
 */
import type { SampleFormat } from "../formats/detect.ts";
import type { PreparedFit } from "../estimators/prepare.ts";
import type { CostTerm, DataShape } from "../estimators/types.ts";
import { type RequestCost, requestCost } from "./request_cost.ts";

/** Operations per sample entry to read it, by format (text parsing dominates). */
export const PARSE_WORK_PER_ENTRY: Readonly<Record<SampleFormat, number>> = {
  csv: 300,
  json: 180,
  npy: 30,
};

/** Operations per d³ of a symmetric eigendecomposition (about 9 d³ flops). */
export const EIGEN_WORK_PER_D3 = 12;

/** Operations per d² around it (the factor, the nearest PSD matrix, checks). */
export const EIGEN_WORK_PER_D2 = 2000;

/**
 * Bytes of a fit's answer per entry of its d x d matrices (Sigma_hat, the
 * factor, standard errors, the nearest PSD matrix: a few of them, each
 * number about 20 characters of JSON), measured at 63–71.
 */
export const ANSWER_BYTES_PER_D2 = 80;

/** Operations per byte of answer to build and write it. */
export const ANSWER_WORK_PER_BYTE = 15;

/** Bytes of a fit's answer: its d x d matrices, per-coordinate parts, the rest. */
export function fitAnswerBytes(d: number): number {
  return ANSWER_BYTES_PER_D2 * d * d + 600 * d + 4096;
}

/** A model check to price with the fit (see `core/check/model_check.ts`). */
export interface CheckCostOptions {
  /** Bootstrap data sets drawn from the fit. */
  readonly replicates: number;
  /** Whether each data set is refitted with the fit's method. */
  readonly refit: boolean;
  /** Pairs compared at most. @default {435} */
  readonly maxPairs?: number;
  /**
   * Rows checked: fewer than n when a subsample is checked, which then gets
   * its own fit. @default {n}
   */
  readonly rows?: number;
}

/** Parts of a fit request besides the estimator and its options. */
export interface FitCostOptions {
  /** How the samples arrive: reading them is work. Omitted: already read. */
  readonly format?: SampleFormat;
  /** Metrics against a known truth are computed (two d x d eigensystems). */
  readonly truth?: boolean;
  /** A model check runs after the fit. */
  readonly check?: CheckCostOptions;
  /** The answer is written as JSON. @default {true} */
  readonly answer?: boolean;
}

/** What `fitCost` prices: the method, its resolved options, the bootstrap. */
export type PricedFit = Pick<
  PreparedFit,
  "estimator" | "options" | "bootstrap"
>;

/**
 * The cost of fitting n samples of d coordinates as `fit` asks.
 *
 * @param shape n and d of the samples.
 * @param fit the prepared request (method, options, bootstrap replicates).
 * @param options the other parts of the request.
 * @returns work and memory by part, largest first, and the answer's size.
 *
 * @example A pairwise fit grows with d² and with bins
 * ```ts
 * import { fitCost } from "./fit_cost.ts";
 * import { prepareFit } from "../estimators/prepare.ts";
 * const few = fitCost({ n: 2, d: 700 }, prepareFit({ options: { bins: 64 } }));
 * const many = fitCost({ n: 2, d: 700 }, prepareFit({ options: { bins: 4096 } }));
 * console.log(many.totalMemory > 4e9, few.totalMemory < 3e8); // true true
 * ```
 */
export function fitCost(
  shape: DataShape,
  fit: PricedFit,
  options: FitCostOptions = {},
): RequestCost {
  const { n, d } = shape;
  const own = fit.estimator.costOf(shape, fit.options);
  let ownWork = 0;
  for (const t of own.work) ownWork += t.amount;
  const work: CostTerm[] = [...own.work];
  const memory: CostTerm[] = [
    {
      label: "the samples (n · d doubles)",
      amount: 8 * n * d,
      reduce: "n or d",
    },
    ...own.memory,
  ];
  if (options.format !== undefined) {
    work.push({
      label: `reading the samples (${options.format}, n · d values)`,
      amount: PARSE_WORK_PER_ENTRY[options.format] * n * d,
      reduce: "n or d",
    });
  }
  if (fit.bootstrap > 0) {
    work.push({
      label: `bootstrap (${fit.bootstrap} refits of ${fit.estimator.name})`,
      amount: fit.bootstrap * (ownWork + 8 * n * d),
      reduce: "the bootstrap replicates",
    });
    memory.push({
      label: "a resampled copy of the samples",
      amount: 8 * n * d,
      reduce: "n or d",
    });
  }
  const check = options.check;
  if (check !== undefined && check.replicates > 0) {
    const pairs = Math.min(check.maxPairs ?? 435, d * (d - 1) / 2);
    const m = Math.min(n, check.rows ?? n);
    let refitWork = ownWork;
    if (m < n) {
      refitWork = 0;
      for (const t of fit.estimator.costOf({ n: m, d }, fit.options).work) {
        refitWork += t.amount;
      }
    }
    const perReplicate = 1.5 * m * d * d + 15 * m * d + 20 * m * (d + pairs) +
      (check.refit ? refitWork : 0);
    work.push({
      label: `model check (${check.replicates} simulated data sets${
        check.refit ? ", each refitted" : ""
      })`,
      amount: check.replicates * perReplicate + (m < n ? refitWork : 0),
      reduce: "the check replicates",
    });
    memory.push({
      label: "a simulated data set",
      amount: 8 * m * d,
      reduce: "n or d",
    });
  }
  const eigen = EIGEN_WORK_PER_D3 * d * d * d + EIGEN_WORK_PER_D2 * d * d;
  work.push({
    label: "eigendecomposition of Sigma_hat (d³)",
    amount: eigen * (options.truth ? 3 : 1),
    reduce: "d",
  });
  memory.push({
    label: "the eigensystem and factor (d x d)",
    amount: 8 * 4 * d * d,
    reduce: "d",
  });
  const writes = options.answer ?? true;
  const answerBytes = writes ? fitAnswerBytes(d) : 0;
  if (writes) {
    work.push({
      label: "the answer (d x d matrices as JSON)",
      amount: ANSWER_WORK_PER_BYTE * answerBytes,
      reduce: "d",
    });
    memory.push({
      label: "the answer (d x d matrices as JSON, twice)",
      amount: 2 * answerBytes,
      reduce: "d",
    });
  }
  return requestCost(work, memory, answerBytes);
}
