/**
 * Requests refused from their price before any work, and work that is not
 * done twice, through `app.request` with a job runner that records the jobs
 * it is asked for (a refusal before work runs none).
 */
import assert from "node:assert/strict";
import { writeNpy } from "../../../core/formats/npy.ts";
import type { ExperimentSpec } from "../../../core/experiments/run.ts";
import type { ApiLimits } from "../../../functions/app.ts";
import { RunStore } from "../../../functions/store/run_store.ts";
import {
  inProcessJobRunner,
  type JobRunner,
} from "../../../functions/workers/job_runner.ts";
import type { JobKind } from "../../../functions/workers/jobs.ts";
import {
  type ExperimentRunner,
  inProcessExperimentRunner,
} from "../../../functions/workers/run_worker.ts";
import { post, postJson, sampleCsv, sampleRows, withApp } from "../_app.ts";

/** An in-process runner that lists the kinds of the jobs it ran. */
function recording(): { jobs: JobRunner; ran: JobKind[] } {
  const ran: JobKind[] = [];
  const inner = inProcessJobRunner();
  return {
    ran,
    jobs: {
      run(kind, input, options) {
        ran.push(kind);
        return inner.run(kind, input, options);
      },
    },
  };
}

async function errorOf(res: Response) {
  const body = await res.json();
  assert.ok(body.error, JSON.stringify(body));
  return body.error as { code: string; message: string };
}

/** Runs `fn` on an app with a recording job runner and these limits. */
function withRecordedApp(
  fn: (
    app: Parameters<Parameters<typeof withApp>[0]>[0],
    ran: JobKind[],
    kv: Deno.Kv,
  ) => Promise<void>,
  limits: Partial<ApiLimits> = {},
) {
  const { jobs, ran } = recording();
  return withApp((app, kv) => fn(app, ran, kv), { jobs, limits });
}

Deno.test("a repeated fit is answered from the cache without parsing its body", async () => {
  await withRecordedApp(async (app, ran) => {
    const first = await app.request("/api/fit", post(sampleCsv(), "text/csv"));
    assert.equal(first.status, 200);
    assert.deepEqual(ran, ["readFit", "fit"]);
    ran.length = 0;
    const again = await app.request("/api/fit", post(sampleCsv(), "text/csv"));
    assert.equal((await again.json()).cached, true);
    assert.deepEqual(ran, [], "the same bytes: no job at all");
    // The same numbers spelled as JSON: read, but not fitted again.
    const json = await app.request(
      "/api/fit",
      postJson({ samples: sampleRows() }),
    );
    assert.equal((await json.json()).cached, true);
    assert.deepEqual(ran, ["readFit"]);
    ran.length = 0;
    // A repeat with a truth: the truth is checked and measured, not the data.
    const truth = { sigma: [[1, 0], [0, 1]], b: [0, 0] };
    for (let i = 0; i < 2; i++) {
      const res = await app.request(
        "/api/fit",
        postJson({ samples: sampleRows(), truth }),
      );
      assert.equal(res.status, 200);
      assert.ok((await res.json()).metrics);
    }
    assert.deepEqual(ran, [
      "readFit",
      "truthMetrics",
      "checkTruth",
      "truthMetrics",
    ]);
  });
});

