/**
 * The messages between the server and an experiment worker, the shared
 * control array through which the server stops the worker and the worker
 * reports that it stopped, and the worker's side of the exchange, kept apart
 * from `experiment_worker.ts` so it can be tested without a worker.
 *
 * @module
 */
import {
  type ExperimentProgress,
  type ExperimentResult,
  type ExperimentSpec,
  runExperimentSteps,
} from "../../core/experiments/run.ts";
import { StoppedError, withStopCheck } from "../../core/stop/mod.ts";
import { type ErrorData, errorToData } from "./error_data.ts";

/**
 * Two `Int32` slots over a `SharedArrayBuffer`, written by both sides: the
 * stop request (set by the server) and the worker's state. Shared memory,
 * because a worker busy fitting neither reads messages nor (in Deno) stops
 * on `terminate()`; it checks the stop request before every step and, within
 * one, in the loops of sampling and fitting (see `core/stop/`).
 */
export type ExperimentControl = Int32Array;

/** Slot of the stop request: 1 once the server wants the worker to stop. */
const STOP = 0;
/** Slot of the worker's state: `IDLE`, then `COMPUTING`, then `ENDED`. */
const STATE = 1;
/** The worker has not begun the experiment. */
const IDLE = 0;
/** The worker samples and fits. */
const COMPUTING = 1;
/** The worker computes no more: it finished, failed, or saw the stop request. */
const ENDED = 2;

/** A fresh control array: no stop request, worker idle. */
export function createExperimentControl(): ExperimentControl {
  return new Int32Array(
    new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT),
  );
}

/**
 * The server's side of stopping: raises the stop request and resolves once
 * the worker computes no more. A worker that has not begun is marked ended
 * here and will not begin; one that computes ends at its next stop check.
 */
export function stopExperimentWorker(
  control: ExperimentControl,
): Promise<void> {
  Atomics.store(control, STOP, 1);
  if (Atomics.compareExchange(control, STATE, IDLE, ENDED) !== COMPUTING) {
    return Promise.resolve();
  }
  const wait = Atomics.waitAsync(control, STATE, COMPUTING);
  return wait.async ? wait.value.then(() => {}) : Promise.resolve();
}

/** Server → worker: run this experiment (once per worker). */
export interface ExperimentJobMessage {
  readonly spec: ExperimentSpec;
  /** How the server stops the worker and learns that it stopped. */
  readonly control: ExperimentControl;
}

/** Worker → server: after each fit, once at the end, or why it failed. */
export type ExperimentReplyMessage =
  | { readonly progress: ExperimentProgress }
  | { readonly result: ExperimentResult }
  | { readonly error: ErrorData };

/** Message of errors that are not the caller's fault (never sent on). */
const UNEXPECTED = "Cannot run the experiment: it failed unexpectedly";

/**
 * Runs `job`'s experiment to the end, handing `post` one `{progress}` per
 * fit, then `{result}`, or `{error}` when it throws. Once the stop request is
 * raised it returns at its next stop check (within the step under way),
 * posting nothing more; it does not begin at all when the request came
 * first. Marks the worker ended when it
 * returns, whichever way.
 */
export function answerExperimentJob(
  job: ExperimentJobMessage,
  post: (reply: ExperimentReplyMessage) => void,
): void {
  const { control } = job;
  if (Atomics.compareExchange(control, STATE, IDLE, COMPUTING) !== IDLE) return;
  const stopped = () => Atomics.load(control, STOP) !== 0;
  try {
    let reply: ExperimentReplyMessage;
    try {
      const steps = runExperimentSteps(job.spec);
      // Each step (a data set and its fits) also checks the stop request in
      // its loops, so a stop ends the step under way too.
      const next = () =>
        stopped() ? null : withStopCheck(stopped, () => steps.next());
      let step = next();
      while (step !== null && !step.done) {
        post({ progress: step.value });
        step = next();
      }
      if (step === null) return;
      reply = { result: step.value };
    } catch (e) {
      if (e instanceof StoppedError) return;
      reply = { error: errorToData(e, UNEXPECTED) };
    }
    post(reply);
  } finally {
    Atomics.store(control, STATE, ENDED);
    Atomics.notify(control, STATE);
  }
}
