/**
 * How many latent dimensions k the data support: the spectrum of Sigma_hat,
 * bootstrap intervals of its eigenvalues, and a suggested k.
 *
 * This module is browser compatible.
 * @module
 */
import { type SymmetricEigen, symmetricEigen } from "../linalg/eigen.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { positiveThreshold } from "../metrics/analyze_covariance.ts";
import { sortedQuantile } from "../check/sorted_quantile.ts";

/** Where the sampling error of Sigma_hat comes from. */
export interface RankAnalysisOptions {
  /**
   * Bootstrap replicates of Sigma_hat (each d × d): the same method refitted
   * on resampled rows, or on data drawn from the fitted model (e.g.
   * `modelCheck`'s refits). They give the eigenvalue intervals and the
   * noise floor; 40 or more make its `level` quantile meaningful.
   */
  readonly replicates?: readonly Matrix[];
  /**
   * Coverage of the eigenvalue intervals, and the quantile of the bootstrap
   * error norms taken as the noise floor; in (0, 1).
   * @default {0.95}
   */
  readonly level?: number;
  /**
   * A noise floor known otherwise (e.g. a bound on ‖Sigma_hat − Sigma‖₂);
   * used instead of the one from the replicates. ≥ 0.
   */
  readonly noiseFloor?: number;
}

/** The spectrum of Sigma_hat and the rank it supports. */
export interface RankAnalysis {
  /** Eigenvalues of Sigma_hat, descending (length d). */
  readonly eigenvalues: number[];
  /**
   * Percentile intervals of each eigenvalue (the j-th largest of every
   * replicate), at coverage `level`; present when replicates were given.
   */
  readonly intervals?: { readonly lower: number[]; readonly upper: number[] };
  /**
   * The threshold the last eigenvalue compared was held against: with
   * replicates, τ at k = `suggested` (or at d − 1 when every eigenvalue
   * passed), see `rankAnalysis`.
   */
  readonly noiseFloor: number;
  /**
   * "bootstrap": from the replicates; "given": `options.noiseFloor`;
   * "rounding": neither was given, so only rounding error
   * (d · ε · max |λ|) is accounted for and `suggested` is the numerical
   * rank, which overstates k for noisy fits.
   */
  readonly noiseFloorFrom: "bootstrap" | "given" | "rounding";
  /** The suggested number of latent dimensions k (0 to d). */
  readonly suggested: number;
  /**
   * Cumulative share of the positive eigenvalues: entry j is
   * (λ_1⁺ + … + λ_{j+1}⁺) / Σ λ⁺ (λ⁺ = max(λ, 0)); 0s when none is positive.
   */
  readonly explained: number[];
  readonly level: number;
  /** Replicates used (0 without). */
  readonly replicates: number;
}

/**
 * Eigenvalues of Sigma_hat with bootstrap intervals, and a suggested rank.
 *
 * Rule for `suggested` with replicates: for k = 0, 1, … let P_k project onto
 * the d − k eigenvectors of Sigma_hat with the smallest eigenvalues, and
 * τ_k the `level` quantile over the replicates of ‖P_k (Sigma*_r −
 * Sigma_hat) P_k‖₂; the suggestion is the first k with λ_{k+1} ≤ τ_k (d if
 * none). Why: if Sigma has rank k, the d − k smallest eigenvalues of
 * Sigma_hat are, to first order in the error E = Sigma_hat − Sigma, the
 * eigenvalues of E compressed onto Sigma's null space, and the bootstrap
 * spread Sigma*_r − Sigma_hat stands in for E; so λ_{k+1} stays at or below
 * τ_k with probability about `level` (no over-suggestion). For k below the
 * true rank, λ_{k+1} is a latent direction's eigenvalue, found once it
 * clears the noise. At k = 0, τ_0 is the full ‖E‖₂ bound of Weyl's
 * inequality; compressing removes the (larger) error along the latent
 * directions, so a weak direction is found about twice as early. A
 * direction whose eigenvalue is within the noise is not told apart from 0
 * at this n; more samples lower τ (roughly like 1/√n).
 *
 * With `noiseFloor` given, the suggestion is the number of eigenvalues
 * above it; with neither, the numerical rank.
 *
 * Cost: one symmetric eigendecomposition of Sigma_hat, one per replicate
 * for the intervals, and per k tried (up to `suggested` + 1) one
 * (d − k)-dimensional compression and eigendecomposition per replicate:
 * O(R · Σ_k (d² (d − k) + 9 (d − k)³)) in all, about R · 3 d⁴ flops when
 * k reaches d (d = 20, R = 40: milliseconds; d = 200: minutes).
 *
 * @param sigma Sigma_hat, symmetric d × d with finite entries.
 * @param options replicates, level, or a known noise floor.
 * @returns eigenvalues descending, intervals, noise floor and suggested k.
 * @throws {RangeError} for a non-square or non-finite Sigma_hat or replicate,
 *   a replicate of another size, a level outside (0, 1) or a negative noise
 *   floor.
 *
 * @example Rank 1 plus noise
 * ```ts
 * import { fromRows } from "../linalg/matrix.ts";
 * import { rankAnalysis } from "./rank_analysis.ts";
 * const sigma = fromRows([[1, 0.99], [0.99, 1]]); // eigenvalues 1.99, 0.01
 * const r = rankAnalysis(sigma, { noiseFloor: 0.05 });
 * console.log(r.suggested); // 1
 * ```
 */
