import assert from "node:assert/strict";
import { gram } from "../../../core/kernels/gram.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { createPrng } from "../../../core/random/prng.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";

/** XᵀX / n by the textbook triple loop. */
function naiveGram(x: Matrix): Float64Array {
  const { rows: n, cols: d, data } = x;
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += data[r * d + i] * data[r * d + j];
      out[i * d + j] = s / n;
    }
  }
  return out;
}

/** Rectified-looking data: about `zeroShare` of the entries are exactly 0. */
function sparseData(
  n: number,
  d: number,
  zeroShare: number,
  seed: number,
): Matrix {
  const prng = createPrng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) {
    data[i] = prng() < zeroShare ? 0 : 3 * prng();
  }
  return { rows: n, cols: d, data };
}

function assertMatches(x: Matrix, what: string): void {
  const fast = gram(x);
  const slow = naiveGram(x);
  assert.equal(fast.rows, x.cols);
  assert.equal(fast.cols, x.cols);
  for (let i = 0; i < slow.length; i++) {
    // Both sum the same products in different orders: rounding differs by
    // at most ~n ε times the entry (n ≤ 3000 here, so ≤ 1e-12 relative).
    assert.ok(
      Math.abs(fast.data[i] - slow[i]) <=
        1e-12 * Math.max(1, Math.abs(slow[i])),
      `${what}: entry ${i} got ${fast.data[i]}, expected ${slow[i]}`,
    );
  }
}

Deno.test("gram() computes XᵀX / n of a small matrix", () => {
  const g = gram(fromRows([[1, 2], [3, 0]]));
  assert.deepEqual(Array.from(g.data), [5, 1, 1, 2]);
});

Deno.test("gram() matches the naive product across tiles and chunks", () => {
  assertMatches(sparseData(257, 5, 0.5, 1), "d = 5");
  assertMatches(sparseData(40, 1, 0.3, 2), "d = 1");
  // d = 150 spans three 64-column tiles, one partial; n d > one chunk of rows.
  assertMatches(sparseData(1000, 150, 0.5, 3), "d = 150");
  assertMatches(sparseData(300, 70, 0, 4), "dense, two tiles");
  assertMatches(sparseData(50, 9, 1, 5), "all zeros");
});

Deno.test("gram() is exactly symmetric", () => {
  const g = gram(sparseData(500, 20, 0.4, 6));
  for (let i = 0; i < 20; i++) {
    for (let j = 0; j < 20; j++) {
      assert.equal(g.data[i * 20 + j], g.data[j * 20 + i]);
    }
  }
});

Deno.test("gram() rejects data without rows", () => {
  assert.throws(() => gram({ rows: 0, cols: 3, data: new Float64Array(0) }), {
    name: "RangeError",
    message: "Cannot compute the Gram matrix: the data has 0 rows",
  });
});
