/**
 * What the Cramér–Rao bound implies for the project's error metrics
 * err_sigma = ‖Σ̂ − Σ‖_F / tr Σ and err_b = ‖b̂ − b‖ / √(tr Σ).
 *
 * This module is browser compatible.
 * @module
 */
import { symmetricEigen } from "../linalg/eigen.ts";
import type { Matrix } from "../linalg/matrix.ts";
import type { SigmaAndBias } from "../metrics/parameter_errors.ts";
import {
  checkParameters,
  MAX_EXACT_DIMENSION,
  parameterCount,
  sigmaIndex,
} from "./_censored_likelihood.ts";
import {
  censoredFisherInformation,
  type CensoredInformationOptions,
} from "./censored_information.ts";
import { cramerRaoBound } from "./cramer_rao.ts";
import { gaussianMeanNorm } from "./mean_norm.ts";
import { parameterNames } from "./parameter_names.ts";

/**
 * How the bound was obtained:
 * - `exact`: the joint Cramér–Rao bound I⁻¹ / n of all parameters, from the
 *   exact information (d ≤ 3), or at a diagonal Σ of any d (up to rounding,
 *   e.g. Σ = I), where the coordinates are independent and the information
 *   is exactly block diagonal: a Tobit block (b_i, Σ_ii) per coordinate and
 *   I(Σ_ij) = I_bb(b_i) · I_bb(b_j) per pair, since the score of Σ_ij is
 *   then the product of the two coordinates' b-scores.
 * - `per-entry`: d > 3 with a non-diagonal Σ. Each b_i and Σ_ii gets the
 *   Tobit bound of column i alone, each Σ_ij the d = 2 bound of columns
 *   (i, j) alone (all five parameters of the pair unknown). These bound each
 *   entry separately, for estimators that use only those columns (as the
 *   pairwise method does); they are not a joint bound, and one that uses all
 *   columns may do better. Their correlations are unknown, so only the root
 *   mean square of the errors follows, not the mean.
 */
export type CrbKind = "exact" | "per-entry";

/** One error metric under the bound. */
export interface CrbMetric {
  /**
   * E of the metric for an estimation error drawn from N(0, I⁻¹ / n),
   * computed exactly (to quadrature accuracy, see `gaussianMeanNorm`); null
   * for the `per-entry` kind.
   */
  readonly mean: number | null;
  /** √E[metric²] = √(Σ weighted variances) / scale, for both kinds. */
  readonly rms: number;
}

/** The bound's implications for one truth and sample size. */
export interface CrbErrors {
  readonly kind: CrbKind;
  readonly d: number;
  readonly n: number;
  /** Parameter names (b1..bd, Sigma11, Sigma12, …). */
  readonly names: readonly string[];
  /** Bound on the standard deviation of each parameter's estimate. */
  readonly sd: Float64Array;
  /** err_sigma = ‖Σ̂ − Σ‖_F / tr Σ. */
  readonly errSigma: CrbMetric;
  /** err_b = ‖b̂ − b‖ / √(tr Σ). */
  readonly errB: CrbMetric;
  /** Largest quadrature-error estimate of the informations used. */
  readonly quadratureChange: number;
}

/** A jointly Gaussian group of parameters: indices into θ and covariance. */
interface Block {
  readonly indices: readonly number[];
  readonly covariance: Float64Array;
}

/**
 * The Cramér–Rao bound of the censored Gaussian x = max(0, y),
 * y ~ N(b, Σ), at `truth` for n samples, and the err_sigma and err_b it
 * implies: their mean (and root mean square) when the estimation error is
 * N(0, I⁻¹ / n), the limit an efficient estimator reaches for large n.
 * See `CrbKind` for which bound each case gives.
 *
 * Cost: d ≤ 3 as `censoredFisherInformation`; otherwise d one-dimensional
 * informations plus, for a non-diagonal Σ, d (d − 1) / 2 of d = 2 (about
 * 10 ms each).
 *
 * @param truth Σ (d, d), symmetric positive definite, and b (d).
 * @param n number of samples, positive.
 * @param options quadrature options of every information computed.
 * @throws {RangeError} for bad parameters, n ≤ 0, or a singular information.
 *
 * @example d = 2, b = (0, 0), ρ = 0.5, n = 200,000
 * ```ts
 * import { crbErrors } from "./crb_errors.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const truth = { b: new Float64Array([0, 0]), sigma: fromRows([[1, 0.5], [0.5, 1]]) };
 * const crb = crbErrors(truth, 200_000);
 * console.log(crb.kind, crb.errSigma.mean, crb.errB.mean); // exact, about 0.00376 and 0.00241
 * ```
 */
