/**
 * Per-coordinate fits shared by the censored estimators: the censored normal
 * (Tobit) maximum likelihood fit of one column from its sufficient statistics,
 * and the loop over columns that classifies degenerate ones.
 *
 * Each column x_i = ReLU(y_i), y_i ~ N(b_i, Σ_ii), is a normal censored at 0:
 * the zeros say "y ≤ 0", the positives are exact. The log-likelihood
 *   N0 log Φ(−μ/σ) + Σ_{x>0} log φ((x − μ)/σ) − N1 log σ
 * depends on the data only through N0, N1 and the sum and sum of squares of
 * the positives, and is strictly concave in Olsen's parametrisation
 * γ = 1/σ, δ = μ/σ (Olsen 1978, Econometrica 46), so Newton with the exact
 * Hessian and a backtracking line search finds the unique maximum.
 *
 * This module is browser compatible.
 * @module
 */
import type { ColumnStats } from "../kernels/column_stats.ts";
import { inverseMillsRatio, normInv, normLogCdf } from "../special/normal.ts";
import type { CorrelationSolution } from "../special/bivariate.ts";
import type { CoordinateDiagnostics } from "./types.ts";

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

/** Reads column j of `stats` as a summary. */
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

/** A fitted marginal N(mu, sigma²) of y_i. */
export interface MarginalFit {
  readonly mu: number;
  readonly sigma: number;
  /** Solver steps (0 for closed forms). */
  readonly iterations: number;
  /** Whether the fit was restricted to mu ≥ 0 (truncated fits only). */
  readonly clamped?: boolean;
}

/** Largest number of Newton steps; convergence is quadratic, ~5–10 steps are typical. */
const MAX_NEWTON = 100;

/**
 * Censored-normal MLE of one column with at least 2 distinct positive values.
 *
 * @returns mu (any sign) and sigma > 0.
 * Cost: O(1) per Newton step, independent of n.
 */
export function fitCensoredNormal(column: ColumnSummary): MarginalFit {
  const { zeros, positives } = column;
  const n = zeros + positives;
  // Work per sample and in units of the positives' RMS so the numbers are O(1).
  const scale = Math.sqrt(
    column.mean * column.mean + column.centeredSquares / positives,
  );
  const p0 = zeros / n;
  const p1 = positives / n;
  const m = column.mean / scale;
  const v = column.centeredSquares / (positives * scale * scale); // variance
  const loglik = (g: number, dl: number): number => {
    if (!(g > 0)) return -Infinity;
    const r = g * m - dl;
    return (p0 > 0 ? p0 * normLogCdf(-dl) : 0) + p1 * Math.log(g) -
      0.5 * p1 * (g * g * v + r * r);
  };
  // Start where the zero fraction and the positives' mean agree with the model.
  let gamma: number;
  let delta: number;
  if (zeros === 0) {
    gamma = 1 / Math.sqrt(v);
    delta = m * gamma;
  } else {
    delta = normInv(Math.min(Math.max(p1, 1e-12), 1 - 1e-12));
    gamma = (inverseMillsRatio(-delta) + delta) / m;
  }
  let value = loglik(gamma, delta);
  let iterations = 0;
  while (iterations < MAX_NEWTON) {
    iterations++;
    const lambda = p0 > 0 ? inverseMillsRatio(delta) : 0;
    const r = gamma * m - delta;
    const gg = p1 / gamma - p1 * (gamma * v + m * r);
    const gd = -p0 * lambda + p1 * r;
    // Negated Hessian: positive definite.
    const hgg = p1 / (gamma * gamma) + p1 * (v + m * m);
    const hgd = -p1 * m;
    const hdd = p0 * lambda * (lambda - delta) + p1;
    const det = hgg * hdd - hgd * hgd;
    const stepG = (hdd * gg - hgd * gd) / det;
    const stepD = (hgg * gd - hgd * gg) / det;
    const decrement = gg * stepG + gd * stepD;
    if (!(decrement > 1e-24)) break;
    if (decrement < 1e-12) {
      // Quadratic convergence: the full step lands at rounding level, where a
      // line search could no longer see the log-likelihood rise.
      gamma += stepG;
      delta += stepD;
      break;
    }
    let t = 1;
    let next = loglik(gamma + stepG, delta + stepD);
    while (!(next >= value + 0.25 * t * decrement) && t > 1e-12) {
      t /= 2;
      next = loglik(gamma + t * stepG, delta + t * stepD);
    }
    if (!(next >= value)) break;
    gamma += t * stepG;
    delta += t * stepD;
    value = next;
  }
  return { mu: (delta / gamma) * scale, sigma: scale / gamma, iterations };
}

