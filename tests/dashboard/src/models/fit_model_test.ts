import assert from "node:assert/strict";
import { signal } from "@preact/signals";
import {
  type ApiClient,
  ApiError,
  type FitBody,
  type FitParams,
} from "../../../../dashboard/src/api/client.ts";
import type { DataJobRunner } from "../../../../dashboard/src/lib/data_jobs.ts";
import { truthMetrics } from "../../../../dashboard/src/lib/fit_detail.ts";
import type {
  FitResponse,
  MethodInfo,
} from "../../../../dashboard/src/api/types.ts";
import { createOwnerTokens } from "../../../../dashboard/src/api/owner_tokens.ts";
import { FitModel } from "../../../../dashboard/src/models/fit_model.ts";
import { drawSynthetic } from "../../../../dashboard/src/lib/synthetic.ts";
import { inThreadRunner } from "../../../../dashboard/src/lib/data_jobs.ts";
import { createFakeApi, flush, memoryStorage } from "../../_fake_api.ts";
import { fitAnswer } from "../../_records.ts";

const registry: MethodInfo[] = [
  {
    name: "paper",
    description: "",
    assumptions: "",
    cost: "",
    options: [{
      name: "B",
      kind: "integer",
      default: 1,
      min: 1,
      max: 1000,
      description: "Batches",
    }],
  },
  {
    name: "pairwise-mle",
    description: "",
    assumptions: "",
    cost: "",
    options: [{
      name: "standardErrors",
      kind: "boolean",
      default: true,
      description: "Attach standard errors",
    }],
  },
  { name: "censored", description: "", assumptions: "", cost: "", options: [] },
];

/** A FitModel over a fake API that records every fit request. */
function setup() {
  const sent: FitParams[] = [];
  const api: ApiClient = {
    ...createFakeApi().api,
    fit: (_body, params) => {
      sent.push(params);
      const answer: FitResponse = fitAnswer({ method: params.method });
      return Promise.resolve(answer);
    },
  };
  const model = new FitModel(
    api,
    createOwnerTokens(memoryStorage()),
    signal(registry),
    inThreadRunner,
  );
  model.source.value = "paste";
  model.pasted.value = "1,2\n3,4\n";
  return { model, sent };
}

Deno.test("FitModel lists the chosen methods' option specs in pick order", () => {
  const { model } = setup();
  model.toggleMethod("pairwise-mle", true);
  model.toggleMethod("paper", true);
  assert.deepEqual(model.chosen.value.map((m) => m.name), [
    "pairwise-mle",
    "paper",
  ]);
  model.toggleMethod("pairwise-mle", false);
  assert.deepEqual(model.chosen.value.map((m) => m.name), ["paper"]);
  model[Symbol.dispose]();
});

Deno.test("FitModel sends each method only its own changed options", async () => {
  const { model, sent } = setup();
  model.toggleMethod("paper", true);
  model.toggleMethod("pairwise-mle", true);
  model.toggleMethod("censored", true);
  model.setOption("paper", "B", "5");
  model.setOption("pairwise-mle", "standardErrors", false);
  await model.submit();
  assert.equal(model.error.value, "");
  assert.deepEqual(sent.map((p) => [p.method, p.options]), [
    ["paper", { B: 5 }],
    ["pairwise-mle", { standardErrors: false }],
    ["censored", {}],
  ]);
  assert.equal(model.outcomes.value.length, 3);

  model.resetOptions("paper");
  sent.length = 0;
  await model.submit();
  assert.deepEqual(sent[0].options, {});
  model[Symbol.dispose]();
});

Deno.test("FitModel refuses to send an option outside its spec's range", async () => {
  const { model, sent } = setup();
  model.toggleMethod("paper", true);
  model.setOption("paper", "B", "0");
  assert.deepEqual(model.optionProblems.value, ["paper: B must be at least 1"]);
  await model.submit();
  assert.equal(sent.length, 0);
  assert.equal(model.status.value, "error");
  assert.equal(model.error.value, "Cannot fit: paper: B must be at least 1");
  // Unchecking the method drops its problem.
  model.toggleMethod("paper", false);
  model.toggleMethod("censored", true);
  assert.deepEqual(model.optionProblems.value, []);
  await model.submit();
  assert.deepEqual(sent.map((p) => p.method), ["censored"]);
  model[Symbol.dispose]();
});

