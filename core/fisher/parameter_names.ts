/**
 * Names of the parameters θ = (b, vech Σ) of the censored Gaussian.
 *
 * This module is browser compatible.
 * @module
 */

/**
 * Names of θ for dimension d, in the order every function of this folder
 * uses: b1..bd, then the upper triangle of Σ row by row (Sigma11, Sigma12,
 * …, Sigma1d, Sigma22, …, Sigmadd), 1-based; indices are separated by a
 * comma from d = 10 on (Sigma1,10).
 *
 * @example
 * ```ts
 * import { parameterNames } from "./parameter_names.ts";
 * console.log(parameterNames(2)); // ["b1", "b2", "Sigma11", "Sigma12", "Sigma22"]
 * ```
 */
export function parameterNames(d: number): string[] {
  const sep = d >= 10 ? "," : "";
  const names: string[] = [];
  for (let i = 1; i <= d; i++) names.push(`b${i}`);
  for (let i = 1; i <= d; i++) {
    for (let j = i; j <= d; j++) names.push(`Sigma${i}${sep}${j}`);
  }
  return names;
}
