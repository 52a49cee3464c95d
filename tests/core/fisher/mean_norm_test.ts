import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import { gaussianMeanNorm } from "../../../core/fisher/mean_norm.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { standardNormal } from "../../../core/random/normal.ts";

Deno.test("gaussianMeanNorm() matches the chi means in 1 to 3 dimensions", () => {
  // E|v| = σ √(2/π); Rayleigh mean √(π/2); chi-3 mean 2 √(2/π).
  assertClose(gaussianMeanNorm([4]), 2 * Math.sqrt(2 / Math.PI), 1e-14, "1-D");
  assertClose(gaussianMeanNorm([1, 1]), Math.sqrt(Math.PI / 2), 1e-14, "2-D");
  assertClose(
    gaussianMeanNorm([9, 9, 9]),
    6 * Math.sqrt(2 / Math.PI),
    1e-13,
    "3-D",
  );
  assert.equal(gaussianMeanNorm([0, 0]), 0);
  assert.equal(gaussianMeanNorm([]), 0);
  // A tiny negative eigenvalue from rounding counts as 0.
  assertClose(
    gaussianMeanNorm([1, -1e-12]),
    Math.sqrt(2 / Math.PI),
    1e-12,
    "rounding",
  );
});

Deno.test("gaussianMeanNorm() agrees with a seeded Monte Carlo mean for unequal eigenvalues", () => {
  const lambda = [2, 0.5, 0.01, 1e-6, 3];
  const n = 100_000;
  const prng = createPrng(5);
  let sum = 0, sumSq = 0;
  for (let r = 0; r < n; r++) {
    let q = 0;
    for (const l of lambda) q += l * standardNormal(prng) ** 2;
    sum += Math.sqrt(q);
    sumSq += q;
  }
  const mean = sum / n;
  const se = Math.sqrt((sumSq / n - mean * mean) / n);
  assertClose(gaussianMeanNorm(lambda), mean, 4 * se, "mean norm");
  // The mean is below the root mean square √(Σ λ).
  assert.ok(gaussianMeanNorm(lambda) < Math.sqrt(5.510001));
});

Deno.test("gaussianMeanNorm() rejects negative and non-finite eigenvalues", () => {
  assert.throws(() => gaussianMeanNorm([1, -0.5]), {
    name: "RangeError",
    message: /eigenvalue 1 is negative/,
  });
  assert.throws(() => gaussianMeanNorm([NaN]), {
    name: "RangeError",
    message: /eigenvalue 0 is not finite/,
  });
});
