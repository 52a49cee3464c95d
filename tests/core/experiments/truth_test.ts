import assert from "node:assert/strict";
import { randomTruth } from "../../../core/experiments/truth.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { analyzeEigen } from "./_eigen_for_truth.ts";

Deno.test("randomTruth with kappa = 1 and d = k gives an orthonormal W", () => {
  const t = randomTruth({ d: 6, k: 6, kappa: 1, bias: "relu" }, createPrng(3));
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      assert.ok(Math.abs(t.sigma.data[i * 6 + j]! - (i === j ? 1 : 0)) < 1e-12);
    }
  }
  for (const v of t.b) assert.ok(v >= 0);
});

Deno.test("randomTruth reaches the requested condition number", () => {
  for (const kappa of [5, 25]) {
    const t = randomTruth(
      { d: 5, k: 5, kappa, bias: "zero" },
      createPrng(kappa),
    );
    const ev = analyzeEigen(t.sigma.data, 5);
    assert.ok(Math.abs(ev.max / ev.min - kappa) < 1e-9 * kappa);
    assert.deepEqual(Array.from(t.b), [0, 0, 0, 0, 0]);
  }
});

Deno.test("randomTruth with k < d has rank k; with k > d, W W^T = I", () => {
  const low = randomTruth(
    { d: 5, k: 2, kappa: 1, bias: "negative" },
    createPrng(1),
  );
  assert.equal(low.w.cols, 2);
  const ev = analyzeEigen(low.sigma.data, 5);
  assert.ok(ev.sorted[2]! < 1e-12 && Math.abs(ev.sorted[4]! - 1) < 1e-12);
  const wide = randomTruth(
    { d: 3, k: 7, kappa: 1, bias: "relu" },
    createPrng(2),
  );
  assert.equal(wide.w.cols, 7);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      assert.ok(
        Math.abs(wide.sigma.data[i * 3 + j]! - (i === j ? 1 : 0)) < 1e-12,
      );
    }
  }
});

Deno.test("randomTruth rejects bad shapes and kappa", () => {
  assert.throws(
    () => randomTruth({ d: 0, k: 1, kappa: 1, bias: "relu" }, createPrng(1)),
    RangeError,
  );
  assert.throws(
    () => randomTruth({ d: 2, k: 2, kappa: 0.5, bias: "relu" }, createPrng(1)),
    RangeError,
  );
});
