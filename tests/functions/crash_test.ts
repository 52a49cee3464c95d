/**
 * Crash tests: a real server process is killed with SIGKILL while it works,
 * and a new one started on the same KV file must finish or forget what the
 * first left half-done, never keep it stuck.
 */
import assert from "node:assert/strict";
import { writeNpy } from "../../core/formats/npy.ts";
import { type ServerProcess, startServer } from "./_process.ts";

const MAIN = new URL("../../functions/main.ts", import.meta.url).pathname;

/** Generous: only turns a hang into a failure. */
const DEADLINE_MS = 120_000;

/** Short lease and maintenance rounds, so recovery happens within seconds. */
function serverEnv(kvPath: string): Record<string, string> {
  return {
    PORT: "0",
    HOST: "127.0.0.1",
    KV_PATH: kvPath,
    LEASE_SECONDS: "3",
    MAINTENANCE_SECONDS: "1",
    // Room for the fit with its bootstrap below.
    MAX_FIT_WORK: "20000000000",
  };
}

/** Kills a server with SIGKILL and waits until it has ended. */
async function crash(server: ServerProcess): Promise<void> {
  server.child.kill("SIGKILL");
  const status = await server.child.status;
  assert.equal(status.signal, "SIGKILL");
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `GET /api/runs/{id}` until `until` holds; fails at the deadline. */
async function pollRun(
  url: string,
  id: string,
  until: (run: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const end = Date.now() + DEADLINE_MS;
  let last: unknown = null;
  while (Date.now() < end) {
    const res = await fetch(`${url}/api/runs/${id}`);
    assert.equal(res.status, 200, `GET /api/runs/${id}`);
    const run = await res.json();
    last = run;
    if (until(run)) return run;
    await sleep(100);
  }
  throw new Error(
    `Run ${id} did not get there in time; last: ${JSON.stringify(last)}`,
  );
}

async function deleteRun(url: string, id: string, token: string) {
  const res = await fetch(`${url}/api/runs/${id}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${token}` },
  });
  await res.body?.cancel();
  assert.equal(res.status, 204, `DELETE /api/runs/${id}`);
  const gone = await fetch(`${url}/api/runs/${id}`);
  await gone.body?.cancel();
  assert.equal(gone.status, 404);
}

/** The points of an experiment without their timings, which vary. */
function pointsWithoutTimes(run: Record<string, unknown>): unknown[] {
  const result = run.result as { points: Record<string, unknown>[] };
  return result.points.map(({ fitMs: _fitMs, ...rest }) => rest);
}

/** Every run record in the KV file at `path`. */
async function storedRuns(
  path: string,
): Promise<{ id: string; status: string }[]> {
  const kv = await Deno.openKv(path);
  try {
    const out: { id: string; status: string }[] = [];
    for await (const e of kv.list<{ status: string }>({ prefix: ["runs"] })) {
      out.push({ id: String(e.key[1]), status: e.value.status });
    }
    return out;
  } finally {
    kv.close();
  }
}

const EXPERIMENT = {
  d: 40,
  ns: [10000, 20000],
  kappa: 2,
  bias: "relu",
  runs: 3,
  methods: ["pairwise-mle"],
  seed: 7,
};

