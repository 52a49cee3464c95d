import assert from "node:assert/strict";
import { columnStats } from "../../../core/kernels/column_stats.ts";
import { createPrng, fromRows, matrix } from "../../_helpers.ts";

Deno.test("columnStats() matches per-column loops on random data", () => {
  const prng = createPrng(7);
  const n = 101, d = 4;
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) {
    data[i] = prng() < 0.4 ? 0 : 3 * prng();
  }
  const s = columnStats(matrix(n, d, data));
  assert.equal(s.n, n);
  assert.equal(s.d, d);
  for (let j = 0; j < d; j++) {
    const col = Array.from({ length: n }, (_, r) => data[r * d + j]);
    const pos = col.filter((v) => v > 0);
    assert.equal(s.zeros[j], n - pos.length);
    assert.equal(s.positives[j], pos.length);
    assert.ok(
      Math.abs(s.sum[j] - pos.reduce((a, v) => a + v, 0)) < 1e-12,
    );
    assert.ok(
      Math.abs(s.sumSquares[j] - pos.reduce((a, v) => a + v * v, 0)) < 1e-12,
    );
    assert.equal(s.min[j], Math.min(...col));
    assert.equal(s.max[j], Math.max(...col));
    assert.equal(s.minPositive[j], Math.min(...pos));
  }
});

Deno.test("columnStats() handles all-zero and constant columns", () => {
  const s = columnStats(fromRows([[0, 2.5], [0, 2.5], [0, 2.5]]));
  assert.deepEqual(Array.from(s.zeros), [3, 0]);
  assert.deepEqual(Array.from(s.positives), [0, 3]);
  assert.equal(s.minPositive[0], Infinity);
  assert.equal(s.min[1], 2.5);
  assert.equal(s.max[1], 2.5);
  assert.equal(s.sum[1], 7.5);
});

Deno.test("columnStats() rejects negative and non-finite entries by row and column", () => {
  for (const bad of [-1, NaN, Infinity, -Infinity]) {
    assert.throws(
      () => columnStats(fromRows([[0, 1], [2, bad]])),
      {
        name: "RangeError",
        message:
          `Cannot compute column statistics: entry at row 1, column 1 is ${bad}; samples must be finite and non-negative`,
      },
    );
  }
  assert.throws(
    () => columnStats(fromRows([[-0.5]]), { action: "fit" }),
    { name: "RangeError", message: /^Cannot fit: entry at row 0, column 0/ },
  );
});
