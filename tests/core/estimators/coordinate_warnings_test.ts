/**
 * Warnings name coordinates as users count them, from 1, like the row and
 * column of sample errors and the axes of the dashboard's charts.
 */
import assert from "node:assert/strict";
import { fitSamples, listEstimators } from "../../../core/estimators/mod.ts";
import { describeCoordinates } from "../../../core/estimators/_marginal_fit.ts";
import { createPrng } from "../../../core/random/prng.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";

/** n rows of d columns: column `zero` all zeros, the others half positive. */
function withZeroColumn(n: number, d: number, zero: number): Matrix {
  const prng = createPrng(5);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) {
    const v = prng() * 2 - 0.5;
    data[i] = i % d === zero || v < 0 ? 0 : v;
  }
  return { rows: n, cols: d, data };
}

Deno.test("describeCoordinates() counts from 1 and shortens long lists", () => {
  assert.equal(describeCoordinates([0]), "Coordinate 1 had");
  assert.equal(describeCoordinates([0, 4]), "Coordinates 1, 5 had");
  assert.equal(
    describeCoordinates([...Array(12).keys()]),
    "Coordinates 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more had",
  );
});

Deno.test("every one-layer method names an all-zero first column coordinate 1", async (t) => {
  const x = withZeroColumn(400, 3, 0);
  for (const e of listEstimators()) {
    if (e.name === "two-layer") continue; // its coordinates are those of h
    await t.step(e.name, () => {
      const { warnings } = fitSamples(x, { method: e.name });
      const text = warnings.join(" | ");
      assert.match(text, /\bCoordinate 1 had\b/);
      assert.doesNotMatch(text, /\bCoordinates? 0\b/);
    });
  }
});

Deno.test("a warning about the last column names coordinate d", () => {
  const x = withZeroColumn(400, 3, 2);
  for (const method of ["paper", "censored"]) {
    const text = fitSamples(x, { method }).warnings.join(" | ");
    assert.match(text, /\bCoordinate 3 had\b/, method);
  }
});

Deno.test("the warning about few positive values points to standard errors only when there are some", () => {
  // Column 2 is positive in 10 of 400 rows: fewer than 30.
  const prng = createPrng(6);
  const n = 400;
  const data = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    data[2 * i] = prng() < 0.5 ? 0 : 1 + prng();
    data[2 * i + 1] = i % 40 === 0 ? 0.5 + prng() : 0;
  }
  const x = { rows: n, cols: 2, data };
  const few = /^Coordinate 2 had fewer than 30 positive values/;
  const cases: [string, boolean, boolean][] = [
    ["censored", false, false],
    ["censored", true, true],
    ["censored-moment", true, true],
    ["pairwise-mle", false, false],
  ];
  for (const [method, standardErrors, pointed] of cases) {
    const fit = fitSamples(x, { method, options: { standardErrors } });
    const warning = fit.warnings.find((w) => few.test(w));
    assert.ok(warning, `${method}: ${fit.warnings.join(" | ")}`);
    assert.equal(
      warning.endsWith("; see the standard errors"),
      pointed,
      `${method}, standardErrors ${standardErrors}: ${warning}`,
    );
  }
});
