/**
 * The frame every per-coordinate method shares (the paper's Algorithm 1 and
 * its relatives): check the shape, read the column statistics, fit each
 * coordinate's marginal N(b_i, Σ_ii) with the method's own solver, handle
 * degenerate coordinates and warn about them, assemble Sigma from the
 * marginal scales and per-pair correlations, and report the result.
 *
 * The paper's pair step (Algorithm 1, lines 6–10: angles from how often two
 * coordinates exceed their biases together) lives here too, as the methods
 * that use it share it.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { type ColumnStats, columnStats } from "../kernels/column_stats.ts";
import type { CorrelationSolution } from "../special/bivariate.ts";
import type { NormalPair } from "../special/rectified_moments.ts";
import type { CoordinateDiagnostics, EstimatorResult } from "./types.ts";
import { checkStop } from "../stop/stop_check.ts";

/** What one column contributes to a marginal fit. */
export interface ColumnSummary {
  readonly zeros: number;
  readonly positives: number;
  /** Mean of the positive entries (0 when there are none). */
  readonly mean: number;
  /** Sum of squared deviations of the positives from their mean. */
  readonly centeredSquares: number;
  /** Whether every positive entry has the same value. */
  readonly constantPositives: boolean;
}

/**
 * Reads column j of `stats` as a summary. The mean is the in-order sum of
 * the positives over their count, the same number a pass over them gives.
 */
export function columnSummary(stats: ColumnStats, j: number): ColumnSummary {
  const positives = stats.positives[j];
  const mean = positives > 0 ? stats.sum[j] / positives : 0;
  // Cancellation in S2 − S1²/N1 is ~ε (mean/sd)², harmless for rectified data.
  const centered = positives > 0
    ? Math.max(0, stats.sumSquares[j] - stats.sum[j] * mean)
    : 0;
  return {
    zeros: stats.zeros[j],
    positives,
    mean,
    centeredSquares: centered,
    constantPositives: positives > 0 && stats.minPositive[j] === stats.max[j],
  };
}

/** A fitted marginal N(mu, scale²) of y_i. */
export interface MarginalFit {
  /** The estimate of b_i. */
  readonly mu: number;
  /** The standard deviation √Σ_ii, > 0. */
  readonly scale: number;
  /** Solver steps (0 for closed forms). */
  readonly iterations: number;
  /** Whether the fit was restricted to mu ≥ 0 (methods that assume b ≥ 0). */
  readonly clamped?: boolean;
}

/**
 * A method's fit of one column with at least 2 distinct positive values;
 * called for such columns in increasing order of `j`, once each.
 */
export type FitOne = (column: ColumnSummary, j: number) => MarginalFit;

/** Marginal fits of every column plus what the user should hear about them. */
export interface Marginals {
  /** Estimated means b_i (length d). */
  readonly mu: Float64Array;
  /** Estimated standard deviations √Σ_ii; 0 for degenerate columns. */
  readonly scale: Float64Array;
  /** Whether column i was fitted (false: degenerate, Sigma row/column 0). */
  readonly fitted: Uint8Array;
  readonly coordinates: CoordinateDiagnostics[];
  readonly iterations: number[];
  readonly warnings: string[];
  /**
   * The warning among `warnings` about coordinates with few positive values,
   * if any: a result with standard errors points to them in it.
   */
  readonly fewPositives?: string;
}

/**
 * Fits every column of `stats` with `fitOne`, handling degenerate columns the
 * same way for every method: an all-zero column gets b = 0 (an upper bound:
 * any b ≤ 0 with a zero row of W fits it) and σ = 0; a constant positive
 * column gets b = that value and σ = 0; fewer than 2 distinct positive values
 * next to zeros cannot be fitted and also get b = 0, σ = 0.
 */
