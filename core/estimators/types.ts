/**
 * The contract every estimator meets, so that the CLI, the HTTP API and the
 * dashboard can list, validate and run methods by name.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import type { ModelCheck } from "../check/model_check.ts";
import type { RankAnalysis } from "../rank/rank_analysis.ts";
import type { RankKFit } from "../rank/rank_k_fit.ts";
import type { StatsRecipe } from "../stats/sample_stats.ts";

/** How an option's value is validated. */
export type OptionKind = "integer" | "number" | "boolean";

/**
 * A tunable of an estimator as it is listed (`GET /api/methods`, the CLI's
 * help, the OpenAPI document, the dashboard's form): its default and valid
 * range (inclusive). Estimators declare options with `defineOptions`.
 */
export interface OptionSpec {
  readonly name: string;
  readonly kind: OptionKind;
  readonly default: number | boolean;
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
}

/** Option values after validation: every declared option is present. */
export type ResolvedOptions = Readonly<Record<string, number | boolean>>;

/** What one coordinate of the data told the estimator. */
export interface CoordinateDiagnostics {
  /** Samples with x_i > 0. */
  readonly positives: number;
  /** Samples with x_i = 0. */
  readonly zeros: number;
  /** Projected SGD steps run for this coordinate (paper method). */
  readonly sgdSteps?: number;
  /** Whether the bias estimate was clamped at 0 (paper method). */
  readonly clamped?: boolean;
  /** The coordinate is constant (e.g. a zero row of W): its variance is 0. */
  readonly degenerate?: boolean;
}

/**
 * The hidden layer a two-layer fit describes: x = A h, and the estimate's
 * `sigma` and `b` are those of h (m coordinates), not of x. h is identifiable
 * only up to permutation and positive scale of its coordinates: they come in
 * the order their anchors were picked (`anchors`), not in the order of any
 * true h, so match them to a known truth by their anchor columns.
 */
export interface HiddenLayer {
  /** Dimension of the data x (the estimate's `d` is m, that of h). */
  readonly inputDim: number;
  /** Column of x that anchors each hidden coordinate (0-based), in pick order. */
  readonly anchors: readonly number[];
  /** Mixing matrix A (inputDim x m), A ≥ 0, with A[anchors[j]][j] = 1. */
  readonly a: Matrix;
  /** How the unidentifiable scale of h is fixed. */
  readonly scaleConvention: string;
  /** The one-layer method that estimated h. */
  readonly inner: string;
}

/** Standard errors of b and of each entry of Sigma. */
export interface StandardErrors {
  readonly b: Float64Array;
  readonly sigma: Matrix;
}

/** What an estimator returns: an estimate of Sigma = W Wᵀ and b. */
export interface EstimatorResult {
  readonly method: string;
  /** Number of samples used. */
  readonly n: number;
  /** Length of `b` and size of `sigma` (m for a hidden layer, see `hidden`). */
  readonly d: number;
  /** Estimate of b (length d). */
  readonly b: Float64Array;
  /** Estimate of W Wᵀ (d x d, symmetric). Only W Wᵀ is identifiable, not W. */
  readonly sigma: Matrix;
  /** One entry per coordinate. */
  readonly coordinates: readonly CoordinateDiagnostics[];
  /** Method-specific numbers (solver iterations, counts); JSON-safe values only. */
  readonly diagnostics: Readonly<Record<string, unknown>>;
  /** Soft problems a user should know about, as sentences. */
  readonly warnings: readonly string[];
  /**
   * The method's own (analytic) standard errors, when it has them; after a
   * bootstrap, `FitResult.standardErrors` may come from the bootstrap instead
   * (`diagnostics.standardErrorsFrom` says which).
   */
  readonly standardErrors?: StandardErrors;
  /** Present when `sigma` and `b` describe a hidden layer h of x = A h. */
  readonly hidden?: HiddenLayer;
}

/**
 * A model check of a fit (`modelCheck` without its refits), as `fitSamples`
 * reports it.
 */
export interface FitCheck extends Omit<ModelCheck, "refits"> {
  /**
   * Rows in the data; more than `n` when a seeded subsample of `n` rows was
   * checked against its own fit (see `MAX_CHECK_ROWS`).
   */
  readonly dataRows: number;
}

/** A rank-k version of a fit (`rankKFit` without b, which is the fit's). */
export type FitRankK = Omit<RankKFit, "b">;