Deno.test("POST /api/fit refuses from the body's first bytes, before any job", async (t) => {
  await withRecordedApp(async (app, ran) => {
    const cases: [string, string, RequestInit, number, string, RegExp][] = [
      [
        "NPY n = 2, d = 3000 (censored)",
        "/api/fit?method=censored",
        post(
          writeNpy({
            rows: 2,
            cols: 3000,
            data: new Float64Array(6000),
          }) as BodyInit,
          "application/x-npy",
        ),
        422,
        "dimension_too_large",
        /d = 3000 exceeds the limit of 1000/,
      ],
      [
        "a CSV whose first line has 1001 columns",
        "/api/fit",
        post("0,".repeat(1000) + "0\n", "text/csv"),
        422,
        "dimension_too_large",
        /more than 1000 columns/,
      ],
      [
        "pairwise-mle with bins = 4096 at d = 700",
        "/api/fit?bins=4096",
        post(
          writeNpy({
            rows: 2,
            cols: 700,
            data: new Float64Array(1400),
          }) as BodyInit,
          "application/x-npy",
        ),
        413,
        "too_much_memory",
        /histograms .*reduce d or the bins option$/,
      ],
      [
        // A bad value halfway: parsing would answer 422 invalid_samples.
        "8 million rows of one column",
        "/api/fit",
        post(
          "1\n".repeat(4_000_000) + "x\n" + "1\n".repeat(4_000_000),
          "text/csv",
        ),
        413,
        "too_many_entries",
        /exceeds the limit of 4000000 entries/,
      ],
      [
        "a truth of another d (W W^T != sigma too)",
        "/api/fit",
        postJson({
          samples: [[1], [2]],
          truth: {
            sigma: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
            b: [0, 0, 0],
            W: [[1, 0, 0], [0, 1, 0], [0, 0, 2]],
          },
        }),
        422,
        "invalid_request",
        /"truth\.b": has length 3, but the samples have d = 1/,
      ],
    ];
    for (const [name, path, init, status, code, message] of cases) {
      await t.step(name, async () => {
        ran.length = 0;
        const res = await app.request(path, init);
        assert.equal(res.status, status);
        const error = await errorOf(res);
        assert.equal(error.code, code);
        assert.match(error.message, message);
        assert.deepEqual(ran, [], "no job ran");
      });
    }
  }, { maxResultBytes: 1e9, maxBodyBytes: 64 * 1024 * 1024 });
});

Deno.test("JSON bodies have a small limit on every route; CSV fits a larger one", async () => {
  await withApp(async (app) => {
    const big = postJson({ samples: sampleRows(200) });
    const fit = await app.request("/api/fit", big);
    assert.equal(fit.status, 413);
    const error = await errorOf(fit);
    assert.equal(error.code, "payload_too_large");
    assert.match(error.message, /limit of 1000 bytes; send the samples as CSV/);
    const pad = "x".repeat(2000);
    for (const path of ["/api/sample", "/api/runs"]) {
      const res = await app.request(path, postJson({ pad }));
      assert.equal(res.status, 413, path);
    }
    const csv = await app.request("/api/fit", post(sampleCsv(), "text/csv"));
    assert.equal(csv.status, 200);
  }, { limits: { maxJsonBodyBytes: 1000 } });
});

Deno.test("rate limits come before the body is read", async () => {
  await withApp(async (app) => {
    const ok = await app.request(
      "/api/sample",
      postJson({ W: [[1]], b: [0], n: 2 }),
    );
    assert.equal(ok.status, 200);
    const tooMuch = await app.request(
      "/api/fit",
      post("1,2\n".repeat(1000), "text/csv"),
    );
    assert.equal(tooMuch.status, 429, "rate limited, not 413");
  }, {
    limits: { rateCapacity: 1, rateRefillPerSecond: 0.001, maxBodyBytes: 100 },
  });
});

