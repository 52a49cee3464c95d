import assert from "node:assert/strict";
import { runStatusLabel } from "../../../../dashboard/src/lib/run_status.ts";

Deno.test("runStatusLabel() agrees with the progress bar", () => {
  // The record read at the start says queued; 67 of 75 fits are done.
  assert.equal(runStatusLabel("queued", { done: 67, total: 75 }), "running");
  assert.equal(runStatusLabel("queued", { done: 0, total: 75 }), "queued");
  assert.equal(runStatusLabel("queued", null, "running"), "running");
  assert.equal(
    runStatusLabel("running", { done: 75, total: 75 }, "done"),
    "done",
  );
  assert.equal(runStatusLabel("done", { done: 3, total: 75 }), "done");
  assert.equal(runStatusLabel("failed", { done: 3, total: 75 }), "failed");
  assert.equal(runStatusLabel(undefined, null), "queued");
});
