import assert from "node:assert/strict";
import {
  type ExperimentProgress,
  type ExperimentSpec,
  runExperiment,
  runExperimentSteps,
  summarize,
  validateExperimentSpec,
} from "../../../core/experiments/run.ts";
import { randomTruth } from "../../../core/experiments/truth.ts";
import { methodNames } from "../../../core/estimators/registry.ts";
import { fromRows, type Matrix } from "../../../core/linalg/matrix.ts";
import { parameterErrors } from "../../../core/metrics/parameter_errors.ts";
import { createPrng, deriveSeed } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { identityFit } from "./_identity_fit.ts";

const SPEC: ExperimentSpec = {
  sweep: "n",
  values: [300, 500],
  base: { d: 3, n: 1000, kappa: 2, bias: "relu" },
  runs: 3,
  methods: ["a", "b"],
  seed: 11,
};

/** The truth and data of point `vi`, run `r`, by the documented scheme. */
function dataOf(spec: ExperimentSpec, vi: number, r: number) {
  const runSeed = deriveSeed(deriveSeed(spec.seed, vi), r);
  const n = spec.sweep === "n" ? spec.values[vi]! : spec.base.n;
  const truth = randomTruth(
    {
      d: spec.base.d,
      k: spec.base.d,
      kappa: spec.base.kappa,
      bias: spec.base.bias,
    },
    createPrng(deriveSeed(runSeed, 0)),
  );
  const x = sampleRectifiedGaussian(
    truth.w,
    truth.b,
    n,
    createPrng(deriveSeed(runSeed, 1)),
  );
  return { truth, x, fitSeed: deriveSeed(runSeed, 2) };
}

Deno.test("summarize() gives the mean and the n − 1 standard deviation", () => {
  const s = summarize([1, 2, 3, 4]);
  assert.equal(s.mean, 2.5);
  assert.ok(Math.abs(s.std - Math.sqrt(5 / 3)) < 1e-15);
  assert.equal(s.count, 4);
  assert.deepEqual(summarize([7]), { mean: 7, std: 0, count: 1 });
  const empty = summarize([]);
  assert.ok(Number.isNaN(empty.mean) && Number.isNaN(empty.std));
  assert.equal(empty.count, 0);
});

Deno.test("runExperimentSteps() gives every method the same documented data set", () => {
  const seen: { method: string; x: Matrix; seed: number }[] = [];
  const fake = identityFit(1);
  runExperiment(SPEC, undefined, {
    fit: (x, request) => {
      seen.push({ method: request.method!, x, seed: Number(request.seed) });
      return fake(x, request);
    },
  });
  assert.equal(seen.length, 2 * 3 * 2);
  for (let vi = 0; vi < 2; vi++) {
    for (let r = 0; r < 3; r++) {
      const [a, b] = seen.slice((vi * 3 + r) * 2, (vi * 3 + r) * 2 + 2);
      assert.equal(a!.method, "a");
      assert.equal(b!.method, "b");
      assert.equal(a!.x, b!.x); // the very same samples
      const expected = dataOf(SPEC, vi, r);
      assert.deepEqual(a!.x.data, expected.x.data);
      assert.equal(a!.seed, expected.fitSeed);
      assert.equal(b!.seed, expected.fitSeed);
    }
  }
  // Different runs see different data.
  assert.notDeepEqual(seen[0]!.x.data, seen[2]!.x.data);
});

Deno.test("runExperimentSteps() aggregates errors over runs", () => {
  const result = runExperiment(SPEC, undefined, { fit: identityFit(1.5) });
  assert.equal(result.points.length, 4);
  assert.deepEqual(
    result.points.map((p) => [p.value, p.method]),
    [[300, "a"], [300, "b"], [500, "a"], [500, "b"]],
  );
  for (let vi = 0; vi < 2; vi++) {
    const errs = [0, 1, 2].map((r) => {
      const { truth } = dataOf(SPEC, vi, r);
      return parameterErrors(truth, {
        sigma: fromRows([[1.5, 0, 0], [0, 1.5, 0], [0, 0, 1.5]]),
        b: new Float64Array(3),
      });
    });
    const point = result.points[vi * 2]!;
    const expected = summarize(errs.map((e) => e.errSigma));
    assert.ok(Math.abs(point.errSigma.mean - expected.mean) < 1e-15);
    assert.ok(Math.abs(point.errSigma.std - expected.std) < 1e-15);
    assert.ok(
      Math.abs(point.errB.mean - summarize(errs.map((e) => e.errB)).mean) <
        1e-15,
    );
    assert.equal(point.tv.count, 3);
    assert.equal(point.notPd, 0);
    assert.equal(point.fitMs.count, 3);
    assert.equal(point.failed, 0);
  }
});

Deno.test("runExperimentSteps() counts non-PD estimates and failed fits", () => {
  const good = identityFit(1);
  const result = runExperiment(
    { ...SPEC, values: [300], methods: ["indefinite", "boom"] },
    undefined,
    {
      fit: (x, request) => {
        if (request.method === "boom") throw new RangeError("Cannot fit: boom");
        const r = good(x, request);
        return { ...r, sigma: fromRows([[1, 2, 0], [2, 1, 0], [0, 0, 1]]) };
      },
    },
  );
  const [indefinite, boom] = result.points;
  assert.equal(indefinite!.notPd, 3);
  assert.equal(indefinite!.tv.count, 0);
  assert.ok(Number.isNaN(indefinite!.tv.mean));
  assert.equal(indefinite!.errSigma.count, 3);
  assert.equal(boom!.failed, 3);
  assert.deepEqual(boom!.errors, ["Cannot fit: boom"]);
  assert.equal(boom!.errSigma.count, 0);
});

