import assert from "node:assert/strict";
import {
  type ExperimentProgress,
  type ExperimentResult,
  type ExperimentSpec,
  runExperiment,
} from "../../../core/experiments/run.ts";
import { toJsonSafe } from "../../../core/formats/fit_json.ts";
import {
  createWorkerExperimentRunner,
  EXPERIMENT_STOPPED,
  EXPERIMENT_WORKER_CRASHED,
} from "../../../functions/workers/experiment_worker_runner.ts";
import {
  type ExperimentRunner,
  inProcessExperimentRunner,
} from "../../../functions/workers/run_worker.ts";
import { startServer } from "../_process.ts";

const small: ExperimentSpec = {
  sweep: "n",
  values: [100, 150],
  base: { d: 3, n: 100, kappa: 2, bias: "relu" },
  runs: 2,
  methods: ["paper"],
  seed: 1,
};

/** Every progress step and the result (or the error) of `spec`. */
async function drain(runner: ExperimentRunner, spec: ExperimentSpec) {
  const steps = runner(spec);
  const progress: ExperimentProgress[] = [];
  try {
    for (let s = await steps.next();; s = await steps.next()) {
      if (s.done) return { progress, result: s.value };
      progress.push(s.value);
    }
  } catch (error) {
    return { progress, error: error as Error };
  } finally {
    steps.stop();
  }
}

/** The result as JSON without the fit times, which differ between runs. */
function withoutTimes(result: unknown) {
  const json = JSON.parse(JSON.stringify(toJsonSafe(result)));
  for (const point of json.points) delete point.fitMs;
  return json;
}

Deno.test("an experiment in a worker steps and ends as in the server's thread", async () => {
  const viaWorker = await drain(createWorkerExperimentRunner(), small);
  const inProcess = await drain(inProcessExperimentRunner, small);
  assert.equal(viaWorker.error, undefined);
  assert.equal(viaWorker.progress.length, 4);
  assert.deepEqual(viaWorker.progress, inProcess.progress);
  assert.deepEqual(
    withoutTimes(viaWorker.result),
    withoutTimes(inProcess.result),
  );
  assert.equal(
    (viaWorker.result as ExperimentResult).points[0]!.fitMs.count,
    2,
  );
});

Deno.test("a spec that cannot run fails in a worker with the in-process error", async () => {
  const bad = { ...small, methods: ["nope"] };
  const viaWorker = await drain(createWorkerExperimentRunner(), bad);
  const inProcess = await drain(inProcessExperimentRunner, bad);
  assert.ok(inProcess.error instanceof RangeError);
  assert.ok(viaWorker.error instanceof RangeError);
  assert.equal(viaWorker.error.message, inProcess.error.message);
  assert.deepEqual(viaWorker.progress, []);
});

Deno.test("stop() fails the pending step, and a crashed worker fails the experiment", async () => {
  const steps = createWorkerExperimentRunner()({ ...small, runs: 50 });
  const first = await steps.next();
  assert.equal(first.done, false);
  const pending = steps.next();
  steps.stop();
  await assert.rejects(pending, { message: EXPERIMENT_STOPPED });
  await assert.rejects(steps.next(), { message: EXPERIMENT_STOPPED });
  steps.stop(); // safe to repeat

  const crashing = createWorkerExperimentRunner({
    workerUrl: new URL("./_crashing_experiment_worker.ts", import.meta.url),
  });
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    const result = await drain(crashing, small);
    assert.equal(result.progress.length, 1);
    assert.equal(result.error?.constructor, Error);
    assert.equal(result.error?.message, EXPERIMENT_WORKER_CRASHED);
  } finally {
    console.error = original;
  }
  assert.equal(errors.length, 1);
});

