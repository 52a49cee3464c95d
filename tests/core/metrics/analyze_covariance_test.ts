import assert from "node:assert/strict";
import { fromRows, type Matrix } from "../../../core/linalg/matrix.ts";
import { analyzeCovariance } from "../../../core/metrics/analyze_covariance.ts";
import { createPrng } from "../../../core/random/prng.ts";

function gram(f: Matrix): Matrix {
  const d = f.rows, k = f.cols;
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += f.data[i * k + t]! * f.data[j * k + t]!;
      out[i * d + j] = s;
    }
  }
  return { rows: d, cols: d, data: out };
}

function frobeniusDistance(a: Matrix, b: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += (a.data[i]! - b.data[i]!) ** 2;
  return Math.sqrt(s);
}

Deno.test("analyzeCovariance() repairs an indefinite matrix", () => {
  // Eigenvalues -1 (vector (1, -1)/√2) and 3 (vector (1, 1)/√2): clipping
  // gives 3 · ½ [[1, 1], [1, 1]].
  const a = analyzeCovariance(fromRows([[1, 2], [2, 1]]));
  assert.equal(a.positiveDefinite, false);
  assert.equal(a.repaired, true);
  assert.ok(Math.abs(a.minEigenvalue + 1) < 1e-15);
  for (const x of a.nearestPsd.data) assert.ok(Math.abs(x - 1.5) < 1e-15);
  assert.ok(frobeniusDistance(gram(a.factor), a.nearestPsd) < 1e-15);
});

Deno.test("analyzeCovariance() nearestPsd is closer than any other PSD matrix tried", () => {
  const prng = createPrng(7);
  const d = 4;
  // A random symmetric matrix with eigenvalues of both signs.
  const data = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      data[i * d + j] = data[j * d + i] = 2 * prng() - 1;
    }
  }
  const sigma = { rows: d, cols: d, data };
  const a = analyzeCovariance(sigma);
  assert.equal(a.repaired, true);
  const best = frobeniusDistance(sigma, a.nearestPsd);
  for (let trial = 0; trial < 200; trial++) {
    // Perturb the repaired matrix's factor: gram() of anything is PSD.
    const f = new Float64Array(a.factor.data);
    for (let i = 0; i < f.length; i++) f[i] = f[i]! + 0.05 * (2 * prng() - 1);
    const other = gram({ rows: d, cols: d, data: f });
    assert.ok(frobeniusDistance(sigma, other) >= best - 1e-12);
  }
});

Deno.test("analyzeCovariance() leaves a PD matrix as it is", () => {
  const sigma = fromRows([[2, 0.5, 0], [0.5, 1, 0.2], [0, 0.2, 3]]);
  const a = analyzeCovariance(sigma);
  assert.equal(a.positiveDefinite, true);
  assert.equal(a.repaired, false);
  assert.ok(a.minEigenvalue > 0);
  assert.deepEqual(a.nearestPsd.data, sigma.data);
  assert.ok(frobeniusDistance(gram(a.factor), sigma) < 1e-14);
  assert.equal(a.eigenvalues.length, 3);
});

Deno.test("analyzeCovariance() calls a rank-deficient PSD matrix not PD", () => {
  const a = analyzeCovariance(fromRows([[1, 1], [1, 1]]));
  assert.equal(a.positiveDefinite, false);
  assert.ok(Math.abs(a.minEigenvalue) < 1e-15);
  assert.ok(
    frobeniusDistance(gram(a.factor), fromRows([[1, 1], [1, 1]])) < 1e-14,
  );
});