Deno.test("runExperimentSteps() yields after every fit", () => {
  const steps = runExperimentSteps(SPEC, { fit: identityFit(1) });
  const progress: ExperimentProgress[] = [];
  let next = steps.next();
  while (!next.done) {
    progress.push(next.value);
    next = steps.next();
  }
  assert.equal(progress.length, 12);
  assert.deepEqual(
    progress.map((p) => p.done),
    [...Array(12)].map((_, i) => i + 1),
  );
  assert.ok(progress.every((p) => p.total === 12));
  assert.deepEqual(progress[3], {
    done: 4,
    total: 12,
    value: 300,
    method: "b",
    run: 1,
  });
  assert.equal(next.value.points.length, 4);
});

Deno.test("runExperiment() lets k follow d when sweeping d", () => {
  const shapes: number[] = [];
  runExperiment(
    {
      ...SPEC,
      sweep: "d",
      values: [2, 4],
      base: { ...SPEC.base, k: 1 },
      runs: 1,
      methods: ["a"],
    },
    undefined,
    {
      fit: (x, request) => {
        shapes.push(x.cols);
        return identityFit(1)(x, request);
      },
    },
  );
  assert.deepEqual(shapes, [2, 4]);
});

Deno.test("validateExperimentSpec() normalises a valid spec", () => {
  const spec = validateExperimentSpec(
    {
      sweep: "n",
      values: [100],
      base: { d: 4, kappa: 1, bias: "zero" },
      runs: 2,
      methods: ["x"],
    },
    null,
  );
  assert.deepEqual(spec, {
    sweep: "n",
    values: [100],
    base: { d: 4, k: 4, n: 100, kappa: 1, bias: "zero" },
    runs: 2,
    methods: ["x"],
    seed: 0,
  });
});

Deno.test("validateExperimentSpec() names the bad field", async (t) => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["not an object", { base: 3 }, "base must be an object, got 3"],
    ["sweep", { sweep: "m" }, 'sweep must be one of n, d, kappa, got "m"'],
    [
      "values",
      { values: [] },
      "values must be a non-empty array, got an array",
    ],
    [
      "n value",
      { values: [1.5] },
      "values[0] must be an integer in [2, 268435456], got 1.5",
    ],
    ["runs", { runs: 0 }, "runs must be an integer in [1, 1000], got 0"],
    [
      "runs limit",
      { runs: 1001 },
      "runs must be an integer in [1, 1000], got 1001",
    ],
    [
      "bias",
      { base: { d: 3, n: 10, kappa: 1, bias: "up" } },
      'base.bias must be one of relu, zero, negative, got "up"',
    ],
    [
      "unknown field",
      { extra: 1 },
      "unknown field extra; valid fields are sweep, values, base, runs, methods, seed",
    ],
    [
      "methods",
      { methods: [] },
      "methods must be a non-empty array of method names, got an array",
    ],
    [
      "repeated method",
      { methods: ["paper", "paper"] },
      'methods[1] repeats "paper"',
    ],
    [
      "size",
      { values: [2 ** 27], base: { d: 3, n: 10, kappa: 1, bias: "relu" } },
      "n * d must be at most 268435456 (2^28) for every point, got 134217728 * 3 = 402653184",
    ],
    [
      "kappa",
      { sweep: "kappa", values: [0.5] },
      "values[0] (kappa) must be a number in [1, 1000000000000], got 0.5",
    ],
  ];
  const valid = {
    sweep: "n",
    values: [100],
    base: { d: 3, n: 10, kappa: 1, bias: "relu" },
    runs: 2,
    methods: ["paper"],
    seed: 1,
  };
  for (const [name, patch, message] of cases) {
    await t.step(name, () => {
      assert.throws(
        () => validateExperimentSpec({ ...valid, ...patch }, ["paper"]),
        {
          name: "RangeError",
          message: `Cannot run experiment: ${message}`,
        },
      );
    });
  }
  await t.step("unknown method", () => {
    assert.throws(
      () =>
        validateExperimentSpec({ ...valid, methods: ["nope"] }, ["paper", "x"]),
      {
        name: "RangeError",
        message:
          'Cannot run experiment: methods[0] is unknown: "nope"; valid methods are paper, x',
      },
    );
  });
});

Deno.test({
  name: "runExperiment() runs the paper method end to end, reproducibly",
  ignore: !methodNames().includes("paper"),
  fn() {
    const spec: ExperimentSpec = {
      sweep: "kappa",
      values: [1, 4],
      base: { d: 3, n: 2000, kappa: 1, bias: "relu" },
      runs: 2,
      methods: ["paper"],
      seed: 5,
    };
    const first = runExperiment(spec);
    const second = runExperiment(spec);
    assert.equal(first.points.length, 2);
    for (let i = 0; i < 2; i++) {
      const p = first.points[i]!, q = second.points[i]!;
      assert.deepEqual(
        [p.errSigma, p.errB, p.tv, p.notPd],
        [q.errSigma, q.errB, q.tv, q.notPd],
      );
      // A wiring check, not an accuracy test: at n = 2000 the paper method's
      // errors are a few tenths; errors of order 1 or NaN would mean a
      // broken pipeline (e.g. a mis-scaled metric or mismatched truths).
      assert.equal(p.errSigma.count, 2);
      assert.ok(
        p.errSigma.mean > 0 && p.errSigma.mean < 1,
        `${p.errSigma.mean}`,
      );
      assert.ok(p.errB.mean > 0 && p.errB.mean < 1, `${p.errB.mean}`);
      assert.equal(p.tv.count + p.notPd, 2);
    }
  },
});
