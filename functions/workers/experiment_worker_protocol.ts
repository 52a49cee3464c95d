/**
 * The messages between the server and an experiment worker, and the
 * worker's side of the exchange, kept apart from `experiment_worker.ts` so
 * it can be tested without a worker.
 *
 * @module
 */
import {
  type ExperimentProgress,
  type ExperimentResult,
  type ExperimentSpec,
  runExperimentSteps,
} from "../../core/experiments/run.ts";

/** Server → worker: run this experiment (once per worker). */
export interface ExperimentJobMessage {
  readonly spec: ExperimentSpec;
  /**
   * Set to 1 by the server to stop the experiment: checked after every fit,
   * since a worker busy fitting neither reads messages nor (in Deno)
   * reliably stops on `terminate()`. One element over a `SharedArrayBuffer`.
   */
  readonly stop?: Int32Array;
}

/** A thrown error as data: enough to throw an equal one again. */
export interface ExperimentErrorData {
  readonly name: string;
  readonly message: string;
}

/** Worker → server: after each fit, once at the end, or why it failed. */
export type ExperimentReplyMessage =
  | { readonly progress: ExperimentProgress }
  | { readonly result: ExperimentResult }
  | { readonly error: ExperimentErrorData };

/** Message of errors that are not the caller's fault (never sent on). */
const UNEXPECTED = "Cannot run the experiment: it failed unexpectedly";

/** `e` as data; only `RangeError` and `TypeError` keep their message. */
export function experimentErrorToData(e: unknown): ExperimentErrorData {
  if (e instanceof RangeError || e instanceof TypeError) {
    return { name: e.name, message: e.message };
  }
  console.error("An experiment failed unexpectedly", e);
  return { name: "Error", message: UNEXPECTED };
}

/** An error of the class (`RangeError`, `TypeError`, else `Error`) and message in `data`. */
export function experimentErrorFromData(data: ExperimentErrorData): Error {
  if (data.name === "RangeError") return new RangeError(data.message);
  if (data.name === "TypeError") return new TypeError(data.message);
  return new Error(data.message);
}

/**
 * Runs `job`'s experiment to the end, handing `post` one `{progress}` per
 * fit, then `{result}`, or `{error}` when it throws. Returns early, posting
 * nothing more, once `job.stop` is set.
 */
export function answerExperimentJob(
  job: ExperimentJobMessage,
  post: (reply: ExperimentReplyMessage) => void,
): void {
  let result: ExperimentResult;
  try {
    const steps = runExperimentSteps(job.spec);
    let step = steps.next();
    while (!step.done) {
      if (job.stop !== undefined && Atomics.load(job.stop, 0) !== 0) return;
      post({ progress: step.value });
      step = steps.next();
    }
    result = step.value;
  } catch (e) {
    post({ error: experimentErrorToData(e) });
    return;
  }
  post({ result });
}
