import assert from "node:assert/strict";
import type { Hono } from "hono";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { parameterErrors, tvUpperBound } from "../../../core/metrics/mod.ts";
import { postJson, sampleRows, withApp } from "../_app.ts";

const truth = { sigma: [[2, 0.5], [0.5, 1]], b: [1.5, 0.5] };
const other = { sigma: [[1, 0], [0, 1]], b: [0, 0] };

/** core's metrics of the answer's estimate against `t`. */
function coreMetrics(
  t: { sigma: number[][]; b: number[] },
  fit: { sigma: number[][]; b: number[] },
) {
  const tm = { sigma: fromRows(t.sigma), b: Float64Array.from(t.b) };
  const em = { sigma: fromRows(fit.sigma), b: Float64Array.from(fit.b) };
  return { ...parameterErrors(tm, em), tv: tvUpperBound(tm, em) };
}

async function fitWith(app: Hono, body: unknown) {
  const res = await app.request("/api/fit", postJson(body));
  return { status: res.status, body: await res.json() };
}

Deno.test("POST /api/fit with a truth answers and stores core's metrics", async () => {
  await withApp(async (app) => {
    const { status, body } = await fitWith(app, {
      samples: sampleRows(),
      seed: 1,
      truth,
    });
    assert.equal(status, 200);
    assert.deepEqual(body.truth, truth);
    const expected = coreMetrics(truth, body);
    assert.deepEqual(body.metrics, JSON.parse(JSON.stringify(expected)));
    assert.ok(body.metrics.errSigma > 0 && body.metrics.errB > 0);
    assert.equal(typeof body.metrics.tv.defined, "boolean");

    const run = await (await app.request(`/api/runs/${body.id}`)).json();
    assert.deepEqual(run.result.truth, truth);
    assert.deepEqual(run.result.metrics, body.metrics);

    // Without a truth: no truth, no metrics.
    const plain = await fitWith(app, { samples: sampleRows(), seed: 2 });
    assert.equal(plain.body.truth, undefined);
    assert.equal(plain.body.metrics, undefined);
  });
});

Deno.test("POST /api/fit: a cached repeat with another truth gets that truth's metrics", async () => {
  await withApp(async (app) => {
    const first = await fitWith(app, { samples: sampleRows(), truth });
    const again = await fitWith(app, {
      samples: sampleRows(),
      truth: other,
    });
    assert.equal(again.body.cached, true, "the truth is not in the cache key");
    assert.notEqual(again.body.id, first.body.id);
    assert.deepEqual(again.body.sigma, first.body.sigma);
    assert.deepEqual(again.body.b, first.body.b);
    assert.deepEqual(again.body.truth, other);
    assert.deepEqual(
      again.body.metrics,
      JSON.parse(JSON.stringify(coreMetrics(other, again.body))),
    );
    assert.notEqual(again.body.metrics.errSigma, first.body.metrics.errSigma);
    // A cached repeat without a truth carries none.
    const bare = await fitWith(app, { samples: sampleRows() });
    assert.equal(bare.body.cached, true);
    assert.equal(bare.body.truth, undefined);
    assert.equal(bare.body.metrics, undefined);
    // The stored run keeps the truth of the request that created it.
    const run = await (await app.request(`/api/runs/${first.body.id}`))
      .json();
    assert.deepEqual(run.result.truth, truth);
  });
});

Deno.test("POST /api/fit: a hidden-layer fit keeps the truth but has no metrics", async () => {
  await withApp(async (app) => {
    const { status, body } = await fitWith(app, {
      samples: sampleRows(),
      method: "two-layer",
      options: { m: 2 },
      truth,
    });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.hidden.inputDim, 2);
    assert.deepEqual(body.truth, truth);
    // Its sigma and b describe h, not the x the truth is about.
    assert.equal(body.metrics, null);
  });
});

Deno.test("POST /api/fit rejects a bad truth with 422 naming the field", async (t) => {
  await withApp(async (app) => {
    const cases: [string, unknown, RegExp][] = [
      ["b of another d", { sigma: [[1]], b: [0] }, /"truth\.b"/],
      [
        "sigma of the wrong size",
        { sigma: [[1, 0]], b: [0, 0] },
        /"truth\.sigma"/,
      ],
      [
        "a ragged row",
        { sigma: [[1, 0], [0]], b: [0, 0] },
        /"truth\.sigma\.1"/,
      ],
      [
        "asymmetric sigma",
        { sigma: [[1, 0.5], [0.4, 1]], b: [0, 0] },
        /"truth\.sigma\.1\.0".*not symmetric/,
      ],
      [
        "zero trace",
        { sigma: [[0, 0], [0, 0]], b: [0, 0] },
        /"truth\.sigma".*trace/,
      ],
      [
        "a non-number entry",
        { sigma: [[1, "x"], [0, 1]], b: [0, 0] },
        /"truth\.sigma\.0\.1"/,
      ],
      ["b missing", { sigma: [[1, 0], [0, 1]] }, /"truth\.b"/],
      [
        "W that does not give sigma",
        { sigma: [[1, 0], [0, 1]], b: [0, 0], W: [[1, 0], [0, 2]] },
        /"truth\.W"/,
      ],
    ];
    for (const [name, bad, pattern] of cases) {
      await t.step(name, async () => {
        const { status, body } = await fitWith(app, {
          samples: sampleRows(),
          truth: bad,
        });
        assert.equal(status, 422, JSON.stringify(body));
        assert.equal(body.error.code, "invalid_request");
        assert.match(body.error.message, pattern);
      });
    }
    // A non-finite entry (JSON's 1e999 parses as Infinity) is refused too.
    const res = await app.request(
      "/api/fit",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"samples": ${
          JSON.stringify(sampleRows())
        }, "truth": {"sigma": [[1e999, 0], [0, 1]], "b": [0, 0]}}`,
      },
    );
    assert.equal(res.status, 422);
    assert.match((await res.json()).error.message, /"truth\.sigma\.0\.0"/);

    // A W that matches sigma (up to rounding) is accepted and returned.
    const ok = await fitWith(app, {
      samples: sampleRows(),
      truth: {
        sigma: [[1, 0.5], [0.5, 1.25]],
        b: [1, 0],
        W: [[1, 0], [
          0.5,
          1,
        ]],
      },
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.truth.W, [[1, 0], [0.5, 1]]);
  });
});

Deno.test("the OpenAPI document lists the truth and metrics fields", async () => {
  await withApp(async (app) => {
    const doc = await (await app.request("/api/openapi.json")).json();
    const schemas = doc.components.schemas;
    assert.ok(schemas.FitJsonBody.properties.truth, "truth in the body");
    assert.ok(schemas.FitTruth.properties.sigma);
    assert.ok(schemas.FitAnswer.properties.metrics);
  });
});
