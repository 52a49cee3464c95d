/** Truths and helpers shared by the Fisher-information tests. */
import { fromRows, type Matrix } from "../../../core/linalg/matrix.ts";
import { parameterNames } from "../../../core/fisher/parameter_names.ts";

/** A truth (b, Σ) of the censored Gaussian. */
export interface Params {
  readonly b: Float64Array;
  readonly sigma: Matrix;
}

export const D1: Params = {
  b: Float64Array.of(-0.4),
  sigma: fromRows([[1.7]]),
};
export const D2: Params = {
  b: Float64Array.of(0.3, -0.2),
  sigma: fromRows([[1, 0.6], [0.6, 2]]),
};
export const D3: Params = {
  b: Float64Array.of(0.3, -0.2, 0.5),
  sigma: fromRows([[1, 0.5, 0.2], [0.5, 1.5, 0.3], [0.2, 0.3, 0.8]]),
};

/**
 * (b, Σ) with parameter `index` of θ = (b, vech Σ) moved by `h` (an
 * off-diagonal Σ_ij moves Σ_ji with it).
 */
export function perturbed(p: Params, index: number, h: number): Params {
  const d = p.b.length;
  const b = Float64Array.from(p.b);
  const data = Float64Array.from(p.sigma.data);
  if (index < d) {
    b[index]! += h;
  } else {
    const [i, j] = sigmaEntry(d, index);
    data[i * d + j]! += h;
    if (i !== j) data[j * d + i]! += h;
  }
  return { b, sigma: { rows: d, cols: d, data } };
}

/** (i, j) of the Σ parameter at θ index `index` (≥ d). */
export function sigmaEntry(d: number, index: number): [number, number] {
  let at = d;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      if (at++ === index) return [i, j];
    }
  }
  throw new RangeError(`no parameter ${index} at d = ${d}`);
}

export { parameterNames };
