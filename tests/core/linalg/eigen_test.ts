import assert from "node:assert/strict";
import { symmetricEigen } from "../../../core/linalg/eigen.ts";
import { fromRows, type Matrix } from "../../../core/linalg/matrix.ts";
import { createPrng } from "../../../core/random/prng.ts";

function randomSymmetric(d: number, seed: number): Matrix {
  const prng = createPrng(seed);
  const data = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const x = 2 * prng() - 1;
      data[i * d + j] = x;
      data[j * d + i] = x;
    }
  }
  return { rows: d, cols: d, data };
}

/** ‖A − V Λ Vᵀ‖_F / ‖A‖_F and ‖VᵀV − I‖_F. */
function residuals(
  a: Matrix,
): { reconstruction: number; orthogonality: number } {
  const d = a.rows;
  const { values, vectors } = symmetricEigen(a);
  const v = vectors.data;
  let num = 0, den = 0, orth = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0, g = 0;
      for (let t = 0; t < d; t++) {
        s += v[i * d + t]! * values[t]! * v[j * d + t]!;
        g += v[t * d + i]! * v[t * d + j]!;
      }
      num += (a.data[i * d + j]! - s) ** 2;
      den += a.data[i * d + j]! ** 2;
      orth += (g - (i === j ? 1 : 0)) ** 2;
    }
  }
  return {
    reconstruction: den === 0 ? Math.sqrt(num) : Math.sqrt(num / den),
    orthogonality: Math.sqrt(orth),
  };
}

Deno.test("symmetricEigen() finds the eigenvalues of a 2 x 2 matrix", () => {
  const { values, vectors } = symmetricEigen(fromRows([[2, 1], [1, 2]]));
  assert.ok(Math.abs(values[0]! - 1) < 1e-14, `got ${values[0]}`);
  assert.ok(Math.abs(values[1]! - 3) < 1e-14, `got ${values[1]}`);
  // The eigenvector of 3 is ±(1, 1)/√2.
  assert.ok(Math.abs(Math.abs(vectors.data[1]!) - Math.SQRT1_2) < 1e-14);
  assert.ok(Math.abs(vectors.data[1]! - vectors.data[3]!) < 1e-14);
});

Deno.test("symmetricEigen() sorts a diagonal matrix and returns unit vectors", () => {
  const { values, vectors } = symmetricEigen(
    fromRows([[3, 0, 0], [0, -1, 0], [0, 0, 2]]),
  );
  assert.deepEqual(Array.from(values), [-1, 2, 3]);
  // Column 0 (value -1) is ±e_1.
  assert.equal(Math.abs(vectors.data[1 * 3 + 0]!), 1);
});

Deno.test("symmetricEigen() matches the closed form of the 1-d Laplacian", () => {
  // tridiag(-1, 2, -1) of size d has eigenvalues 2 - 2 cos(j π / (d + 1)).
  const d = 40;
  const data = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    data[i * d + i] = 2;
    if (i + 1 < d) data[i * d + i + 1] = data[(i + 1) * d + i] = -1;
  }
  const { values } = symmetricEigen({ rows: d, cols: d, data });
  for (let j = 1; j <= d; j++) {
    const expected = 2 - 2 * Math.cos((j * Math.PI) / (d + 1));
    assert.ok(
      Math.abs(values[j - 1]! - expected) < 1e-13,
      `eigenvalue ${j}: got ${values[j - 1]}, expected ${expected}`,
    );
  }
});

Deno.test("symmetricEigen() reconstructs random matrices to 1e-12", async (t) => {
  for (const d of [1, 2, 3, 7, 30, 100]) {
    await t.step(`d = ${d}`, () => {
      const r = residuals(randomSymmetric(d, d));
      assert.ok(r.reconstruction < 1e-12, `reconstruction ${r.reconstruction}`);
      assert.ok(r.orthogonality < 1e-12, `orthogonality ${r.orthogonality}`);
    });
  }
});