Deno.test("FitModel sends the bootstrap count with every method's request", async () => {
  const { model, sent } = setup();
  model.toggleMethod("paper", true);
  model.toggleMethod("censored", true);
  await model.submit();
  assert.deepEqual(sent.map((p) => p.bootstrap), [undefined, undefined]);

  model.bootstrap.value = "10";
  sent.length = 0;
  await model.submit();
  assert.equal(model.error.value, "");
  assert.deepEqual(sent.map((p) => [p.method, p.bootstrap]), [
    ["paper", 10],
    ["censored", 10],
  ]);
  model[Symbol.dispose]();
});

Deno.test("FitModel refuses a bootstrap count outside 0–1000 or not whole", async () => {
  const { model, sent } = setup();
  model.toggleMethod("censored", true);
  for (
    const [typed, problem] of [
      ["1001", "bootstrap must be at most 1000"],
      ["-1", "bootstrap must be at least 0"],
      ["2.5", "bootstrap must be a whole number"],
      ["", "bootstrap must be a number"],
    ]
  ) {
    model.bootstrap.value = typed;
    assert.deepEqual(model.optionProblems.value, [problem], typed);
    await model.submit();
    assert.equal(model.error.value, `Cannot fit: ${problem}`);
  }
  assert.equal(sent.length, 0);
  model.bootstrap.value = "1000";
  assert.deepEqual(model.optionProblems.value, []);
  await model.submit();
  assert.deepEqual(sent.map((p) => p.bootstrap), [1000]);
  model[Symbol.dispose]();
});

Deno.test("FitModel sends a synthetic source's truth with each fit, none for pasted CSV", async () => {
  const { model, sent } = setup();
  model.toggleMethod("paper", true);
  model.toggleMethod("censored", true);
  await model.submit();
  assert.deepEqual(sent.map((p) => p.truth), [undefined, undefined]);

  model.source.value = "synthetic";
  model.d.value = 2;
  model.k.value = 2;
  model.n.value = 50;
  sent.length = 0;
  await model.submit();
  assert.equal(model.error.value, "");
  const expected = drawSynthetic({
    d: 2,
    k: 2,
    n: 50,
    kappa: model.kappa.value,
    bias: model.bias.value,
    seed: model.seed.value,
  });
  for (const p of sent) assert.deepEqual(p.truth, expected.truth);
  assert.equal(sent.length, 2);
  assert.deepEqual(model.outcomes.value[0].truth, sent[0].truth);
  model[Symbol.dispose]();
});

const WEATHER =
  '"","date","rain","wind"\n"1","2024-01-01",0,3.1\n"2","2024-01-02",1.5,NA\n"3","2024-01-03",0.2,2.2\n"4","2024-01-04",0,4\n';

