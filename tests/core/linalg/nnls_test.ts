import assert from "node:assert/strict";
import { fromRows, type Matrix } from "../../../core/linalg/matrix.ts";
import { nnlsGram } from "../../../core/linalg/nnls.ts";
import { createPrng } from "../../../core/random/prng.ts";

/** Q = Hᵀ H and c = Hᵀ y for a random (rows x m) H and a random y. */
function randomProblem(m: number, rows: number, seed: number) {
  const prng = createPrng(seed);
  const h = new Float64Array(rows * m);
  for (let i = 0; i < h.length; i++) h[i] = prng() * 2 - 1;
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) y[i] = prng() * 2 - 1;
  const q = new Float64Array(m * m);
  const c = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    for (let r = 0; r < rows; r++) c[a] = c[a]! + h[r * m + a]! * y[r]!;
    for (let b = 0; b < m; b++) {
      for (let r = 0; r < rows; r++) {
        q[a * m + b] = q[a * m + b]! + h[r * m + a]! * h[r * m + b]!;
      }
    }
  }
  return { q: { rows: m, cols: m, data: q } as Matrix, c };
}

function objective(q: Matrix, c: Float64Array, x: Float64Array): number {
  const m = c.length;
  let v = 0;
  for (let i = 0; i < m; i++) {
    v -= c[i]! * x[i]!;
    for (let j = 0; j < m; j++) v += 0.5 * x[i]! * q.data[i * m + j]! * x[j]!;
  }
  return v;
}

/** Slow reference: best feasible unconstrained solve over every free set. */
function bruteForce(q: Matrix, c: Float64Array): number {
  const m = c.length;
  let best = 0; // x = 0
  for (let mask = 1; mask < 1 << m; mask++) {
    const idx = [...Array(m).keys()].filter((i) => mask & (1 << i));
    const p = idx.length;
    // Gaussian elimination on the free block.
    const a = idx.map((i) => idx.map((j) => q.data[i * m + j]!));
    const rhs = idx.map((i) => c[i]!);
    for (let k = 0; k < p; k++) {
      for (let r = k + 1; r < p; r++) {
        const f = a[r]![k]! / a[k]![k]!;
        for (let t = k; t < p; t++) a[r]![t]! -= f * a[k]![t]!;
        rhs[r]! -= f * rhs[k]!;
      }
    }
    const sol = new Array<number>(p).fill(0);
    for (let k = p - 1; k >= 0; k--) {
      let s = rhs[k]!;
      for (let t = k + 1; t < p; t++) s -= a[k]![t]! * sol[t]!;
      sol[k] = s / a[k]![k]!;
    }
    if (sol.some((v) => v < 0)) continue;
    const x = new Float64Array(m);
    idx.forEach((i, k) => (x[i] = sol[k]!));
    best = Math.min(best, objective(q, c, x));
  }
  return best;
}

Deno.test("nnlsGram() returns the unconstrained solution when it is non-negative", () => {
  const q = fromRows([[4, 1], [1, 3]]);
  // Q [1, 2] = [6, 7]
  const { x, converged } = nnlsGram(q, Float64Array.of(6, 7));
  assert.ok(converged);
  assert.ok(Math.abs(x[0]! - 1) < 1e-14 && Math.abs(x[1]! - 2) < 1e-14);
});

Deno.test("nnlsGram() binds a variable whose unconstrained value is negative", () => {
  const { x } = nnlsGram(fromRows([[1, 0], [0, 1]]), Float64Array.of(2, -1));
  assert.deepEqual(Array.from(x), [2, 0]);
  const zero = nnlsGram(fromRows([[2, 0], [0, 1]]), Float64Array.of(-1, -3));
  assert.deepEqual(Array.from(zero.x), [0, 0]);
});

Deno.test("nnlsGram() matches a brute-force search over free sets and meets KKT", () => {
  for (let seed = 1; seed <= 40; seed++) {
    const m = 1 + (seed % 6);
    const { q, c } = randomProblem(m, m + 4, seed);
    const { x, converged } = nnlsGram(q, c);
    assert.ok(converged, `seed ${seed}`);
    const value = objective(q, c, x);
    const best = bruteForce(q, c);
    assert.ok(
      Math.abs(value - best) <= 1e-10 * (1 + Math.abs(best)),
      `seed ${seed}: objective ${value}, brute force ${best}`,
    );
    for (let i = 0; i < m; i++) {
      assert.ok(x[i]! >= 0);
      let g = c[i]!;
      for (let j = 0; j < m; j++) g -= q.data[i * m + j]! * x[j]!;
      // Free variables have zero gradient, bound ones a non-positive one.
      if (x[i]! > 0) assert.ok(Math.abs(g) < 1e-9, `seed ${seed}: g ${g}`);
      else assert.ok(g < 1e-9, `seed ${seed}: g ${g}`);
    }
  }
});

Deno.test("nnlsGram() rejects mismatched shapes and non-finite input", () => {
  assert.throws(
    () => nnlsGram(fromRows([[1, 0], [0, 1]]), Float64Array.of(1)),
    {
      name: "RangeError",
      message: "Cannot solve NNLS: Q is 2 x 2 but c has 1 entries",
    },
  );
  assert.throws(
    () => nnlsGram(fromRows([[1]]), Float64Array.of(NaN)),
    { name: "RangeError", message: "Cannot solve NNLS: c[0] is not finite" },
  );
});
