/**
 * Lower orthant probabilities P(w ≤ c) of a centred normal vector w ~ N(0, C)
 * in up to three dimensions: Φ, the bivariate CDF of `core/special`, and a
 * trivariate CDF by one-dimensional quadrature over a bivariate one.
 *
 * This module is browser compatible.
 * @module
 */
import { bivariateNormalCdf } from "../special/bivariate.ts";
import { normCdf } from "../special/normal.ts";
import { fillNormalNodes, normalRule } from "./_normal_nodes.ts";

/** Most dimensions `orthantProbability` handles. */
export const MAX_ORTHANT_DIMENSION = 3;

/**
 * The trivariate integrand varies on the scale √(1 − r²)/|r| of its pivot
 * correlations; 10 nodes on panels of a quarter standard deviation resolve
 * r up to about 0.99 to 1e-12.
 */
const TRIVARIATE_RULE = normalRule(0.25, 10);
const nodesT = new Float64Array(TRIVARIATE_RULE.maxNodes);
const nodesW = new Float64Array(TRIVARIATE_RULE.maxNodes);

/**
 * P(w ≤ c) for w ~ N(0, C), C positive definite.
 *
 * @param k dimension, 0 to 3 (k = 0 gives 1).
 * @param c upper limits, length ≥ k.
 * @param cov C, row-major k × k (stride k).
 */
export function orthantProbability(
  k: number,
  c: Float64Array,
  cov: Float64Array,
): number {
  switch (k) {
    case 0:
      return 1;
    case 1:
      return normCdf(c[0]! / Math.sqrt(cov[0]!));
    case 2: {
      const s0 = Math.sqrt(cov[0]!), s1 = Math.sqrt(cov[3]!);
      return bivariateNormalCdf(c[0]! / s0, c[1]! / s1, cov[1]! / (s0 * s1));
    }
    case 3: {
      const s0 = Math.sqrt(cov[0]!), s1 = Math.sqrt(cov[4]!);
      const s2 = Math.sqrt(cov[8]!);
      return trivariateNormalCdf(
        c[0]! / s0,
        c[1]! / s1,
        c[2]! / s2,
        cov[1]! / (s0 * s1),
        cov[2]! / (s0 * s2),
        cov[5]! / (s1 * s2),
      );
    }
    default:
      throw new RangeError(
        `Cannot compute an orthant probability in ${k} dimensions: at most ${MAX_ORTHANT_DIMENSION} are supported`,
      );
  }
}

/**
 * Φ3(h; R) = P(X0 ≤ h0, X1 ≤ h1, X2 ≤ h2) for standard normals with
 * correlations r01, r02, r12 (R positive definite), as
 * ∫_{−∞}^{h_j} φ(t) Φ2((h_a − r_aj t)/s_a, (h_b − r_bj t)/s_b; ρ_ab·j) dt
 * with s_a = √(1 − r_aj²) and the partial correlation ρ_ab·j, over the pivot
 * j whose correlations with the others are smallest (the smoothest
 * integrand). Absolute error about 1e-12; values below Φ(−9) ≈ 1e-19 come
 * out as 0.
 */
export function trivariateNormalCdf(
  h0: number,
  h1: number,
  h2: number,
  r01: number,
  r02: number,
  r12: number,
): number {
  const m0 = Math.max(Math.abs(r01), Math.abs(r02));
  const m1 = Math.max(Math.abs(r01), Math.abs(r12));
  const m2 = Math.max(Math.abs(r02), Math.abs(r12));
  // Pivot j, the others a and b, with r_aj, r_bj, r_ab.
  let hj = h0, ha = h1, hb = h2, raj = r01, rbj = r02, rab = r12;
  if (m1 < m0 && m1 <= m2) {
    hj = h1, ha = h0, hb = h2, raj = r01, rbj = r12, rab = r02;
  } else if (m2 < m0 && m2 < m1) {
    hj = h2, ha = h0, hb = h1, raj = r02, rbj = r12, rab = r01;
  }
  const sa = Math.sqrt((1 - raj) * (1 + raj));
  const sb = Math.sqrt((1 - rbj) * (1 + rbj));
  const rho = Math.max(-1, Math.min(1, (rab - raj * rbj) / (sa * sb)));
  const count = fillNormalNodes(
    TRIVARIATE_RULE,
    -Infinity,
    hj,
    nodesT,
    nodesW,
  );
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const t = nodesT[i]!;
    sum += nodesW[i]! *
      bivariateNormalCdf((ha - raj * t) / sa, (hb - rbj * t) / sb, rho);
  }
  return Math.min(1, Math.max(0, sum));
}
