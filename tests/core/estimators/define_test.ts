import assert from "node:assert/strict";
import {
  defineEstimator,
  defineOptions,
  fitSamples,
  type OptionValues,
  prepareEstimatorFit,
  resolveOptions,
} from "../../../core/estimators/mod.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";

const OPTIONS = defineOptions({
  steps: {
    kind: "integer",
    default: 10,
    min: 1,
    max: 100,
    description: "Iterations",
  },
  verbose: { kind: "boolean", default: false, description: "Say more" },
});

Deno.test("defineOptions() types each option by its kind", () => {
  // Compile-time: a number and a boolean, every option present.
  const values: OptionValues<typeof OPTIONS> = { steps: 3, verbose: true };
  const steps: number = values.steps;
  const verbose: boolean = values.verbose;
  assert.equal(steps + Number(verbose), 4);
});

Deno.test("defineEstimator() lists the options in order and passes them typed", () => {
  const seen: OptionValues<typeof OPTIONS>[] = [];
  const estimator = defineEstimator({
    name: "recorder",
    description: "Records its options",
    assumptions: "none",
    cost: "O(d²)",
    options: OPTIONS,
    fit(x, { options }) {
      seen.push(options);
      return {
        method: "recorder",
        n: x.rows,
        d: x.cols,
        b: new Float64Array(x.cols),
        sigma: {
          rows: x.cols,
          cols: x.cols,
          data: new Float64Array(x.cols ** 2),
        },
        coordinates: [],
        diagnostics: {},
        warnings: [],
      };
    },
  });
  assert.deepEqual(estimator.options, [
    {
      name: "steps",
      kind: "integer",
      default: 10,
      min: 1,
      max: 100,
      description: "Iterations",
    },
    {
      name: "verbose",
      kind: "boolean",
      default: false,
      description: "Say more",
    },
  ]);
  const typed: OptionValues<typeof OPTIONS> = resolveOptions(estimator, {
    steps: 5,
  });
  assert.deepEqual(typed, { steps: 5, verbose: false });
  const fit = prepareEstimatorFit(estimator, { options: { verbose: true } });
  fitSamples(fromRows([[1], [2]]), fit);
  assert.deepEqual(seen, [{ steps: 10, verbose: true }]);
});

Deno.test("defineOptions() rejects declarations that cannot be valid", () => {
  const cases: [Parameters<typeof defineOptions>[0], string, string][] = [
    [
      { k: { kind: "integer", default: 1.5, description: "" } },
      "RangeError",
      'Cannot declare option "k": its default must be an integer',
    ],
    [
      { k: { kind: "number", default: 5, min: 0, max: 1, description: "" } },
      "RangeError",
      'Cannot declare option "k": its default 5 is outside [0, 1]',
    ],
    [
      { k: { kind: "number", default: NaN, description: "" } },
      "TypeError",
      'Cannot declare option "k": its default must be a finite number',
    ],
    [
      { seed: { kind: "boolean", default: true, description: "" } },
      "TypeError",
      'Cannot declare option "seed": the name is empty or one of method, seed, bootstrap, check, checkReplicates, checkLevel, rank, columns, na, index, which a fit request uses for itself',
    ],
  ];
  for (const [declarations, name, message] of cases) {
    assert.throws(() => defineOptions(declarations), { name, message });
  }
});
