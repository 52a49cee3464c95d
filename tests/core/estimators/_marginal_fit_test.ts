import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import { fitCensoredNormal } from "../../../core/estimators/_censored_marginal.ts";
import {
  clampedCoordinates,
  clampWarnings,
  exceedanceAngle,
  exceedanceAngleSigma,
  fitMarginals,
} from "../../../core/estimators/_marginal_fit.ts";
import { columnStats } from "../../../core/kernels/column_stats.ts";
import { countJointExceedances } from "../../../core/kernels/cooccurrence.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { drawFrom } from "./_censored_fixtures.ts";

Deno.test("fitMarginals() reports degenerate columns without NaN", () => {
  // Columns: all zeros; constant 0.7; one positive among zeros; regular.
  const x = fromRows([
    [0, 0.7, 0, 1.0],
    [0, 0.7, 0, 0],
    [0, 0.7, 2, 0.3],
    [0, 0.7, 0, 2.2],
  ]);
  const m = fitMarginals(columnStats(x), fitCensoredNormal);
  assert.deepEqual(Array.from(m.fitted), [0, 0, 0, 1]);
  assert.deepEqual(Array.from(m.mu.subarray(0, 3)), [0, 0.7, 0]);
  assert.deepEqual(Array.from(m.scale.subarray(0, 3)), [0, 0, 0]);
  assert.ok(Number.isFinite(m.mu[3]) && m.scale[3] > 0);
  assert.deepEqual(m.coordinates.map((c) => c.degenerate === true), [
    true,
    true,
    true,
    false,
  ]);
  assert.equal(m.warnings.length, 4);
  assert.match(m.warnings[0], /Coordinate 1 had only zeros/);
  assert.match(m.warnings[1], /Coordinate 2 had one constant positive value/);
  assert.match(m.warnings[2], /Coordinate 3 had fewer than 2 distinct/);
  // The regular column is fitted from 3 positives: fitted, but flagged.
  assert.match(m.warnings[3], /Coordinate 4 had fewer than 30 positive values/);
});

Deno.test("fitMarginals() calls fitOne for fitted columns only, in order, with their index", () => {
  const x = fromRows([
    [0, 1.0, 0.7, 0.2],
    [0, 0, 0.7, 0.5],
    [0, 2.5, 0.7, 0],
    [0, 0.4, 0.7, 1.1],
  ]);
  const seen: number[] = [];
  const m = fitMarginals(columnStats(x), (column, j) => {
    seen.push(j);
    return { mu: column.mean, scale: 1 + j, iterations: 2 * j };
  });
  assert.deepEqual(seen, [1, 3]);
  assert.deepEqual(Array.from(m.scale), [0, 2, 0, 4]);
  assert.deepEqual(m.iterations, [0, 2, 0, 6]);
});

Deno.test("exceedanceAngle() is the paper's equation 14 at its landmarks", () => {
  // Identical rows exceed together half the time (θ = 0), orthogonal rows a
  // quarter of the time (θ = π/2), opposite rows never (θ = π).
  assert.equal(exceedanceAngle(500, 1000), 0);
  assert.equal(exceedanceAngle(250, 1000), Math.PI / 2);
  assert.equal(exceedanceAngle(0, 1000), Math.PI);
  assertClose(exceedanceAngle(1, 3), Math.PI / 3, 1e-15, "1 of 3");
});

Deno.test("exceedanceAngleSigma() counts exceedances of b and recovers the angle", () => {
  // Rows (1, 0) and (0.6, 0.8): cos θ = 0.6, P(both exceed b) = (π − θ)/(2π)
  // ≈ 0.352. At n = 20,000 the share's SE is 0.0034, so cos θ̂ has SE
  // sin θ · 2π · 0.0034 ≈ 0.017; 4 SE = 0.068.
  const w = fromRows([[1, 0], [0.6, 0.8], [0, 0]]);
  const b = new Float64Array([0.4, 0.1, 0]);
  const x = drawFrom(w, b, 20_000, 21);
  const stats = columnStats(x);
  const truth = fitMarginals(
    stats,
    (_, j) => ({ mu: b[j], scale: 1, iterations: 0 }),
  );
  const assembled = exceedanceAngleSigma(
    countJointExceedances(x, truth.mu),
    x.rows,
    truth,
  );
  assert.equal(assembled.sigma[0], 1);
  assert.ok(
    Math.abs(assembled.sigma[1] - 0.6) < 0.068,
    `${assembled.sigma[1]}`,
  );
  assert.equal(assembled.sigma[1], assembled.sigma[3]);
  assert.equal(assembled.correlation[1], assembled.sigma[1]);
  // The degenerate third coordinate has a zero row and column.
  assert.deepEqual([2, 5, 6, 7, 8].map((k) => assembled.sigma[k]), [
    0,
    0,
    0,
    0,
    0,
  ]);
  // The count is of rows with x_0 > 0.4 and x_1 > 0.1, by the formula.
  let both = 0;
  for (let r = 0; r < x.rows; r++) {
    if (x.data[r * 3] > 0.4 && x.data[r * 3 + 1] > 0.1) both++;
  }
  assert.equal(
    assembled.sigma[1],
    Math.cos(exceedanceAngle(both, x.rows)),
  );
});

Deno.test("clampWarnings() adds one sentence for the clamped coordinates", () => {
  const x = fromRows([[0, 1, 2], [1, 2, 0], [2, 0, 3]]);
  const m = fitMarginals(
    columnStats(x),
    (_, j) => ({ mu: 0, scale: 1, iterations: 0, clamped: j !== 1 }),
  );
  assert.deepEqual(clampedCoordinates(m), [0, 2]);
  const warnings = clampWarnings(m, clampedCoordinates(m), "a fit at b = 0");
  assert.equal(warnings.at(-1), "Coordinates 1, 3 had a fit at b = 0");
  assert.deepEqual(clampWarnings(m, [], "unused"), m.warnings);
});