export function rankAnalysis(
  sigma: Matrix,
  options: RankAnalysisOptions = {},
): RankAnalysis {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new RangeError(
      `Cannot analyse the rank: level must lie in (0, 1), got ${level}`,
    );
  }
  const given = options.noiseFloor;
  if (given !== undefined && !(given >= 0 && given < Infinity)) {
    throw new RangeError(
      `Cannot analyse the rank: noiseFloor must be a finite number >= 0, got ${given}`,
    );
  }
  const d = sigma.rows;
  checkSquare(sigma, d, "Sigma_hat");
  const eigen = symmetricEigen(sigma);
  const eigenvalues = Array.from(eigen.values).reverse();
  const replicates = options.replicates ?? [];
  replicates.forEach((rep, r) => checkSquare(rep, d, `replicate ${r}`));
  const count = replicates.length;
  const intervals = count > 0
    ? eigenvalueIntervals(replicates, d, level)
    : undefined;
  let suggested = 0;
  let noiseFloor: number;
  let noiseFloorFrom: RankAnalysis["noiseFloorFrom"];
  if (given !== undefined || count === 0) {
    noiseFloor = given ?? positiveThreshold(eigen.values);
    noiseFloorFrom = given !== undefined ? "given" : "rounding";
    while (suggested < d && eigenvalues[suggested] > noiseFloor) suggested++;
  } else {
    noiseFloorFrom = "bootstrap";
    const floors = new CompressedErrors(sigma, eigen, replicates);
    noiseFloor = NaN;
    while (suggested < d) {
      noiseFloor = sortedQuantile(floors.norms(d - suggested), count, level);
      if (!(eigenvalues[suggested] > noiseFloor)) break;
      suggested++;
    }
  }
  return {
    eigenvalues,
    ...(intervals === undefined ? {} : { intervals }),
    noiseFloor,
    noiseFloorFrom,
    suggested,
    explained: cumulativeShare(eigenvalues),
    level,
    replicates: count,
  };
}

/** Percentile intervals of the j-th largest eigenvalue over the replicates. */
function eigenvalueIntervals(
  replicates: readonly Matrix[],
  d: number,
  level: number,
): { lower: number[]; upper: number[] } {
  const count = replicates.length;
  const byRank = new Float64Array(d * count); // [j · count + r]
  replicates.forEach((rep, r) => {
    const values = symmetricEigen(rep).values;
    for (let j = 0; j < d; j++) byRank[j * count + r] = values[d - 1 - j];
  });
  const lower: number[] = [];
  const upper: number[] = [];
  for (let j = 0; j < d; j++) {
    const sorted = byRank.subarray(j * count, (j + 1) * count).sort();
    lower.push(sortedQuantile(sorted, count, (1 - level) / 2));
    upper.push(sortedQuantile(sorted, count, (1 + level) / 2));
  }
  return { lower, upper };
}

/**
 * The replicates' errors Sigma*_r − Sigma_hat, compressed onto the span of
 * Sigma_hat's m smallest eigenvectors on request.
 */
class CompressedErrors {
  private readonly d: number;
  private readonly errors: Float64Array[];
  private readonly vectors: Float64Array;

  constructor(
    sigma: Matrix,
    eigen: SymmetricEigen,
    replicates: readonly Matrix[],
  ) {
    const d = sigma.rows;
    this.d = d;
    this.vectors = eigen.vectors.data;
    this.errors = replicates.map((rep) => {
      const e = new Float64Array(d * d);
      for (let q = 0; q < d * d; q++) e[q] = rep.data[q] - sigma.data[q];
      return e;
    });
  }

  /**
   * ‖Vₘᵀ E_r Vₘ‖₂ per replicate, sorted ascending, where Vₘ holds the m
   * eigenvectors with the smallest eigenvalues (columns 0..m−1 of V).
   */
  norms(m: number): Float64Array {
    const { d, vectors } = this;
    const out = new Float64Array(this.errors.length);
    const ev = new Float64Array(d * m);
    const compressed = new Float64Array(m * m);
    this.errors.forEach((e, r) => {
      // ev = E Vₘ (d × m), then compressed = Vₘᵀ ev (m × m).
      for (let i = 0; i < d; i++) {
        for (let b = 0; b < m; b++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += e[i * d + j] * vectors[j * d + b];
          ev[i * m + b] = s;
        }
      }
      for (let a = 0; a < m; a++) {
        for (let b = 0; b < m; b++) {
          let s = 0;
          for (let i = 0; i < d; i++) s += vectors[i * d + a] * ev[i * m + b];
          compressed[a * m + b] = s;
        }
      }
      const values = symmetricEigen({ rows: m, cols: m, data: compressed })
        .values;
      out[r] = Math.max(-values[0], values[m - 1]);
    });
    return out.sort();
  }
}

function checkSquare(m: Matrix, d: number, what: string): void {
  if (m.rows !== d || m.cols !== d || m.data.length !== d * d) {
    throw new RangeError(
      `Cannot analyse the rank: ${what} is ${m.rows} x ${m.cols}, expected ${d} x ${d}`,
    );
  }
  for (let e = 0; e < m.data.length; e++) {
    if (!Number.isFinite(m.data[e])) {
      throw new RangeError(
        `Cannot analyse the rank: ${what} has a non-finite entry at (${
          Math.floor(e / d)
        }, ${e % d})`,
      );
    }
  }
}

/** Running share of the positive parts of `values` (descending). */
function cumulativeShare(values: readonly number[]): number[] {
  let total = 0;
  for (const v of values) total += Math.max(v, 0);
  let running = 0;
  return values.map((v) => {
    running += Math.max(v, 0);
    return total > 0 ? running / total : 0;
  });
}
