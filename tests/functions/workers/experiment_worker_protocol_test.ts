import assert from "node:assert/strict";
import { runExperiment } from "../../../core/experiments/run.ts";
import {
  answerExperimentJob,
  createExperimentControl,
  type ExperimentReplyMessage,
  stopExperimentWorker,
} from "../../../functions/workers/experiment_worker_protocol.ts";
import { small } from "./_helpers.ts";

/** Whether `promise` settled before a macrotask turn. */
async function settledNow(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(() => settled = true, () => settled = true);
  await new Promise((resolve) => setTimeout(resolve, 0));
  return settled;
}

Deno.test("a job posts every step, then the result, and marks the worker ended", async () => {
  const control = createExperimentControl();
  const replies: ExperimentReplyMessage[] = [];
  answerExperimentJob({ spec: small, control }, (r) => replies.push(r));
  assert.equal(replies.length, 5);
  assert.ok(replies.slice(0, 4).every((r) => "progress" in r));
  const last = replies[4]!;
  assert.ok("result" in last);
  assert.deepEqual(last.result.spec, runExperiment(small).spec);
  // Nothing to wait for: the worker computes no more.
  assert.equal(await settledNow(stopExperimentWorker(control)), true);
});

Deno.test("a job that throws posts the error as data and marks the worker ended", async () => {
  const control = createExperimentControl();
  const replies: ExperimentReplyMessage[] = [];
  answerExperimentJob(
    { spec: { ...small, methods: ["nope"] }, control },
    (r) => replies.push(r),
  );
  assert.equal(replies.length, 1);
  const only = replies[0]!;
  assert.ok("error" in only);
  assert.equal(only.error.kind, "RangeError");
  assert.equal(await settledNow(stopExperimentWorker(control)), true);
});

Deno.test("a stop request ends the job before its next fit", async () => {
  const control = createExperimentControl();
  const replies: ExperimentReplyMessage[] = [];
  let stopping: Promise<void> | null = null;
  answerExperimentJob({ spec: small, control }, (r) => {
    replies.push(r);
    // Raised while the job computes: the stop waits for the worker.
    stopping ??= stopExperimentWorker(control);
  });
  assert.equal(replies.length, 1, "one fit, no result");
  assert.ok("progress" in replies[0]!);
  assert.equal(await settledNow(stopping!), true);
});

Deno.test("a stop before the job begins keeps it from beginning", async () => {
  const control = createExperimentControl();
  assert.equal(await settledNow(stopExperimentWorker(control)), true);
  const replies: ExperimentReplyMessage[] = [];
  answerExperimentJob({ spec: small, control }, (r) => replies.push(r));
  assert.deepEqual(replies, []);
});
