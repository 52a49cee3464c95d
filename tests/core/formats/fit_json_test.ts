import assert from "node:assert/strict";
import type { FitResult } from "../../../core/estimators/mod.ts";
import { fitResultToJson, toJsonSafe } from "../../../core/formats/mod.ts";

const result: FitResult & { extra: unknown } = {
  method: "demo",
  n: 100,
  d: 2,
  columns: ["rain", "wind"],
  b: Float64Array.of(0.5, 0),
  sigma: { rows: 2, cols: 2, data: Float64Array.of(1, 0.5, 0.5, 2) },
  coordinates: [{ positives: 60, zeros: 40 }, { positives: 50, zeros: 50 }],
  diagnostics: { sgdSteps: 11 },
  warnings: ["coordinate 2 is half zeros"],
  standardErrors: {
    b: Float64Array.of(0.1, 0.2),
    sigma: { rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) },
  },
  extra: { factor: { rows: 2, cols: 1, data: Float64Array.of(1, 2) } },
  // Last here, but the JSON puts them after d.
  seed: 7,
  options: { B: 1, lambda: 0.1 },
};

Deno.test("fitResultToJson() writes plain arrays in a fixed key order", () => {
  const json = fitResultToJson(result, { elapsedMs: 1.5 });
  assert.deepEqual(Object.keys(json), [
    "method",
    "n",
    "d",
    "columns",
    "seed",
    "options",
    "b",
    "sigma",
    "coordinates",
    "diagnostics",
    "warnings",
    "standardErrors",
    "extra",
    "elapsedMs",
  ]);
  assert.deepEqual(JSON.parse(JSON.stringify(json)), {
    method: "demo",
    n: 100,
    d: 2,
    columns: ["rain", "wind"],
    seed: 7,
    options: { B: 1, lambda: 0.1 },
    b: [0.5, 0],
    sigma: [[1, 0.5], [0.5, 2]],
    coordinates: [{ positives: 60, zeros: 40 }, { positives: 50, zeros: 50 }],
    diagnostics: { sgdSteps: 11 },
    warnings: ["coordinate 2 is half zeros"],
    standardErrors: { b: [0.1, 0.2], sigma: [[1, 2], [3, 4]] },
    extra: { factor: [[1], [2]] },
    elapsedMs: 1.5,
  });
  assert.ok(Array.isArray(json.b) && !ArrayBuffer.isView(json.b));
});

Deno.test("fitResultToJson() takes seed and options from the result and leaves out what is absent", () => {
  const json = fitResultToJson({ ...result, standardErrors: undefined });
  assert.equal(json.seed, 7);
  assert.deepEqual(json.options, { B: 1, lambda: 0.1 });
  assert.notEqual(json.options, result.options, "a copy");
  assert.equal("elapsedMs" in json, false);
  assert.equal("standardErrors" in json, false);
});

Deno.test("fitResultToJson() writes a hidden layer's A as rows", () => {
  const json = fitResultToJson({
    ...result,
    hidden: {
      inputDim: 3,
      anchors: [2, 0],
      a: { rows: 3, cols: 2, data: Float64Array.of(0, 1, 0.5, 0.5, 1, 0) },
      scaleConvention: "h_j = x[anchors[j]]",
      inner: "paper",
    },
  });
  assert.deepEqual(JSON.parse(JSON.stringify(json.hidden)), {
    inputDim: 3,
    anchors: [2, 0],
    a: [[0, 1], [0.5, 0.5], [1, 0]],
    scaleConvention: "h_j = x[anchors[j]]",
    inner: "paper",
  });
});

Deno.test("toJsonSafe() converts nested typed arrays and matrices only", () => {
  assert.deepEqual(toJsonSafe({ a: [Float32Array.of(1.5)], s: "x", n: null }), {
    a: [[1.5]],
    s: "x",
    n: null,
  });
  // Not a matrix: an extra key keeps it an object.
  assert.deepEqual(
    toJsonSafe({ rows: 1, cols: 1, data: Float64Array.of(2), note: "x" }),
    { rows: 1, cols: 1, data: [2], note: "x" },
  );
});
