import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import { measureEfficiency } from "../../../core/experiments/efficiency.ts";
import { fitSamples } from "../../../core/estimators/fit.ts";
import { crbErrors } from "../../../core/fisher/crb_errors.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { analyzeCovariance } from "../../../core/metrics/analyze_covariance.ts";
import { parameterErrors } from "../../../core/metrics/parameter_errors.ts";
import { createPrng, deriveSeed } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";

const TRUTH = {
  b: Float64Array.of(0.4, -0.1),
  sigma: fromRows([[1, 0.3], [0.3, 0.7]]),
};

Deno.test("measureEfficiency() fits the documented seeded data sets and divides by the bound", () => {
  const n = 3000, runs = 3, seed = 9;
  const result = measureEfficiency({
    truth: TRUTH,
    n,
    runs,
    seed,
    method: "censored",
  });
  // The same runs by hand: samples from deriveSeed(runSeed, 1), fit seed
  // deriveSeed(runSeed, 2), runSeed = deriveSeed(seed, r).
  const w = analyzeCovariance(TRUTH.sigma).factor;
  const errSigma: number[] = [], sigma12: number[] = [];
  for (let r = 0; r < runs; r++) {
    const runSeed = deriveSeed(seed, r);
    const x = sampleRectifiedGaussian(
      w,
      TRUTH.b,
      n,
      createPrng(deriveSeed(runSeed, 1)),
    );
    const fit = fitSamples(x, {
      method: "censored",
      seed: deriveSeed(runSeed, 2),
    });
    errSigma.push(parameterErrors(TRUTH, fit).errSigma);
    sigma12.push(fit.sigma.data[1]!);
  }
  const mean = errSigma.reduce((s, x) => s + x, 0) / runs;
  assertClose(result.measured.errSigma.mean, mean, 1e-15, "mean err_sigma");
  const m12 = sigma12.reduce((s, x) => s + x, 0) / runs;
  const sd12 = Math.sqrt(
    sigma12.reduce((s, x) => s + (x - m12) ** 2, 0) / (runs - 1),
  );
  // θ = (b1, b2, Sigma11, Sigma12, Sigma22).
  assertClose(result.measured.sd[3]!, sd12, 1e-12, "sd of Sigma12");
  assertClose(result.measured.bias[3]!, m12 - 0.3, 1e-12, "bias of Sigma12");
  const crb = crbErrors(TRUTH, n);
  assertClose(result.crb.errSigma.mean!, crb.errSigma.mean!, 0, "bound");
  assert.equal(result.ratio.of, "mean");
  assertClose(
    result.ratio.errSigma.value,
    mean / crb.errSigma.mean!,
    1e-15,
    "ratio",
  );
  assertClose(
    result.ratio.errSigma.se,
    result.measured.errSigma.se / crb.errSigma.mean!,
    1e-15,
    "ratio se",
  );
  assert.equal(result.method, "censored");
  assert.equal(result.measured.failed, 0);
});

Deno.test("measureEfficiency() checks the spec before any fit", () => {
  assert.throws(() => measureEfficiency({ truth: TRUTH, n: 100, runs: 0 }), {
    name: "RangeError",
    message: /runs must be a positive integer, got 0/,
  });
  assert.throws(() => measureEfficiency({ truth: TRUTH, n: 1.5, runs: 1 }), {
    name: "RangeError",
    message: /n must be a positive integer, got 1.5/,
  });
  assert.throws(
    () => measureEfficiency({ truth: TRUTH, n: 100, runs: 1, method: "nope" }),
    { name: "RangeError", message: /unknown method "nope"/ },
  );
});
