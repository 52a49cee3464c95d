import assert from "node:assert/strict";
import {
  type DataProgress,
  runDataJob,
  serveDataJobs,
  type WorkerMessage,
  type WorkerScope,
} from "../../../../dashboard/src/lib/data_jobs.ts";
import { drawSynthetic } from "../../../../dashboard/src/lib/synthetic.ts";
import { parseSampleTable } from "../../../../core/formats/parse.ts";
import { writeNpy } from "../../../../core/formats/npy.ts";

const encode = (text: string) => new TextEncoder().encode(text);

/** An R-style CSV: row names, a header, an NA row. */
function weatherCsv(rows: number): string {
  const lines = ['"","rain","wind"'];
  for (let i = 1; i <= rows; i++) {
    lines.push(`"${i}",${i % 7 === 0 ? "NA" : (i % 5) * 0.3},${i % 3 + 0.5}`);
  }
  return lines.join("\n") + "\n";
}

Deno.test("runDataJob() reads a file piece by piece as the server reads it whole", async () => {
  const text = weatherCsv(100_000); // 1.4 MB: two pieces
  const file = new Blob([text]);
  for (const options of [{}, { index: "drop" as const }, { columns: "-2" }]) {
    const seen: DataProgress[] = [];
    const { table, truth } = await runDataJob(
      { kind: "file", file, format: "csv", options },
      (p) => seen.push(p),
    );
    assert.deepEqual(table, parseSampleTable(encode(text), "csv", options));
    assert.equal(truth, null);
    assert.ok(seen.length > 1, "progress as the pieces arrive");
    assert.deepEqual(seen.at(-1), {
      phase: "reading",
      done: file.size,
      total: file.size,
    });
  }
  const m = {
    rows: 3,
    cols: 2,
    data: Float64Array.of(1, 2, 3, Number.NaN, 5, 6),
  };
  const npy = writeNpy(m);
  const { table } = await runDataJob({
    kind: "file",
    file: new Blob([npy as BlobPart]),
    format: "npy",
    options: {},
  });
  assert.deepEqual(table, parseSampleTable(npy, "npy"));
  assert.equal(table.matrix.rows, 2);
});

Deno.test("runDataJob() draws synthetic samples with their truth, reporting rows", async () => {
  const spec = { d: 3, k: 2, n: 500, kappa: 2, bias: "relu" as const, seed: 3 };
  const seen: DataProgress[] = [];
  const { table, truth } = await runDataJob(
    { kind: "synthetic", spec },
    (p) => seen.push(p),
  );
  const expected = drawSynthetic(spec);
  assert.deepEqual(table.matrix, expected.samples);
  assert.deepEqual(truth, expected.truth);
  assert.deepEqual(table.columns, ["x1", "x2", "x3"]);
  assert.deepEqual(seen, [{ phase: "sampling", done: 500, total: 500 }]);
});

Deno.test("serveDataJobs() answers a job with progress, then the data with its buffer transferred, or the error", async () => {
  const posted: { message: WorkerMessage; transfer?: Transferable[] }[] = [];
  const scope: WorkerScope = {
    onmessage: null,
    postMessage: (message, transfer) => void posted.push({ message, transfer }),
  };
  serveDataJobs(scope);
  const spec = { d: 2, k: 2, n: 10, kappa: 1, bias: "zero" as const, seed: 1 };
  await scope.onmessage!(
    new MessageEvent("message", { data: { kind: "synthetic", spec } }),
  );
  assert.deepEqual(posted.map((p) => p.message.type), ["progress", "done"]);
  const done = posted[1];
  assert.ok(done.message.type === "done");
  assert.deepEqual(done.transfer, [done.message.data.table.matrix.data.buffer]);

  posted.length = 0;
  await scope.onmessage!(
    new MessageEvent("message", {
      data: {
        kind: "file",
        file: new Blob(["a,b\n1,-2\n"]),
        format: "csv",
        options: {},
      },
    }),
  );
  const last = posted.at(-1)!.message;
  assert.equal(last.type, "error");
  assert.ok(last.type === "error");
  assert.equal(last.name, "SampleFormatError");
  assert.match(last.message, /negative/);
});
