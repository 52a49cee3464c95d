/**
 * The contract every estimator meets, so that the CLI, the HTTP API and the
 * dashboard can list, validate and run methods by name.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";

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
 * `sigma` and `b` are those of h (m coordinates), not of x.
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

/** An estimate with what it was fitted with, as `fitSamples` returns it. */
export interface FitResult extends EstimatorResult {
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
   * Fits an (n, d) sample matrix (one sample per row, entries ≥ 0, finite)
   * with options as `prepareFit` resolves them. Throws `RangeError` for data
   * it cannot use.
   */
  fit(x: Matrix, context: FitContext<O>): EstimatorResult;
}
