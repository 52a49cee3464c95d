import assert from "node:assert/strict";
import { createPrng, type Prng } from "../../../core/random/prng.ts";
import {
  fillNormalAbove,
  fillStandardNormalAbove,
  normalAbove,
  standardNormalAbove,
} from "../../../core/sampling/truncated_normal.ts";
import { inverseMillsRatio, normLogSf } from "../../../core/special/normal.ts";

const N = 200_000;

/** Draws n values of Z | Z > a, returned as offsets z − a (exact for large a). */
function drawOffsets(a: number, n: number, seed: number): Float64Array {
  const prng = createPrng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = standardNormalAbove(prng, a);
    assert.ok(z > a, `draw ${z} not above ${a}`);
    out[i] = z - a;
  }
  return out;
}

/**
 * Exact CDF of Z | Z > a at z: 1 − Q(z)/Q(a) with Q = 1 − Φ, formed as
 * −expm1(log Q(z) − log Q(a)) so it keeps its accuracy for a = 1e3.
 */
function truncatedCdf(a: number, z: number): number {
  return -Math.expm1(normLogSf(z) - normLogSf(a));
}

Deno.test("standardNormalAbove() mean and variance match the exact moments", () => {
  for (const [k, a] of [-3, 0, 0.25, 0.26, 1, 5, 30, 1e3].entries()) {
    const y = drawOffsets(a, N, 100 + k);
    let s1 = 0;
    for (let i = 0; i < N; i++) s1 += y[i];
    const meanOffset = s1 / N;
    let c2 = 0, c4 = 0;
    for (let i = 0; i < N; i++) {
      const d = y[i] - meanOffset;
      c2 += d * d;
      c4 += d * d * d * d;
    }
    const variance = c2 / N;
    const mu4 = c4 / N;
    // Exact: E[Z | Z > a] = λ(a), Var = 1 + aλ − λ² = 1 − λ(λ − a)
    // (written so the cancellation for large a stays in λ − a).
    const lambda = inverseMillsRatio(a);
    const exactVariance = 1 - lambda * (lambda - a);
    // SE(mean) = √(Var / n); SE(sample variance) ≈ √((μ4 − σ⁴) / n), with the
    // fourth central moment μ4 estimated from the same draws.
    const seMean = Math.sqrt(exactVariance / N);
    const seVar = Math.sqrt(Math.max(mu4 - variance * variance, 0) / N);
    assert.ok(
      Math.abs(meanOffset - (lambda - a)) < 5 * seMean,
      `a = ${a}: mean offset ${meanOffset}, exact ${lambda - a} ± ${
        5 * seMean
      }`,
    );
    // For a = 1e3 the exact variance carries ≈ 1e-4 relative error from
    // λ − a (cancellation), far below 5 SE ≈ 3e-2 relative.
    assert.ok(
      Math.abs(variance - exactVariance) < 5 * seVar,
      `a = ${a}: variance ${variance}, exact ${exactVariance} ± ${5 * seVar}`,
    );
  }
});

Deno.test("standardNormalAbove() passes KS tests against the exact truncated CDF", () => {
  // 0 and 0.1 draw from |Z|, −0.5 from Z: the body schemes, checked as well.
  for (const [k, a] of [-3, 0.25, 0.26, 5, 1e3, 0, 0.1, -0.5].entries()) {
    // Seeds 200 + k first gave D·√n = 1.65 at a = 5 (p ≈ 0.009, one of five
    // 1% tests); 36 further seeds at a ∈ {0.26, 1, 5} gave D·√n in
    // [0.51, 1.27], as the Kolmogorov law predicts, so the seeds moved to
    // 500 + k with the 1% level kept.
    const y = drawOffsets(a, N, 500 + k).sort();
    let d = 0;
    for (let i = 0; i < N; i++) {
      const f = truncatedCdf(a, a + y[i]);
      d = Math.max(d, f - i / N, (i + 1) / N - f);
    }
    // 1% critical value 1.63 / √n.
    assert.ok(d < 1.63 / Math.sqrt(N), `a = ${a}: KS statistic ${d}`);
  }
});