export function crbErrors(
  truth: SigmaAndBias,
  n: number,
  options: CensoredInformationOptions = {},
): CrbErrors {
  const { b, sigma } = truth;
  const d = checkParameters("compute the Cramér–Rao bound", b, sigma);
  if (!(n > 0 && Number.isFinite(n))) {
    throw new RangeError(
      `Cannot compute the Cramér–Rao bound: n must be a positive number, got ${n}`,
    );
  }
  const q = parameterCount(d);
  const names = parameterNames(d);
  let change = 0;
  const informationOf = (bb: Float64Array, ss: Matrix) => {
    const info = censoredFisherInformation(bb, ss, options);
    change = Math.max(change, info.quadratureChange);
    return info;
  };

  const blocks: Block[] = [];
  let kind: CrbKind = "exact";
  if (d <= MAX_EXACT_DIMENSION) {
    const crb = cramerRaoBound(informationOf(b, sigma), n);
    blocks.push({
      indices: Array.from({ length: q }, (_, i) => i),
      covariance: crb.covariance.data,
    });
  } else {
    kind = isDiagonal(sigma) ? "exact" : "per-entry";
    const s = sigma.data;
    // Tobit blocks (b_i, Σ_ii), and their I_bb for the pairs' products.
    const bInfo = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      const info = informationOf(
        Float64Array.of(b[i]!),
        { rows: 1, cols: 1, data: Float64Array.of(s[i * d + i]!) },
      );
      const v = cramerRaoBound(info, n).covariance.data;
      blocks.push({ indices: [i, sigmaIndex(d, i, i)], covariance: v });
      bInfo[i] = info.matrix.data[0]!;
    }
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) {
        let variance: number;
        if (kind === "exact") {
          variance = 1 / (n * bInfo[i]! * bInfo[j]!);
        } else {
          const pair = cramerRaoBound(
            informationOf(
              Float64Array.of(b[i]!, b[j]!),
              {
                rows: 2,
                cols: 2,
                data: Float64Array.of(
                  s[i * d + i]!,
                  s[i * d + j]!,
                  s[j * d + i]!,
                  s[j * d + j]!,
                ),
              },
            ),
            n,
          );
          // Σ_ij is parameter 3 of (b_i, b_j, Σ_ii, Σ_ij, Σ_jj).
          variance = pair.covariance.data[3 * 5 + 3]!;
        }
        blocks.push({
          indices: [sigmaIndex(d, i, j)],
          covariance: Float64Array.of(variance),
        });
      }
    }
  }

  const sd = new Float64Array(q);
  for (const block of blocks) {
    const m = block.indices.length;
    block.indices.forEach((idx, a) => {
      sd[idx] = Math.sqrt(block.covariance[a * m + a]!);
    });
  }
  let trace = 0;
  for (let i = 0; i < d; i++) trace += sigma.data[i * d + i]!;
  // err_sigma counts each off-diagonal entry twice in the Frobenius norm.
  const sigmaWeight = (idx: number) => {
    if (idx < d) return 0;
    return isDiagonalIndex(d, idx) ? 1 / trace : Math.SQRT2 / trace;
  };
  const bWeight = (idx: number) => idx < d ? 1 / Math.sqrt(trace) : 0;
  return {
    kind,
    d,
    n,
    names,
    sd,
    errSigma: metric(blocks, sigmaWeight, kind === "exact"),
    errB: metric(blocks, bWeight, kind === "exact"),
    quadratureChange: change,
  };
}

/**
 * Whether Σ is diagonal up to rounding: |Σ_ij| ≤ 1e-12 √(Σ_ii Σ_jj) off the
 * diagonal (as for W Wᵀ with orthonormal W), where the bound is continuous.
 */
function isDiagonal(sigma: Matrix): boolean {
  const d = sigma.rows, s = sigma.data;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const scale = Math.sqrt(s[i * d + i]! * s[j * d + j]!);
      if (i !== j && Math.abs(s[i * d + j]!) > 1e-12 * scale) return false;
    }
  }
  return true;
}

/** Whether θ index `idx` (≥ d) is a diagonal entry Σ_ii. */
function isDiagonalIndex(d: number, idx: number): boolean {
  for (let i = 0; i < d; i++) if (sigmaIndex(d, i, i) === idx) return true;
  return false;
}

/**
 * Mean and rms of ‖D e‖ for e ~ N(0, V) with V block diagonal over `blocks`
 * and D = diag(weight): the eigenvalues of D V D, block by block.
 */
function metric(
  blocks: readonly Block[],
  weight: (idx: number) => number,
  joint: boolean,
): CrbMetric {
  const eigenvalues: number[] = [];
  let total = 0;
  for (const block of blocks) {
    const sub = block.indices.map((idx, a) => ({ a, w: weight(idx) }))
      .filter((e) => e.w !== 0);
    const m = block.indices.length, k = sub.length;
    if (k === 0) continue;
    const data = new Float64Array(k * k);
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) {
        data[r * k + c] = sub[r]!.w * sub[c]!.w *
          block.covariance[sub[r]!.a * m + sub[c]!.a]!;
      }
      total += data[r * k + r]!;
    }
    if (!joint) continue;
    if (k === 1) eigenvalues.push(data[0]!);
    else eigenvalues.push(...symmetricEigen({ rows: k, cols: k, data }).values);
  }
  return {
    mean: joint ? gaussianMeanNorm(eigenvalues) : null,
    rms: Math.sqrt(total),
  };
}
