import assert from "node:assert/strict";
import { assertClose, createPrng, fromRows } from "../../_helpers.ts";
import {
  CheckData,
  cramerVonMises,
  pairStatistic,
  prepareReference,
} from "../../../core/check/_statistics.ts";
import { normCdf } from "../../../core/special/normal.ts";
import { standardNormal } from "../../../core/random/normal.ts";

/** Sorted draws of N(b, sd²) rectified at 0: [positives ascending, zero count]. */
function rectifiedDraws(
  n: number,
  b: number,
  sd: number,
  seed: number,
): { sorted: Float64Array; m: number; zeros: number } {
  const prng = createPrng(seed);
  const values: number[] = [];
  let zeros = 0;
  for (let t = 0; t < n; t++) {
    const y = b + sd * standardNormal(prng);
    if (y > 0) values.push(y);
    else zeros++;
  }
  values.sort((a, c) => a - c);
  return { sorted: Float64Array.from(values), m: values.length, zeros };
}

Deno.test("cramerVonMises() equals the classical formula when there are no zeros", () => {
  // b = 40 sd: the atom Φ(−40) is 4e-350, so the distribution is continuous
  // and W² = 1/(12n) + Σ (u_(i) − (2i − 1)/(2n))².
  const b = 40, sd = 1, n = 200;
  const { sorted, m, zeros } = rectifiedDraws(n, b, sd, 3);
  assert.equal(zeros, 0);
  let classical = 1 / (12 * n);
  for (let i = 0; i < m; i++) {
    const u = normCdf((sorted[i] - b) / sd);
    classical += (u - (2 * i + 1) / (2 * n)) ** 2;
  }
  assertClose(
    cramerVonMises(sorted, m, zeros, n, b, sd),
    classical,
    1e-12,
    "W²",
  );
});

Deno.test("cramerVonMises() equals a fine Riemann sum of n ∫ (F_n − F)² dF with the atom", () => {
  const b = -0.4, sd = 1.3, n = 150;
  const { sorted, m, zeros } = rectifiedDraws(n, b, sd, 4);
  assert.ok(zeros > 30 && m > 30);
  // Atom at 0, then the continuous part in u = F(t) on a grid of 10⁶ midpoints.
  const atom = normCdf(-b / sd);
  let sum = atom * (zeros / n - atom) ** 2;
  const steps = 1_000_000;
  const du = (1 - atom) / steps;
  let below = 0; // positives with F(x) ≤ u
  for (let s = 0; s < steps; s++) {
    const u = atom + (s + 0.5) * du;
    while (below < m && normCdf((sorted[below] - b) / sd) <= u) below++;
    sum += ((zeros + below) / n - u) ** 2 * du;
  }
  // Midpoint rule on a step integrand: error ≤ (jumps · du) · max |·| ≈ 150 · 1e-6.
  assertClose(cramerVonMises(sorted, m, zeros, n, b, sd), n * sum, 2e-4, "W²");
});

Deno.test("cramerVonMises() grows with an excess of zeros", () => {
  const b = 0.5, sd = 1, n = 400;
  const fitted = rectifiedDraws(n, b, sd, 5);
  const base = cramerVonMises(fitted.sorted, fitted.m, fitted.zeros, n, b, sd);
  // Replace the 80 smallest positives by zeros: same n, 20% more zeros.
  const shifted = fitted.sorted.subarray(80, fitted.m);
  const inflated = cramerVonMises(
    shifted,
    fitted.m - 80,
    fitted.zeros + 80,
    n,
    b,
    sd,
  );
  assert.ok(inflated > 10 * base, `${inflated} vs ${base}`);
});

Deno.test("pairStatistic() adds the standardised both-zero and correlation terms", () => {
  const t = pairStatistic(
    { bothZero: 30, bothPositive: 50, correlation: 0.2 },
    100,
    0.25,
    0.5,
  );
  const zeroTerm = 100 * 0.05 ** 2 / (0.25 * 0.75);
  const corrTerm = 50 * 0.3 ** 2 / (0.75 ** 2);
  assertClose(t, zeroTerm + corrTerm, 1e-12, "statistic");
  // Fewer than 3 rows positive in both: only the both-zero term.
  const few = pairStatistic(
    { bothZero: 30, bothPositive: 2, correlation: NaN },
    100,
    0.25,
    0.5,
  );
  assertClose(few, zeroTerm, 1e-12, "no correlation term");
});

Deno.test("CheckData.pairSummary() counts rows and correlates the positive parts", () => {
  const x = fromRows([
    [0, 0, 1],
    [1, 2, 0],
    [2, 3, 0],
    [3, 7, 0],
    [0, 5, 2],
    [0, 0, 0],
  ]);
  const data = new CheckData(6, 3, Int32Array.of(0, 1, 0, 2));
  data.load(x);
  const summary = (p: number) => ({
    ...data.pairSummary(p, { bothZero: 0, bothPositive: 0, correlation: 0 }),
  });
  const s = summary(0);
  assert.equal(s.bothZero, 2);
  assert.equal(s.bothPositive, 3);
  // Rows (1, 2), (2, 3), (3, 7): r = 5 / √(2 · 14).
  assertClose(s.correlation, 5 / Math.sqrt(2 * 14), 1e-14, "correlation");
  const t = summary(1);
  assert.equal(t.bothZero, 1);
  assert.equal(t.bothPositive, 0);
  assert.ok(Number.isNaN(t.correlation));
  assert.deepEqual(Array.from(data.zeros), [3, 2, 4]);
});

Deno.test("prepareReference() leaves coordinates without variance and their pairs NaN", () => {
  const ref = prepareReference(
    Float64Array.of(0.2, 1),
    fromRows([[1, 0], [0, 0]]),
    Int32Array.of(0, 1),
  );
  assert.equal(ref.sd[0], 1);
  assert.ok(Number.isNaN(ref.sd[1]));
  assert.ok(Number.isNaN(ref.bothZero[0]));
  const data = new CheckData(2, 2, Int32Array.of(0, 1));
  data.load(fromRows([[1, 1], [0, 1]]));
  const out = new Float64Array(3);
  data.statistics(ref, out);
  assert.ok(Number.isFinite(out[0]));
  assert.ok(Number.isNaN(out[1]) && Number.isNaN(out[2]));
});
