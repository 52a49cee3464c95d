/**
 * Shapes of the HTTP API's answers, as the dashboard reads them.
 *
 * @module
 */
import type { BiasMode } from "../../../core/experiments/truth.ts";
import type { Summary, SweepAxis } from "../../../core/experiments/run.ts";

/** A tunable of a method, as `GET /api/methods` lists it. */
export interface MethodOption {
  readonly name: string;
  readonly kind: "integer" | "number" | "boolean";
  readonly default: number | boolean;
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
}

/** A registered estimation method. */
export interface MethodInfo {
  readonly name: string;
  readonly description: string;
  readonly assumptions: string;
  readonly cost: string;
  readonly options: readonly MethodOption[];
}

/** `GET /api/methods`. */
export interface MethodsResponse {
  readonly methods: readonly MethodInfo[];
  readonly default: string;
}

/** Positive-definiteness report on Sigma_hat. */
export interface CovarianceReport {
  readonly positiveDefinite: boolean;
  readonly minEigenvalue: number;
  readonly repaired: boolean;
  readonly nearestPsd?: number[][];
  readonly factor?: number[][];
}

/** `POST /api/fit`. */
export interface FitResponse {
  readonly id?: string;
  readonly method: string;
  readonly n: number;
  readonly d: number;
  readonly b: number[];
  readonly sigma: number[][];
  readonly cached?: boolean;
  readonly elapsedMs?: number;
  /** Time of the estimator alone (the rest of `elapsedMs` is parsing and storage). */
  readonly fitMs?: number;
  readonly seed?: number;
  /** Every option of the method, defaults filled in. */
  readonly options?: Readonly<Record<string, number | boolean>>;
  readonly diagnostics?: Record<string, unknown>;
  readonly warnings?: string[];
  readonly coordinates?: Record<string, unknown>[];
  readonly covariance?: CovarianceReport;
  /** The method's own standard errors, or the bootstrap's when it has none. */
  readonly standardErrors?: StandardErrors;
  /** Bootstrap standard errors beside a method's analytic ones. */
  readonly bootstrapStandardErrors?: StandardErrors;
  readonly ownerToken?: string;
  /** The truth sent with the fit, when the samples came from a known truth. */
  readonly truth?: FitTruth;
  /** Errors against `truth`; null when the fit describes other parameters. */
  readonly metrics?: FitMetrics | null;
  /** Present when `sigma` and `b` describe a hidden layer h of x = A h. */
  readonly hidden?: HiddenLayer;
}

/** The hidden layer of a two-layer fit. */
export interface HiddenLayer {
  /** The data's dimension (`d` of the fit is m, that of h). */
  readonly inputDim: number;
  /** Column of x behind each coordinate of h, 0-based. */
  readonly anchors: number[];
  /** A, inputDim x m, with A[anchors[j]][j] = 1. */
  readonly a: number[][];
  readonly scaleConvention: string;
  /** The method that fitted h. */
  readonly inner: string;
}

/** A known truth, as sent with a fit and stored with it. */
export interface FitTruth {
  readonly sigma: number[][];
  readonly b: number[];
  readonly W?: number[][];
}

/** The API's errors of a fit against its truth. */
export interface FitMetrics {
  readonly errSigma: number;
  readonly errB: number;
  readonly tv:
    | { readonly defined: true; readonly bound: number }
    | { readonly defined: false; readonly reason: string };
}

/** Standard errors of b and of each entry of Sigma. */
export interface StandardErrors {
  readonly b: number[];
  readonly sigma: number[][];
}

/** How the truth's bias is drawn. */
export type { BiasMode };

/** Which parameter a sweep varies. */
export type SweepParameter = SweepAxis;

/** The ground truth and sample size of a synthetic experiment. */
export interface ExperimentBase {
  readonly d: number;
  readonly k: number;
  readonly n: number;
  readonly kappa: number;
  readonly bias: BiasMode;
}

/** `POST /api/runs` body, sweep form (the list-of-n form is a sweep over n). */
export interface RunSpec {
  readonly sweep: SweepParameter;
  readonly values: number[];
  readonly base: ExperimentBase;
  readonly runs: number;
  readonly methods: string[];
  readonly seed: number;
}

/** Mean, standard deviation and count of a metric over the runs of a point. */
export type { Summary };

/** One (parameter value, method) cell of an experiment. */
export interface RunPoint {
  readonly value: number;
  readonly method: string;
  readonly errSigma: Summary;
  readonly errB: Summary;
  readonly tv?: Summary | null;
  readonly notPd?: number;
  readonly fitMs?: Summary | number;
  /** Fits that threw, and their messages. */
  readonly failed?: number;
  readonly errors?: string[];
}

/** Lifecycle of a background run. */
export type RunStatus = "queued" | "running" | "done" | "failed";

/** What a run is: a single fit or a background experiment. */
export type RunKind = "fit" | "experiment";

/** `GET /api/runs/:id` (the list leaves out `result`). */
export interface RunRecord {
  readonly id: string;
  readonly kind?: RunKind;
  readonly status: RunStatus;
  readonly progress?: { readonly done: number; readonly total: number } | null;
  /** What was asked: the experiment spec, or a fit's method, seed, options, n and d. */
  readonly input?: Record<string, unknown>;
  readonly spec?: Record<string, unknown>;
  /** An experiment's points, or a fit's result (`FitResponse` fields). */
  readonly result?: {
    readonly spec?: Record<string, unknown>;
    readonly points: RunPoint[];
    readonly warnings?: string[];
  };
  readonly error?:
    | { readonly code?: string; readonly message: string }
    | string;
  readonly createdAt?: string | number;
  readonly updatedAt?: string | number;
  readonly startedAt?: string | number;
  readonly finishedAt?: string | number;
  readonly elapsedMs?: number;
}

/** `POST /api/runs`. */
export interface RunCreated {
  readonly id: string;
  readonly status: RunStatus;
  readonly ownerToken?: string;
}

/** `GET /api/runs`. */
export interface RunPage {
  readonly runs: RunRecord[];
  readonly cursor?: string | null;
}
