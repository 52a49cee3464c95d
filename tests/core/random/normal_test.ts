import assert from "node:assert/strict";
import { createPrng } from "../../../core/random/prng.ts";
import {
  fillStandardNormal,
  standardNormal,
} from "../../../core/random/normal.ts";
import { normCdf } from "../../../core/special/normal.ts";

/** Kolmogorov–Smirnov statistic of `sorted` against the CDF `cdf`. */
function ksStatistic(sorted: Float64Array, cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/**
 * Checks the raw moments E Z = 0, E Z² = 1, E Z³ = 0, E Z⁴ = 3. The standard
 * error of the sample mean of Z^k is √(Var Z^k / n) with Var Z = 1,
 * Var Z² = 3 − 1 = 2, Var Z³ = 15, Var Z⁴ = 105 − 9 = 96; each bound is 5 SE.
 */
function assertNormalMoments(z: Float64Array): void {
  const n = z.length;
  let m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < n; i++) {
    const v = z[i], v2 = v * v;
    m1 += v;
    m2 += v2;
    m3 += v2 * v;
    m4 += v2 * v2;
  }
  const checks: [string, number, number, number][] = [
    ["mean", m1 / n, 0, 1],
    ["E Z²", m2 / n, 1, 2],
    ["E Z³", m3 / n, 0, 15],
    ["E Z⁴", m4 / n, 3, 96],
  ];
  for (const [name, got, expected, varianceOfTerm] of checks) {
    const se = Math.sqrt(varianceOfTerm / n);
    assert.ok(
      Math.abs(got - expected) < 5 * se,
      `${name} = ${got}, expected ${expected} ± ${5 * se}`,
    );
  }
}

Deno.test("fillStandardNormal() moments of 1e6 draws match N(0, 1)", () => {
  const z = fillStandardNormal(createPrng(11), new Float64Array(1_000_000));
  assertNormalMoments(z);
});

Deno.test("fillStandardNormal() passes a Kolmogorov–Smirnov test against normCdf", () => {
  const n = 1_000_000;
  const z = fillStandardNormal(createPrng(12), new Float64Array(n)).sort();
  const d = ksStatistic(z, normCdf);
  // 1% critical value of the KS statistic: 1.63 / √n.
  assert.ok(d < 1.63 / Math.sqrt(n), `KS statistic ${d}`);
});

Deno.test("standardNormal() moments and KS test on 2e5 single draws", () => {
  const n = 200_000;
  const prng = createPrng(13);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = standardNormal(prng);
  assertNormalMoments(z);
  z.sort();
  const d = ksStatistic(z, normCdf);
  assert.ok(d < 1.63 / Math.sqrt(n), `KS statistic ${d}`);
});

Deno.test("fillStandardNormal() is reproducible and fills odd lengths", () => {
  const a = fillStandardNormal(createPrng(5), new Float64Array(7));
  const b = fillStandardNormal(createPrng(5), new Float64Array(7));
  assert.deepEqual(a, b);
  for (const v of a) assert.ok(Number.isFinite(v) && v !== 0);
  assert.equal(
    fillStandardNormal(createPrng(5), new Float64Array(0)).length,
    0,
  );
});

Deno.test("the KS check rejects a wrong distribution (the test can fail)", () => {
  // Same draws scaled by 1.01: with n = 1e6 the KS statistic is ≈ 0.0024,
  // above the 1% critical value 0.00163.
  const n = 1_000_000;
  const z = fillStandardNormal(createPrng(12), new Float64Array(n)).sort();
  for (let i = 0; i < n; i++) z[i] *= 1.01;
  assert.ok(ksStatistic(z, normCdf) > 1.63 / Math.sqrt(n));
});
