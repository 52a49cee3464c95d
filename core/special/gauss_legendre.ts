/**
 * Gauss–Legendre quadrature rules, for integrals of smooth functions over a
 * finite interval.
 *
 * This module is browser compatible.
 * @module
 */

/** Nodes and weights of a quadrature rule on [−1, 1]. */
export interface QuadratureRule {
  /** Nodes in (−1, 1), descending. */
  readonly nodes: Float64Array;
  /** Weights, summing to 2. */
  readonly weights: Float64Array;
}

/**
 * The n-point Gauss–Legendre rule on [−1, 1]: exact for polynomials of degree
 * up to 2n − 1. Nodes are the roots of the Legendre polynomial P_n, found by
 * Newton's method from the Chebyshev-like guess cos(π (i + 3/4) / (n + 1/2));
 * accurate to about 1e-15 for n up to a few hundred.
 *
 * @param n number of nodes, a positive integer.
 * @returns the nodes (descending) and their weights.
 * @throws {RangeError} when n is not a positive integer.
 *
 * @example ∫ x² dx over [−1, 1] = 2/3
 * ```ts
 * import { gaussLegendre } from "./gauss_legendre.ts";
 * const { nodes, weights } = gaussLegendre(3);
 * let s = 0;
 * for (let i = 0; i < 3; i++) s += weights[i]! * nodes[i]! ** 2;
 * console.log(s); // 0.6666666666666666 (up to rounding)
 * ```
 */
export function gaussLegendre(n: number): QuadratureRule {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(
      `Cannot build a Gauss–Legendre rule: n must be a positive integer, got ${n}`,
    );
  }
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Newton on P_n from the Chebyshev-like initial guess of the i-th root.
    let x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let m = 2; m <= n; m++) {
        const p2 = ((2 * m - 1) * x * p1 - (m - 1) * p0) / m;
        p0 = p1;
        p1 = p2;
      }
      dp = n * (x * p1 - p0) / (x * x - 1);
      const step = p1 / dp;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}