Deno.test("an experiment under way when the server is killed is taken up again by the next one on the same KV file", async () => {
  const dir = await Deno.makeTempDir();
  const kvPath = `${dir}/kv.sqlite`;
  let first: ServerProcess | null = null;
  let second: ServerProcess | null = null;
  try {
    first = await startServer(Deno.execPath(), ["run", "-A", MAIN], {
      ...serverEnv(kvPath),
    });
    const posted = await fetch(`${first.url}/api/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(EXPERIMENT),
    });
    assert.equal(posted.status, 202);
    const { id, ownerToken } = await posted.json();
    // Killed while running, once at least one of its fits is done.
    const seen = await pollRun(first.url, id, (run) => {
      const p = run.progress as { done: number } | undefined;
      return (run.status === "running" && (p?.done ?? 0) >= 1) ||
        run.status === "done" || run.status === "failed";
    });
    assert.equal(seen.status, "running", "the experiment ended too soon");
    await crash(first);
    first = null;
    second = await startServer(Deno.execPath(), ["run", "-A", MAIN], {
      ...serverEnv(kvPath),
    });
    const url = second.url;
    const ended = await pollRun(
      url,
      id,
      (run) => run.status === "done" || run.status === "failed",
    );
    assert.equal(
      ended.status,
      "done",
      `ended ${JSON.stringify(ended.error)}`,
    );
    const progress = ended.progress as { done: number; total: number };
    assert.equal(progress.done, progress.total);
    // The same experiment without a crash gives the same points.
    const again = await fetch(`${url}/api/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(EXPERIMENT),
    });
    assert.equal(again.status, 202);
    const reference = await again.json();
    const clean = await pollRun(
      url,
      reference.id,
      (run) => run.status === "done" || run.status === "failed",
    );
    assert.equal(clean.status, "done");
    const points = pointsWithoutTimes(ended);
    assert.equal(
      points.length,
      EXPERIMENT.ns.length * EXPERIMENT.methods.length,
    );
    assert.deepEqual(points, pointsWithoutTimes(clean));
    await deleteRun(url, id, ownerToken);
    await deleteRun(url, reference.id, reference.ownerToken);
    for (const run of await storedRuns(kvPath)) {
      assert.fail(`A run is left in the store: ${JSON.stringify(run)}`);
    }
  } finally {
    if (first !== null) await first.stop();
    if (second !== null) await second.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

/** A fit of some seconds: n = 20,000 samples of d = 60 as NPY. */
function bigSamples(): Uint8Array<ArrayBuffer> {
  const rows = 20_000;
  const cols = 60;
  const data = new Float64Array(rows * cols);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    // A small LCG: deterministic, no allocation per entry.
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = Math.max(0, s / 2147483648 * 4 - 1.5 + (i % cols) / cols);
  }
  return new Uint8Array(writeNpy({ rows, cols, data }));
}

Deno.test("a fit cut short by SIGKILL leaves no half-done run: after a restart it is absent or whole, and the same fit answers in full", async () => {
  const dir = await Deno.makeTempDir();
  const kvPath = `${dir}/kv.sqlite`;
  const body = bigSamples();
  const fit = (url: string) =>
    fetch(`${url}/api/fit?seed=3`, {
      method: "POST",
      headers: { "content-type": "application/x-npy" },
      body,
    });
  let first: ServerProcess | null = null;
  let second: ServerProcess | null = null;
  try {
    first = await startServer(Deno.execPath(), ["run", "-A", MAIN], {
      ...serverEnv(kvPath),
    });
    // Killed soon after the request is sent: while its body is read, the
    // fit computed or its result written, whichever it is at.
    const pending = fit(first.url).then(
      async (res) => {
        const text = await res.text();
        return { status: res.status, text };
      },
      (e: unknown) => ({ status: 0, text: String(e) }),
    );
    await sleep(500);
    await crash(first);
    first = null;
    const cut = await pending;
    // The answer may have come before the kill; then it was whole.
    const answered = cut.status === 200 ? JSON.parse(cut.text).id : null;
    second = await startServer(Deno.execPath(), ["run", "-A", MAIN], {
      ...serverEnv(kvPath),
    });
    const url = second.url;
    // Whatever the first server left: each run absent or whole, never
    // running and undeletable.
    const left = await storedRuns(kvPath);
    if (answered !== null) {
      assert.ok(left.some((r) => r.id === answered), "the answered fit");
    }
    for (const { id } of left) {
      const res = await fetch(`${url}/api/runs/${id}`);
      const run = await res.json();
      if (res.status === 404) continue;
      assert.equal(res.status, 200, JSON.stringify(run));
      assert.equal(run.status, "done", JSON.stringify(run));
      assert.ok(run.result !== undefined && run.result !== null);
    }
    // The same fit again: a complete answer, computed or from the cache.
    const res = await fit(url);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const answer = JSON.parse(text);
    assert.equal(answer.sigma.length, 60);
    assert.equal(answer.b.length, 60);
    assert.ok(answer.sigma.flat().every(Number.isFinite));
    const run = await (await fetch(`${url}/api/runs/${answer.id}`)).json();
    assert.equal(run.status, "done");
    await deleteRun(url, answer.id, answer.ownerToken);
    for (const r of await storedRuns(kvPath)) {
      assert.ok(
        r.status === "done" || r.status === "failed",
        `A run is left unfinished: ${JSON.stringify(r)}`,
      );
    }
  } finally {
    if (first !== null) await first.stop();
    if (second !== null) await second.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
