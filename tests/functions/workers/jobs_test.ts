import assert from "node:assert/strict";
import { ApiError } from "../../../functions/http/errors.ts";
import { runJob } from "../../../functions/workers/jobs.ts";
import { rejection } from "./_helpers.ts";

const truth = { sigma: [[2, 0.5], [0.5, 1]], b: [1.5, 0.5] };

Deno.test("checkTruth compares the truth's d with the samples' before validating it", async () => {
  assert.deepEqual(await runJob("checkTruth", { truth, d: 2 }), { truth });
  // W W^T does not match sigma: found only once the sizes agree.
  const badW = { ...truth, W: [[1, 0], [0, 1]] };
  const wrongD = await rejection(
    runJob("checkTruth", { truth: badW, d: 3 }),
    ApiError,
  );
  assert.equal(wrongD.status, 422);
  assert.match(
    wrongD.message,
    /"truth\.b": has length 2, but the samples have d = 3/,
  );
  const invalid = await rejection(
    runJob("checkTruth", { truth: badW, d: 2 }),
    ApiError,
  );
  assert.match(invalid.message, /"truth\.W"/);
});

Deno.test("truthMetrics reads an answer's text; a hidden-layer answer has none", async () => {
  const answer = JSON.stringify({
    b: [1.4, 0.6],
    sigma: [[2, 0.4], [0.4, 1.1]],
  });
  const { metrics } = await runJob("truthMetrics", { truth, answer });
  assert.ok(metrics !== null && metrics.errSigma > 0);
  const hidden = JSON.stringify({ b: [1], sigma: [[1]], hidden: {} });
  assert.deepEqual(await runJob("truthMetrics", { truth, answer: hidden }), {
    metrics: null,
  });
});

Deno.test("sample draws from W and b or from a stored answer's factor, in each format", async () => {
  const w = { rows: 2, cols: 1, data: Float64Array.of(1, 0.5) };
  const b = Float64Array.of(0, 0.2);
  const json = await runJob("sample", {
    source: { w, b },
    n: 3,
    seed: 1,
    format: "json",
  });
  assert.equal(json.contentType, "application/json");
  const text = (body: Uint8Array) => new TextDecoder().decode(body);
  assert.equal(JSON.parse(text(json.body)).samples.length, 3);
  const stored = new TextEncoder().encode(JSON.stringify({
    b: [0, 0.2],
    covariance: { factor: [[1], [0.5]] },
  }));
  const fromFit = await runJob("sample", {
    source: { fitId: "f", fit: stored },
    n: 3,
    seed: 1,
    format: "json",
  });
  assert.deepEqual(fromFit.body, json.body, "the same W and b, the same draws");
  const csv = await runJob("sample", {
    source: { w, b },
    n: 3,
    seed: 1,
    format: "csv",
  });
  assert.equal(text(csv.body).trim().split("\n").length, 3);
  const npy = await runJob("sample", {
    source: { w, b },
    n: 3,
    seed: 1,
    format: "npy",
  });
  assert.ok(npy.body instanceof Uint8Array);
  const noFactor = await rejection(
    runJob("sample", {
      source: {
        fitId: "f",
        fit: new TextEncoder().encode(JSON.stringify({ b: [0] })),
      },
      n: 3,
      seed: 1,
      format: "json",
    }),
    ApiError,
  );
  assert.equal(noFactor.code, "no_factor");
});