export function fitMarginals(stats: ColumnStats, fitOne: FitOne): Marginals {
  const d = stats.d;
  const mu = new Float64Array(d);
  const scale = new Float64Array(d);
  const fitted = new Uint8Array(d);
  const coordinates: CoordinateDiagnostics[] = [];
  const iterations: number[] = [];
  const allZero: number[] = [];
  const constant: number[] = [];
  const thin: number[] = [];
  const few: number[] = [];
  for (let j = 0; j < d; j++) {
    checkStop();
    const column = columnSummary(stats, j);
    const base = { positives: column.positives, zeros: column.zeros };
    const kind = column.positives === 0
      ? allZero
      : column.constantPositives && column.zeros === 0
      ? constant
      : column.positives < 2 || column.constantPositives
      ? thin
      : undefined;
    if (kind !== undefined) {
      kind.push(j);
      if (kind === constant) mu[j] = stats.max[j]; // exact, unlike sum / count
      coordinates.push({ ...base, degenerate: true });
      iterations.push(0);
      continue;
    }
    if (column.positives < FEW_POSITIVES) few.push(j);
    const fit = fitOne(column, j);
    mu[j] = fit.mu;
    scale[j] = fit.scale;
    fitted[j] = 1;
    iterations.push(fit.iterations);
    coordinates.push(
      fit.clamped === undefined ? base : { ...base, clamped: fit.clamped },
    );
  }
  const warnings: string[] = [];
  if (allZero.length > 0) {
    warnings.push(
      `${
        describeCoordinates(allZero)
      } only zeros: their variance and covariances are set to 0 and b to 0, an upper bound (any b ≤ 0 with a zero row of W fits such a coordinate)`,
    );
  }
  if (constant.length > 0) {
    warnings.push(
      `${
        describeCoordinates(constant)
      } one constant positive value (a zero row of W): their variance and covariances are set to 0 and b to that value`,
    );
  }
  if (thin.length > 0) {
    warnings.push(
      `${
        describeCoordinates(thin)
      } fewer than 2 distinct positive values next to zeros, too few to fit: their variance and covariances are set to 0 and b to 0`,
    );
  }
  const fewPositives = few.length === 0
    ? undefined
    : `${
      describeCoordinates(few)
    } fewer than ${FEW_POSITIVES} positive values: their b and variance are poorly determined (samples needed grow like exp(b²/2σ²) as b goes negative)`;
  if (fewPositives !== undefined) warnings.push(fewPositives);
  return {
    mu,
    scale,
    fitted,
    coordinates,
    iterations,
    warnings,
    ...(fewPositives === undefined ? {} : { fewPositives }),
  };
}

/**
 * Below this many positive values a coordinate's fit rests on a handful of
 * points: it is still the MLE, but the user is told it is uncertain.
 */
const FEW_POSITIVES = 30;

/** Coordinates listed by name in a warning before "and N more". */
const LISTED_COORDINATES = 10;

/** "Coordinate 3 had" / "Coordinates 0, 4 and 2 more had". */
export function describeCoordinates(indices: readonly number[]): string {
  const shown = indices.slice(0, LISTED_COORDINATES).map((i) => i + 1)
    .join(", ");
  const rest = indices.length - LISTED_COORDINATES;
  if (indices.length === 1) return `Coordinate ${shown} had`;
  return `Coordinates ${shown}${rest > 0 ? ` and ${rest} more` : ""} had`;
}

/** The fitted coordinates whose fit was restricted to b ≥ 0, in order. */
export function clampedCoordinates(marginals: Marginals): number[] {
  const clamped: number[] = [];
  marginals.coordinates.forEach((c, j) => {
    if (c.clamped) clamped.push(j);
  });
  return clamped;
}

/**
 * The marginals' warnings, plus "Coordinate(s) … had <what>" for the
 * coordinates in `clamped` (if any).
 */
export function clampWarnings(
  marginals: Marginals,
  clamped: readonly number[],
  what: string,
): string[] {
  const warnings = [...marginals.warnings];
  if (clamped.length > 0) {
    warnings.push(`${describeCoordinates(clamped)} ${what}`);
  }
  return warnings;
}

/** Throws unless `x` has at least 2 rows and 1 column. */
export function checkShape(method: string, n: number, d: number): void {
  if (n < 2 || d < 1) {
    throw new RangeError(
      `Cannot fit with method "${method}": need at least 2 samples of dimension at least 1, got n = ${n}, d = ${d}`,
    );
  }
}

/** What a per-coordinate method knows once its marginals are fitted. */
export interface MarginalSetup {
  readonly n: number;
  readonly d: number;
  readonly stats: ColumnStats;
  readonly marginals: Marginals;
}

/**
 * Checks `x`, reads its column statistics and fits every column with
 * `fitOne`. Cost: O(n d) plus the marginal solves.
 *
 * @throws {RangeError} for n < 2, d < 1, or a negative or non-finite entry.
 */
export function setUpMarginals(
  method: string,
  x: Matrix,
  fitOne: FitOne,
): MarginalSetup {
  checkShape(method, x.rows, x.cols);
  const stats = columnStats(x, { action: `fit with method "${method}"` });
  return marginalsFromStats(method, stats, fitOne);
}

/**
 * Checks the shape of the data `stats` describe and fits every column with
 * `fitOne`: `setUpMarginals` from column statistics already collected.
 *
 * @throws {RangeError} for n < 2 or d < 1.
 */
export function marginalsFromStats(
  method: string,
  stats: ColumnStats,
  fitOne: FitOne,
): MarginalSetup {
  const { n, d } = stats;
  checkShape(method, n, d);
  return { n, d, stats, marginals: fitMarginals(stats, fitOne) };
}

/** The fitted marginals of coordinates i and j as a normal pair. */
export function normalPair(
  marginals: Marginals,
  i: number,
  j: number,
): NormalPair {
  const { mu, scale } = marginals;
  return { mu1: mu[i], sigma1: scale[i], mu2: mu[j], sigma2: scale[j] };
}