/** Polls run `id` until `until(run)` holds; returns that run. */
async function waitFor(
  url: string,
  id: string,
  until: (run: Record<string, unknown>) => boolean,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const run = await (await fetch(`${url}/api/runs/${id}`)).json();
    if (until(run)) return run;
    if (performance.now() > deadline) {
      throw new Error(`Run ${id} never got there: ${JSON.stringify(run)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** User plus system CPU clock ticks (1/100 s) that process `pid` uses in `ms`. */
async function cpuTicks(pid: number, ms: number): Promise<number> {
  const read = async () => {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    // Fields after the command name, which is in parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime, stime
  };
  const before = await read();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return await read() - before;
}

/** Starts an experiment on the server; returns its id and owner token. */
async function postRun(url: string, spec: ExperimentSpec) {
  const res = await fetch(`${url}/api/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec),
  });
  assert.equal(res.status, 202);
  const { id, ownerToken } = await res.json();
  return { id: id as string, ownerToken: ownerToken as string };
}

Deno.test("with FIT_WORKERS=1 the server answers /api/health during an experiment", async () => {
  // n * d = 5e6 per data set: about half a second of sampling and fitting per
  // step, three steps.
  const spec: ExperimentSpec = {
    sweep: "n",
    values: [200_000],
    base: { d: 25, n: 200_000, kappa: 2, bias: "relu" },
    runs: 3,
    methods: ["paper"],
    seed: 5,
  };
  const main = new URL("../../../functions/main.ts", import.meta.url).pathname;
  const server = await startServer(Deno.execPath(), ["run", "-A", main], {
    PORT: "0",
    HOST: "127.0.0.1",
    KV_PATH: ":memory:",
    FIT_WORKERS: "1",
  });
  try {
    const { id } = await postRun(server.url, spec);
    await waitFor(server.url, id, (run) => run.status !== "queued");
    const latencies: number[] = [];
    for (;;) {
      const started = performance.now();
      const health = await fetch(`${server.url}/api/health`);
      await health.body?.cancel();
      const run = await (await fetch(`${server.url}/api/runs/${id}`)).json();
      if (run.status !== "running") break; // the probe may have waited for the end
      latencies.push(performance.now() - started);
      assert.equal(health.status, 200);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // In the server's thread each step would hold the probes for its whole
    // length, and the run would end after few of them.
    assert.ok(
      latencies.length >= 5,
      `only ${latencies.length} health answers while the experiment ran`,
    );
    const slowest = Math.max(...latencies);
    assert.ok(slowest < 1000, `/api/health took ${slowest} ms meanwhile`);

    const run = await waitFor(server.url, id, (r) => r.status !== "running");
    assert.equal(run.status, "done", JSON.stringify(run.error));
    assert.deepEqual(run.progress, { done: 3, total: 3 });
    assert.deepEqual(
      withoutTimes(run.result),
      withoutTimes(runExperiment(spec)),
    );

    // Deleting a run mid-way ends its worker: the next run in the queue
    // starts and ends long before the deleted one could have.
    const long = await postRun(server.url, { ...spec, runs: 20 });
    const started = performance.now();
    await waitFor(
      server.url,
      long.id,
      (r) => ((r.progress as { done: number } | null)?.done ?? 0) >= 1,
    );
    const del = await fetch(`${server.url}/api/runs/${long.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${long.ownerToken}` },
    });
    assert.equal(del.status, 204);
    const next = await postRun(server.url, small);
    const nextRun = await waitFor(
      server.url,
      next.id,
      (r) => r.status === "done",
    );
    assert.equal((nextRun.result as ExperimentResult).points.length, 2);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 5000, `the next run ended after ${elapsed} ms`);
    if (Deno.build.os === "linux") {
      // A worker still fitting would keep one core busy (~100 ticks a second);
      // a stopped one ends within its current step (about half a second).
      await new Promise((resolve) => setTimeout(resolve, 600));
      const busy = await cpuTicks(server.child.pid, 1000);
      assert.ok(
        busy < 40,
        `the server used ${busy} CPU ticks in one idle second`,
      );
    }
    const gone = await fetch(`${server.url}/api/runs/${long.id}`);
    await gone.body?.cancel();
    assert.equal(gone.status, 404);
  } finally {
    await server.stop();
  }
});
