import assert from "node:assert/strict";
import {
  buildRunSpec,
  type ExperimentForm,
  parseValues,
} from "../../../../dashboard/src/lib/experiment_form.ts";

const form: ExperimentForm = {
  sweep: "n",
  values: "2000, 5000 1e4",
  d: 3,
  k: 3,
  n: 1000,
  kappa: 1,
  bias: "relu",
  runs: 2,
  methods: ["paper"],
  seed: 7,
};

Deno.test("parseValues() splits on commas and spaces, rejects non-numbers", () => {
  assert.deepEqual(parseValues("1, 2;3  4"), [1, 2, 3, 4]);
  assert.equal(parseValues("1, two"), null);
});

Deno.test("buildRunSpec() builds the sweep form of POST /api/runs", () => {
  const out = buildRunSpec(form);
  assert.deepEqual(out, {
    ok: true,
    spec: {
      sweep: "n",
      values: [2000, 5000, 10000],
      base: { d: 3, k: 3, n: 1000, kappa: 1, bias: "relu" },
      runs: 2,
      methods: ["paper"],
      seed: 7,
    },
  });
});

Deno.test("buildRunSpec() names the field a user must fix", () => {
  assert.deepEqual(buildRunSpec({ ...form, values: "a" }), {
    ok: false,
    message: 'Cannot start: list one or more numbers for n, got "a"',
  });
  assert.deepEqual(buildRunSpec({ ...form, methods: [] }), {
    ok: false,
    message: "Cannot start: pick at least one method",
  });
  assert.deepEqual(buildRunSpec({ ...form, runs: 0 }), {
    ok: false,
    message: "Cannot start: runs must be a positive integer, got 0",
  });
});