Deno.test("FitModel reads a pasted CSV's columns and sends the chosen ones", async () => {
  const { model, sent } = setup();
  model.toggleMethod("censored", true);
  model.pasted.value = WEATHER;
  const state = model.columns.value;
  assert.ok(state?.ok);
  assert.deepEqual(state.info.columns.map((c) => c.name), [
    "x1",
    "date",
    "rain",
    "wind",
  ]);
  assert.deepEqual([...model.chosenColumns.value], [2, 3]);
  // The model check is on by default for pasted data and files.
  assert.equal(model.check.value, true);
  await model.submit();
  assert.equal(model.error.value, "");
  assert.deepEqual(sent[0].table, { columns: "-2", index: "drop" });
  assert.equal(sent[0].check, true);
  assert.equal("checkReplicates" in sent[0], false, "the default: not sent");
  // The browser read the same rows and columns, for the check's histograms.
  const data = model.outcomes.value[0].data!;
  assert.deepEqual(data.columns, ["rain", "wind"]);
  assert.equal(data.matrix.rows, 3);
  assert.equal(model.outcomes.value[0].fileName, "pasted CSV");

  model.toggleColumn(3, false);
  model.na.value = "error";
  model.checkReplicates.value = "39";
  sent.length = 0;
  await model.submit();
  assert.deepEqual(sent[0].table, {
    columns: "-2,-4",
    index: "drop",
    na: "error",
  });
  assert.equal(sent[0].checkReplicates, 39);

  model.toggleColumn(2, false);
  sent.length = 0;
  await model.submit();
  assert.equal(sent.length, 0);
  assert.equal(model.error.value, "Choose at least one column to fit");
  model.resetColumns();
  assert.deepEqual([...model.chosenColumns.value], [2, 3]);
  model[Symbol.dispose]();
});

Deno.test("FitModel checks synthetic fits only when asked, and refuses bad replicates", async () => {
  const { model, sent } = setup();
  model.toggleMethod("censored", true);
  model.source.value = "synthetic";
  model.d.value = 2;
  model.k.value = 2;
  model.n.value = 50;
  assert.equal(model.check.value, false);
  await model.submit();
  assert.equal(sent[0].check, undefined);
  model.checkInput.value = true;
  model.checkReplicates.value = "0";
  assert.deepEqual(model.optionProblems.value, [
    "check replicates must be at least 1",
  ]);
  model.checkInput.value = false;
  assert.deepEqual(model.optionProblems.value, []);
  model[Symbol.dispose]();
});

Deno.test("FitModel asks for a rank-k fit with the same request, without the check", async () => {
  const fake = createFakeApi();
  const tokens = createOwnerTokens(memoryStorage());
  const sent: FitParams[] = [];
  const api: ApiClient = {
    ...fake.api,
    fit: (body, params) => {
      sent.push(params);
      return fake.api.fit(body, params);
    },
  };
  const model = new FitModel(api, tokens, signal(registry), inThreadRunner);
  model.toggleMethod("censored", true);
  model.source.value = "paste";
  model.pasted.value = WEATHER;
  model.checkReplicates.value = "19";
  await model.submit();
  assert.equal(model.error.value, "");
  const first = model.outcomes.value[0];
  assert.equal(first.fit.check?.d, 2);
  assert.equal(first.fit.rank?.eigenvalues.length, 2);
  assert.equal(tokens.fileName(first.fit.id), "pasted CSV");

  await model.fitRank(0, 1);
  const { check: _c, checkReplicates: _r, ...rest } = sent[0];
  assert.deepEqual(sent[1], { ...rest, rank: 1 });
  const rankK = model.outcomes.value[0].rankK!;
  assert.equal(rankK.status, "ready");
  assert.equal(rankK.answer?.k, 1);
  assert.equal(rankK.answer?.w.length, 2);
  // The outcome keeps its check; the rank-k fit is a run of its own.
  assert.equal(model.outcomes.value[0].fit.check?.d, 2);
  assert.notEqual(rankK.id, first.fit.id);
  model[Symbol.dispose]();
});

