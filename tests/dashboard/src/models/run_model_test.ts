import assert from "node:assert/strict";
import type { RunRecord } from "../../../../dashboard/src/api/types.ts";
import { createOwnerTokens } from "../../../../dashboard/src/api/owner_tokens.ts";
import { RunModel } from "../../../../dashboard/src/models/run_model.ts";
import { ExperimentModel } from "../../../../dashboard/src/models/experiment_model.ts";
import { createFakeApi, flush, memoryStorage } from "../../_fake_api.ts";
import { experimentResult, runPoint, runRecord } from "../../_records.ts";

const point = runPoint({
  value: 1000,
  method: "paper",
  errSigma: { mean: 0.2, std: 0.01, count: 2 },
  errB: { mean: 0.1, std: 0.01, count: 2 },
  tv: { mean: 0.3, std: 0.1, count: 2 },
  notPd: 1,
});

Deno.test("RunModel follows progress events and reads the result once the run is done", async () => {
  const fake = createFakeApi([runRecord({
    id: "r",
    status: "running",
    progress: { done: 0, total: 4 },
  })]);
  const model = new RunModel(fake.api, createOwnerTokens(memoryStorage()));
  model.open("r");
  await flush();
  assert.equal(model.run.value?.status, "running");
  assert.ok(fake.calls.includes("watch r"));

  fake.emit("r", {
    type: "message",
    data: { status: "running", progress: { done: 3, total: 4 } },
  });
  assert.deepEqual(model.progress.value, { done: 3, total: 4 });
  assert.equal(model.statusLabel.value, "running");

  const done: RunRecord = runRecord({
    id: "r",
    status: "done",
    progress: { done: 4, total: 4 },
    result: experimentResult([point]),
  });
  fake.runs.set("r", done);
  fake.emit("r", {
    type: "message",
    data: { status: "done", progress: { done: 4, total: 4 } },
  });
  await flush();
  assert.equal(model.run.value?.status, "done");
  assert.deepEqual(model.points.value, [point]);
  assert.deepEqual(model.progress.value, { done: 4, total: 4 });
  model[Symbol.dispose]();
});

Deno.test("RunModel shows the API's message for a missing run", async () => {
  const fake = createFakeApi();
  const model = new RunModel(fake.api, createOwnerTokens(memoryStorage()));
  model.open("nope");
  await flush();
  assert.equal(model.status.value, "error");
  assert.equal(model.error.value, 'No run with id "nope"');
});

Deno.test("ExperimentModel starts a run from its form and keeps the owner token", async () => {
  const fake = createFakeApi();
  const tokens = createOwnerTokens(memoryStorage());
  const model = new ExperimentModel(fake.api, tokens);
  assert.equal(await model.start(), null);
  assert.equal(model.formError.value, "Cannot start: pick at least one method");

  model.ensureMethods(["paper"]);
  model.values.value = "100, 200";
  const id = await model.start();
  assert.equal(id, "new0");
  assert.equal(tokens.get("new0"), "tok-new0");
  const created = fake.calls.find((c) => c.startsWith("create "))!;
  assert.deepEqual(JSON.parse(created.slice(7)).values, [100, 200]);
  assert.equal(model.current.id.value, "new0");
  assert.equal(model.current.canDelete.value, true);
  model[Symbol.dispose]();
});

Deno.test("RunModel's status follows the progress events, not the record read at the start", async () => {
  const fake = createFakeApi([runRecord({
    id: "q",
    status: "queued",
    progress: { done: 0, total: 75 },
  })]);
  const model = new RunModel(fake.api, createOwnerTokens(memoryStorage()));
  model.open("q");
  await flush();
  assert.equal(model.statusLabel.value, "queued");
  // A progress event without a status: 67 fits done means running.
  fake.emit("q", { type: "progress", data: { done: 67, total: 75 } });
  assert.equal(model.run.value?.status, "queued", "the record is not re-read");
  assert.equal(model.statusLabel.value, "running");
  model[Symbol.dispose]();
});
