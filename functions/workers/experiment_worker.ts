/**
 * A module Web Worker that runs one experiment for
 * `workerExperimentRunner`, posting progress after every fit and the result
 * (or the error) at the end.
 *
 * @module
 */
/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
import {
  answerExperimentJob,
  type ExperimentJobMessage,
} from "./experiment_worker_protocol.ts";

self.onmessage = (event: MessageEvent<ExperimentJobMessage>) => {
  answerExperimentJob(event.data, (reply) => self.postMessage(reply));
};
