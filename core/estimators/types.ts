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

/** A tunable of an estimator, with its default and valid range (inclusive). */
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

/** An estimate of Sigma = W Wᵀ and b from samples of D(W, b). */
export interface FitResult {
  readonly method: string;
  /** Number of samples used. */
  readonly n: number;
  /** Dimension of each sample. */
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
   * Spectrum check of `sigma`, attached by `fitSamples`: Sigma_hat need not be
   * positive semidefinite. `factor` (W_hat, d x d) satisfies
   * W_hat W_hatᵀ = the nearest PSD matrix in Frobenius norm (negative
   * eigenvalues clipped at 0); `nearestPsd` is present only when that
   * differs from `sigma` (`repaired`).
   */
  readonly covariance?: {
    readonly positiveDefinite: boolean;
    readonly minEigenvalue: number;
    readonly repaired: boolean;
    readonly nearestPsd?: Matrix;
    readonly factor: Matrix;
  };
  /**
   * Standard errors of b and of each entry of Sigma: the method's own
   * (analytic) ones, or bootstrap ones when the method gives none and a
   * bootstrap was asked for; `diagnostics.standardErrorsFrom` says which.
   */
  readonly standardErrors?: {
    readonly b: Float64Array;
    readonly sigma: Matrix;
  };
  /**
   * Bootstrap standard errors, beside analytic `standardErrors`, when a
   * bootstrap was asked for and the method has its own.
   */
  readonly bootstrapStandardErrors?: {
    readonly b: Float64Array;
    readonly sigma: Matrix;
  };
}

/** What a fit is given besides the data. */
export interface FitContext {
  /** Seed for any randomness the method uses. */
  readonly seed: number;
  readonly options: ResolvedOptions;
}

/** An estimation method, registered by name. */
export interface Estimator {
  /** Name used by `--method`, the API and the dashboard. */
  readonly name: string;
  /** One sentence: what the method does. */
  readonly description: string;
  /** What the method assumes of the data (e.g. b ≥ 0). */
  readonly assumptions: string;
  /** Time and memory, in n and d. */
  readonly cost: string;
  readonly options: readonly OptionSpec[];
  /**
   * Fits an (n, d) sample matrix (one sample per row, entries ≥ 0, finite).
   * Throws `RangeError` for data it cannot use.
   */
  fit(x: Matrix, context: FitContext): FitResult;
}
