import assert from "node:assert/strict";
import { assertClose, createPrng, fromRows } from "../../_helpers.ts";
import {
  type FittedModel,
  fittedSampler,
  parametricRefits,
} from "../../../core/check/parametric_refits.ts";
import { modelCheck } from "../../../core/check/model_check.ts";
import { fitSamples } from "../../../core/estimators/fit.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";

function censoredFit(x: Matrix): FittedModel {
  return fitSamples(x, { method: "censored" });
}

Deno.test("fittedSampler() draws a rank-1 Sigma_hat through one latent column", () => {
  // Sigma = v vᵀ with v = (1, 2) and b = 0: y2 = 2 y1, so x2 = 2 x1 exactly.
  const sampler = fittedSampler({
    b: Float64Array.of(0, 0),
    sigma: fromRows([[1, 2], [2, 4]]),
  });
  assert.equal(sampler.rank, 1);
  assert.equal(sampler.indefinite, false);
  const x = sampler.draw(100, 3, 0);
  for (let r = 0; r < 100; r++) {
    assertClose(x.data[2 * r + 1], 2 * x.data[2 * r], 1e-12, `row ${r}`);
  }
  assert.deepEqual(sampler.draw(100, 3, 0), x);
  assert.notDeepEqual(sampler.draw(100, 3, 1), x);
});

Deno.test("parametricRefits() gives the refits modelCheck makes with the same seed", () => {
  const w = fromRows([[1, 0], [0.5, 0.8]]);
  const b = Float64Array.of(0.2, -0.1);
  const x = sampleRectifiedGaussian(w, b, 300, createPrng(4));
  const fit = censoredFit(x);
  const { refits, failed } = parametricRefits(fit, 300, {
    replicates: 5,
    seed: 9,
    refit: censoredFit,
  });
  assert.equal(failed, 0);
  const check = modelCheck(x, fit, {
    replicates: 5,
    seed: 9,
    refit: censoredFit,
    keepRefits: true,
  });
  assert.deepEqual(
    refits.map((r) => Array.from(r.sigma.data)),
    check.refits!.map((r) => Array.from(r.sigma.data)),
  );
});

Deno.test("parametricRefits() counts refits that throw or return the wrong shape", () => {
  const fit = { b: Float64Array.of(0.5), sigma: fromRows([[1]]) };
  let calls = 0;
  const refit = (): FittedModel => {
    calls++;
    if (calls === 2) throw new RangeError("Cannot fit: no");
    if (calls === 3) {
      return { b: Float64Array.of(0, 0), sigma: fromRows([[1]]) };
    }
    return fit;
  };
  const out = parametricRefits(fit, 10, { replicates: 4, refit });
  assert.equal(out.refits.length, 2);
  assert.equal(out.failed, 2);
  assert.equal(out.failureReasons[0], "Cannot fit: no");
  assert.match(out.failureReasons[1], /the refit has b of length 2/);
  assert.throws(
    () => parametricRefits(fit, 10, { replicates: 0, refit }),
    /replicates must be a positive integer, got 0/,
  );
});