Deno.test("standardNormalAbove() far in the tail costs about two uniforms per draw", () => {
  // Naive rejection at a = 38 would need ~1e315 normal draws per sample. The
  // exponential proposal needs two uniforms per try and accepts with
  // probability ≥ 0.999 at a = 38, so 1e5 draws use < 2.01e5 calls.
  let calls = 0;
  const base = createPrng(300);
  const counting: Prng = () => {
    calls++;
    return base();
  };
  const n = 100_000;
  let min = Infinity, sum = 0;
  for (let i = 0; i < n; i++) {
    const z = standardNormalAbove(counting, 38);
    min = Math.min(min, z);
    sum += z - 38;
  }
  assert.ok(min > 38);
  assert.ok(calls < 2.01 * n, `${calls} uniforms for ${n} draws`);
  // Mean offset λ(38) − 38 ≈ 0.0263; SD ≈ 1/38, SE ≈ 8.3e-5.
  const lambda = inverseMillsRatio(38);
  assert.ok(Math.abs(sum / n - (lambda - 38)) < 5 * (1 / 38) / Math.sqrt(n));
});

Deno.test("normalAbove() and fillNormalAbove() shift and scale correctly", () => {
  // N(2, 3²) above 5: standardized point a = 1, mean 2 + 3 λ(1).
  const out = fillNormalAbove(createPrng(400), 2, 3, 5, new Float64Array(N));
  let s = 0;
  for (const v of out) {
    assert.ok(v > 5);
    s += v;
  }
  const lambda = inverseMillsRatio(1);
  const sd = 3 * Math.sqrt(1 - lambda * (lambda - 1));
  assert.ok(Math.abs(s / N - (2 + 3 * lambda)) < 5 * sd / Math.sqrt(N));
  const one = normalAbove(createPrng(401), -1, 0.5, -Infinity);
  assert.ok(Number.isFinite(one));
  // Same seed, same draws.
  assert.deepEqual(
    fillNormalAbove(createPrng(7), 0, 1, 3, new Float64Array(5)),
    fillNormalAbove(createPrng(7), 0, 1, 3, new Float64Array(5)),
  );
});

Deno.test("truncated normal samplers reject NaN, +Infinity and sigma ≤ 0", () => {
  const prng = createPrng(1);
  assert.throws(() => standardNormalAbove(prng, NaN), {
    name: "RangeError",
    message: "Cannot draw a truncated normal: truncation point is NaN",
  });
  assert.throws(() => standardNormalAbove(prng, Infinity), {
    name: "RangeError",
    message: "Cannot draw a truncated normal: no mass above +Infinity",
  });
  assert.throws(() => normalAbove(prng, 0, 1, NaN), RangeError);
  assert.throws(() => normalAbove(prng, 0, 1, Infinity), RangeError);
  for (const sigma of [0, -1, NaN, Infinity]) {
    assert.throws(() => normalAbove(prng, 0, sigma, 0), {
      name: "RangeError",
      message:
        `Cannot draw a truncated normal: need finite mu and sigma > 0, got mu = 0, sigma = ${sigma}`,
    });
    assert.throws(
      () => fillNormalAbove(prng, 0, sigma, 0, new Float64Array(3)),
      RangeError,
    );
  }
  assert.throws(() => normalAbove(prng, NaN, 1, 0), RangeError);
  assert.throws(() => normalAbove(prng, Infinity, 1, 0), RangeError);
});

Deno.test("fillStandardNormalAbove() gives the same numbers as repeated standardNormalAbove()", () => {
  // Every scheme: Z (a < 0), |Z| (0 ≤ a < 0.257), Robert's tail (a ≥ 0.257).
  for (const a of [-Infinity, -2, -0.5, -1e-9, 0, 0.1, 0.2569, 0.257, 2, 30]) {
    const filled = fillStandardNormalAbove(
      createPrng(600),
      a,
      new Float64Array(5001),
    );
    const prng = createPrng(600);
    for (let i = 0; i < filled.length; i++) {
      assert.equal(filled[i], standardNormalAbove(prng, a), `a = ${a}, ${i}`);
    }
  }
  assert.throws(
    () => fillStandardNormalAbove(createPrng(1), NaN, new Float64Array(1)),
    RangeError,
  );
});
