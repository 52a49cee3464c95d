/**
 * The per-sample likelihood of the censored Gaussian x = max(0, y),
 * y ~ N(b, Σ), split by region: the set P of positive coordinates and the
 * set Z of zeros. In a region the likelihood is the density of x_P times the
 * conditional probability that y_Z ≤ 0 given y_P = x_P, and the score is the
 * expected complete-data score given what was observed (Fisher's identity):
 *
 *   ∂/∂b = Σ⁻¹ E[r | x],   ∂/∂Σ = ½ (Σ⁻¹ E[r rᵀ | x] Σ⁻¹ − Σ⁻¹),   r = y − b,
 *
 * where E[· | x] averages over y_Z ~ N(μ_Z|P, C_Z|P) truncated to y_Z ≤ 0.
 * Parameters are θ = (b_1..b_d, Σ_11, Σ_12, …, Σ_1d, Σ_22, …, Σ_dd): the
 * upper triangle row by row, each off-diagonal entry moving Σ_ij and Σ_ji
 * together (so its score is twice the matrix entry).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { TruncatedMoments } from "./_truncated_moments.ts";

/** Largest d for which the exact per-sample likelihood and score are computed. */
export const MAX_EXACT_DIMENSION = 3;

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** The positives P and zeros Z of one region, with what conditioning on x_P needs. */
export interface Region {
  /** Indices of the positive coordinates, ascending. */
  readonly pos: Int32Array;
  /** Indices of the zero coordinates, ascending. */
  readonly zero: Int32Array;
  /** Lower Cholesky factor L of Σ_PP (row-major p × p): L Lᵀ = Σ_PP. */
  readonly chol: Float64Array;
  /** log det Σ_PP / 2 = Σ log L_kk. */
  readonly halfLogDet: number;
  /** A = Σ_ZP Σ_PP⁻¹ (row-major k × p): E[y_Z | x_P] = b_Z + A (x_P − b_P). */
  readonly gain: Float64Array;
  /** C = Σ_ZZ − A Σ_PZ (row-major k × k), the conditional covariance. */
  readonly condCov: Float64Array;
}

/** Number of parameters: d entries of b and d (d + 1) / 2 of Σ. */
export function parameterCount(d: number): number {
  return d + (d * (d + 1)) / 2;
}

/** Position of Σ_ij (i ≤ j) among θ: after b, the upper triangle row by row. */
export function sigmaIndex(d: number, i: number, j: number): number {
  return d + i * d - (i * (i - 1)) / 2 + (j - i);
}

/**
 * Lower Cholesky factor of Σ restricted to `idx` into `out` (row-major,
 * |idx| × |idx|); false when that block is not positive definite.
 */
export function choleskyOf(
  sigma: Matrix,
  idx: Int32Array,
  out: Float64Array,
): boolean {
  const d = sigma.cols, p = idx.length, s = sigma.data;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let v = s[idx[i]! * d + idx[j]!]!;
      for (let t = 0; t < j; t++) v -= out[i * p + t]! * out[j * p + t]!;
      if (i !== j) {
        out[i * p + j] = v / out[j * p + j]!;
      } else if (v > 0) {
        out[i * p + i] = Math.sqrt(v);
      } else {
        return false;
      }
    }
    for (let j = i + 1; j < p; j++) out[i * p + j] = 0;
  }
  return true;
}

/** Solves L Lᵀ x = v in place (L lower, row-major p × p). */
export function cholSolve(l: Float64Array, p: number, v: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = v[i]!;
    for (let t = 0; t < i; t++) s -= l[i * p + t]! * v[t]!;
    v[i] = s / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = v[i]!;
    for (let t = i + 1; t < p; t++) s -= l[t * p + i]! * v[t]!;
    v[i] = s / l[i * p + i]!;
  }
}

/**
 * Checks b and Σ (finite, matching shapes, Σ symmetric and positive
 * definite) and returns d; `what` opens the error messages.
 *
 * @throws {RangeError} naming the problem.
 */
