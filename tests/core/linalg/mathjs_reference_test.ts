/**
 * core/linalg against mathjs (tests/core/_mathjs_reference.ts): eigenvalues
 * against mathjs's Jacobi solver, V Λ Vᵀ, VᵀV and the spectral inverse in
 * BigNumber arithmetic, gramOfRows and nnlsGram against exact products and
 * solves. Tolerances are the backward-error bounds of each computation,
 * scaled by the conditioning of the matrix at hand.
 */
import assert from "node:assert/strict";
import { symmetricEigen } from "../../../core/linalg/eigen.ts";
import { gramOfRows, type Matrix } from "../../../core/linalg/matrix.ts";
import { nnlsGram } from "../../../core/linalg/nnls.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { fillStandardNormal } from "../../../core/random/normal.ts";
import {
  big,
  bigDiag,
  bigIdentity,
  bigInverse,
  type BigMatrix,
  bigMul,
  bigOf,
  bigTranspose,
  C,
  EPS,
  frobenius,
  frobeniusDistance,
  jacobiEigen,
  spectralNorm,
  testMatrices,
  toBig,
} from "../_mathjs_reference.ts";

const MATRICES = testMatrices();

Deno.test("symmetricEigen() eigenvalues match mathjs's Jacobi method to C·d·ε·‖A‖₂", async (t) => {
  for (const { name, a } of MATRICES) {
    await t.step(name, () => {
      // Weyl: each method's eigenvalues are within its backward error
      // (≤ C d ε ‖A‖₂) of the exact ones, whatever the conditioning.
      const d = a.rows;
      const { values } = symmetricEigen(a);
      const reference = jacobiEigen(a).values;
      const tol = 2 * C * d * EPS * spectralNorm(reference);
      reference.forEach((r, i) => {
        assert.ok(
          Math.abs(values[i]! - r) <= tol,
          `eigenvalue ${i}: ${values[i]} vs ${r}, tolerance ${tol}`,
        );
      });
    });
  }
});

Deno.test("symmetricEigen() reconstructs A = V Λ Vᵀ with orthonormal V (BigNumber products)", async (t) => {
  for (const { name, a } of MATRICES) {
    await t.step(name, () => {
      const d = a.rows;
      const { values, vectors } = symmetricEigen(a);
      const A = toBig(a);
      const V = toBig(vectors);
      const vlv = bigMul(bigMul(V, bigDiag(values)), bigTranspose(V));
      const residual = frobeniusDistance(A, vlv);
      assert.ok(
        residual <= C * d * EPS * frobenius(A),
        `‖A − V Λ Vᵀ‖_F = ${residual}`,
      );
      const orthogonality = frobeniusDistance(
        bigMul(bigTranspose(V), V),
        bigIdentity(d),
      );
      assert.ok(orthogonality <= C * d * EPS, `‖VᵀV − I‖_F = ${orthogonality}`);
    });
  }
});

Deno.test("V Λ⁻¹ Vᵀ from symmetricEigen() matches mathjs's BigNumber inverse to C·d·ε·κ", async (t) => {
  for (const { name, a, kind } of MATRICES) {
    if (kind !== "spd") continue;
    await t.step(name, () => {
      // A backward error E (‖E‖ ≤ C d ε ‖A‖) moves the inverse by at most
      // κ ‖E‖ / ‖A‖ relative; κ_F = ‖A‖_F ‖A⁻¹‖_F bounds κ₂.
      const d = a.rows;
      const { values, vectors } = symmetricEigen(a);
      const A = toBig(a);
      const inverse = bigInverse(A);
      const kappa = frobenius(A) * frobenius(inverse);
      const V = toBig(vectors);
      const spectral = bigMul(
        bigMul(V, bigDiag(Array.from(values, (v) => 1 / v))),
        bigTranspose(V),
      );
      const error = frobeniusDistance(spectral, inverse) / frobenius(inverse);
      assert.ok(
        error <= C * d * EPS * kappa,
        `relative error ${error}, kappa ${kappa}`,
      );
    });
  }
});

Deno.test("gramOfRows() matches exact products to the dot-product rounding bound", () => {
  const prng = createPrng(5);
  for (const [d, k] of [[1, 1], [3, 7], [12, 5], [20, 40]]) {
    const data = fillStandardNormal(prng, new Float64Array(d! * k!));
    // Columns scaled from 1e-6 to 1e6, so entries mix very different terms.
    for (let i = 0; i < data.length; i++) {
      data[i] = data[i]! * 10 ** (((i % k!) / Math.max(k! - 1, 1)) * 12 - 6);
    }
    const a: Matrix = { rows: d!, cols: k!, data };
    const g = gramOfRows(a);
    const A = toBig(a);
    const exact = bigMul(A, bigTranspose(A));
    for (let i = 0; i < d!; i++) {
      for (let j = 0; j < d!; j++) {
        // |fl(Σ x y) − Σ x y| ≤ γ_k Σ |x y|, γ_k = k ε / (1 − k ε).
        let abs = 0;
        for (let t = 0; t < k!; t++) {
          abs += Math.abs(data[i * k! + t]! * data[j * k! + t]!);
        }
        const error = Math.abs(
          g.data[i * d! + j]! - (big.number(exact[i]![j]!) as number),
        );
        assert.ok(
          error <= 1.01 * k! * EPS * abs,
          `(${d} x ${k}), entry (${i}, ${j}): error ${error}`,
        );
      }
    }
  }
});

