import { assertClose } from "../../_helpers.ts";
import { TruncatedMoments } from "../../../core/fisher/_truncated_moments.ts";
import { gaussLegendre } from "../../../core/special/gauss_legendre.ts";

/**
 * P, E[w] and E[w wᵀ] of N(0, C) on the box w_i ∈ [−10 √C_ii, c_i], by a
 * product Gauss–Legendre rule (panels × 10 nodes per axis) on the density:
 * a method independent of the face formulas.
 */
function bruteMoments(
  c: readonly number[],
  cov: readonly number[],
  panels: number,
) {
  const k = c.length;
  const inv = invert(cov, k);
  let det = cov[0]!;
  if (k === 2) det = cov[0]! * cov[3]! - cov[1]! * cov[2]!;
  if (k === 3) det = determinant3(cov);
  const norm = 1 / Math.sqrt((2 * Math.PI) ** k * det);
  const rule = gaussLegendre(10);
  const axes = c.map((ci, i) => {
    const lo = -10 * Math.sqrt(cov[i * k + i]!);
    const h = (ci - lo) / panels;
    const t: number[] = [], w: number[] = [];
    for (let p = 0; p < panels; p++) {
      for (let j = 0; j < 10; j++) {
        t.push(lo + (p + 0.5) * h + 0.5 * h * rule.nodes[j]!);
        w.push(0.5 * h * rule.weights[j]!);
      }
    }
    return { t, w };
  });
  let prob = 0;
  const mean = new Array(k).fill(0), second = new Array(k * k).fill(0);
  const point = new Array(k).fill(0);
  const visit = (axis: number, weight: number) => {
    if (axis === k) {
      let q = 0;
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) q += point[a] * inv[a * k + b]! * point[b];
      }
      const f = weight * norm * Math.exp(-0.5 * q);
      prob += f;
      for (let a = 0; a < k; a++) {
        mean[a] += f * point[a];
        for (let b = 0; b < k; b++) {
          second[a * k + b] += f * point[a] * point[b];
        }
      }
      return;
    }
    const { t, w } = axes[axis]!;
    for (let i = 0; i < t.length; i++) {
      point[axis] = t[i]!;
      visit(axis + 1, weight * w[i]!);
    }
  };
  visit(0, 1);
  return {
    prob,
    mean: mean.map((m) => m / prob),
    second: second.map((s) => s / prob),
  };
}

function determinant3(m: readonly number[]): number {
  return m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
    m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
    m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
}

function invert(m: readonly number[], k: number): number[] {
  if (k === 1) return [1 / m[0]!];
  if (k === 2) {
    const det = m[0]! * m[3]! - m[1]! * m[2]!;
    return [m[3]! / det, -m[1]! / det, -m[2]! / det, m[0]! / det];
  }
  const det = determinant3(m);
  const out = new Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      // Cofactor of (j, i) over the determinant.
      const r = [0, 1, 2].filter((x) => x !== j);
      const s = [0, 1, 2].filter((x) => x !== i);
      const minor = m[r[0]! * 3 + s[0]!]! * m[r[1]! * 3 + s[1]!]! -
        m[r[0]! * 3 + s[1]!]! * m[r[1]! * 3 + s[0]!]!;
      out[i * 3 + j] = ((i + j) % 2 === 0 ? 1 : -1) * minor / det;
    }
  }
  return out;
}

function check(
  c: readonly number[],
  cov: readonly number[],
  panels: number,
  tol: number,
): void {
  const k = c.length;
  const work = new TruncatedMoments();
  work.compute(k, Float64Array.from(c), Float64Array.from(cov), true);
  const brute = bruteMoments(c, cov, panels);
  const what = `c = [${c}], C = [${cov}]`;
  assertClose(work.probability, brute.prob, tol, `${what}: P`);
  assertClose(work.logProbability, Math.log(brute.prob), tol, `${what}: log P`);
  for (let a = 0; a < k; a++) {
    assertClose(work.mean[a]!, brute.mean[a]!, tol, `${what}: E[w${a}]`);
    for (let b = 0; b < k; b++) {
      assertClose(
        work.second[a * k + b]!,
        brute.second[a * k + b]!,
        tol,
        `${what}: E[w${a} w${b}]`,
      );
    }
  }
}

Deno.test("TruncatedMoments matches a product-rule integral of the density in 1 and 2 dimensions", () => {
  check([0.3], [2], 20, 1e-12);
  check([-2.5], [0.5], 20, 1e-12);
  check([0.4, -0.3], [1, 0.5, 0.5, 2], 20, 1e-11);
  check([-1, 1.5], [1.5, -0.9, -0.9, 1], 20, 1e-11);
  check([0.2, 0.1], [1, 0.95, 0.95, 1], 30, 1e-10);
});

Deno.test("TruncatedMoments matches a product-rule integral of the density in 3 dimensions", () => {
  check([0.3, -0.5, 1], [1, 0.5, 0.2, 0.5, 1.5, 0.3, 0.2, 0.3, 0.8], 6, 1e-9);
  check(
    [-0.8, 0.2, -0.1],
    [2, -0.6, 0.4, -0.6, 1, 0.5, 0.4, 0.5, 1.2],
    6,
    1e-9,
  );
});
