import assert from "node:assert/strict";
import { post, postJson, sampleCsv, sampleRows, withApp } from "../_app.ts";

Deno.test("a fit's stored truth keeps Sigma and b, never W; the answer echoes what was sent", async () => {
  await withApp(async (app) => {
    const truth = {
      sigma: [[1, 0], [0, 4]],
      b: [0.5, 1],
      W: [[1, 0], [0, 2]],
    };
    const res = await app.request(
      "/api/fit",
      postJson({ samples: sampleRows(), truth }),
    );
    const fit = await res.json();
    assert.deepEqual(fit.truth, truth);
    const run = await (await app.request(`/api/runs/${fit.id}`)).json();
    assert.deepEqual(run.result.truth, { sigma: truth.sigma, b: truth.b });
    assert.deepEqual(run.result.metrics, fit.metrics);
  });
});

Deno.test("a result over MAX_RESULT_BYTES answers 413 and stores nothing", async () => {
  await withApp(async (app, kv) => {
    const res = await app.request("/api/fit", post(sampleCsv(), "text/csv"));
    assert.equal(res.status, 413);
    const body = await res.json();
    // Refused from its price, before the fit (the store would refuse too).
    assert.equal(body.error.code, "answer_too_large");
    assert.match(body.error.message, /limit of 500 bytes/);
    for await (const entry of kv.list({ prefix: [] })) {
      assert.fail(`left ${JSON.stringify(entry.key)}`);
    }
  }, { limits: { maxResultBytes: 500 } });
});

Deno.test("one client holds at most MAX_EVENT_STREAMS event streams at once", async () => {
  await withApp(async (app) => {
    const started = await app.request(
      "/api/runs",
      postJson({
        d: 2,
        n: 50,
        kappa: 1,
        bias: "relu",
        runs: 1,
        methods: ["paper"],
      }),
    );
    const { id } = await started.json(); // stays queued: no worker here
    const open = () =>
      app.request(`/api/runs/${id}/events`, {
        headers: { "x-forwarded-for": "2001:db8:7:7::1" },
      });
    const first = await open();
    assert.equal(first.status, 200);
    const second = await open();
    assert.equal(second.status, 429);
    assert.equal((await second.json()).error.code, "too_many_streams");
    await first.body?.cancel();
    await new Promise((r) => setTimeout(r, 300)); // the stream notices
    const third = await open();
    assert.equal(third.status, 200);
    await third.body?.cancel();
    await new Promise((r) => setTimeout(r, 300));
  }, { limits: { maxEventStreams: 1 } });
});
