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

Deno.test("standardNormal() and fillStandardNormal() give the same stream", () => {
  const filled = fillStandardNormal(createPrng(21), new Float64Array(10_000));
  const prng = createPrng(21);
  for (let i = 0; i < filled.length; i++) {
    assert.equal(standardNormal(prng), filled[i], `draw ${i}`);
  }
});

Deno.test("fillStandardNormal() tail shares of 1e7 draws match Φ", () => {
  // The ziggurat's wedges and its tail beyond r ≈ 3.654 are rare paths the
  // moment and KS tests barely see, so count upper and lower tails directly.
  // A count of n draws beyond t is Binomial(n, p), SE √(p(1 − p)/n); 5 SE.
  // At n = 1e7: p(3) = 1.35e-3 (SE 1.2e-5), p(4) = 3.17e-5 (SE 1.8e-6),
  // p(5) = 2.87e-7 (SE 1.7e-7); both signs are checked separately.
  const n = 10_000_000;
  const cuts = [1, 2, 3, 3.654, 4, 5];
  const upper = new Float64Array(cuts.length);
  const lower = new Float64Array(cuts.length);
  const prng = createPrng(31);
  const chunk = new Float64Array(1 << 16);
  for (let done = 0; done < n; done += chunk.length) {
    fillStandardNormal(prng, chunk);
    for (let i = 0; i < chunk.length; i++) {
      const z = chunk[i];
      for (let c = 0; c < cuts.length; c++) {
        if (z > cuts[c]) upper[c]++;
        else if (z < -cuts[c]) lower[c]++;
        else break;
      }
    }
  }
  const draws = Math.ceil(n / chunk.length) * chunk.length;
  for (let c = 0; c < cuts.length; c++) {
    const p = normCdf(-cuts[c]);
    const se = Math.sqrt(p * (1 - p) / draws);
    for (const [side, count] of [["Z >", upper[c]], ["Z < -", lower[c]]]) {
      const share = (count as number) / draws;
      assert.ok(
        Math.abs(share - p) < 5 * se,
        `P(${side}${cuts[c]}) = ${share}, expected ${p} ± ${5 * se}`,
      );
    }
  }
});

Deno.test("standardNormal() passes a chi-squared test on 256 equiprobable bins", () => {
  // Bins cut at Φ⁻¹(j / 256) resolve the ziggurat's layers better than KS.
  // Under N(0, 1) the statistic is χ²(255); its 0.1% critical value is
  // ≈ 330 (Wilson–Hilferty: 255 (1 − 2/(9·255) + 3.09 √(2/(9·255)))³).
  const bins = 256, n = 4_000_000;
  const counts = new Float64Array(bins);
  const prng = createPrng(41);
  for (let i = 0; i < n; i++) {
    const p = normCdf(standardNormal(prng));
    counts[Math.min(bins - 1, Math.floor(p * bins))]++;
  }
  const expected = n / bins;
  let chi2 = 0;
  for (const c of counts) chi2 += (c - expected) ** 2 / expected;
  const df = bins - 1, h = 2 / (9 * df);
  const critical = df * (1 - h + 3.09 * Math.sqrt(h)) ** 3;
  assert.ok(chi2 < critical, `chi-squared ${chi2} ≥ ${critical}`);
});
