import assert from "node:assert/strict";
import { assertClose, createPrng, fromRows } from "../../_helpers.ts";
import { rankAnalysis } from "../../../core/rank/rank_analysis.ts";
import { parametricRefits } from "../../../core/check/parametric_refits.ts";
import { fitSamples } from "../../../core/estimators/fit.ts";
import { randomTruth } from "../../../core/experiments/truth.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";

function censoredFit(x: Matrix) {
  return fitSamples(x, { method: "censored" });
}

/**
 * Sigma_hat of n samples of a random truth (d, k, condition number 4, so
 * the latent eigenvalues are 2^(−j/2) for j < min(d, k)), and 40 parametric
 * bootstrap replicates of it.
 */
function fitWithReplicates(d: number, k: number, n: number, seed: number) {
  const prng = createPrng(seed);
  const truth = randomTruth({ d, k, kappa: 4, bias: "relu" }, prng);
  const x = sampleRectifiedGaussian(truth.w, truth.b, n, prng);
  const fit = censoredFit(x);
  const { refits } = parametricRefits(fit, n, {
    seed,
    replicates: 40,
    refit: censoredFit,
  });
  return { fit, replicates: refits.map((r) => r.sigma) };
}

Deno.test("rankAnalysis() recovers k = 5 of d = 20 and does not over-suggest", () => {
  // n = 10,000: the smallest latent eigenvalue 0.25 against a noise floor
  // of about 0.03 (the fifteen null eigenvalues of Sigma_hat are below
  // 0.02); three seeded data sets, each must give exactly 5.
  for (const seed of [1, 2, 3]) {
    const { fit, replicates } = fitWithReplicates(20, 5, 10_000, seed);
    const r = rankAnalysis(fit.sigma, { replicates });
    assert.equal(r.suggested, 5, `seed ${seed}: eigenvalues ${r.eigenvalues}`);
    assert.equal(r.noiseFloorFrom, "bootstrap");
    assert.ok(r.eigenvalues[4] > 3 * r.noiseFloor, `seed ${seed}`);
    assert.ok(r.noiseFloor >= r.eigenvalues[5], `seed ${seed}`);
    assert.equal(r.replicates, 40);
    // Eigenvalues descend; intervals bracket the truth 2^(−j/2) within one
    // interval width either side (the bootstrap percentile intervals of a
    // sorted eigenvalue carry its small bias).
    for (let j = 0; j < 20; j++) {
      if (j > 0) assert.ok(r.eigenvalues[j] <= r.eigenvalues[j - 1]);
      const { lower, upper } = r.intervals!;
      assert.ok(lower[j] <= upper[j]);
      if (j < 5) {
        const width = upper[j] - lower[j];
        const truth = 2 ** (-j / 2);
        assert.ok(
          truth >= lower[j] - width && truth <= upper[j] + width,
          `seed ${seed}, eigenvalue ${j}`,
        );
      }
    }
  }
});

Deno.test("rankAnalysis() suggests d for full-rank data", () => {
  const { fit, replicates } = fitWithReplicates(20, 20, 10_000, 4);
  const r = rankAnalysis(fit.sigma, { replicates });
  assert.equal(r.suggested, 20);
  assertClose(r.explained[19], 1, 1e-12, "all explained");
});

Deno.test("rankAnalysis() counts eigenvalues above a given floor, or the numerical rank", () => {
  // Eigenvalues 3, 1 and 0 (rank 2).
  const sigma = fromRows([[2, 1, 0], [1, 2, 0], [0, 0, 0]]);
  const given = rankAnalysis(sigma, { noiseFloor: 1.5 });
  assert.equal(given.suggested, 1);
  assert.equal(given.noiseFloorFrom, "given");
  assert.equal(given.intervals, undefined);
  const rounding = rankAnalysis(sigma);
  assert.equal(rounding.suggested, 2);
  assert.equal(rounding.noiseFloorFrom, "rounding");
  assertClose(rounding.eigenvalues[0], 3, 1e-14, "largest");
  assertClose(rounding.explained[0], 0.75, 1e-14, "share of the largest");
});

Deno.test("rankAnalysis() rejects bad input with messages that name it", () => {
  const sigma = fromRows([[1, 0], [0, 1]]);
  assert.throws(() => rankAnalysis(fromRows([[1, 2]])), {
    name: "RangeError",
    message: "Cannot analyse the rank: Sigma_hat is 1 x 2, expected 1 x 1",
  });
  assert.throws(
    () => rankAnalysis(sigma, { replicates: [fromRows([[1]])] }),
    /replicate 0 is 1 x 1, expected 2 x 2/,
  );
  assert.throws(
    () => rankAnalysis(sigma, { replicates: [fromRows([[1, NaN], [0, 1]])] }),
    /replicate 0 has a non-finite entry at \(0, 1\)/,
  );
  assert.throws(
    () => rankAnalysis(sigma, { level: 0 }),
    /level must lie in \(0, 1\)/,
  );
  assert.throws(
    () => rankAnalysis(sigma, { noiseFloor: -1 }),
    /noiseFloor must be a finite number >= 0/,
  );
});