export function checkParameters(
  what: string,
  b: Float64Array,
  sigma: Matrix,
): number {
  const d = b.length;
  if (d < 1 || sigma.rows !== d || sigma.cols !== d) {
    throw new RangeError(
      `Cannot ${what}: Sigma is ${sigma.rows} x ${sigma.cols} but b has ${d} entries`,
    );
  }
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(b[i]!)) {
      throw new RangeError(`Cannot ${what}: b[${i}] is not finite`);
    }
  }
  const s = sigma.data;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const a = s[i * d + j]!, c = s[j * d + i]!;
      if (!Number.isFinite(a) || !Number.isFinite(c)) {
        throw new RangeError(
          `Cannot ${what}: Sigma[${i}][${j}] is not finite`,
        );
      }
      const scale = Math.sqrt(Math.abs(s[i * d + i]! * s[j * d + j]!));
      if (Math.abs(a - c) > 1e-10 * scale) {
        throw new RangeError(
          `Cannot ${what}: Sigma is not symmetric (Sigma[${i}][${j}] = ${a}, Sigma[${j}][${i}] = ${c})`,
        );
      }
    }
  }
  const all = Int32Array.from({ length: d }, (_, i) => i);
  if (!choleskyOf(sigma, all, new Float64Array(d * d))) {
    throw new RangeError(`Cannot ${what}: Sigma is not positive definite`);
  }
  return d;
}

/**
 * Likelihood and score of the censored Gaussian with fixed (b, Σ), d ≤ 3,
 * with every region prepared up front and scratch space reused: no
 * allocation per sample.
 */
export class CensoredLikelihood {
  readonly d: number;
  readonly b: Float64Array;
  /** Σ⁻¹, row-major d × d. */
  readonly sigmaInv: Float64Array;
  /** Regions by bit mask of the positive coordinates (bit i: x_i > 0). */
  readonly regions: readonly Region[];
  readonly #moments = new TruncatedMoments();
  readonly #c = new Float64Array(MAX_EXACT_DIMENSION);
  readonly #delta = new Float64Array(MAX_EXACT_DIMENSION);
  readonly #er = new Float64Array(MAX_EXACT_DIMENSION);
  readonly #err = new Float64Array(MAX_EXACT_DIMENSION ** 2);
  readonly #tmp = new Float64Array(MAX_EXACT_DIMENSION ** 2);
  readonly #rP = new Float64Array(MAX_EXACT_DIMENSION);
  /** log P(y_Z ≤ 0 | x_P) of the last `regionScore`. */
  #logProbability = 0;
  /** The all-zero region's score (it does not depend on x), once computed. */
  #zeroScore: Float64Array | undefined;
  #zeroProbability = 0;
  #zeroLogProbability = 0;