Deno.test("symmetricEigen() handles repeated, zero and graded spectra", async (t) => {
  await t.step("identity", () => {
    const d = 6;
    const data = new Float64Array(d * d);
    for (let i = 0; i < d; i++) data[i * d + i] = 1;
    const r = residuals({ rows: d, cols: d, data });
    assert.ok(r.reconstruction < 1e-15 && r.orthogonality < 1e-15);
  });
  await t.step("zero matrix", () => {
    const { values } = symmetricEigen(fromRows([[0, 0], [0, 0]]));
    assert.deepEqual(Array.from(values), [0, 0]);
  });
  await t.step("rank one, all ones", () => {
    const d = 5;
    const ones = { rows: d, cols: d, data: new Float64Array(d * d).fill(1) };
    const { values } = symmetricEigen(ones);
    assert.ok(Math.abs(values[d - 1]! - d) < 1e-13);
    for (let j = 0; j < d - 1; j++) assert.ok(Math.abs(values[j]!) < 1e-14);
    const r = residuals(ones);
    assert.ok(r.reconstruction < 1e-14 && r.orthogonality < 1e-14);
  });
  await t.step("eigenvalues 1e-8 to 1e8", () => {
    // Rotate diag(1e-8, 1, 1e8) by a Givens rotation in each plane.
    const a = fromRows([[1e-8, 0, 0], [0, 1, 0], [0, 0, 1e8]]);
    const c = Math.cos(0.3), s = Math.sin(0.3);
    const q = fromRows([[c, -s, 0], [s, c, 0], [0, 0, 1]]);
    const r2 = fromRows([[1, 0, 0], [0, c, -s], [0, s, c]]);
    const qr = mul(q, r2);
    const rotated = mul(mul(qr, a), transpose(qr));
    const { values } = symmetricEigen(rotated);
    // Relative accuracy is only guaranteed against ‖A‖ = 1e8.
    assert.ok(Math.abs(values[0]! - 1e-8) < 1e8 * 1e-15 * 10);
    assert.ok(Math.abs(values[1]! - 1) < 1e8 * 1e-15 * 10);
    assert.ok(Math.abs(values[2]! - 1e8) / 1e8 < 1e-14);
  });
});

Deno.test("symmetricEigen() converges on a matrix graded from 1 down to 1e-164", () => {
  // The Sigma_hat of data spanning 300 orders of magnitude, scaled to a
  // largest entry near 1: a Householder vector of entries near 1e-160 had
  // vᵀv underflow to 0, which filled T with NaN and stalled the QR steps.
  const a = fromRows([
    [3.93e-1, -4.02e-16, -1.98e-80, 0, 7.38e-83],
    [-4.02e-16, 4.1e-31, 2.02e-95, 0, -7.55e-98],
    [-1.98e-80, 2.02e-95, 9.95e-160, 0, -3.72e-162],
    [0, 0, 0, 0, 0],
    [7.38e-83, -7.55e-98, -3.72e-162, 0, 1.39e-164],
  ]);
  const { values } = symmetricEigen(a);
  assert.ok(values.every(Number.isFinite), String(values));
  // Against ‖A‖ ≈ 0.39: the largest eigenvalue to rounding, the others ≈ 0.
  assert.ok(Math.abs(values[4]! - 3.93e-1) < 1e-15);
  for (let j = 0; j < 4; j++) assert.ok(Math.abs(values[j]!) < 1e-15);
  const r = residuals(a);
  assert.ok(r.reconstruction < 1e-14 && r.orthogonality < 1e-14, String(r));
});

Deno.test("symmetricEigen() rejects non-square and non-finite input", () => {
  assert.throws(() => symmetricEigen(fromRows([[1, 2, 3], [4, 5, 6]])), {
    name: "RangeError",
    message: "Cannot compute eigenvalues: matrix is 2 x 3, not square",
  });
  assert.throws(() => symmetricEigen(fromRows([[1, NaN], [NaN, 1]])), {
    name: "RangeError",
    message: "Cannot compute eigenvalues: entry (1, 0) is not finite",
  });
});

function mul(a: Matrix, b: Matrix): Matrix {
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let t = 0; t < a.cols; t++) {
        s += a.data[i * a.cols + t]! * b.data[t * b.cols + j]!;
      }
      out[i * b.cols + j] = s;
    }
  }
  return { rows: a.rows, cols: b.cols, data: out };
}

function transpose(a: Matrix): Matrix {
  const out = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      out[j * a.rows + i] = a.data[i * a.cols + j]!;
    }
  }
  return { rows: a.cols, cols: a.rows, data: out };
}
