/**
 * A module Web Worker that fits samples for `FitWorkerPool`: one job at a
 * time, each answered with the `FitResult` (its typed arrays transferred) or
 * the error as data.
 *
 * @module
 */
/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
import { answerFitJob, type FitJobMessage } from "./fit_worker_protocol.ts";

self.onmessage = (event: MessageEvent<FitJobMessage>) => {
  const { reply, transfer } = answerFitJob(event.data);
  self.postMessage(reply, transfer);
};
