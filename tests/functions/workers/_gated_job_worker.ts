/**
 * A job worker for tests: a job whose input carries `gate` (an `Int32Array`
 * over shared memory) blocks its thread, busy flag up and deaf to the stop
 * request (like a loop without stop checks), until the test sets `gate[0]`
 * to 1 (and notifies), then answers `{ released: true }`; a job
 * whose input has `crash` throws an uncaught error; every other job runs as
 * `functions/workers/job_worker.ts` runs it.
 */
/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
import {
  answerJob,
  type JobMessage,
  setBusy,
  WORKER_READY,
} from "../../../functions/workers/job_protocol.ts";

self.onmessage = async (event: MessageEvent<JobMessage>) => {
  const message = event.data;
  const input = message.input as { gate?: Int32Array; crash?: boolean };
  if (input.crash) throw new Error("the worker crashed on purpose");
  if (input.gate !== undefined) {
    setBusy(message.control, true);
    Atomics.wait(input.gate, 0, 0);
    setBusy(message.control, false);
    self.postMessage({ id: message.id, ok: true, output: { released: true } });
    return;
  }
  const { reply, transfer } = await answerJob(message);
  self.postMessage(reply, transfer);
};
self.postMessage(WORKER_READY);
