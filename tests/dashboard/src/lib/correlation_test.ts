import assert from "node:assert/strict";
import {
  correlationMatrix,
  pairCorrelations,
} from "../../../../dashboard/src/lib/correlation.ts";

Deno.test("correlationMatrix() scales Sigma by its standard deviations", () => {
  const rho = correlationMatrix([[4, 1, 0], [1, 1, 0], [0, 0, 0]]);
  assert.deepEqual(rho[0].slice(0, 2), [1, 0.5]);
  assert.ok(Number.isNaN(rho[2][0]), "no variance, no correlation");
});

Deno.test("pairCorrelations() gives delta-method intervals from standard errors", () => {
  const sigma = [[4, 1], [1, 1]];
  // Only Sigma_12 uncertain: SE(rho) = SE(Sigma_12) / sqrt(4 * 1).
  const [pair] = pairCorrelations(sigma, [[0, 0.2], [0.2, 0]], [[1, 0], [
    0,
    1,
  ]]);
  assert.equal(pair.rho, 0.5);
  assert.ok(Math.abs(pair.interval![0] - (0.5 - 1.96 * 0.1)) < 1e-12);
  assert.ok(Math.abs(pair.interval![1] - (0.5 + 1.96 * 0.1)) < 1e-12);
  assert.equal(pair.truth, 0);
  // Clipped to [-1, 1]; no interval without standard errors.
  const [wide] = pairCorrelations(sigma, [[0, 5], [5, 0]]);
  assert.deepEqual(wide.interval, [-1, 1]);
  assert.equal(pairCorrelations(sigma)[0].interval, null);
});
