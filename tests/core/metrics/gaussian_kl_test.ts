import assert from "node:assert/strict";
import { fromRows, type Matrix } from "../../../core/linalg/matrix.ts";
import { gaussianKl } from "../../../core/metrics/gaussian_kl.ts";

function diag(values: number[]): Matrix {
  const d = values.length;
  const data = new Float64Array(d * d);
  values.forEach((v, i) => (data[i * d + i] = v));
  return { rows: d, cols: d, data };
}

/** Q A Qᵀ for the orthogonal Q of a rotation by `angle` in planes (0,1), (1,2). */
function rotate(a: Matrix, angle: number): { q: Matrix; out: Matrix } {
  const d = a.rows;
  const q = new Float64Array(d * d);
  for (let i = 0; i < d; i++) q[i * d + i] = 1;
  const c = Math.cos(angle), s = Math.sin(angle);
  for (const [p, r] of [[0, 1], [1, 2]]) {
    // q <- q G with G a Givens rotation in plane (p, r).
    for (let i = 0; i < d; i++) {
      const u = q[i * d + p]!, v = q[i * d + r]!;
      q[i * d + p] = c * u + s * v;
      q[i * d + r] = c * v - s * u;
    }
  }
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let t = 0; t < d; t++) {
        for (let u = 0; u < d; u++) {
          sum += q[i * d + t]! * a.data[t * d + u]! * q[j * d + u]!;
        }
      }
      out[i * d + j] = sum;
    }
  }
  return {
    q: { rows: d, cols: d, data: q },
    out: { rows: d, cols: d, data: out },
  };
}

function apply(q: Matrix, x: number[]): Float64Array {
  const d = x.length;
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) out[i] = out[i]! + q.data[i * d + j]! * x[j]!;
  }
  return out;
}

/** KL between diagonal normals: ½ Σ (s0/s1 + (m1 − m0)²/s1 − 1 + ln(s1/s0)). */
function klDiagonal(
  m0: number[],
  s0: number[],
  m1: number[],
  s1: number[],
): number {
  let sum = 0;
  for (let i = 0; i < m0.length; i++) {
    sum += s0[i]! / s1[i]! + (m1[i]! - m0[i]!) ** 2 / s1[i]! - 1 +
      Math.log(s1[i]! / s0[i]!);
  }
  return sum / 2;
}

Deno.test("gaussianKl() is 0 between a normal and itself", () => {
  const s = fromRows([[2, 0.5, 0], [0.5, 1, 0.3], [0, 0.3, 3]]);
  const mu = new Float64Array([1, -2, 0.5]);
  const kl = gaussianKl(mu, s, mu, s);
  assert.ok(kl.defined);
  assert.ok(kl.value < 1e-14, `KL ${kl.value}`);
});

Deno.test("gaussianKl() matches KL(N(0,1) ‖ N(1,1)) = 1/2", () => {
  const kl = gaussianKl(
    new Float64Array([0]),
    fromRows([[1]]),
    new Float64Array([1]),
    fromRows([[1]]),
  );
  assert.deepEqual(kl, { defined: true, value: 0.5 });
});

Deno.test("gaussianKl() matches the diagonal closed form, also after rotation", () => {
  const m0 = [0, 1, -1], s0 = [1, 2, 0.5];
  const m1 = [0.5, 0, 2], s1 = [3, 0.25, 1];
  const expected = klDiagonal(m0, s0, m1, s1);
  const plain = gaussianKl(
    new Float64Array(m0),
    diag(s0),
    new Float64Array(m1),
    diag(s1),
  );
  assert.ok(plain.defined);
  assert.ok(Math.abs(plain.value - expected) < 1e-13 * expected);
  // KL is invariant under x -> Q x applied to both normals.
  const r0 = rotate(diag(s0), 0.7), r1 = rotate(diag(s1), 0.7);
  const rotated = gaussianKl(apply(r0.q, m0), r0.out, apply(r1.q, m1), r1.out);
  assert.ok(rotated.defined);
  assert.ok(
    Math.abs(rotated.value - expected) < 1e-12 * expected,
    `got ${rotated.value}, expected ${expected}`,
  );
});

Deno.test("gaussianKl() reports a covariance that is not positive definite", () => {
  const good = fromRows([[1, 0], [0, 1]]);
  const indefinite = fromRows([[1, 2], [2, 1]]); // eigenvalues -1, 3
  const mu = new Float64Array(2);
  assert.deepEqual(gaussianKl(mu, good, mu, indefinite), {
    defined: false,
    reason: "S1 is not positive definite (smallest eigenvalue -1)",
  });
  const singular = gaussianKl(mu, fromRows([[1, 1], [1, 1]]), mu, good);
  assert.equal(singular.defined, false);
  assert.match(
    (singular as { reason: string }).reason,
    /^S0 is not positive definite \(smallest eigenvalue /,
  );
});

Deno.test("gaussianKl() rejects mismatched shapes", () => {
  assert.throws(
    () =>
      gaussianKl(
        new Float64Array(2),
        fromRows([[1]]),
        new Float64Array(2),
        fromRows([[1, 0], [0, 1]]),
      ),
    {
      name: "RangeError",
      message:
        "Cannot compute a KL divergence: S0 is 1 x 1 but the mean has length 2",
    },
  );
});
