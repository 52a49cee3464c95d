import assert from "node:assert/strict";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { fillStandardNormal } from "../../../core/random/normal.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import {
  inverseMillsRatio,
  normCdf,
  normPdf,
} from "../../../core/special/normal.ts";

/** Norm of row i of W: the standard deviation s_i of (W z)_i. */
function rowNorm(w: ReturnType<typeof fromRows>, i: number): number {
  let s = 0;
  for (let t = 0; t < w.cols; t++) s += w.data[i * w.cols + t] ** 2;
  return Math.sqrt(s);
}

Deno.test("sampleRectifiedGaussian() returns an (n, d) matrix of non-negative entries", () => {
  // k = 3 latent dimensions, d = 2 outputs.
  const w = fromRows([[1, -0.5, 0.2], [0.3, 0.8, -1]]);
  const x = sampleRectifiedGaussian(
    w,
    new Float64Array([0.1, -0.4]),
    1000,
    createPrng(1),
  );
  assert.equal(x.rows, 1000);
  assert.equal(x.cols, 2);
  assert.equal(x.data.length, 2000);
  for (const v of x.data) assert.ok(v >= 0 && Number.isFinite(v));
  const empty = sampleRectifiedGaussian(
    w,
    new Float64Array(2),
    0,
    createPrng(1),
  );
  assert.equal(empty.rows, 0);
  assert.equal(empty.data.length, 0);
});

Deno.test("sampleRectifiedGaussian() gives the same bytes for the same seed", () => {
  const w = fromRows([[1, 0], [0.5, 1], [-0.2, 0.7]]);
  const b = new Float64Array([0.2, 0, -0.3]);
  const x1 = sampleRectifiedGaussian(w, b, 500, createPrng(9));
  const x2 = sampleRectifiedGaussian(w, b, 500, createPrng(9));
  assert.deepEqual(
    new Uint8Array(x1.data.buffer),
    new Uint8Array(x2.data.buffer),
  );
  const x3 = sampleRectifiedGaussian(w, b, 500, createPrng(10));
  assert.notDeepEqual(x1.data, x3.data);
});

Deno.test("sampleRectifiedGaussian() matches the exact marginals per coordinate", () => {
  // x_i = ReLU(s_i Z + b_i) with s_i = ‖W_i‖. Exact:
  //   P(x_i = 0)        = Φ(−b_i / s_i)
  //   E[x_i | x_i > 0]  = b_i + s_i λ(−b_i / s_i)   (λ = inverse Mills ratio)
  // Tolerances are 5 SE: √(p(1 − p)/n) for the zero fraction and
  // (sample SD of the positive part)/√(count) for its mean.
  // k = 4 ≠ d = 5; rows include a large negative bias (zero fraction 0.98).
  const w = fromRows([
    [1, 0, 0, 0],
    [0.5, -1, 0.25, 0],
    [0.2, 0.2, 0.2, 0.2],
    [-2, 1, 0, 3],
    [0, 0, 1, -1],
  ]);
  const b = new Float64Array([0, 0.7, -0.3, 1.5, -2.9]);
  const n = 200_000;
  const x = sampleRectifiedGaussian(w, b, n, createPrng(21));
  for (let i = 0; i < w.rows; i++) {
    const s = rowNorm(w, i);
    let zeros = 0, sum = 0, sumSq = 0;
    for (let r = 0; r < n; r++) {
      const v = x.data[r * w.rows + i];
      if (v === 0) zeros++;
      else {
        sum += v;
        sumSq += v * v;
      }
    }
    const pZero = normCdf(-b[i] / s);
    const seZero = Math.sqrt(pZero * (1 - pZero) / n);
    assert.ok(
      Math.abs(zeros / n - pZero) < 5 * seZero,
      `coordinate ${i}: zero fraction ${zeros / n}, exact ${pZero} ± ${
        5 * seZero
      }`,
    );
    const positives = n - zeros;
    const meanPositive = sum / positives;
    const sdPositive = Math.sqrt(sumSq / positives - meanPositive ** 2);
    const exactMean = b[i] + s * inverseMillsRatio(-b[i] / s);
    const se = sdPositive / Math.sqrt(positives);
    assert.ok(
      Math.abs(meanPositive - exactMean) < 5 * se,
      `coordinate ${i}: positive mean ${meanPositive}, exact ${exactMean} ± ${
        5 * se
      }`,
    );
    // Unconditional mean E[x_i] = b Φ(b/s) + s φ(b/s), as a second check.
    const exactUnconditional = b[i] * normCdf(b[i] / s) + s * normPdf(b[i] / s);
    const unconditionalSd = Math.sqrt(sumSq / n - (sum / n) ** 2);
    assert.ok(
      Math.abs(sum / n - exactUnconditional) <
        5 * unconditionalSd / Math.sqrt(n),
      `coordinate ${i}: mean ${sum / n}, exact ${exactUnconditional}`,
    );
  }
});

