import assert from "node:assert/strict";
import { maskedGram } from "../../../core/kernels/masked_gram.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { createPrng } from "../../../core/random/prng.ts";

Deno.test("maskedGram() matches naive sums over both-positive rows", () => {
  const prng = createPrng(5);
  const n = 200;
  const d = 4;
  const rows: number[][] = [];
  for (let r = 0; r < n; r++) {
    rows.push(
      Array.from({ length: d }, () => (prng() < 0.5 ? 0 : prng() * 3)),
    );
  }
  const x = fromRows(rows);
  const bins = 5;
  const g = maskedGram(x, { bins, higherMoments: true });
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let count = 0, sum = 0, sq = 0, cross = 0, m21 = 0, m31 = 0, m22 = 0;
      const hist = new Array(bins).fill(0);
      for (const row of rows) {
        const a = row[i];
        const b = row[j];
        if (a > 0 && b > 0) {
          count++;
          sum += a;
          sq += a * a;
          const bin = Math.min(bins - 1, Math.ceil(b / g.binWidth[j]) - 1);
          hist[bin]++;
        }
        cross += a * b;
        m21 += a * a * b;
        m31 += a * a * a * b;
        m22 += a * a * b * b;
      }
      const p = i * d + j;
      const close = (u: number, v: number) => Math.abs(u - v) < 1e-9;
      assert.equal(g.count[p], count);
      assert.ok(close(g.sum[p], sum) && close(g.sumSquares[p], sq));
      assert.ok(close(g.cross[p], cross) && close(g.squareCross[p], m21));
      assert.ok(close(g.cubeCross[p], m31) && close(g.squareSquare[p], m22));
      assert.deepEqual(
        Array.from(g.pairBins.subarray(p * bins, (p + 1) * bins)),
        hist,
      );
    }
  }
});

Deno.test("maskedGram() bins each column's positives and puts the maximum last", () => {
  const g = maskedGram(fromRows([[1, 0], [2, 4], [4, 0.5]]), { bins: 4 });
  // Column 0: width 1, bins (0,1], (1,2], (2,3], (3,4].
  assert.deepEqual(Array.from(g.columnBins.subarray(0, 4)), [1, 1, 0, 1]);
  assert.deepEqual(Array.from(g.binMean.subarray(0, 4)), [1, 2, 2.5, 4]);
  assert.equal(g.squareSquare[1], 0, "higher moments off by default");
  assert.throws(() => maskedGram(fromRows([[1]]), { bins: 1.5 }), {
    name: "RangeError",
    message: /bins must be a non-negative integer, got 1.5/,
  });
});
