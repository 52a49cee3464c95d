import assert from "node:assert/strict";
import { fitCost } from "../../../core/cost/fit_cost.ts";
import { prepareFit } from "../../../core/estimators/prepare.ts";
import { post, postJson, sampleCsv, sampleRows, withApp } from "../_app.ts";
import { errorBars } from "../../../dashboard/src/lib/error_bars.ts";

Deno.test("POST /api/fit with bootstrap (query or JSON) adds standard errors and has its own cache entry", async () => {
  await withApp(async (app) => {
    const plain = await (await app.request(
      "/api/fit?method=paper",
      post(sampleCsv(), "text/csv"),
    )).json();
    assert.equal(plain.standardErrors, undefined);

    const res = await app.request(
      "/api/fit?method=paper&bootstrap=20",
      post(sampleCsv(), "text/csv"),
    );
    assert.equal(res.status, 200);
    const boot = await res.json();
    // Not answered from the entry without bootstrap.
    assert.equal(boot.cached, false);
    assert.notEqual(boot.id, plain.id);
    assert.deepEqual(boot.sigma, plain.sigma);
    assert.equal(boot.standardErrors.b.length, 2);
    assert.deepEqual(
      boot.standardErrors.sigma.map((r: number[]) => r.length),
      [2, 2],
    );
    assert.ok(boot.standardErrors.b.every((v: number) => v > 0));
    assert.equal(boot.diagnostics.standardErrorsFrom, "bootstrap");
    assert.equal(boot.diagnostics.bootstrapReplicates, 20);
    assert.equal(boot.options.bootstrap, undefined, "not a method option");

    // The same request as JSON: same cache entry, same numbers.
    const json = await (await app.request(
      "/api/fit",
      postJson({ samples: sampleRows(), method: "paper", bootstrap: 20 }),
    )).json();
    assert.equal(json.cached, true);
    assert.notEqual(json.id, boot.id); // a run of its own, one shared result
    assert.deepEqual(json.standardErrors, boot.standardErrors);

    // Another replicate count is another entry.
    const other = await (await app.request(
      "/api/fit",
      postJson({ samples: sampleRows(), method: "paper", bootstrap: 21 }),
    )).json();
    assert.equal(other.cached, false);
    assert.notDeepEqual(other.standardErrors, boot.standardErrors);

    // bootstrap=0 is the plain fit.
    const zero = await (await app.request(
      "/api/fit?method=paper&bootstrap=0",
      post(sampleCsv(), "text/csv"),
    )).json();
    assert.equal(zero.cached, true);
    assert.notEqual(zero.id, plain.id);

    const run = await (await app.request(`/api/runs/${boot.id}`)).json();
    assert.equal(run.input.bootstrap, 20);
    // The run detail draws bars from result.standardErrors: one per entry.
    assert.deepEqual(run.result.standardErrors, boot.standardErrors);
    const bars = errorBars(run.result.b, run.result.standardErrors.b);
    assert.ok(bars.every((bar) => bar !== null && bar.lo < bar.hi));
  });
});

Deno.test("POST /api/fit with bootstrap keeps analytic standard errors beside the bootstrap ones", async () => {
  await withApp(async (app) => {
    const plain = await (await app.request(
      "/api/fit?method=censored-moment",
      post(sampleCsv(), "text/csv"),
    )).json();
    const boot = await (await app.request(
      "/api/fit?method=censored-moment&bootstrap=10",
      post(sampleCsv(), "text/csv"),
    )).json();
    assert.ok(plain.standardErrors);
    assert.deepEqual(boot.standardErrors, plain.standardErrors);
    assert.equal(boot.bootstrapStandardErrors.b.length, 2);
    assert.equal(boot.diagnostics.standardErrorsFrom, "analytic");
  });
});

Deno.test("POST /api/fit rejects a bad bootstrap count with 422", async () => {
  await withApp(async (app) => {
    for (const text of ["-1", "1001", "2.5", "x", ""]) {
      const res = await app.request(
        `/api/fit?method=paper&bootstrap=${text}`,
        post(sampleCsv(), "text/csv"),
      );
      assert.equal(res.status, 422, text);
      const { error } = await res.json();
      assert.equal(
        error.message,
        `Cannot fit: bootstrap must be an integer in [0, 1000], got "${text}"`,
      );
    }
    for (const bootstrap of [-1, 1001, 2.5, "3"]) {
      const res = await app.request(
        "/api/fit",
        postJson({ samples: sampleRows(), bootstrap }),
      );
      assert.equal(res.status, 422, String(bootstrap));
      assert.match((await res.json()).error.message, /"bootstrap"/);
    }
  });
});

Deno.test("POST /api/fit answers 413 bootstrap_too_costly when the replicates take the work over MAX_FIT_WORK", async () => {
  // The limit: exactly the work of 25 replicates on these 200 x 2 samples.
  const limit = fitCost(
    { n: 200, d: 2 },
    prepareFit({ method: "paper", bootstrap: 25 }),
    { format: "csv" },
  ).totalWork;
  await withApp(async (app) => {
    const ok = await app.request(
      "/api/fit?method=paper&bootstrap=25",
      post(sampleCsv(), "text/csv"),
    );
    assert.equal(ok.status, 200);
    const res = await app.request(
      "/api/fit?method=paper&bootstrap=26",
      post(sampleCsv(), "text/csv"),
    );
    assert.equal(res.status, 413);
    const { error } = await res.json();
    assert.equal(error.code, "bootstrap_too_costly");
    assert.match(error.message, /^Cannot fit: it needs about \S+ operations/);
    assert.match(error.message, /bootstrap \(26 refits of paper\)/);
    assert.match(error.message, /reduce the bootstrap replicates$/);
  }, { limits: { maxFitWork: limit } });
});

Deno.test("GET /api/openapi.json documents bootstrap as a query parameter and JSON field", async () => {
  await withApp(async (app) => {
    const doc = await (await app.request("/api/openapi.json")).json();
    const fit = doc.paths["/api/fit"].post;
    const param = fit.parameters.find((p: { name: string }) =>
      p.name === "bootstrap"
    );
    assert.ok(param, "query parameter bootstrap");
    assert.match(param.schema.description, /Bootstrap replicates/);
    const body = doc.components.schemas.FitJsonBody;
    assert.equal(body.properties.bootstrap.maximum, 1000);
    assert.equal(body.properties.bootstrap.minimum, 0);
    const answer = doc.components.schemas.FitAnswer;
    assert.ok(answer.properties.standardErrors);
    assert.ok(answer.properties.bootstrapStandardErrors);
  });
});