Deno.test("POST /api/sample caps k and prices a fitId from its run before reading the fit", async () => {
  await withRecordedApp(async (app, ran, kv) => {
    const wide = await app.request(
      "/api/sample",
      postJson({ W: [Array(20_000).fill(1)], b: [0], n: 200_000 }),
    );
    assert.equal(wide.status, 422);
    const error = await errorOf(wide);
    assert.equal(error.code, "dimension_too_large");
    assert.match(error.message, /k = 20000 \(the columns of W\)/);
    // A stored fit of d = 2000 (without a factor: had it been read, the
    // answer would be 422 no_factor).
    const store = new RunStore(kv);
    const { record } = await store.createFitRun({
      ownerTokenHash: "0".repeat(64),
      input: { method: "censored", seed: 0, options: {}, n: 2, d: 2000 },
      digest: "1".repeat(64),
      compute: () => Promise.resolve(JSON.stringify({ b: [0] })),
    });
    const res = await app.request(
      "/api/sample",
      postJson({ fitId: record.id, n: 10 }),
    );
    assert.equal(res.status, 422);
    const viaFit = await errorOf(res);
    assert.equal(viaFit.code, "dimension_too_large");
    assert.match(viaFit.message, /d = 2000 exceeds the limit of 1000/);
    assert.deepEqual(ran, []);
  });
});

const spec = (over: Record<string, unknown> = {}) => ({
  sweep: "n",
  values: [200],
  base: { d: 3, n: 200, kappa: 2, bias: "relu" },
  runs: 1,
  methods: ["censored"],
  ...over,
});

Deno.test("POST /api/runs keeps each fit to the fit limits, the whole to a budget, each client to a quota", async () => {
  await withApp(async (app) => {
    const huge = await app.request(
      "/api/runs",
      postJson(spec({
        values: [268_435],
        base: { d: 1000, n: 268_435, kappa: 2, bias: "relu" },
      })),
    );
    assert.equal(huge.status, 413);
    assert.equal((await errorOf(huge)).code, "too_many_entries");
    const long = await app.request(
      "/api/runs",
      postJson(spec({ runs: 1000, values: [200, 300] })),
    );
    assert.equal(long.status, 422);
    const error = await errorOf(long);
    assert.equal(error.code, "run_too_large");
    assert.match(error.message, /operations in all/);
    // One client, one experiment queued at a time (none runs here).
    const first = await app.request("/api/runs", postJson(spec()));
    assert.equal(first.status, 202);
    const second = await app.request("/api/runs", postJson(spec()));
    assert.equal(second.status, 429);
    assert.equal((await errorOf(second)).code, "too_many_runs");
    assert.ok(Number(second.headers.get("retry-after")) >= 1);
    // Deleted, it no longer counts.
    const { id, ownerToken } = await first.json();
    await app.request(`/api/runs/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ownerToken}` },
    });
    const third = await app.request("/api/runs", postJson(spec()));
    assert.equal(third.status, 202);
  }, { limits: { maxRunWork: 1e8, maxRunsPerClient: 1 } });
});

Deno.test("deleting a running experiment does not wait for its step: the next run starts at once", async () => {
  let stopped = 0;
  // Seed 1: a step that never ends by itself (as a long fit in a worker).
  const runner: ExperimentRunner = (s: ExperimentSpec) =>
    s.seed !== 1 ? inProcessExperimentRunner(s) : {
      next: () => new Promise(() => {}),
      stop: () => void stopped++,
    };
  await withApp(async (app) => {
    const read = async (id: string) =>
      await (await app.request(`/api/runs/${id}`)).json();
    const until = async (id: string, status: string) => {
      for (let i = 0; i < 10_000; i++) {
        const run = await read(id);
        if (run.status === status) return run;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.fail(`run ${id} never became ${status}`);
    };
    const a =
      await (await app.request("/api/runs", postJson(spec({ seed: 1 }))))
        .json();
    await until(a.id, "running");
    const b =
      await (await app.request("/api/runs", postJson(spec({ seed: 2 }))))
        .json();
    const deleted = await app.request(`/api/runs/${a.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${a.ownerToken}` },
    });
    assert.equal(deleted.status, 204);
    const done = await until(b.id, "done");
    assert.equal(done.result.points.length, 1);
    assert.equal(stopped, 1, "the deleted run's steps were stopped");
  }, {
    runWorker: {
      experimentRunner: runner,
      progressEveryMs: 0,
      watchEveryMs: 20,
    },
    limits: { maxRunsPerClient: 10 },
  });
});