/** Marginal fits of every column plus what the user should hear about them. */
export interface Marginals {
  /** Estimated means b_i (length d). */
  readonly mu: Float64Array;
  /** Estimated standard deviations √Σ_ii; 0 for degenerate columns. */
  readonly sigma: Float64Array;
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
export function fitMarginals(
  stats: ColumnStats,
  fitOne: (column: ColumnSummary) => MarginalFit,
): Marginals {
  const d = stats.d;
  const mu = new Float64Array(d);
  const sigma = new Float64Array(d);
  const fitted = new Uint8Array(d);
  const coordinates: CoordinateDiagnostics[] = [];
  const iterations: number[] = [];
  const allZero: number[] = [];
  const constant: number[] = [];
  const thin: number[] = [];
  const few: number[] = [];
  for (let j = 0; j < d; j++) {
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
    const fit = fitOne(column);
    mu[j] = fit.mu;
    sigma[j] = fit.sigma;
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
    sigma,
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

/**
 * "Coordinate 3 had" / "Coordinates 1, 4 and 2 more had", for 0-based
 * `indices`: users count coordinates from 1, as in row and column errors.
 */
export function describeCoordinates(indices: readonly number[]): string {
  const shown = indices.slice(0, LISTED_COORDINATES).map((i) => i + 1)
    .join(", ");
  const rest = indices.length - LISTED_COORDINATES;
  if (indices.length === 1) return `Coordinate ${shown} had`;
  return `Coordinates ${shown}${rest > 0 ? ` and ${rest} more` : ""} had`;
}

/** Throws unless `x` has at least 2 rows and 1 column. */
export function checkShape(method: string, n: number, d: number): void {
  if (n < 2 || d < 1) {
    throw new RangeError(
      `Cannot fit with method "${method}": need at least 2 samples of dimension at least 1, got n = ${n}, d = ${d}`,
    );
  }
}

/** Sigma assembled from marginal scales and per-pair correlations. */
export interface AssembledSigma {
  readonly sigma: Float64Array;
  /** Pairs whose statistic lay outside the achievable range (ρ clamped to ±1). */
  readonly clampedPairs: number;
  /** Root-finding steps over all pairs. */
  readonly solverSteps: number;
}

/**
 * Σ_ii = σ_i², Σ_ij = ρ_ij σ_i σ_j for pairs of fitted coordinates (ρ from
 * `solvePair`), 0 in the rows and columns of degenerate ones.
 */
export function assembleSigma(
  marginals: Marginals,
  solvePair: (i: number, j: number) => CorrelationSolution,
): AssembledSigma {
  const { sigma: scale, fitted } = marginals;
  const d = scale.length;
  const sigma = new Float64Array(d * d);
  let clampedPairs = 0;
  let solverSteps = 0;
  for (let i = 0; i < d; i++) {
    if (!fitted[i]) continue;
    sigma[i * d + i] = scale[i] * scale[i];
    for (let j = i + 1; j < d; j++) {
      if (!fitted[j]) continue;
      const solution = solvePair(i, j);
      if (solution.clamped !== 0) clampedPairs++;
      solverSteps += solution.iterations;
      const s = solution.rho * scale[i] * scale[j];
      sigma[i * d + j] = s;
      sigma[j * d + i] = s;
    }
  }
  return { sigma, clampedPairs, solverSteps };
}
