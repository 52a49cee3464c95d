import assert from "node:assert/strict";
import { assertClose, createPrng } from "../../_helpers.ts";
import { minPValues } from "../../../core/check/_min_p.ts";
import { standardNormal } from "../../../core/random/normal.ts";
import type { Prng } from "../../../core/random/prng.ts";

function chiSquare1(prng: Prng): number {
  const z = standardNormal(prng);
  return z * z;
}

Deno.test("minPValues() on a small table, worked by hand", () => {
  // Rows: observed, then 3 replicates; columns: 2 tests.
  const table = Float64Array.of(5, 1, 1, 2, 2, 3, 3, 0);
  const { raw, adjusted } = minPValues(table, 4, 2, Uint8Array.of(1, 1));
  assert.deepEqual(Array.from(raw), [0.25, 0.75]);
  // Smoothed tails: test 0's pool 1, 2, 3, 5 has u = 4.4 (type-7 90%), one
  // value above, β = (5 − 4.4)/ln 2, so q(5) = (1/4) · 2^(−1) = 0.125; test
  // 1's q(3) = 0.125 likewise. Row minima: 0.125, 0.5, 0.125, 0.5.
  assertClose(adjusted[0], 0.5, 1e-15, "test 0");
  assertClose(adjusted[1], 1, 1e-15, "test 1");
});

Deno.test("minPValues() skips inactive tests and reads NaN as the most discrepant", () => {
  const table = Float64Array.of(2, 7, 1, NaN, 3, NaN, NaN, 0);
  const { raw, adjusted } = minPValues(table, 4, 2, Uint8Array.of(1, 0));
  // Test 0: observed 2 against 1, NaN (= ∞), NaN (= ∞): three values ≥ 2.
  assert.equal(raw[0], 0.75);
  assert.ok(Number.isNaN(raw[1]) && Number.isNaN(adjusted[1]));
});

Deno.test("minPValues() holds the family-wise rate on exchangeable rows", () => {
  // 4000 tables of 40 iid rows × 8 independent χ²₁ tests. Exchangeable rows
  // with continuous values give P(raw ≤ 0.05) = 2/40 exactly per test and
  // P(some adjusted ≤ 0.05) = 2/40 exactly; 3 binomial standard errors of a
  // rate 0.05 over 4000 tables are 0.0103 (per-test rates pool 32000 draws).
  const prng = createPrng(2024);
  const tables = 4000, rows = 40, tests = 8;
  const table = new Float64Array(rows * tests);
  const active = new Uint8Array(tests).fill(1);
  let anyFlag = 0, rawHits = 0;
  for (let t = 0; t < tables; t++) {
    for (let e = 0; e < table.length; e++) table[e] = chiSquare1(prng);
    const { raw, adjusted } = minPValues(table, rows, tests, active);
    if (adjusted.some((p) => p <= 0.05)) anyFlag++;
    for (const p of raw) if (p <= 0.05) rawHits++;
  }
  assertClose(
    anyFlag / tables,
    0.05,
    3 * Math.sqrt(0.05 * 0.95 / tables),
    "family-wise rate",
  );
  assertClose(
    rawHits / (tables * tests),
    0.05,
    3 * Math.sqrt(0.05 * 0.95 / (tables * tests)),
    "raw rate",
  );
});

Deno.test("minPValues() gives a gross outlier among 200 tests the smallest adjusted p-value", () => {
  // Rank p-values would tie: about 200 of the 100 rows hold some test's
  // maximum, so a rank-based min-p could not go below ~0.9 here.
  const prng = createPrng(5);
  const rows = 100, tests = 200;
  const table = new Float64Array(rows * tests);
  for (let e = 0; e < table.length; e++) table[e] = chiSquare1(prng);
  table[0] = 1000;
  const { raw, adjusted } = minPValues(
    table,
    rows,
    tests,
    new Uint8Array(tests).fill(1),
  );
  assert.equal(raw[0], 0.01);
  assert.equal(adjusted[0], 0.01);
  for (let j = 1; j < tests; j++) assert.ok(adjusted[j] >= raw[j]);
});

Deno.test("minPValues() adjusts nothing when all tests are the same statistic", () => {
  const prng = createPrng(6);
  const rows = 50, tests = 5;
  const table = new Float64Array(rows * tests);
  for (let s = 0; s < rows; s++) {
    const v = chiSquare1(prng);
    for (let j = 0; j < tests; j++) table[s * tests + j] = v;
  }
  const { raw, adjusted } = minPValues(
    table,
    rows,
    tests,
    new Uint8Array(tests).fill(1),
  );
  assert.deepEqual(Array.from(adjusted), Array.from(raw));
});