Deno.test("FitModel sends a chosen file as it is and reads it off the page's thread for the check", async () => {
  const fake = createFakeApi();
  const bodies: FitBody[] = [];
  const api: ApiClient = {
    ...fake.api,
    fit: (body, params, abort) => {
      bodies.push(body);
      return fake.api.fit(body, params, abort);
    },
  };
  const jobs: string[] = [];
  const runner: DataJobRunner = {
    run: (job, onProgress, abort) => {
      jobs.push(job.kind);
      return inThreadRunner.run(job, onProgress, abort);
    },
  };
  const model = new FitModel(
    api,
    createOwnerTokens(memoryStorage()),
    signal(registry),
    runner,
  );
  model.toggleMethod("censored", true);
  model.source.value = "file";
  const file = new File([WEATHER], "weather.csv", { type: "text/csv" });
  model.setFile(file);
  // The picker reads the file's first records.
  while (model.fileText.value === null) await flush();
  assert.deepEqual([...model.chosenColumns.value], [2, 3]);
  model.checkInput.value = false;
  await model.submit();
  assert.equal(model.error.value, "");
  assert.deepEqual(jobs, ["file"]);
  assert.deepEqual(bodies, [{ kind: "file", file, format: "csv" }]);
  const o = model.outcomes.value[0];
  assert.deepEqual(o.data?.columns, ["rain", "wind"]);
  assert.equal(o.data?.matrix.rows, 3);
  assert.deepEqual(o.fit.columns, ["rain", "wind"]);
  assert.equal(o.fileName, "weather.csv");
  assert.equal(model.progress.value, null);
  model[Symbol.dispose]();
});

Deno.test("FitModel uploads a data set when the server refuses one request (413), then fits it", async () => {
  const fake = createFakeApi();
  const bodies: string[] = [];
  const api: ApiClient = {
    ...fake.api,
    fit: (body, params, abort) => {
      bodies.push(body.kind);
      if (body.kind !== "dataset") {
        return Promise.reject(
          new ApiError(413, "body_too_large", "The request body is too large"),
        );
      }
      return fake.api.fit(body, params, abort);
    },
  };
  const model = new FitModel(
    api,
    createOwnerTokens(memoryStorage()),
    signal(registry),
    inThreadRunner,
  );
  model.toggleMethod("censored", true);
  model.toggleMethod("pairwise-mle", true);
  model.d.value = 3;
  model.k.value = 3;
  model.n.value = 400;
  model.bootstrap.value = "10";
  await model.submit();
  assert.equal(model.error.value, "");
  assert.deepEqual(bodies, ["matrix", "dataset", "dataset"]);
  const [set] = [...fake.datasets.values()];
  assert.equal(set.chunks.length, 1);
  const outcome = model.outcomes.value[0];
  assert.equal(outcome.fit.n, 400);
  // The truth stays in the browser; the metrics are core's, TV bound too.
  const metrics = truthMetrics(outcome)!;
  assert.ok(metrics.errSigma > 0 && metrics.tv !== null);
  assert.match(model.notice.value, /without bootstrap/);
  // A rank-k fit asks the same data set; a new submit deletes it.
  await model.fitRank(0, 1);
  assert.equal(model.outcomes.value[0].rankK?.status, "ready");
  assert.equal(bodies.at(-1), "dataset");
  model.source.value = "paste";
  await model.submit();
  assert.equal(fake.datasets.size, 0);
  assert.equal(
    fake.calls.filter((c) => c.startsWith("delete dataset")).length,
    1,
  );
  model[Symbol.dispose]();
});

Deno.test("FitModel.cancel() during an upload deletes the data set and says so", async () => {
  const fake = createFakeApi();
  const model = new FitModel(
    {
      ...fake.api,
      fit: (body, params, abort) =>
        body.kind === "dataset"
          ? fake.api.fit(body, params, abort)
          : Promise.reject(new ApiError(413, "too_large", "Too large")),
      addDatasetChunk: (...args) => {
        // The user cancels while the first chunk is on its way.
        model.cancel();
        return fake.api.addDatasetChunk(...args);
      },
    },
    createOwnerTokens(memoryStorage()),
    signal(registry),
    inThreadRunner,
  );
  model.toggleMethod("censored", true);
  model.d.value = 2;
  model.k.value = 2;
  model.n.value = 100;
  await model.submit();
  assert.equal(model.status.value, "idle");
  assert.equal(model.error.value, "");
  assert.equal(model.notice.value, "Cancelled");
  assert.deepEqual(model.outcomes.value, []);
  assert.equal(fake.datasets.size, 0);
  assert.ok(fake.calls.some((c) => c.startsWith("delete dataset")));
  model[Symbol.dispose]();
});