/** An estimate with what it was fitted with, as `fitSamples` returns it. */
export interface FitResult extends EstimatorResult {
  /**
   * The name of each coordinate, in the order of `b` and `sigma`: the data's
   * column names (`x1 … xd` unless the caller named them). For a
   * hidden-layer fit, hidden coordinate j takes the name of the data column
   * it is anchored on (`hidden.anchors[j]`), since h_j is that column.
   */
  readonly columns: readonly string[];
  /** The seed the fit used. */
  readonly seed: number;
  /** Every option of the method, defaults filled in. */
  readonly options: ResolvedOptions;
  /**
   * Spectrum check of `sigma`: Sigma_hat need not be positive semidefinite.
   * `factor` (W_hat, d x d) satisfies W_hat W_hatᵀ = the nearest PSD matrix
   * in Frobenius norm (negative eigenvalues clipped at 0); `nearestPsd` is
   * present only when that differs from `sigma` (`repaired`).
   */
  readonly covariance?: {
    readonly positiveDefinite: boolean;
    readonly minEigenvalue: number;
    readonly repaired: boolean;
    readonly nearestPsd?: Matrix;
    readonly factor: Matrix;
  };
  /**
   * Bootstrap standard errors, beside analytic `standardErrors`, when a
   * bootstrap was asked for and the method has its own.
   */
  readonly bootstrapStandardErrors?: StandardErrors;
  /** The model check, when the request asked for one. */
  readonly check?: FitCheck;
  /**
   * The spectrum of Sigma_hat and the rank it supports, with the check's
   * refits as replicates; present with `check`.
   */
  readonly rank?: RankAnalysis;
  /** The rank-k version of the fit, when the request asked for one. */
  readonly rankK?: FitRankK;
}

/** The size of the data a cost is asked for. */
export interface DataShape {
  /** Samples (rows). */
  readonly n: number;
  /** Coordinates (columns). */
  readonly d: number;
}

/**
 * One part of what a request costs: an amount (operations of work, or bytes
 * of memory), what it is, and what a caller can lower to shrink it.
 */
export interface CostTerm {
  /** What the part is, e.g. "pair pass: n · d²/2 pairs". */
  readonly label: string;
  /**
   * Work in elementary operations (about a nanosecond each on a current
   * server core), or memory in bytes.
   */
  readonly amount: number;
  /** What to lower to shrink it, e.g. "n or d", "the bins option". */
  readonly reduce: string;
}

/**
 * What one fit of an estimator costs for a data shape and options, without
 * reading the data, so a server can refuse a request before any work.
 * Estimates, not bounds: right to within a small factor on the data the
 * model describes.
 */
export interface EstimatorCost {
  /** The parts of the work; the total is their sum. */
  readonly work: readonly CostTerm[];
  /** Bytes held at once besides the samples and the answer, by part. */
  readonly memory: readonly CostTerm[];
}

/** What a fit is given besides the data. */
export interface FitContext<O extends ResolvedOptions = ResolvedOptions> {
  /** Seed for any randomness the method uses. */
  readonly seed: number;
  /** Every option of the method, validated against its declaration. */
  readonly options: O;
}

/**
 * An estimation method, registered by name. Built with `defineEstimator`,
 * whose option declarations type `O`.
 */
export interface Estimator<O extends ResolvedOptions = ResolvedOptions> {
  /** Name used by `--method`, the API and the dashboard. */
  readonly name: string;
  /** One sentence: what the method does. */
  readonly description: string;
  /** What the method assumes of the data (e.g. b ≥ 0). */
  readonly assumptions: string;
  /** Time and memory, in n and d. */
  readonly cost: string;
  /**
   * The same as numbers: work and memory of one fit of `shape` with
   * `options` (resolved, every option present).
   */
  costOf(shape: DataShape, options: O): EstimatorCost;
  /** The method's options, in declaration order. */
  readonly options: readonly OptionSpec[];
  /**
   * What bootstrap standard errors of this method do not say (e.g. that the
   * estimator is biased), added to the warnings of fits with a bootstrap.
   */
  readonly bootstrapCaveat?: string;
  /**
   * Fits an (n, d) sample matrix (one sample per row, entries ≥ 0, finite)
   * with options as `prepareFit` resolves them. Throws `RangeError` for data
   * it cannot use. The estimate must scale with the data, as the model does:
   * c·x gives c·b and c²·Sigma (their standard errors alike), the same
   * diagnostics and warnings; `fitSamples` relies on it to fit data of any
   * magnitude divided by a power of two, its largest entry in [1, 2).
   */
  fit(x: Matrix, context: FitContext<O>): EstimatorResult;
  /**
   * How the method fits from sums over rows collected block by block (see
   * `core/stats`), when it can; `fit` then runs this recipe on one block.
   * Absent for methods that need the rows themselves.
   */
  readonly statistics?: StatsRecipe<O>;
}
