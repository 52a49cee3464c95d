import assert from "node:assert/strict";
import { figure1Specs } from "../../../core/experiments/figure1.ts";
import { validateExperimentSpec } from "../../../core/experiments/run.ts";

Deno.test("figure1Specs() uses the paper's Figure 1 settings", () => {
  const { samples, dimension, condition } = figure1Specs();
  assert.deepEqual(samples.values, [
    20000,
    50000,
    80000,
    110000,
    140000,
    170000,
    200000,
  ]);
  assert.equal(samples.sweep, "n");
  assert.deepEqual([samples.base.d, samples.base.k, samples.base.kappa], [
    5,
    5,
    1,
  ]);
  assert.deepEqual(dimension.values, [5, 9, 13, 17, 21, 25]);
  assert.equal(dimension.base.n, 500000);
  assert.equal(dimension.base.kappa, 1);
  assert.deepEqual(condition.values, [1, 5, 9, 13, 17, 21, 25]);
  assert.deepEqual([condition.base.n, condition.base.d], [500000, 5]);
  for (const spec of [samples, dimension, condition]) {
    assert.equal(spec.runs, 10);
    assert.equal(spec.base.bias, "relu");
    assert.deepEqual(spec.methods, ["paper"]);
    validateExperimentSpec(spec, ["paper"]);
  }
  assert.equal(new Set([samples.seed, dimension.seed, condition.seed]).size, 3);
});

Deno.test("figure1Specs() small and nScale shrink the settings", () => {
  const s = figure1Specs({
    small: true,
    runs: 2,
    nScale: 0.1,
    methods: ["m"],
    seed: 4,
  });
  assert.deepEqual(s.samples.values, [200, 500, 800, 1100, 1400, 1700, 2000]);
  assert.deepEqual(s.dimension.values, [5, 9, 13]);
  assert.deepEqual(s.condition.values, [1, 5, 9, 13]);
  assert.equal(s.condition.base.n, 5000);
  assert.equal(s.samples.runs, 2);
  assert.deepEqual(s.samples.methods, ["m"]);
});
