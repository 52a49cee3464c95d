/**
 * Runs each experiment in a module Web Worker of its own, so that the
 * server keeps answering (health checks, progress streams, static files)
 * while the experiment samples and fits. Deno only, and not on Deno Deploy,
 * which has no Web Workers.
 *
 * The worker posts progress after every fit; the steps wait in an inbox
 * until the caller reads them. `stop()`, and the end of the experiment,
 * terminate the worker; as a worker busy fitting may run on regardless, they
 * also raise a shared flag that it checks after every fit. A worker that crashes fails the experiment with a
 * generic `Error`.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { createWorkerExperimentRunner } from "./experiment_worker_runner.ts";
 * const run = createWorkerExperimentRunner();
 * const steps = run({
 *   sweep: "n", values: [200], base: { d: 2, n: 200, kappa: 1, bias: "relu" },
 *   runs: 1, methods: ["censored"], seed: 0,
 * });
 * let step = await steps.next();
 * while (!step.done) step = await steps.next(); // progress after every fit
 * assert.equal(step.value.points[0]!.method, "censored");
 * ```
 *
 * @module
 */
import type { ExperimentResult } from "../core/experiments/run.ts";
import {
  experimentErrorFromData,
  type ExperimentJobMessage,
  type ExperimentReplyMessage,
} from "./experiment_worker_protocol.ts";
import type {
  ExperimentRunner,
  ExperimentStep,
  ExperimentSteps,
} from "./routes/run_worker.ts";

/** The failure of an experiment whose worker crashed. */
export const EXPERIMENT_WORKER_CRASHED =
  "Cannot run the experiment: the experiment worker stopped unexpectedly";
/** The failure of `next()` after `stop()`. */
export const EXPERIMENT_STOPPED =
  "Cannot read the experiment's next step: it was stopped";

/** How the runner starts its workers. */
export interface WorkerExperimentRunnerOptions {
  /** Module the workers run. @default {"./experiment_worker.ts" beside this file} */
  readonly workerUrl?: string | URL;
}

type Item = { readonly step: ExperimentStep } | { readonly error: Error };

/** An `ExperimentRunner` that starts one worker per experiment. */
export function createWorkerExperimentRunner(
  options: WorkerExperimentRunnerOptions = {},
): ExperimentRunner {
  const url = new URL(
    options.workerUrl ?? new URL("./experiment_worker.ts", import.meta.url),
  ).href;
  return (spec) => runInWorker(url, spec);
}

function runInWorker(
  url: string,
  spec: ExperimentJobMessage["spec"],
): ExperimentSteps {
  const worker = new Worker(url, { type: "module" });
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const end = () => {
    Atomics.store(stopFlag, 0, 1);
    worker.terminate();
  };
  const inbox: Item[] = [];
  let waiting: {
    resolve: (step: ExperimentStep) => void;
    reject: (error: Error) => void;
  } | null = null;
  // No more messages are taken once the last one came or the caller stopped.
  let ended = false;
  let stopped = false;

  const settle = (item: Item) => {
    const w = waiting!;
    waiting = null;
    if ("step" in item) w.resolve(item.step);
    else w.reject(item.error);
  };
  const deliver = (item: Item, last: boolean) => {
    if (ended) return;
    if (last) {
      ended = true;
      end();
    }
    if (waiting !== null) settle(item);
    else inbox.push(item);
  };

  worker.onmessage = (event: MessageEvent<ExperimentReplyMessage>) => {
    const reply = event.data;
    if ("progress" in reply) {
      deliver({ step: { done: false, value: reply.progress } }, false);
    } else if ("result" in reply) {
      const result: ExperimentResult = reply.result;
      deliver({ step: { done: true, value: result } }, true);
    } else {
      deliver({ error: experimentErrorFromData(reply.error) }, true);
    }
  };
  const crashed = (event: Event) => {
    // Without this the worker's uncaught error would end the server.
    event.preventDefault();
    if (ended) return;
    console.error(
      "An experiment worker stopped unexpectedly:",
      (event as ErrorEvent).message ?? event.type,
    );
    deliver({ error: new Error(EXPERIMENT_WORKER_CRASHED) }, true);
  };
  worker.onerror = crashed;
  worker.onmessageerror = crashed;
  try {
    const job: ExperimentJobMessage = { spec, stop: stopFlag };
    worker.postMessage(job);
  } catch (e) {
    // E.g. a spec that cannot be cloned: the caller's fault, not the worker's.
    deliver({ error: e instanceof Error ? e : new Error(String(e)) }, true);
  }

  return {
    next() {
      if (stopped) return Promise.reject(new Error(EXPERIMENT_STOPPED));
      if (waiting !== null) {
        return Promise.reject(
          new Error("Cannot read two steps at once: await the previous one"),
        );
      }
      const item = inbox.shift();
      if (item !== undefined) {
        return "step" in item
          ? Promise.resolve(item.step)
          : Promise.reject(item.error);
      }
      if (ended) {
        return Promise.reject(
          new Error("Cannot read the experiment's next step: it has ended"),
        );
      }
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      inbox.length = 0;
      if (!ended) {
        ended = true;
        end();
      }
      if (waiting !== null) settle({ error: new Error(EXPERIMENT_STOPPED) });
    },
  };
}
