/**
 * A fit worker for tests that crashes (an uncaught error) on a job with
 * seed 666 and fits every other job as `functions/workers/fit_worker.ts` does.
 */
/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
import {
  answerFitJob,
  type FitJobMessage,
} from "../../../functions/workers/fit_worker_protocol.ts";

export const CRASH_SEED = 666;

self.onmessage = (event: MessageEvent<FitJobMessage>) => {
  if (event.data.request.seed === CRASH_SEED) {
    throw new Error("the worker crashed on purpose");
  }
  const { reply, transfer } = answerFitJob(event.data);
  self.postMessage(reply, transfer);
};