/** Sigma assembled from marginal scales and per-pair correlations. */
export interface AssembledSigma {
  /** Sigma's entries, row-major d x d. */
  readonly sigma: Float64Array;
  /**
   * The correlation ρ_ij of each pair of fitted coordinates at [i d + j],
   * i < j (0 elsewhere).
   */
  readonly correlation: Float64Array;
  /** Pairs whose statistic lay outside the achievable range (ρ clamped to ±1). */
  readonly clampedPairs: number;
  /** Root-finding steps over all pairs. */
  readonly solverSteps: number;
}

/**
 * Σ_ii = σ_i², Σ_ij = ρ_ij σ_i σ_j for pairs of fitted coordinates (ρ from
 * `solvePair`, called for i < j in row order), 0 in the rows and columns of
 * degenerate ones.
 */
export function assembleSigma(
  marginals: Marginals,
  solvePair: (i: number, j: number) => CorrelationSolution,
): AssembledSigma {
  const { scale, fitted } = marginals;
  const d = scale.length;
  const sigma = new Float64Array(d * d);
  const correlation = new Float64Array(d * d);
  let clampedPairs = 0;
  let solverSteps = 0;
  for (let i = 0; i < d; i++) {
    if (!fitted[i]) continue;
    sigma[i * d + i] = scale[i] * scale[i];
    for (let j = i + 1; j < d; j++) {
      if (!fitted[j]) continue;
      checkStop();
      const solution = solvePair(i, j);
      if (solution.clamped !== 0) clampedPairs++;
      solverSteps += solution.iterations;
      correlation[i * d + j] = solution.rho;
      const s = solution.rho * scale[i] * scale[j];
      sigma[i * d + j] = s;
      sigma[j * d + i] = s;
    }
  }
  return { sigma, correlation, clampedPairs, solverSteps };
}

/**
 * The paper's estimate of the angle θ_ij between rows i and j of W from the
 * number of samples in which both coordinates exceed their biases,
 * θ̂_ij = π − 2π count / n (Wu, Dimakis and Sanghavi 2019, equation 14; by
 * Lemma 2 the share of such samples is (π − θ_ij) / (2π) when b ≥ 0).
 */
export function exceedanceAngle(count: number, n: number): number {
  return Math.PI - (2 * Math.PI * count) / n;
}

/**
 * Sigma by the paper's pair step (Algorithm 1, lines 6–10): from `counts`
 * (d × d) of the n samples with x_i > b_i and x_j > b_j for
 * b = `marginals.mu` (`countJointExceedances`), sets
 * Σ_ij = σ_i σ_j cos θ̂_ij with θ̂_ij from `exceedanceAngle`. Cost: O(d²).
 */
export function exceedanceAngleSigma(
  counts: Float64Array,
  n: number,
  marginals: Marginals,
): AssembledSigma {
  const d = marginals.mu.length;
  return assembleSigma(marginals, (i, j) => ({
    rho: Math.cos(exceedanceAngle(counts[i * d + j], n)),
    clamped: 0,
    iterations: 0,
  }));
}

/**
 * The marginals' warnings, plus one saying why `clampedPairs` pairs (if any)
 * had their correlations clamped to ±1.
 */
export function pairWarnings(
  marginals: Marginals,
  clampedPairs: number,
  why: string,
): string[] {
  const warnings = [...marginals.warnings];
  if (clampedPairs > 0) {
    warnings.push(
      `${clampedPairs} pair(s) ${why}: their correlations were clamped to ±1 (within 1e-9)`,
    );
  }
  return warnings;
}

/** What a per-coordinate method adds to its set-up to make a result. */
export interface MarginalResultParts {
  readonly b: Float64Array;
  /** Sigma's entries, row-major d x d. */
  readonly sigma: Float64Array;
  readonly diagnostics: EstimatorResult["diagnostics"];
  readonly warnings: string[];
  readonly standardErrors?: EstimatorResult["standardErrors"];
  /** Per-coordinate diagnostics in place of the marginals' own. */
  readonly coordinates?: CoordinateDiagnostics[];
}

/**
 * The fit result of a per-coordinate method (no standard errors key if
 * none). With standard errors, the warning about coordinates with few
 * positive values points to them.
 */
export function marginalFitResult(
  method: string,
  setup: MarginalSetup,
  parts: MarginalResultParts,
): EstimatorResult {
  const { n, d, marginals } = setup;
  const { standardErrors } = parts;
  const few = marginals.fewPositives;
  const warnings = standardErrors && few !== undefined
    ? parts.warnings.map((w) => w === few ? `${w}; see the standard errors` : w)
    : parts.warnings;
  return {
    method,
    n,
    d,
    b: parts.b,
    sigma: { rows: d, cols: d, data: parts.sigma },
    coordinates: parts.coordinates ?? marginals.coordinates,
    diagnostics: parts.diagnostics,
    warnings,
    ...(standardErrors ? { standardErrors } : {}),
  };
}
