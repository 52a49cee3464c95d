import assert from "node:assert/strict";
import type { ExperimentSpec } from "../../../core/experiments/run.ts";
import {
  type ExperimentRunner,
  runExperiment,
} from "../../../functions/workers/run_worker.ts";
import { RunStore } from "../../../functions/store/run_store.ts";
import { postJson, withApp } from "../_app.ts";

const experiment = {
  d: 3,
  ns: [100, 150],
  kappa: 2,
  bias: "relu",
  runs: 2,
  methods: ["paper"],
  seed: 1,
};

/** A runner that yields `steps` progress steps, then `end` (or throws it). */
function fakeRunner(
  steps: number,
  end: Error | null,
  log: string[],
): ExperimentRunner {
  return (spec: ExperimentSpec) => {
    let done = 0;
    return {
      next() {
        log.push("next");
        if (done < steps) {
          done++;
          return Promise.resolve({
            done: false,
            value: { done, total: steps, value: 1, method: "paper", run: 0 },
          });
        }
        if (end !== null) return Promise.reject(end);
        return Promise.resolve({ done: true, value: { spec, points: [] } });
      },
      stop() {
        log.push("stop");
      },
    };
  };
}

Deno.test("runExperiment stops the runner when the run is deleted mid-way", async () => {
  await withApp(async (app, kv) => {
    const store = new RunStore(kv, Date.now);
    const { id } = await (await app.request("/api/runs", postJson(experiment)))
      .json();
    const log: string[] = [];
    const record = await store.get(id);
    await runExperiment(store, id, {
      progressEveryMs: 0,
      pause: async () => {
        if (log.length === 1) await store.delete(record!);
      },
      experimentRunner: fakeRunner(5, null, log),
    });
    // First step written, deleted, second step found the run gone.
    assert.deepEqual(log, ["next", "next", "stop"]);
    assert.equal(await store.get(id), null);
  });
});

Deno.test("runExperiment fails the run with the runner's error and stops it", async () => {
  await withApp(async (app, kv) => {
    const store = new RunStore(kv, Date.now);
    const { id } = await (await app.request("/api/runs", postJson(experiment)))
      .json();
    const log: string[] = [];
    await runExperiment(store, id, {
      experimentRunner: fakeRunner(1, new RangeError("Cannot fit: bad"), log),
    });
    assert.deepEqual(log, ["next", "next", "stop"]);
    const run = await store.get(id);
    assert.equal(run!.status, "failed");
    assert.deepEqual(run!.error, {
      code: "invalid_input",
      message: "Cannot fit: bad",
    });
  });
});
