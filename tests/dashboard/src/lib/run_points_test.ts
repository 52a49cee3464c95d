import assert from "node:assert/strict";
import type {
  RunPoint,
  RunRecord,
} from "../../../../dashboard/src/api/types.ts";
import {
  curveAxes,
  curvesOf,
  describeSpec,
  specOf,
  sweepOf,
  tvGapNote,
  valuesOf,
} from "../../../../dashboard/src/lib/run_points.ts";
import { runPoint, runRecord } from "../../_records.ts";

const s = (mean: number, std: number) => ({ mean, std, count: 2 });
// tv summarises no runs: its mean is null, as the API sends it.
const points: RunPoint[] = [
  runPoint({
    value: 4000,
    method: "a",
    errSigma: s(0.2, 0.05),
    errB: s(0.1, 0.01),
  }),
  runPoint({
    value: 2000,
    method: "a",
    errSigma: s(0.3, 0.4),
    errB: s(0.2, 0.02),
  }),
  runPoint({
    value: 2000,
    method: "b",
    errSigma: s(0.25, 0.01),
    errB: s(0.15, 0.01),
  }),
];

Deno.test("valuesOf() sorts distinct parameter values", () => {
  assert.deepEqual(valuesOf(points), [2000, 4000]);
});

Deno.test("curvesOf() aligns each method on the x values, with gaps and bands clamped at 0", () => {
  const curves = curvesOf(points, "errSigma", [2000, 4000]);
  assert.deepEqual(curves.map((c) => c.method), ["a", "b"]);
  assert.deepEqual(curves[0].mean, [0.3, 0.2]);
  // 0.3 - 0.4 < 0: errors are non-negative, so the band stops at 0.
  assert.deepEqual(curves[0].lower, [0, 0.2 - 0.05]);
  assert.deepEqual(curves[1].mean, [0.25, null]);
  assert.deepEqual(curvesOf(points, "tv", [2000, 4000])[0].mean, [null, null]);
});

Deno.test("specOf() and sweepOf() read the API's input, describeSpec() summarises it", () => {
  const run: RunRecord = runRecord({
    id: "r",
    input: {
      sweep: "kappa",
      values: [1, 5],
      base: { d: 5, k: 5, n: 1000, kappa: 1, bias: "relu" },
      runs: 3,
      methods: ["paper"],
    },
  });
  assert.equal(sweepOf(run), "kappa");
  assert.equal(
    describeSpec(specOf(run)),
    "kappa ∈ {1, 5}, d = 5, k = 5, n = 1000, bias = relu, 3 runs, paper",
  );
  assert.equal(
    describeSpec({ method: "paper", n: 10, d: 2, seed: 1 }),
    "fit with paper, n = 10, d = 2, seed 1",
  );
});

Deno.test("describeSpec() says k = d for a sweep over d", () => {
  assert.equal(
    describeSpec({
      sweep: "d",
      values: [5, 9],
      base: { d: 5, k: 5, n: 100, kappa: 1, bias: "relu" },
    }),
    "d ∈ {5, 9}, k = d, n = 100, kappa = 1, bias = relu",
  );
});

Deno.test("tvGapNote() says what the TV column leaves out", () => {
  const points = [
    runPoint({
      value: 1,
      method: "a",
      errSigma: { mean: 1, std: 0, count: 5 },
      tv: { mean: 1, std: 0, count: 3 },
      notPd: 2,
    }),
    runPoint({
      value: 2,
      method: "a",
      errSigma: { mean: 1, std: 0, count: 5 },
      tv: { mean: 1, std: 0, count: 5 },
    }),
  ];
  const note = tvGapNote(points)!;
  assert.match(note, /^The TV bound is undefined in 2 of 10 fits/);
  assert.match(note, /the TV column averages the other 8/);
  assert.equal(tvGapNote([points[1]]), null);
});

Deno.test("curveAxes() puts errors on a log axis, and n too", () => {
  assert.deepEqual(curveAxes("n", "log"), { x: "log", y: "log" });
  assert.deepEqual(curveAxes("d", "log"), { x: "linear", y: "log" });
  assert.deepEqual(curveAxes("kappa", "log"), { x: "linear", y: "log" });
  assert.deepEqual(curveAxes("n", "linear"), { x: "linear", y: "linear" });
});
