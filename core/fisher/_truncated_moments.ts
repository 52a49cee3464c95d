/**
 * Moments of a centred normal vector truncated above: w ~ N(0, C) given
 * w ≤ c, in up to three dimensions (Tallis 1961, "The moment generating
 * function of the truncated multi-normal distribution", J. R. Stat. Soc. B
 * 23). With F_i = φ(c_i; C_ii) · P(w_{−i} ≤ c_{−i} | w_i = c_i), the density
 * on face i of the orthant, integration by parts of w φ_C(w) = −C ∇φ_C(w)
 * gives
 *
 *   P · E[w] = −C F,   P · E[w wᵀ] = P C − C G,
 *
 * with G_ii = c_i F_i and G_il = F_i · E[w_l | w_i = c_i, w_{−i} ≤ c_{−i}],
 * the first moment of a truncated normal one dimension lower. So the
 * orthant probabilities needed are those of dimensions k, k − 1 and k − 2.
 *
 * This module is browser compatible.
 * @module
 */
import {
  inverseMillsRatio,
  normCdf,
  normLogCdf,
  normPdf,
} from "../special/normal.ts";
import { MAX_ORTHANT_DIMENSION, orthantProbability } from "./_orthant.ts";

/** A workspace for the moments of one truncated normal of dimension ≤ 3. */
export class TruncatedMoments {
  /** P(w ≤ c); 0 when it underflows (the moments are then not computed). */
  probability = 1;
  /** log P(w ≤ c), accurate in the lower tail for k = 1. */
  logProbability = 0;
  /** E[w | w ≤ c], length k. */
  readonly mean = new Float64Array(MAX_ORTHANT_DIMENSION);
  /** E[w wᵀ | w ≤ c], row-major k × k (stride k). */
  readonly second = new Float64Array(MAX_ORTHANT_DIMENSION ** 2);
  readonly #face = new Float64Array(MAX_ORTHANT_DIMENSION);
  readonly #g = new Float64Array(MAX_ORTHANT_DIMENSION ** 2);
  readonly #nu = new Float64Array(MAX_ORTHANT_DIMENSION);
  readonly #subC = new Float64Array(MAX_ORTHANT_DIMENSION);
  readonly #subCov = new Float64Array(MAX_ORTHANT_DIMENSION ** 2);
  #sub: TruncatedMoments | undefined;

  /**
   * Computes the probability and the moments of N(0, `cov`) truncated to
   * w ≤ `c`.
   *
   * @param k dimension, 0 to 3.
   * @param c upper limits (length ≥ k).
   * @param cov C, positive definite, row-major k × k (stride k).
   * @param second whether to compute `second` too (else only `mean`).
   */
  compute(
    k: number,
    c: Float64Array,
    cov: Float64Array,
    second: boolean,
  ): void {
    if (k === 0) {
      this.probability = 1;
      this.logProbability = 0;
      return;
    }
    if (k === 1) {
      // Φ(α) and φ(α)/Φ(α) = λ(−α) without 0/0 in the lower tail.
      const s = Math.sqrt(cov[0]!);
      const alpha = c[0]! / s;
      const ratio = inverseMillsRatio(-alpha);
      this.probability = normCdf(alpha);
      this.logProbability = normLogCdf(alpha);
      this.mean[0] = -s * ratio;
      this.second[0] = cov[0]! * (1 - alpha * ratio);
      return;
    }
    const p = orthantProbability(k, c, cov);
    this.probability = p;
    this.logProbability = Math.log(p);
    if (!(p > 0)) return;
    const sub = this.#sub ??= new TruncatedMoments();
    const f = this.#face, g = this.#g, nu = this.#nu;
    const subC = this.#subC, subCov = this.#subCov;
    const m = k - 1;
    for (let i = 0; i < k; i++) {
      const cii = cov[i * k + i]!;
      const ci = c[i]!;
      // The others given w_i = c_i: mean nu, covariance C_{−i|i}, limits c − nu.
      for (let a = 0, oa = 0; a < k; a++) {
        if (a === i) continue;
        nu[a] = cov[a * k + i]! * ci / cii;
        subC[oa] = c[a]! - nu[a]!;
        for (let b = 0, ob = 0; b < k; b++) {
          if (b === i) continue;
          subCov[oa * m + ob] = cov[a * k + b]! -
            cov[a * k + i]! * cov[i * k + b]! / cii;
          ob++;
        }
        oa++;
      }
      sub.compute(m, subC, subCov, false);
      const s = Math.sqrt(cii);
      f[i] = normPdf(ci / s) / s * sub.probability;
      for (let l = 0, ol = 0; l < k; l++) {
        if (l === i) {
          g[i * k + i] = ci * f[i]!;
          continue;
        }
        g[i * k + l] = sub.probability > 0
          ? f[i]! * (nu[l]! + sub.mean[ol]!)
          : 0;
        ol++;
      }
    }
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += cov[a * k + i]! * f[i]!;
      this.mean[a] = -s / p;
    }
    if (!second) return;
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        let s = 0;
        for (let i = 0; i < k; i++) s += cov[a * k + i]! * g[i * k + b]!;
        this.second[a * k + b] = cov[a * k + b]! - s / p;
      }
    }
    // C G is symmetric in exact arithmetic; average away the rounding.
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < a; b++) {
        const v = 0.5 * (this.second[a * k + b]! + this.second[b * k + a]!);
        this.second[a * k + b] = v;
        this.second[b * k + a] = v;
      }
    }
  }
}
