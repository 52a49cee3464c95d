import assert from "node:assert/strict";
import { drawSynthetic } from "../../../../dashboard/src/lib/synthetic.ts";
import { randomTruth } from "../../../../core/experiments/truth.ts";
import { createPrng, deriveSeed } from "../../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../../core/sampling/rectified_gaussian.ts";

Deno.test("drawSynthetic() returns the truth and n rectified samples, the same for the same seed", () => {
  const spec = { d: 3, k: 2, n: 50, kappa: 1, bias: "zero" as const, seed: 4 };
  const a = drawSynthetic(spec);
  assert.deepEqual([a.samples.rows, a.samples.cols], [50, 3]);
  assert.ok(a.samples.data.every((x) => x >= 0));
  assert.deepEqual(a.truth.b, [0, 0, 0]);
  assert.equal(a.truth.sigma.length, 3);
  assert.deepEqual(drawSynthetic(spec), a);
  assert.notDeepEqual(drawSynthetic({ ...spec, seed: 5 }).samples, a.samples);
});

Deno.test("drawSynthetic() draws in steps the samples of one sampler call, reporting each step", () => {
  // d = 600: a step is 1,747 rows, so 4,000 rows take three steps.
  const spec = {
    d: 600,
    k: 3,
    n: 4000,
    kappa: 2,
    bias: "relu" as const,
    seed: 9,
  };
  const steps: [number, number][] = [];
  const drawn = drawSynthetic(spec, (done, total) => steps.push([done, total]));
  assert.deepEqual(steps, [[1747, 4000], [3494, 4000], [4000, 4000]]);
  const truth = randomTruth(spec, createPrng(deriveSeed(9, 0)));
  const once = sampleRectifiedGaussian(
    truth.w,
    truth.b,
    4000,
    createPrng(deriveSeed(9, 1)),
  );
  assert.deepEqual(drawn.samples, once);
});