  /**
   * @param what opens the error messages ("compute the Fisher information").
   * @throws {RangeError} for bad parameters or d > 3.
   */
  constructor(what: string, b: Float64Array, sigma: Matrix) {
    const d = checkParameters(what, b, sigma);
    if (d > MAX_EXACT_DIMENSION) {
      throw new RangeError(
        `Cannot ${what}: the exact computation handles d <= ${MAX_EXACT_DIMENSION}, got d = ${d}`,
      );
    }
    this.d = d;
    this.b = Float64Array.from(b);
    const all = Int32Array.from({ length: d }, (_, i) => i);
    const l = new Float64Array(d * d);
    choleskyOf(sigma, all, l);
    this.sigmaInv = new Float64Array(d * d);
    const col = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      col.fill(0);
      col[j] = 1;
      cholSolve(l, d, col);
      for (let i = 0; i < d; i++) this.sigmaInv[i * d + j] = col[i]!;
    }
    const regions: Region[] = [];
    for (let mask = 0; mask < 1 << d; mask++) {
      regions.push(buildRegion(sigma, mask));
    }
    this.regions = regions;
  }

  /** The region of sample `x` (x_i > 0 positive, else zero). */
  regionOf(x: ArrayLike<number>): Region {
    let mask = 0;
    for (let i = 0; i < this.d; i++) if (x[i]! > 0) mask |= 1 << i;
    return this.regions[mask]!;
  }

  /**
   * Score and log-likelihood of sample `x` (length d, entries ≥ 0): writes
   * ∇_θ log f(x) into `score` (length `parameterCount(d)`, or skipped when
   * undefined) and returns log f(x), the density with respect to Lebesgue
   * measure on the positive coordinates and counting measure on the zeros.
   */
  logLikelihood(x: ArrayLike<number>, score?: Float64Array): number {
    const region = this.regionOf(x);
    const pos = region.pos, p = pos.length, l = region.chol;
    const rP = this.#rP;
    for (let a = 0; a < p; a++) rP[a] = x[pos[a]!]! - this.b[pos[a]!]!;
    this.regionScore(region, rP, score);
    // −½ |L⁻¹ r_P|² by forward substitution (into the scratch of delta).
    const z = this.#delta;
    let q = 0;
    for (let i = 0; i < p; i++) {
      let s = rP[i]!;
      for (let t = 0; t < i; t++) s -= l[i * p + t]! * z[t]!;
      z[i] = s / l[i * p + i]!;
      q += z[i]! * z[i]!;
    }
    return -0.5 * q - region.halfLogDet - p * LOG_SQRT_2PI +
      this.#logProbability;
  }

  /**
   * For region `region` and r_P = x_P − b_P: returns P(y_Z ≤ 0 | x_P) and,
   * when `score` is given and the probability is positive, writes the score
   * into it. The all-zero region's (a trivariate orthant problem at d = 3)
   * is computed once and reused.
   */
  regionScore(
    region: Region,
    rP: Float64Array,
    score: Float64Array | undefined,
  ): number {
    if (region.pos.length > 0) return this.#computeScore(region, rP, score);
    if (this.#zeroScore === undefined) {
      const s = new Float64Array(parameterCount(this.d));
      this.#zeroProbability = this.#computeScore(region, rP, s);
      this.#zeroLogProbability = this.#logProbability;
      this.#zeroScore = s;
    }
    this.#logProbability = this.#zeroLogProbability;
    if (score !== undefined && this.#zeroProbability > 0) {
      score.set(this.#zeroScore);
    }
    return this.#zeroProbability;
  }

  #computeScore(
    region: Region,
    rP: Float64Array,
    score: Float64Array | undefined,
  ): number {
    const d = this.d, pos = region.pos, zero = region.zero;
    const p = pos.length, k = zero.length;
    const c = this.#c, delta = this.#delta, mom = this.#moments;
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let t = 0; t < p; t++) s += region.gain[a * p + t]! * rP[t]!;
      delta[a] = s;
      c[a] = -(this.b[zero[a]!]! + s);
    }
    mom.compute(k, c, region.condCov, score !== undefined);
    const prob = mom.probability;
    this.#logProbability = mom.logProbability;
    if (score === undefined || !(prob > 0)) return prob;
    // E[r] and E[r rᵀ] given x.
    const er = this.#er, err = this.#err;
    for (let a = 0; a < p; a++) er[pos[a]!] = rP[a]!;
    for (let a = 0; a < k; a++) er[zero[a]!] = delta[a]! + mom.mean[a]!;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) err[i * d + j] = er[i]! * er[j]!;
    }
    // Over Z × Z the product of means misses the truncated covariance.
    for (let a = 0; a < k; a++) {
      for (let c2 = 0; c2 < k; c2++) {
        const ma = mom.mean[a]!, mc = mom.mean[c2]!;
        err[zero[a]! * d + zero[c2]!]! += mom.second[a * k + c2]! - ma * mc;
      }
    }
    const inv = this.sigmaInv, tmp = this.#tmp;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += inv[i * d + j]! * er[j]!;
      score[i] = s;
      for (let j = 0; j < d; j++) {
        let t = 0;
        for (let m = 0; m < d; m++) t += inv[i * d + m]! * err[m * d + j]!;
        tmp[i * d + j] = t;
      }
    }
    for (let i = 0; i < d; i++) {
      for (let j = i; j < d; j++) {
        let t = 0;
        for (let m = 0; m < d; m++) t += tmp[i * d + m]! * inv[m * d + j]!;
        const g = t - inv[i * d + j]!;
        score[sigmaIndex(d, i, j)] = i === j ? 0.5 * g : g;
      }
    }
    return prob;
  }
}

function buildRegion(sigma: Matrix, mask: number): Region {
  const d = sigma.rows, s = sigma.data;
  const posList: number[] = [], zeroList: number[] = [];
  for (let i = 0; i < d; i++) (mask & (1 << i) ? posList : zeroList).push(i);
  const pos = Int32Array.from(posList), zero = Int32Array.from(zeroList);
  const p = pos.length, k = zero.length;
  const chol = new Float64Array(p * p);
  choleskyOf(sigma, pos, chol);
  let halfLogDet = 0;
  for (let i = 0; i < p; i++) halfLogDet += Math.log(chol[i * p + i]!);
  const gain = new Float64Array(k * p);
  const row = new Float64Array(p);
  for (let a = 0; a < k; a++) {
    for (let t = 0; t < p; t++) row[t] = s[zero[a]! * d + pos[t]!]!;
    cholSolve(chol, p, row);
    gain.set(row, a * p);
  }
  const condCov = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let c = 0; c < k; c++) {
      let v = s[zero[a]! * d + zero[c]!]!;
      for (let t = 0; t < p; t++) {
        v -= gain[a * p + t]! * s[pos[t]! * d + zero[c]!]!;
      }
      condCov[a * k + c] = v;
    }
  }
  return { pos, zero, chol, halfLogDet, gain, condCov };
}