/** Q = Hᵀ H for a Gaussian H (rows x m) whose columns are scaled by `scales`. */
function gramProblem(m: number, rows: number, scales: number[], seed: number) {
  const prng = createPrng(seed);
  const h = fillStandardNormal(prng, new Float64Array(rows * m));
  for (let i = 0; i < h.length; i++) h[i] = h[i]! * scales[i % m]!;
  const q = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += h[r * m + a]! * h[r * m + b]!;
      q[a * m + b] = s;
    }
  }
  return { rows: m, cols: m, data: q } as Matrix;
}

function bigSolve(q: BigMatrix, c: number[]): number[] {
  const x = big.lusolve(q, c.map((v) => [bigOf(v)])) as BigMatrix;
  return x.map((row) => big.number(row[0]!) as number);
}

Deno.test("nnlsGram() solves interior problems like mathjs's exact solve, to C·m·ε·κ", async (t) => {
  for (
    const [m, decades, seed] of [[3, 0, 1], [6, 2, 2], [10, 4, 3], [8, 8, 4]]
  ) {
    await t.step(`m = ${m}, column scales over ${decades} decades`, () => {
      const scales = Array.from(
        { length: m! },
        (_, i) => 10 ** (decades! * (i / Math.max(m! - 1, 1) - 0.5)),
      );
      const q = gramProblem(m!, m! + 6, scales, seed!);
      // c = Q x* for a positive x*, so the constraints are inactive.
      const c = new Float64Array(m!);
      for (let i = 0; i < m!; i++) {
        for (let j = 0; j < m!; j++) {
          c[i] = c[i]! + q.data[i * m! + j]! * (1 + j) / scales[j]!;
        }
      }
      const { x, converged } = nnlsGram(q, c);
      assert.ok(converged);
      const Q = toBig(q);
      const exact = bigSolve(Q, Array.from(c));
      const kappa = frobenius(Q) * frobenius(bigInverse(Q));
      let num = 0, den = 0;
      exact.forEach((v, i) => {
        num += (x[i]! - v) ** 2;
        den += v * v;
      });
      const error = Math.sqrt(num / den);
      assert.ok(
        error <= C * m! * EPS * kappa,
        `relative error ${error}, kappa ${kappa}`,
      );
    });
  }
});

Deno.test("nnlsGram() with active constraints: free part is the exact solve, KKT holds in exact arithmetic", () => {
  for (let seed = 1; seed <= 12; seed++) {
    const m = 2 + (seed % 7);
    const q = gramProblem(m, m + 3, new Array(m).fill(1), 100 + seed);
    const prng = createPrng(200 + seed);
    const c = Float64Array.from({ length: m }, () => 2 * prng() - 1);
    const { x, converged } = nnlsGram(q, c);
    assert.ok(converged, `seed ${seed}`);
    const free = [...x.keys()].filter((i) => x[i]! > 0);
    const Q = toBig(q);
    const kappa = frobenius(Q) * frobenius(bigInverse(Q));
    const scale = Math.max(...Array.from(c, Math.abs));
    if (free.length > 0) {
      const qff = free.map((i) => free.map((j) => Q[i]![j]!));
      const exact = bigSolve(qff, free.map((i) => c[i]!));
      free.forEach((i, k) => {
        assert.ok(
          Math.abs(x[i]! - exact[k]!) <=
            C * m * EPS * kappa * Math.max(...exact.map(Math.abs)),
          `seed ${seed}: x[${i}] = ${x[i]}, exact ${exact[k]}`,
        );
      });
    }
    // Gradient c − Q x in exact arithmetic: ≈ 0 where x > 0 (a backward
    // stable solve leaves a residual ≤ C m ε (Σ_j |Q_ij x_j| + |c_i|)), ≤ 0
    // where x = 0 (up to the solver's tolerance 1e-12 · max|c|).
    const qx = bigMul(Q, Array.from(x, (v) => [bigOf(v)]));
    for (let i = 0; i < m; i++) {
      const g = c[i]! - (big.number(qx[i]![0]!) as number);
      if (x[i]! > 0) {
        let size = Math.abs(c[i]!);
        for (let j = 0; j < m; j++) {
          size += Math.abs(q.data[i * m + j]! * x[j]!);
        }
        assert.ok(Math.abs(g) <= C * m * EPS * size, `seed ${seed}: g ${g}`);
      } else {
        assert.ok(g <= 1e-12 * scale, `seed ${seed}: bound ${i} has g ${g}`);
      }
    }
  }
});
