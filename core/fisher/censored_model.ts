/**
 * Per-sample log-likelihood and score of the censored Gaussian, d ≤ 3.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { CensoredLikelihood, parameterCount } from "./_censored_likelihood.ts";
import { parameterNames } from "./parameter_names.ts";

export { MAX_EXACT_DIMENSION } from "./_censored_likelihood.ts";

/** The censored Gaussian x = max(0, y), y ~ N(b, Σ), at fixed (b, Σ). */
export interface CensoredModel {
  readonly d: number;
  /** Names of θ, as `parameterNames(d)`. */
  readonly names: readonly string[];
  /**
   * log f(x) of one sample (length d, entries ≥ 0, 0 meaning censored): the
   * density with respect to Lebesgue measure on the positive coordinates
   * and counting measure on the zeros, log φ(x_P; b_P, Σ_PP) +
   * log P(y_Z ≤ 0 | y_P = x_P). −Infinity where that probability underflows.
   */
  logLikelihood(x: ArrayLike<number>): number;
  /**
   * Writes the score ∇_θ log f(x) into `out` (length d + d (d + 1) / 2) and
   * returns log f(x). Where the probability underflows `out` is left as is.
   */
  score(x: ArrayLike<number>, out: Float64Array): number;
}

/**
 * The censored Gaussian at (b, Σ), for d ≤ 3 (`MAX_EXACT_DIMENSION`): every
 * region's conditioning is prepared once, so each sample costs a few
 * orthant probabilities and no allocation. The score is the expected
 * complete-data Gaussian score given the sample (Fisher's identity), with
 * the truncated normal moments of the censored coordinates.
 *
 * @param b mean of y, length d.
 * @param sigma covariance of y, (d, d), symmetric positive definite.
 * @throws {RangeError} for d > 3 or bad parameters, naming the problem.
 *
 * @example
 * ```ts
 * import { censoredModel } from "./censored_model.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const model = censoredModel(new Float64Array([0]), fromRows([[1]]));
 * console.log(model.logLikelihood([0])); // log(1/2) = -0.693…
 * ```
 */
export function censoredModel(b: Float64Array, sigma: Matrix): CensoredModel {
  const likelihood = new CensoredLikelihood(
    "build the censored model",
    b,
    sigma,
  );
  const d = likelihood.d;
  const q = parameterCount(d);
  return {
    d,
    names: parameterNames(d),
    logLikelihood: (x) => {
      checkSample(x, d);
      return likelihood.logLikelihood(x);
    },
    score: (x, out) => {
      checkSample(x, d);
      if (out.length !== q) {
        throw new RangeError(
          `Cannot compute the score: out has ${out.length} entries, expected ${q}`,
        );
      }
      return likelihood.logLikelihood(x, out);
    },
  };
}

function checkSample(x: ArrayLike<number>, d: number): void {
  if (x.length !== d) {
    throw new RangeError(
      `Cannot evaluate the censored model: the sample has ${x.length} entries, expected ${d}`,
    );
  }
  for (let i = 0; i < d; i++) {
    if (!(x[i]! >= 0 && x[i]! < Infinity)) {
      throw new RangeError(
        `Cannot evaluate the censored model: x[${i}] = ${
          x[i]
        } is not a finite non-negative number`,
      );
    }
  }
}
