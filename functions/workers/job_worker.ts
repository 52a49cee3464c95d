/**
 * A module Web Worker that runs jobs for `JobPool`, one at a time, each
 * answered with its output (typed arrays transferred) or its error as data.
 *
 * @module
 */
/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
import { answerJob, type JobMessage, WORKER_READY } from "./job_protocol.ts";

self.onmessage = async (event: MessageEvent<JobMessage>) => {
  const { reply, transfer } = await answerJob(event.data);
  self.postMessage(reply, transfer);
};
self.postMessage(WORKER_READY);
