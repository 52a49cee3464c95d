import assert from "node:assert/strict";
import { post, postJson, sampleCsv, withApp } from "../_app.ts";

const experiment = {
  d: 3,
  ns: [100, 150],
  kappa: 2,
  bias: "relu",
  runs: 2,
  methods: ["paper"],
  seed: 1,
};

/** Reads a server-sent event stream to its end; returns each event's data. */
async function readEvents(res: Response): Promise<Record<string, unknown>[]> {
  const text = await res.text();
  return text.split("\n\n").filter((block) => block.includes("data:")).map(
    (block) => {
      const line = block.split("\n").find((l) => l.startsWith("data:"))!;
      return JSON.parse(line.slice(5));
    },
  );
}

Deno.test("a run goes queued → running → done with progress events", async () => {
  await withApp(async (app) => {
    const res = await app.request("/api/runs", postJson(experiment));
    assert.equal(res.status, 202);
    const started = await res.json();
    assert.equal(started.status, "queued");
    assert.equal(typeof started.ownerToken, "string");

    const events = await app.request(`/api/runs/${started.id}/events`);
    assert.equal(events.status, 200);
    assert.match(events.headers.get("content-type")!, /text\/event-stream/);
    const seen = await readEvents(events);
    const statuses = seen.map((e) => e.status);
    assert.equal(statuses.at(-1), "done");
    assert.ok(statuses.includes("running"), `saw ${statuses.join(", ")}`);
    // Statuses only move forward, and progress never goes back.
    const order = ["queued", "running", "done"];
    const dones = seen.map((e) => (e.progress as { done: number }).done);
    for (let i = 1; i < seen.length; i++) {
      assert.ok(
        order.indexOf(statuses[i] as string) >=
          order.indexOf(statuses[i - 1] as string),
      );
      assert.ok(dones[i]! >= dones[i - 1]!);
    }
    assert.deepEqual(seen.at(-1)!.progress, { done: 4, total: 4 });

    const run = await (await app.request(`/api/runs/${started.id}`)).json();
    assert.equal(run.status, "done");
    assert.equal(run.kind, "experiment");
    assert.equal(run.result.points.length, 2); // 2 values x 1 method
    assert.equal(run.result.points[0].errSigma.count, 2);
  }, {
    // Slow steps down so the 5 Hz event stream sees the run while it runs.
    runWorker: {
      pause: () => new Promise((r) => setTimeout(r, 120)),
      progressEveryMs: 0,
    },
  });
});

Deno.test("POST /api/runs accepts the sweep form and fails bad specs with 422", async () => {
  await withApp(async (app) => {
    const sweep = await app.request(
      "/api/runs",
      postJson({
        sweep: "kappa",
        values: [1, 4],
        base: { d: 2, n: 100, kappa: 1, bias: "zero" },
        runs: 1,
        methods: ["paper"],
        seed: 0,
      }),
    );
    assert.equal(sweep.status, 202);
    const run =
      await (await app.request(`/api/runs/${(await sweep.json()).id}`)).json();
    assert.equal(run.status, "queued"); // no worker in this test
    assert.deepEqual(run.input.values, [1, 4]);

    const bad: [unknown, string][] = [
      [{ ...experiment, methods: ["nope"] }, "invalid_input"],
      [{ ...experiment, bias: "up" }, "invalid_request"],
      [{ ...experiment, ns: undefined }, "invalid_request"],
      [{ ...experiment, runs: 1000 }, "run_too_large"],
    ];
    for (const [body, code] of bad) {
      const res = await app.request("/api/runs", postJson(body));
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal((await res.json()).error.code, code);
    }
    assert.equal(
      (await app.request("/api/runs", post("{", "application/json"))).status,
      400,
    );
  }, { limits: { maxRunFits: 100 } });
});

Deno.test("GET /api/runs lists the caller's runs newest first; DELETE needs the owner token", async () => {
  await withApp(async (app) => {
    const ids: string[] = [];
    const tokens: string[] = [];
    for (let seed = 0; seed < 3; seed++) {
      const fit = await (await app.request(
        `/api/fit?seed=${seed}`,
        post(sampleCsv(), "text/csv"),
      )).json();
      ids.push(fit.id);
      tokens.push(fit.ownerToken);
      await new Promise((r) => setTimeout(r, 2)); // distinct creation times
    }
    const list = async (query: string, bearer: string[]) =>
      await (await app.request(`/api/runs${query}`, {
        headers: bearer.length ? { authorization: `Bearer ${bearer}` } : {},
      })).json();
    const mine = await list("?limit=2", tokens);
    assert.deepEqual(mine.runs.map((r: { id: string }) => r.id), [
      ids[2],
      ids[1],
    ]);
    assert.equal(mine.runs[0].ownerTokenHash, undefined);
    const rest = await list(`?limit=2&cursor=${mine.cursor}`, tokens);
    assert.deepEqual(rest.runs.map((r: { id: string }) => r.id), [ids[0]]);
    assert.equal(rest.cursor, null);
    assert.equal((await app.request("/api/runs?cursor=%%%")).status, 422);
    assert.deepEqual(
      (await list("", [tokens[0]!])).runs.map((r: { id: string }) => r.id),
      [ids[0]],
    );
    assert.deepEqual((await list("", [])).runs, [], "nobody lists others");
    assert.equal((await app.request("/api/runs?limit=0")).status, 422);
    assert.equal(
      (await app.request("/api/runs", {
        headers: { authorization: "Basic abc" },
      })).status,
      422,
    );

    const del = (id: string, auth?: string) =>
      app.request(`/api/runs/${id}`, {
        method: "DELETE",
        headers: auth ? { authorization: auth } : {},
      });
    assert.equal((await del(ids[0]!)).status, 403);
    assert.equal((await del(ids[0]!, `Bearer ${tokens[1]}`)).status, 403);
    assert.equal((await del("unknown", `Bearer ${tokens[0]}`)).status, 404);
    assert.equal((await del(ids[0]!, `Bearer ${tokens[0]}`)).status, 204);
    assert.equal((await app.request(`/api/runs/${ids[0]}`)).status, 404);
    assert.equal((await app.request(`/api/runs/${ids[0]}/events`)).status, 404);
    // The cache entry went with it: the same request fits afresh.
    const refit = await (await app.request(
      "/api/fit?seed=0",
      post(sampleCsv(), "text/csv"),
    )).json();
    assert.equal(refit.cached, false);
  });
});
