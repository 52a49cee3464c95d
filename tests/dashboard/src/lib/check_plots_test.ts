import assert from "node:assert/strict";
import { parseCsvTable } from "../../../../core/formats/csv.ts";
import {
  adjustedPValueMatrix,
  column,
  fittedDensity,
  flaggedCells,
  formatP,
  pairsToShow,
  positiveHistogram,
} from "../../../../dashboard/src/lib/check_plots.ts";
import { normCdf } from "../../../../core/special/normal.ts";
import { fromRows } from "../../../../core/linalg/matrix.ts";
import { computeFitAnswer } from "../../_fake_api.ts";
import type { ModelCheckReport } from "../../../../dashboard/src/api/types.ts";

Deno.test("positiveHistogram() has area equal to the share of positive values", () => {
  const values = [0, 0, 0, 1, 2, 2.5, 3, 10, 0.5, 0.1];
  const h = positiveHistogram(values, null);
  assert.equal(h.positives, 7);
  assert.equal(h.n, 10);
  let area = 0;
  h.density.forEach((v, i) => area += v * (h.edges[i + 1] - h.edges[i]));
  const shown = (h.positives - h.beyond) / h.n;
  assert.ok(Math.abs(area - shown) < 1e-12, `${area} vs ${shown}`);
  assert.equal(h.edges[0], 0);
  // The fitted tail widens the range to b + 3 s.
  const wide = positiveHistogram(values, { b: 5, s: 4 });
  assert.equal(wide.edges[wide.edges.length - 1], 17);
  assert.equal(wide.beyond, 0);
});

Deno.test("fittedDensity() integrates to the fitted share of positive values", () => {
  const b = -0.5, s = 1.5, upper = b + 12 * s;
  const { xs, ys } = fittedDensity(b, s, upper, 4000);
  let area = 0;
  for (let i = 0; i < xs.length; i++) area += ys[i] * (upper / xs.length);
  // Right-endpoint sum on (0, upper]: off by at most step × max density,
  // 17.5 / 4000 × 0.27 ≈ 1.2e-3.
  assert.ok(Math.abs(area - (1 - normCdf(-b / s))) < 2e-3, `${area}`);
  assert.deepEqual(fittedDensity(0, 0, 1), { xs: [], ys: [] });
});

Deno.test("column() copies one column of a matrix", () => {
  assert.deepEqual([...column(fromRows([[1, 2], [3, 4]]), 1)], [2, 4]);
});

const check: ModelCheckReport = computeFitAnswer(
  parseCsvTable("a,b,c\n0,1,2\n1,0,3\n2,2,0\n0,0,1\n3,1,1\n1,2,0\n"),
  { method: "censored", seed: 1, check: true, checkReplicates: 19 },
  "x",
).check!;

Deno.test("adjustedPValueMatrix() puts columns on the diagonal and pairs off it", () => {
  const m = adjustedPValueMatrix(check);
  assert.equal(m.length, 3);
  for (const c of check.coordinates) {
    assert.equal(m[c.index][c.index], c.adjustedPValue ?? NaN);
  }
  for (const p of check.pairs) {
    const [i, j] = p.indices;
    assert.equal(m[i][j], p.adjustedPValue);
    assert.equal(m[j][i], p.adjustedPValue);
  }
});

Deno.test("flaggedCells() and pairsToShow() put misfits first", () => {
  const flagged = {
    ...check,
    coordinates: check.coordinates.map((c, i) => ({ ...c, flagged: i === 1 })),
    pairs: check.pairs.map((p, i) => ({
      ...p,
      flagged: i === 2,
      adjustedPValue: i === 2 ? 0.5 : 0.1 * i,
    })),
  };
  const marked = flaggedCells(flagged);
  assert.ok(marked(1, 1) && !marked(0, 0));
  const [i, j] = flagged.pairs[2].indices;
  assert.ok(marked(i, j) && marked(j, i));
  const order = pairsToShow(flagged.pairs, 2);
  assert.deepEqual(order.map((p) => p.indices), [
    flagged.pairs[2].indices,
    flagged.pairs[0].indices,
  ]);
});

Deno.test("formatP() writes p-values with two significant digits", () => {
  assert.deepEqual([0.01, 0.35, 0.0004, null].map(formatP), [
    "0.010",
    "0.35",
    "< 0.001",
    "–",
  ]);
});
