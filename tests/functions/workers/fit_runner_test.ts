import assert from "node:assert/strict";
import { fitSamples } from "../../../core/estimators/mod.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import {
  type FitRequest,
  type FitRunner,
  inProcessFitRunner,
} from "../../../functions/workers/fit_runner.ts";
import { post, sampleCsv, sampleRows, withApp } from "../_app.ts";

Deno.test("inProcessFitRunner resolves to fitSamples' result, or rejects", async () => {
  const rows = sampleRows();
  const x = { rows: rows.length, cols: 2, data: new Float64Array(rows.flat()) };
  assert.deepEqual(await inProcessFitRunner(x, {}), fitSamples(x, {}));
  const pending = inProcessFitRunner(x, { options: { nope: 1 } });
  assert.ok(pending instanceof Promise, "a bad request rejects, not throws");
  await assert.rejects(pending, RangeError);
});

Deno.test("POST /api/fit runs its fit through the injected runner", async () => {
  const calls: { n: number; d: number; request: FitRequest }[] = [];
  const recording: FitRunner = (samples: Matrix, request) => {
    calls.push({ n: samples.rows, d: samples.cols, request });
    return inProcessFitRunner(samples, request);
  };
  await withApp(async (app) => {
    const res = await app.request(
      "/api/fit?seed=5",
      post(sampleCsv(), "text/csv"),
    );
    assert.equal(res.status, 200);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].n, 200);
    assert.equal(calls[0].d, 2);
    assert.equal(calls[0].request.seed, 5);
  }, { fitRunner: recording });

  const failing: FitRunner = () =>
    Promise.reject(new RangeError("Cannot fit: the runner said no"));
  await withApp(async (app) => {
    const res = await app.request("/api/fit", post(sampleCsv(), "text/csv"));
    assert.equal(res.status, 422);
    assert.deepEqual(await res.json(), {
      error: {
        code: "invalid_input",
        message: "Cannot fit: the runner said no",
      },
    });
  }, { fitRunner: failing });
});
