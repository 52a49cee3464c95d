import assert from "node:assert/strict";
import { RunSimpleBody, RunSweepBody } from "../../contract/runs.ts";
import {
  EXPERIMENT_LIMITS,
  validateExperimentSpec,
} from "../../core/experiments/run.ts";

const sweep = {
  sweep: "n",
  values: [100],
  base: { d: 2, n: 100, kappa: 1, bias: "relu" },
  runs: 1,
  methods: ["m0"],
};
const names = (count: number) =>
  Array.from({ length: count }, (_, i) => `m${i}`);

Deno.test("the request schemas and core's validation share the experiment limits", () => {
  const max = EXPERIMENT_LIMITS.maxMethods;
  const atLimit = { ...sweep, methods: names(max) };
  const overLimit = { ...sweep, methods: names(max + 1) };
  assert.ok(RunSweepBody.safeParse(atLimit).success);
  assert.doesNotThrow(() => validateExperimentSpec(atLimit, null));
  assert.equal(RunSweepBody.safeParse(overLimit).success, false);
  assert.throws(() => validateExperimentSpec(overLimit, null), RangeError);

  const simple = { d: 2, n: 100, kappa: 1, bias: "relu", runs: 1 };
  assert.ok(
    RunSimpleBody.safeParse({ ...simple, methods: names(max) }).success,
  );
  assert.equal(
    RunSimpleBody.safeParse({ ...simple, methods: names(max + 1) }).success,
    false,
  );
  const runs = EXPERIMENT_LIMITS.maxRuns;
  assert.ok(RunSweepBody.safeParse({ ...sweep, runs }).success);
  assert.equal(
    RunSweepBody.safeParse({ ...sweep, runs: runs + 1 }).success,
    false,
  );
  assert.throws(
    () => validateExperimentSpec({ ...sweep, runs: runs + 1 }, null),
    RangeError,
  );
  const values = Array.from(
    { length: EXPERIMENT_LIMITS.maxValues + 1 },
    (_, i) => 100 + i,
  );
  assert.equal(RunSweepBody.safeParse({ ...sweep, values }).success, false);
  assert.throws(
    () => validateExperimentSpec({ ...sweep, values }, null),
    RangeError,
  );
});
