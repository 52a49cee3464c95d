import assert from "node:assert/strict";
import {
  countJointExceedances,
  packExceedances,
} from "../../../core/kernels/cooccurrence.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import { createPrng, fromRows, matrix } from "../../_helpers.ts";

/** Literal per-pair loop over all rows (the reference's double loop). */
function naiveCounts(x: Matrix, t: Float64Array): Float64Array {
  const { rows: n, cols: d, data } = x;
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let c = 0;
      for (let r = 0; r < n; r++) {
        if (data[r * d + i] > t[i] && data[r * d + j] > t[j]) c++;
      }
      out[i * d + j] = c;
    }
  }
  return out;
}

/** Values on a coarse grid so that many land exactly on the thresholds. */
function gridData(n: number, d: number, seed: number): Matrix {
  const prng = createPrng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(prng() * 4) / 2;
  return matrix(n, d, data);
}

Deno.test("countJointExceedances() equals the naive pair loop", async (t) => {
  // Sizes cover n below, at and off multiples of 32, runs of the 8-word
  // counter with remainders, more than one 64-column block and d = 1.
  const shapes: [number, number][] = [
    [1, 1],
    [31, 3],
    [32, 2],
    [33, 5],
    [257, 7],
    [1000, 1],
    [1111, 70],
    [33000, 3],
  ];
  for (const [n, d] of shapes) {
    await t.step(`n = ${n}, d = ${d}`, () => {
      const x = gridData(n, d, n * 31 + d);
      const prng = createPrng(d);
      const thresholds = new Float64Array(d);
      for (let j = 0; j < d; j++) thresholds[j] = Math.floor(prng() * 3) / 2;
      assert.deepEqual(
        countJointExceedances(x, thresholds),
        naiveCounts(x, thresholds),
      );
    });
  }
});

Deno.test("countJointExceedances() uses strict inequality at ties", () => {
  const x = fromRows([[1, 1], [1, 2], [2, 2], [0, 1]]);
  const c = countJointExceedances(x, new Float64Array([1, 1]));
  // Only row 2 exceeds in column 0; rows 1 and 2 in column 1.
  assert.deepEqual(Array.from(c), [1, 1, 1, 2]);
});

Deno.test("packExceedances() leaves unused high bits at zero", () => {
  const x = matrix(33, 1, new Float64Array(33).fill(1));
  const p = packExceedances(x, new Float64Array([0]));
  assert.equal(p.words, 2);
  assert.equal(p.bits[0], 0xffffffff);
  assert.equal(p.bits[1], 1);
});

Deno.test("countJointExceedances() rejects a threshold count that is not d", () => {
  assert.throws(
    () => countJointExceedances(fromRows([[1, 2]]), new Float64Array(1)),
    {
      name: "RangeError",
      message:
        "Cannot count joint exceedances: the data has 2 columns but 1 thresholds were given",
    },
  );
});
