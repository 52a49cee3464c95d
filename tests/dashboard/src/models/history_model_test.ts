import assert from "node:assert/strict";
import type { RunRecord } from "../../../../dashboard/src/api/types.ts";
import { createOwnerTokens } from "../../../../dashboard/src/api/owner_tokens.ts";
import {
  FILTER_BATCH,
  HistoryModel,
  PAGE_SIZE,
} from "../../../../dashboard/src/models/history_model.ts";
import { createFakeApi, memoryStorage } from "../../_fake_api.ts";
import { runRecord } from "../../_records.ts";

const runs: RunRecord[] = Array.from(
  { length: PAGE_SIZE + 3 },
  (_, i) =>
    runRecord({
      id: `r${i}`,
      status: "done",
      input: {
        sweep: "n",
        values: [1000],
        base: { d: 2, k: 2, n: 1000, kappa: 1, bias: "relu" },
        runs: 1,
        methods: ["paper"],
        seed: i,
      },
    }),
);

Deno.test("HistoryModel pages through the runs with the API's cursor", async () => {
  const fake = createFakeApi(runs);
  const model = new HistoryModel(fake.api, createOwnerTokens(memoryStorage()));
  await model.refresh();
  assert.equal(model.runs.value.length, PAGE_SIZE);
  assert.equal(model.hasPrev.value, false);
  assert.equal(model.hasNext.value, true);
  await model.next();
  assert.deepEqual(model.runs.value.map((r) => r.id), ["r10", "r11", "r12"]);
  assert.equal(model.page.value, 2);
  assert.equal(model.hasNext.value, false);
  await model.prev();
  assert.equal(model.runs.value[0].id, "r0");
  assert.equal(model.page.value, 1);
});

Deno.test("HistoryModel deletes only runs whose owner token it holds", async () => {
  const fake = createFakeApi(runs.slice(0, 3));
  const tokens = createOwnerTokens(memoryStorage());
  tokens.set("r1", "tok-r1");
  const model = new HistoryModel(fake.api, tokens);
  await model.refresh();
  assert.deepEqual([...model.owned.value], ["r1"]);
  await model.remove("r0"); // not ours: nothing is sent
  assert.ok(!fake.calls.some((c) => c.startsWith("delete r0")));
  await model.remove("r1");
  assert.ok(fake.calls.includes("delete r1 tok-r1"));
  assert.deepEqual(model.runs.value.map((r) => r.id), ["r0", "r2"]);
  assert.equal(tokens.get("r1"), undefined);
});

Deno.test("HistoryModel selects runs to compare and re-runs a spec", async () => {
  const fake = createFakeApi(runs.slice(0, 3));
  const tokens = createOwnerTokens(memoryStorage());
  const model = new HistoryModel(fake.api, tokens);
  await model.refresh();
  model.toggle("r0", true);
  assert.equal(model.canCompare.value, false);
  model.toggle("r2", true);
  assert.equal(model.canCompare.value, true);
  const id = await model.rerun(model.runs.value[1]);
  assert.equal(id, "new0");
  assert.equal(tokens.get("new0"), "tok-new0");
  assert.ok(
    fake.calls.some((c) => c.startsWith("create ") && c.includes('"seed":1')),
  );
});

Deno.test("HistoryModel shows the API's message when listing fails", async () => {
  const fake = createFakeApi();
  fake.api.listRuns = () =>
    Promise.reject(new Error("Cannot list runs: bad cursor"));
  const model = new HistoryModel(fake.api, createOwnerTokens(memoryStorage()));
  await model.refresh();
  assert.equal(model.status.value, "error");
  assert.equal(model.error.value, "Cannot list runs: bad cursor");
});

Deno.test("HistoryModel filters by kind over as many pages as it takes", async () => {
  // 60 experiments, then 3 fits: the fits lie past the first batch.
  const many = [
    ...Array.from({ length: 60 }, (_, i) => runRecord({ id: `e${i}` })),
    ...["f0", "f1", "f2"].map((id) => runRecord({ id, kind: "fit" })),
  ];
  const fake = createFakeApi(many);
  const tokens = createOwnerTokens(memoryStorage());
  tokens.set("f1", "tok-f1");
  tokens.setFileName("f1", "seattle-weather.csv");
  const model = new HistoryModel(fake.api, tokens);
  await model.setKind("fit");
  assert.deepEqual(model.runs.value.map((r) => r.id), ["f0", "f1", "f2"]);
  assert.equal(model.scanned.value, 63);
  assert.equal(model.hasNext.value, false);
  assert.equal(model.fileNames.value.get("f1"), "seattle-weather.csv");
  assert.equal(model.fileNames.value.has("f0"), false);

  await model.setKind("experiment");
  assert.equal(model.runs.value.length, FILTER_BATCH);
  assert.ok(model.runs.value.every((r) => r.kind === "experiment"));
  assert.equal(model.hasNext.value, true);
  await model.setKind("all");
  assert.equal(model.runs.value.length, PAGE_SIZE);
});
