import assert from "node:assert/strict";
import { ApiError } from "../../../functions/http/errors.ts";
import { runJob } from "../../../functions/workers/jobs.ts";
import { rejection } from "./_helpers.ts";
import { fitSamples } from "../../../core/estimators/fit.ts";
import { prepareFit } from "../../../core/estimators/prepare.ts";
import { statsPlan } from "../../../core/stats/mod.ts";
import {
  chunkRanges,
  csvLines,
  datasetSamples,
  FIT_TOLERANCE,
  relativeDifference,
} from "../_datasets.ts";

const truth = { sigma: [[2, 0.5], [0.5, 1]], b: [1.5, 0.5] };

Deno.test("checkTruth compares the truth's d with the samples' before validating it", async () => {
  assert.deepEqual(await runJob("checkTruth", { truth, d: 2 }), { truth });
  // W W^T does not match sigma: found only once the sizes agree.
  const badW = { ...truth, W: [[1, 0], [0, 1]] };
  const wrongD = await rejection(
    runJob("checkTruth", { truth: badW, d: 3 }),
    ApiError,
  );
  assert.equal(wrongD.status, 422);
  assert.match(
    wrongD.message,
    /"truth\.b": has length 2, but the samples have d = 3/,
  );
  const invalid = await rejection(
    runJob("checkTruth", { truth: badW, d: 2 }),
    ApiError,
  );
  assert.match(invalid.message, /"truth\.W"/);
});

Deno.test("truthMetrics reads an answer's text; a hidden-layer answer has none", async () => {
  const answer = JSON.stringify({
    b: [1.4, 0.6],
    sigma: [[2, 0.4], [0.4, 1.1]],
  });
  const { metrics } = await runJob("truthMetrics", { truth, answer });
  assert.ok(metrics !== null && metrics.errSigma > 0);
  const hidden = JSON.stringify({ b: [1], sigma: [[1]], hidden: {} });
  assert.deepEqual(await runJob("truthMetrics", { truth, answer: hidden }), {
    metrics: null,
  });
});

Deno.test("sample draws from W and b or from a stored answer's factor, in each format", async () => {
  const w = { rows: 2, cols: 1, data: Float64Array.of(1, 0.5) };
  const b = Float64Array.of(0, 0.2);
  const json = await runJob("sample", {
    source: { w, b },
    n: 3,
    seed: 1,
    format: "json",
  });
  assert.equal(json.contentType, "application/json");
  const text = (body: Uint8Array) => new TextDecoder().decode(body);
  assert.equal(JSON.parse(text(json.body)).samples.length, 3);
  const stored = new TextEncoder().encode(JSON.stringify({
    b: [0, 0.2],
    covariance: { factor: [[1], [0.5]] },
  }));
  const fromFit = await runJob("sample", {
    source: { fitId: "f", fit: stored },
    n: 3,
    seed: 1,
    format: "json",
  });
  assert.deepEqual(fromFit.body, json.body, "the same W and b, the same draws");
  const csv = await runJob("sample", {
    source: { w, b },
    n: 3,
    seed: 1,
    format: "csv",
  });
  assert.equal(text(csv.body).trim().split("\n").length, 3);
  const npy = await runJob("sample", {
    source: { w, b },
    n: 3,
    seed: 1,
    format: "npy",
  });
  assert.ok(npy.body instanceof Uint8Array);
  const noFactor = await rejection(
    runJob("sample", {
      source: {
        fitId: "f",
        fit: new TextEncoder().encode(JSON.stringify({ b: [0] })),
      },
      n: 3,
      seed: 1,
      format: "json",
    }),
    ApiError,
  );
  assert.equal(noFactor.code, "no_factor");
});

Deno.test("datasetChunk, datasetStats and statsFit fit chunks as fitSamples fits their rows", async () => {
  const x = datasetSamples(1200, 3);
  const cuts = chunkRanges(x.rows, [100, 700]);
  const columns = ["a", "b", "c"];
  const chunks = [];
  for (const [from, to] of cuts) {
    const body = new TextEncoder().encode(csvLines(x, from, to));
    chunks.push(
      await runJob("datasetChunk", {
        format: "csv",
        body,
        columns,
        named: true,
      }),
    );
  }
  assert.deepEqual(chunks.map((c) => c.rows), [100, 600, 500]);
  for (const method of ["pairwise-mle", "censored-moment"]) {
    const request = { method };
    const prepared = prepareFit(request);
    const passes = statsPlan(prepared, 3).passes;
    // The stored first-pass statistics serve pairwise-mle, not censored-moment.
    const reuse = method === "pairwise-mle";
    let earlier: Uint8Array | null = null;
    for (let pass = 0; pass < passes; pass++) {
      let merged: Uint8Array | null = null;
      let firstRow = 0;
      for (const c of chunks) {
        const chunk = pass === 0 && reuse
          ? { firstPass: c.stats }
          : { rows: c.data };
        ({ merged } = await runJob("datasetStats", {
          request,
          d: 3,
          pass,
          earlier,
          merged,
          chunk,
          firstRow,
        }));
        firstRow += c.rows;
      }
      earlier = merged;
    }
    const { answer } = await runJob("statsFit", {
      request,
      stats: earlier!,
      columns,
      collectMs: 0,
    });
    const fit = JSON.parse(answer);
    const whole = fitSamples(x, prepared, { columns });
    assert.deepEqual(fit.columns, columns);
    assert.equal(fit.n, 1200);
    assert.ok(
      relativeDifference(Array.from(whole.b), fit.b) <= FIT_TOLERANCE,
      method,
    );
    assert.ok(
      relativeDifference(Array.from(whole.sigma.data), fit.sigma.flat()) <=
        FIT_TOLERANCE,
      method,
    );
  }
});

Deno.test("datasetChunk refuses rows of another width, a header of other names, an empty chunk", async () => {
  const columns = ["a", "b"];
  const read = (text: string) =>
    rejection(
      runJob("datasetChunk", {
        format: "csv",
        body: new TextEncoder().encode(text),
        columns,
        named: true,
      }),
      ApiError,
    );
  assert.match(
    (await read("1,2,3\n")).message,
    /3 columns, the data set has 2/,
  );
  assert.equal((await read("b,a\n1,2\n")).code, "invalid_columns");
  const empty = await rejection(
    runJob("datasetChunk", {
      format: "csv",
      body: new TextEncoder().encode("a,b\n"),
      columns,
      named: true,
    }),
  );
  assert.equal(empty.name, "SampleFormatError");
  assert.match(empty.message, /no rows/);
  // A data set created without names takes any header (pandas writes one).
  const unnamed = await runJob("datasetChunk", {
    format: "csv",
    body: new TextEncoder().encode("b,a\n1,2\n"),
    columns: ["x1", "x2"],
    named: false,
  });
  assert.equal(unnamed.rows, 1);
});
