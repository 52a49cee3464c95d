import assert from "node:assert/strict";
import {
  difference,
  truthErrors,
} from "../../../../dashboard/src/lib/truth_metrics.ts";

Deno.test("truthErrors() uses the paper's normalisation by ||W||_F^2 = trace(Sigma)", () => {
  const sigma = [[2, 0], [0, 2]]; // trace 4
  const sigmaHat = [[2, 0.3], [0.3, 2]]; // ||diff||_F = sqrt(0.18)
  const errors = truthErrors(sigmaHat, [1, 0.6], sigma, [1, 0]);
  assert.ok(Math.abs(errors.errSigma - Math.sqrt(0.18) / 4) < 1e-15);
  assert.ok(Math.abs(errors.errB - 0.6 / 2) < 1e-15);
});

Deno.test("truthErrors() rejects a fit of another dimension", () => {
  assert.throws(() => truthErrors([[1]], [1], [[1, 0], [0, 1]], [0, 0]), {
    name: "RangeError",
    message:
      "Cannot compare with the truth: dimension 1 of the fit differs from 2",
  });
});

Deno.test("difference() subtracts entry by entry", () => {
  assert.deepEqual(difference([[3, 1]], [[1, 1]]), [[2, 0]]);
});
