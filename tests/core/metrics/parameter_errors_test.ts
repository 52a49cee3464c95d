import assert from "node:assert/strict";
import { fromRows, gramOfRows } from "../../../core/linalg/matrix.ts";
import { parameterErrors } from "../../../core/metrics/parameter_errors.ts";

Deno.test("parameterErrors() matches a hand computation", () => {
  // W = [[1, 0], [1, 1]]: Sigma = [[1, 1], [1, 2]], ‖W‖_F² = 3.
  const truth = {
    w: fromRows([[1, 0], [1, 1]]),
    sigma: gramOfRows(fromRows([[1, 0], [1, 1]])),
    b: new Float64Array([0, 1]),
  };
  // Σ̂ differs in one entry by 1 → ‖·‖_F = 1; b̂ − b = (3, 4) → ‖·‖₂ = 5.
  const estimate = {
    sigma: fromRows([[1, 1], [1, 3]]),
    b: new Float64Array([3, 5]),
  };
  const { errSigma, errB } = parameterErrors(truth, estimate);
  assert.ok(Math.abs(errSigma - 1 / 3) < 1e-15, `errSigma ${errSigma}`);
  assert.ok(Math.abs(errB - 5 / Math.sqrt(3)) < 1e-15, `errB ${errB}`);
});

Deno.test("parameterErrors() is 0 for a perfect estimate", () => {
  const p = { sigma: fromRows([[2, 1], [1, 2]]), b: new Float64Array([1, 0]) };
  assert.deepEqual(parameterErrors(p, p), { errSigma: 0, errB: 0 });
});

Deno.test("parameterErrors() rejects mismatched shapes and W = 0", () => {
  const truth = { sigma: fromRows([[1, 0], [0, 1]]), b: new Float64Array(2) };
  assert.throws(
    () =>
      parameterErrors(truth, {
        sigma: fromRows([[1]]),
        b: new Float64Array(2),
      }),
    {
      name: "RangeError",
      message:
        "Cannot compute parameter errors: estimate has Sigma 1 x 1 and b of length 2, expected d = 2",
    },
  );
  const zero = { sigma: fromRows([[0, 0], [0, 0]]), b: new Float64Array(2) };
  assert.throws(() => parameterErrors(zero, truth), {
    name: "RangeError",
    message:
      "Cannot compute parameter errors: ||W||_F^2 = trace(W W^T) must be positive, got 0",
  });
});
