import assert from "node:assert/strict";
import {
  experimentCost,
  experimentRefusal,
  fitCost,
  fitRefusal,
  formatBytes,
  formatWork,
  sampleCost,
  sampleRefusal,
} from "../../../core/cost/mod.ts";
import { prepareFit } from "../../../core/estimators/mod.ts";
import { validateExperimentSpec } from "../../../core/experiments/run.ts";

const FIT = {
  maxEntries: 4_000_000,
  maxD: 1000,
  maxWork: 1e10,
  maxMemoryBytes: 1024 ** 3,
  maxAnswerBytes: 8 * 1024 ** 2,
};
const SAMPLE = { maxD: 1000, maxK: 1000, maxEntries: 2_000_000, maxWork: 5e9 };

function refuseFit(
  n: number,
  d: number,
  request: Parameters<typeof prepareFit>[0],
  budget = FIT,
) {
  const shape = { n, d };
  return fitRefusal(shape, fitCost(shape, prepareFit(request)), budget);
}

Deno.test("formatWork() and formatBytes() write amounts for messages", () => {
  assert.equal(formatWork(24_000_000_000), "2.4e10");
  assert.equal(formatWork(1e10), "1.0e10");
  assert.equal(formatBytes(8 * 1024 ** 2), "8 MiB");
  assert.equal(formatBytes(394_000_000), "376 MiB");
  assert.equal(formatBytes(1.25 * 1024 ** 3), "1.3 GiB");
  assert.equal(formatBytes(100), "100 bytes");
});

Deno.test("fitRefusal() accepts a small fit", () => {
  assert.equal(refuseFit(2000, 20, {}), null);
  assert.equal(refuseFit(200_000, 20, { method: "censored" }), null);
});

Deno.test("fitRefusal() refuses a d over the limit first, with 422", () => {
  // NPY n = 2, d = 3000, censored: a 394 MB answer today.
  const r = refuseFit(2, 3000, { method: "censored" })!;
  assert.equal(r.status, 422);
  assert.equal(r.code, "dimension_too_large");
  assert.match(r.message, /^Cannot fit: d = 3000 exceeds the limit of 1000 /);
  assert.match(r.message, /fewer columns/);
});

Deno.test("fitRefusal() refuses an answer larger than the store keeps", () => {
  const r = refuseFit(2, 3000, { method: "censored" }, { ...FIT, maxD: 5000 })!;
  assert.equal(r.status, 413);
  assert.equal(r.code, "answer_too_large");
  assert.match(r.message, /d = 3000/);
  assert.match(r.message, /limit of 8 MiB/);
});

Deno.test("fitRefusal() refuses many entries naming n and d", () => {
  const r = refuseFit(268_435, 1000, { method: "censored" })!;
  assert.equal(r.status, 413);
  assert.equal(r.code, "too_many_entries");
  assert.match(r.message, /n \* d = 268435 \* 1000 = 268435000 exceeds/);
});

Deno.test("fitRefusal() refuses histogram memory naming the bins option", () => {
  const r = refuseFit(2, 400, {
    method: "pairwise-mle",
    options: { bins: 4096 },
  }, { ...FIT, maxAnswerBytes: 1e9 })!;
  assert.equal(r.status, 413);
  assert.equal(r.code, "too_much_memory");
  assert.match(r.message, /histograms/);
  assert.match(r.message, /reduce d or the bins option$/);
});

Deno.test("fitRefusal() refuses work naming its largest part", () => {
  const r = refuseFit(20_000, 150, { method: "pairwise-mle" }, {
    ...FIT,
    maxWork: 1e9,
  })!;
  assert.equal(r.status, 413);
  assert.equal(r.code, "too_costly");
  assert.match(r.message, /more than the limit of 1\.0e9/);
  assert.match(r.message, /the largest part is pair pass over the data/);
  // A bootstrap that is the largest part says so.
  const boot = refuseFit(2000, 20, { method: "censored", bootstrap: 1000 }, {
    ...FIT,
    maxWork: 1e9,
  })!;
  assert.equal(boot.code, "bootstrap_too_costly");
  assert.match(boot.message, /reduce the bootstrap replicates$/);
  // The same fit without the bootstrap is accepted.
  assert.equal(
    refuseFit(2000, 20, { method: "censored" }, { ...FIT, maxWork: 1e9 }),
    null,
  );
});

Deno.test("sampleRefusal() caps k as well as d, n · d and the work", () => {
  const refuse = (n: number, d: number, k: number, budget = SAMPLE) =>
    sampleRefusal(
      { n, d, k },
      sampleCost({ n, d, k, format: "json" }),
      budget,
    );
  assert.equal(refuse(1000, 5, 5), null);
  // The table's request: W of 1 x 20,000, n = 200,000.
  const wide = refuse(200_000, 1, 20_000)!;
  assert.equal(wide.status, 422);
  assert.equal(wide.code, "dimension_too_large");
  assert.match(wide.message, /k = 20000 \(the columns of W\)/);
  // Within every size limit, the work still counts.
  const costly = refuse(200_000, 1, 1000)!;
  assert.equal(costly.code, "too_costly");
  assert.match(costly.message, /normal draws/);
  assert.equal(
    refuse(2000, 1200, 1, { ...SAMPLE, maxD: 2000 })?.code,
    "too_many_entries",
  );
  assert.equal(refuse(10, 1001, 1)?.code, "dimension_too_large");
});

Deno.test("experimentRefusal() applies the per-fit limits and a total", () => {
  const budget = {
    fit: {
      maxEntries: 4_000_000,
      maxD: 1000,
      maxWork: 1e10,
      maxMemoryBytes: 1024 ** 3,
    },
    sample: { maxD: 1000, maxK: 1000, maxWork: 1e10 },
    maxFits: 2000,
    maxTotalWork: 1e11,
  };
  const spec = (over: Record<string, unknown>) =>
    validateExperimentSpec({
      sweep: "n",
      values: [1000],
      base: { d: 5, n: 1000, kappa: 1, bias: "relu" },
      runs: 2,
      methods: ["censored"],
      seed: 0,
      ...over,
    });
  assert.equal(experimentRefusal(experimentCost(spec({})), budget), null);
  // The table's run: d = 1000, n = 268,435.
  const huge = experimentRefusal(
    experimentCost(spec({
      values: [268_435],
      base: { d: 1000, n: 268_435, kappa: 1, bias: "relu" },
    })),
    budget,
  )!;
  assert.equal(huge.code, "too_many_entries");
  assert.match(
    huge.message,
    /^Cannot start the run: its censored fit of n = 268435, d = 1000: n \* d/,
  );
  const many = experimentRefusal(
    experimentCost(spec({ runs: 1000, values: [1000, 2000, 3000] })),
    budget,
  )!;
  assert.equal(many.code, "run_too_large");
  assert.match(many.message, /3000 fits/);
  const long = experimentRefusal(
    experimentCost(spec({
      values: [200_000],
      base: { d: 20, n: 200_000, kappa: 1, bias: "relu" },
      runs: 100,
      methods: ["pairwise-mle"],
    })),
    budget,
  )!;
  assert.equal(long.code, "run_too_large");
  assert.match(long.message, /operations in all/);
});