Deno.test("sampleRectifiedGaussian() works with k > d, k < d and a zero row of W", () => {
  const wide = fromRows([[1, 2, 3, 4, 5, 6]]); // d = 1, k = 6
  const xWide = sampleRectifiedGaussian(
    wide,
    new Float64Array([0]),
    10,
    createPrng(3),
  );
  assert.equal(xWide.cols, 1);
  const tall = fromRows([[1], [-1], [0]]); // d = 3, k = 1, last row zero
  const xTall = sampleRectifiedGaussian(
    tall,
    new Float64Array([0, 0, 0.25]),
    1000,
    createPrng(4),
  );
  for (let r = 0; r < 1000; r++) {
    const a = xTall.data[r * 3], c = xTall.data[r * 3 + 1];
    // One latent z: x_0 = ReLU(z), x_1 = ReLU(−z), so exactly one is positive
    // (z = 0 has probability 0); the zero row gives the constant ReLU(b).
    assert.ok((a > 0) !== (c > 0), `row ${r}: ${a}, ${c}`);
    assert.equal(xTall.data[r * 3 + 2], 0.25);
  }
});

Deno.test("sampleRectifiedGaussian() rejects mismatched or non-finite input", () => {
  const w = fromRows([[1, 0], [0, 1]]);
  const prng = createPrng(1);
  assert.throws(
    () => sampleRectifiedGaussian(w, new Float64Array(3), 5, prng),
    {
      name: "RangeError",
      message: "Cannot sample D(W, b): W has 2 rows but b has 3 entries",
    },
  );
  assert.throws(
    () => sampleRectifiedGaussian(w, new Float64Array(2), -1, prng),
    RangeError,
  );
  assert.throws(
    () => sampleRectifiedGaussian(w, new Float64Array(2), 1.5, prng),
    RangeError,
  );
  assert.throws(
    () => sampleRectifiedGaussian(w, new Float64Array([0, NaN]), 5, prng),
    {
      name: "RangeError",
      message: "Cannot sample D(W, b): b[1] is not finite",
    },
  );
  assert.throws(
    () =>
      sampleRectifiedGaussian(
        fromRows([[1, Infinity]]),
        new Float64Array(1),
        5,
        prng,
      ),
    RangeError,
  );
  assert.throws(
    () => sampleRectifiedGaussian(w, new Float64Array(2), 2 ** 28, prng),
    RangeError,
  );
});

Deno.test("sampleRectifiedGaussian() rejects W and b whose samples could overflow, and scales the rest exactly", () => {
  // 1e308 z1 + 1e308 z2 overflowed to Infinity (null in JSON), or to
  // Infinity − Infinity = NaN, which the ReLU turned into a silent 0.
  assert.throws(
    () =>
      sampleRectifiedGaussian(
        fromRows([[1, 0], [1e308, 1e308]]),
        new Float64Array(2),
        5,
        createPrng(1),
      ),
    {
      name: "RangeError",
      message:
        "Cannot sample D(W, b): row 1 of W z + b may exceed the largest double (about 1.8e308), as |b[1]| + 13 Σ_t |W[1][t]| does; scale W and b down (the samples scale with them)",
    },
  );
  // Just below the bound: every sample of 2^900 (W, b) is 2^900 times the
  // sample of (W, b), as the model's scale equivariance says.
  const w = fromRows([[1, 0.5], [-0.3, 1]]);
  const b = Float64Array.of(0.2, -0.1);
  const c = 2 ** 900;
  const base = sampleRectifiedGaussian(w, b, 50, createPrng(4));
  const big = sampleRectifiedGaussian(
    { ...w, data: w.data.map((v) => v * c) },
    b.map((v) => v * c),
    50,
    createPrng(4),
  );
  assert.deepEqual(big.data, base.data.map((v) => v * c));
});

/** ReLU(W z + b) one sample at a time: one fill of k normals per sample. */
function naiveSample(
  w: { rows: number; cols: number; data: Float64Array },
  b: Float64Array,
  n: number,
  seed: number,
): Float64Array {
  const { rows: d, cols: k, data } = w;
  const prng = createPrng(seed);
  const z = new Float64Array(k);
  const out = new Float64Array(n * d);
  for (let s = 0; s < n; s++) {
    fillStandardNormal(prng, z);
    for (let i = 0; i < d; i++) {
      let y = b[i];
      for (let t = 0; t < k; t++) y += data[i * k + t] * z[t];
      out[s * d + i] = y > 0 ? y : 0;
    }
  }
  return out;
}

Deno.test("sampleRectifiedGaussian() equals the one-sample-at-a-time computation bit for bit", () => {
  // The blocked kernel must draw the same normals in the same order and add
  // each row's terms in the same order: odd n, d not a multiple of 4, and a
  // k so large that a block holds only two samples.
  const cases: [number, number, number][] = [
    [7, 5, 1001],
    [4, 3, 2],
    [1, 1, 1],
    [3, 40_000, 5],
  ];
  for (const [d, k, n] of cases) {
    const prng = createPrng(d * 100 + k);
    const data = new Float64Array(d * k);
    for (let i = 0; i < data.length; i++) data[i] = prng() - 0.5;
    const w = { rows: d, cols: k, data };
    const b = new Float64Array(d);
    for (let i = 0; i < d; i++) b[i] = prng() - 0.3;
    const x = sampleRectifiedGaussian(w, b, n, createPrng(77));
    assert.deepEqual(x.data, naiveSample(w, b, n, 77), `d=${d} k=${k} n=${n}`);
  }
});
