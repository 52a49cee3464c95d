import assert from "node:assert/strict";
import {
  difference,
  truthErrors,
} from "../../../../dashboard/src/lib/truth_metrics.ts";
import { fromRows } from "../../../../core/linalg/matrix.ts";
import { parameterErrors } from "../../../../core/metrics/parameter_errors.ts";
import { fitMetrics } from "../../../../core/metrics/fit_metrics.ts";

Deno.test("truthErrors() uses the paper's normalisation by ||W||_F^2 = trace(Sigma)", () => {
  const sigma = [[2, 0], [0, 2]]; // trace 4
  const sigmaHat = [[2, 0.3], [0.3, 2]]; // ||diff||_F = sqrt(0.18)
  const errors = truthErrors(sigmaHat, [1, 0.6], sigma, [1, 0]);
  assert.ok(Math.abs(errors.errSigma - Math.sqrt(0.18) / 4) < 1e-15);
  assert.ok(Math.abs(errors.errB - 0.6 / 2) < 1e-15);
});

Deno.test("truthErrors() gives exactly core's fitMetrics (what the API answers)", () => {
  const sigma = [[1.5, 0.2, 0], [0.2, 1, -0.4], [0, -0.4, 2]];
  const sigmaHat = [[1.4, 0.25, 0.1], [0.25, 1.2, -0.3], [0.1, -0.3, 1.9]];
  const b = [0.5, 0, 1.2], bHat = [0.45, 0.05, 1.3];
  const truth = { sigma: fromRows(sigma), b: Float64Array.from(b) };
  const estimate = { sigma: fromRows(sigmaHat), b: Float64Array.from(bHat) };
  const metrics = truthErrors(sigmaHat, bHat, sigma, b);
  assert.deepEqual(metrics, fitMetrics(truth, estimate));
  assert.deepEqual(
    { errSigma: metrics.errSigma, errB: metrics.errB },
    parameterErrors(truth, estimate),
  );
  assert.ok(metrics.tv.defined);
});

Deno.test("truthErrors() rejects a fit of another dimension", () => {
  assert.throws(() => truthErrors([[1]], [1], [[1, 0], [0, 1]], [0, 0]), {
    name: "RangeError",
    message:
      "Cannot compute parameter errors: estimate has Sigma 1 x 1 and b of length 1, expected d = 2",
  });
});

Deno.test("truthErrors() rejects a ragged matrix, naming the row", () => {
  assert.throws(
    () => truthErrors([[1, 0], [0]], [0, 0], [[1, 0], [0, 1]], [0, 0]),
    {
      name: "RangeError",
      message: "Cannot build a matrix: row 1 has 1 entries, expected 2",
    },
  );
});

Deno.test("difference() subtracts entry by entry", () => {
  assert.deepEqual(difference([[3, 1]], [[1, 1]]), [[2, 0]]);
});
