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
  type WorkerEnd,
} from "../../../functions/workers/experiment_worker_runner.ts";
import {
  type ExperimentRunner,
  inProcessExperimentRunner,
} from "../../../functions/workers/run_worker.ts";
import { postJson, withApp } from "../_app.ts";
import { startServer } from "../_process.ts";
import { answeredWhilePending, small } from "./_helpers.ts";

/**
 * Many steps that each sample and fit 20,000 points: a worker stopped after
 * its first step is far from its last.
 */
const long: ExperimentSpec = {
  sweep: "n",
  values: [20_000],
  base: { d: 10, n: 20_000, kappa: 2, bias: "relu" },
  runs: 1000,
  methods: ["paper"],
  seed: 2,
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

/**
 * A worker runner, and the ends its workers reported: `ended(n)` resolves
 * once `n` workers ended (a hang fails the test at its deadline instead).
 */
function reportingRunner(workerUrl?: URL) {
  const ends: WorkerEnd[] = [];
  let wake = () => {};
  const runner = createWorkerExperimentRunner({
    workerUrl,
    onWorkerEnd: (end) => {
      ends.push(end);
      wake();
    },
  });
  const ended = async (n: number, timeoutMs = 60_000) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${ends.length} of ${n} workers ended`)),
        timeoutMs,
      );
    });
    try {
      while (ends.length < n) {
        await Promise.race([
          new Promise<void>((resolve) => wake = resolve),
          deadline,
        ]);
      }
    } finally {
      clearTimeout(timer);
    }
    return ends;
  };
  return { runner, ends, ended };
}

/** The result as JSON without the fit times, which differ between runs. */
function withoutTimes(result: unknown) {
  const json = JSON.parse(JSON.stringify(toJsonSafe(result)));
  for (const point of json.points) delete point.fitMs;
  return json;
}

Deno.test("an experiment in a worker steps and ends as in the server's thread", async () => {
  const { runner, ended } = reportingRunner();
  const viaWorker = await drain(runner, small);
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
  assert.deepEqual(await ended(1), ["done"]);
});

Deno.test("a spec that cannot run fails in a worker with the in-process error", async () => {
  const { runner, ended } = reportingRunner();
  const bad = { ...small, methods: ["nope"] };
  const viaWorker = await drain(runner, bad);
  const inProcess = await drain(inProcessExperimentRunner, bad);
  assert.ok(inProcess.error instanceof RangeError);
  assert.ok(viaWorker.error instanceof RangeError);
  assert.equal(viaWorker.error.message, inProcess.error.message);
  assert.deepEqual(viaWorker.progress, []);
  assert.deepEqual(await ended(1), ["done"]);
});

/**
 * How many requests to `app` were sent after `runner`'s first step was asked
 * for and answered before that step arrived.
 */
async function answeredDuringFirstStep(
  app: { request: (path: string) => Response | Promise<Response> },
  runner: ExperimentRunner,
): Promise<number> {
  const steps = runner(long);
  try {
    const { answered, value } = await answeredWhilePending(
      app,
      () => steps.next(),
    );
    assert.equal(value.done, false);
    return answered;
  } finally {
    steps.stop();
  }
}

Deno.test("while a worker computes a step, the thread that reads it answers requests", async () => {
  await withApp(async (app) => {
    const { runner, ended } = reportingRunner();
    assert.ok(await answeredDuringFirstStep(app, runner) >= 1);
    assert.deepEqual(await ended(1), ["stopped"]);
    // In the reading thread the step holds the thread until it is done.
    assert.equal(
      await answeredDuringFirstStep(app, inProcessExperimentRunner),
      0,
    );
  });
});

Deno.test("stop() fails the pending step, and a crashed worker fails the experiment", async () => {
  const { runner, ended } = reportingRunner();
  const steps = runner(long);
  const first = await steps.next();
  assert.equal(first.done, false);
  const pending = steps.next();
  steps.stop();
  await assert.rejects(pending, { message: EXPERIMENT_STOPPED });
  await assert.rejects(steps.next(), { message: EXPERIMENT_STOPPED });
  steps.stop(); // safe to repeat
  // The worker saw the stop request and computes no more.
  assert.deepEqual(await ended(1), ["stopped"]);

  const crashing = reportingRunner(
    new URL("./_crashing_experiment_worker.ts", import.meta.url),
  );
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    const result = await drain(crashing.runner, small);
    assert.equal(result.progress.length, 1);
    assert.equal(result.error?.constructor, Error);
    assert.equal(result.error?.message, EXPERIMENT_WORKER_CRASHED);
  } finally {
    console.error = original;
  }
  assert.equal(errors.length, 1);
  assert.deepEqual(await crashing.ended(1), ["crashed"]);
});

Deno.test("stop() before the worker began ends it at once", async () => {
  const { runner, ended } = reportingRunner();
  const steps = runner(small);
  steps.stop();
  await assert.rejects(steps.next(), { message: EXPERIMENT_STOPPED });
  assert.deepEqual(await ended(1), ["stopped"]);
});

/** Polls `GET path` on `read` until `until(body)` holds; returns that body. */
async function waitFor(
  read: (path: string) => Promise<Response>,
  path: string,
  until: (run: Record<string, unknown>) => boolean,
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const run = await (await read(path)).json();
    if (until(run)) return run;
    if (performance.now() > deadline) {
      throw new Error(`${path} never got there: ${JSON.stringify(run)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts an experiment through `send`; returns its id and owner token. */
async function postRun(
  send: (path: string, init: RequestInit) => Promise<Response>,
  spec: ExperimentSpec,
) {
  const res = await send("/api/runs", postJson(spec));
  assert.equal(res.status, 202);
  const { id, ownerToken } = await res.json();
  return { id: id as string, ownerToken: ownerToken as string };
}

Deno.test("deleting a running experiment stops its worker, and the next run finishes", async () => {
  const { runner, ends, ended } = reportingRunner();
  await withApp(async (app) => {
    const send = async (path: string, init?: RequestInit) =>
      await app.request(path, init);
    const doomed = await postRun(send, long);
    await waitFor(
      send,
      `/api/runs/${doomed.id}`,
      (r) => ((r.progress as { done: number } | null)?.done ?? 0) >= 1,
    );
    const del = await send(`/api/runs/${doomed.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${doomed.ownerToken}` },
    });
    assert.equal(del.status, 204);
    assert.deepEqual(await ended(1), ["stopped"]);
    assert.equal((await send(`/api/runs/${doomed.id}`)).status, 404);

    const next = await postRun(send, small);
    const run = await waitFor(
      send,
      `/api/runs/${next.id}`,
      (r) => r.status !== "queued" && r.status !== "running",
    );
    assert.equal(run.status, "done", JSON.stringify(run.error));
    assert.equal((run.result as ExperimentResult).points.length, 2);
    assert.deepEqual(await ended(2), ["stopped", "done"]);
  }, { runWorker: { experimentRunner: runner, progressEveryMs: 0 } });
  assert.equal(ends.length, 2);
});

Deno.test("with FIT_WORKERS=1 the server answers /api/health while an experiment step computes", async () => {
  // n * d = 3.75e6 per data set (within the fit entry limit): each step
  // samples and fits for a while (about half a second here), three steps.
  const spec: ExperimentSpec = {
    sweep: "n",
    values: [150_000],
    base: { d: 25, n: 150_000, kappa: 2, bias: "relu" },
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
    const read = (path: string) => fetch(`${server.url}${path}`);
    const send = (path: string, init: RequestInit) =>
      fetch(`${server.url}${path}`, init);
    const { id } = await postRun(send, spec);
    const path = `/api/runs/${id}`;
    // Health answers that came between two reads of the run that show it
    // running at the same progress: answered while one step computed. In
    // the server's thread a request is answered only in the moment between
    // two steps, too short for a read, a 50 ms pause, a probe and a read.
    let before = await waitFor(read, path, (run) => run.status !== "queued");
    let duringStep = 0;
    while (before.status === "running") {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const health = await read("/api/health");
      await health.body?.cancel();
      assert.equal(health.status, 200);
      const after = await (await read(path)).json();
      if (
        after.status === "running" &&
        JSON.stringify(after.progress) === JSON.stringify(before.progress)
      ) duringStep++;
      before = after;
    }
    assert.ok(
      duringStep >= 2,
      `only ${duringStep} health answers while a step computed`,
    );
    assert.equal(before.status, "done", JSON.stringify(before.error));
    assert.deepEqual(before.progress, { done: 3, total: 3 });
    assert.deepEqual(
      withoutTimes(before.result),
      withoutTimes(runExperiment(spec)),
    );
  } finally {
    await server.stop();
  }
});
