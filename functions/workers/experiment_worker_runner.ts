/**
 * Runs each experiment in a module Web Worker of its own, so that the
 * server keeps answering (health checks, progress streams, static files)
 * while the experiment samples and fits. Deno only, and not on Deno Deploy,
 * which has no Web Workers.
 *
 * The worker posts progress after every fit; the steps wait in an inbox
 * until the caller reads them. `stop()`, and the end of the experiment, raise
 * the stop request in the job's shared control array (a worker busy fitting
 * neither reads messages nor, in Deno, stops on `terminate()`), wait until
 * the worker reports there that it computes no more, then terminate it and
 * tell `onWorkerEnd`. A worker that crashes fails the experiment with a
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
import type { ExperimentResult } from "../../core/experiments/run.ts";
import { errorFromData } from "./error_data.ts";
import {
  createExperimentControl,
  type ExperimentJobMessage,
  type ExperimentReplyMessage,
  stopExperimentWorker,
} from "./experiment_worker_protocol.ts";
import type {
  ExperimentRunner,
  ExperimentStep,
  ExperimentSteps,
} from "./run_worker.ts";

/** The failure of an experiment whose worker crashed. */
export const EXPERIMENT_WORKER_CRASHED =
  "Cannot run the experiment: the experiment worker stopped unexpectedly";
/** The failure of `next()` after `stop()`. */
export const EXPERIMENT_STOPPED =
  "Cannot read the experiment's next step: it was stopped";

/**
 * How an experiment's worker ended: `"done"` after it sent the result or the
 * error, `"stopped"` when `stop()` came first and the worker stopped
 * computing, `"crashed"` after an uncaught error in the worker.
 */
export type WorkerEnd = "done" | "stopped" | "crashed";

/** How the runner starts its workers. */
export interface WorkerExperimentRunnerOptions {
  /** Module the workers run. @default {"./experiment_worker.ts" beside this file} */
  readonly workerUrl?: string | URL;
  /**
   * Called once per worker when it computes no more and was terminated:
   * after it sent its last message, after it saw `stop()`'s request, or
   * when it crashed.
   */
  readonly onWorkerEnd?: (end: WorkerEnd) => void;
}

type Item = { readonly step: ExperimentStep } | { readonly error: Error };

/** An `ExperimentRunner` that starts one worker per experiment. */
export function createWorkerExperimentRunner(
  options: WorkerExperimentRunnerOptions = {},
): ExperimentRunner {
  const url = new URL(
    options.workerUrl ?? new URL("./experiment_worker.ts", import.meta.url),
  ).href;
  return (spec) => runInWorker(url, spec, options.onWorkerEnd);
}

function runInWorker(
  url: string,
  spec: ExperimentJobMessage["spec"],
  onWorkerEnd: ((end: WorkerEnd) => void) | undefined,
): ExperimentSteps {
  const worker = new Worker(url, { type: "module" });
  const control = createExperimentControl();
  let reported = false;
  const report = (how: WorkerEnd) => {
    if (reported) return;
    reported = true;
    worker.terminate();
    onWorkerEnd?.(how);
  };
  const end = (how: WorkerEnd) => {
    if (how === "crashed") report(how);
    else stopExperimentWorker(control).then(() => report(how));
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
  /** Hands `item` to the caller; `last` says how the worker ends after it. */
  const deliver = (item: Item, last: WorkerEnd | null) => {
    if (ended) return;
    if (last !== null) {
      ended = true;
      end(last);
    }
    if (waiting !== null) settle(item);
    else inbox.push(item);
  };

  worker.onmessage = (event: MessageEvent<ExperimentReplyMessage>) => {
    const reply = event.data;
    if ("progress" in reply) {
      deliver({ step: { done: false, value: reply.progress } }, null);
    } else if ("result" in reply) {
      const result: ExperimentResult = reply.result;
      deliver({ step: { done: true, value: result } }, "done");
    } else {
      deliver({ error: errorFromData(reply.error) }, "done");
    }
  };
  const crashed = (event: Event) => {
    // Without this the worker's uncaught error would end the server.
    event.preventDefault();
    if (reported) return;
    console.error(
      "An experiment worker stopped unexpectedly:",
      (event as ErrorEvent).message ?? event.type,
    );
    // Also ends a wait for a stopped worker that crashed instead.
    deliver({ error: new Error(EXPERIMENT_WORKER_CRASHED) }, "crashed");
    report("crashed");
  };
  worker.onerror = crashed;
  worker.onmessageerror = crashed;
  try {
    const job: ExperimentJobMessage = { spec, control };
    worker.postMessage(job);
  } catch (e) {
    // E.g. a spec that cannot be cloned: the caller's fault, not the worker's.
    deliver({ error: e instanceof Error ? e : new Error(String(e)) }, "done");
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
        end("stopped");
      }
      if (waiting !== null) settle({ error: new Error(EXPERIMENT_STOPPED) });
    },
  };
}
