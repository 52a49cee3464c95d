import assert from "node:assert/strict";
import { fitSamples, prepareFit } from "../../../core/estimators/mod.ts";
import {
  fitResultToJson,
  parseSampleTable,
  type SampleFormat,
  type SampleTableOptions,
  writeCsv,
  writeNpy,
} from "../../../core/formats/mod.ts";
import { toRows } from "../../../core/linalg/matrix.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { STATS_BLOCK_ROWS } from "../../../core/stats/mod.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { type FitSettings, runFit } from "../../../functions/cli/fit.ts";
import { memoryIo, spawnScript } from "./_memory_io.ts";

/** 600 samples of 3 correlated coordinates, b of both signs. */
function samples() {
  const w = {
    rows: 3,
    cols: 3,
    data: Float64Array.of(1, 0, 0, 0.6, 0.8, 0, 0.3, -0.2, 0.9),
  };
  return sampleRectifiedGaussian(
    w,
    Float64Array.of(0.3, -0.2, 0.1),
    600,
    createPrng(4),
  );
}

/** The samples as R writes them: row names, an id counting 1…n, a date, NA. */
function messyCsv(): string {
  const x = samples();
  const lines = ['"","id","date","u","v","w"'];
  for (let i = 0; i < x.rows; i++) {
    const v = Array.from(x.data.subarray(i * 3, i * 3 + 3), String);
    if (i % 97 === 5) v[1] = "NA";
    lines.push(`"${i + 1}",${i + 1},2024-01-01,${v.join(",")}`);
  }
  return lines.join("\r\n") + "\r\n";
}

/** What reading `bytes` whole and fitting gives, as the JSON the CLI prints. */
function inMemory(
  bytes: Uint8Array,
  format: SampleFormat,
  table: SampleTableOptions,
  request: Parameters<typeof prepareFit>[0],
) {
  const t = parseSampleTable(bytes, format, table);
  const result = fitSamples(t.matrix, prepareFit(request), {
    columns: t.columns,
  });
  return JSON.parse(JSON.stringify(fitResultToJson(result, { read: t })));
}

async function run(
  args: string[],
  files: Record<string, string | Uint8Array>,
  settings: FitSettings = { blockBytes: 97 },
  stdin: string | Uint8Array = "",
) {
  const io = memoryIo(files, stdin);
  const code = await runFit(args, io, undefined, settings);
  return { code, io };
}

/**
 * Same JSON, numbers equal to 1e-9 relative (at least 1e-9 absolute): b and
 * Sigma agree to about 1e-13 (see tests/core/stats), and what is derived
 * from them (eigenvectors, the rank-k factor) to that over the spectral gaps.
 */
function assertSameFit(streamed: unknown, whole: unknown, where: string): void {
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === "number" && typeof b === "number") {
      assert.ok(
        Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)),
        `${where} ${path}: ${a} against ${b}`,
      );
    } else if (Array.isArray(a) && Array.isArray(b)) {
      assert.equal(a.length, b.length, `${where} ${path}`);
      a.forEach((v, i) => walk(v, b[i], `${path}[${i}]`));
    } else if (a !== null && b !== null && typeof a === "object") {
      const keys = Object.keys(a).filter((k) => k !== "elapsedMs");
      assert.deepEqual(
        keys,
        Object.keys(b as object).filter((k) => k !== "elapsedMs"),
        `${where} ${path}`,
      );
      for (const k of keys) {
        walk(
          (a as Record<string, unknown>)[k],
          (b as Record<string, unknown>)[k],
          `${path}.${k}`,
        );
      }
    } else assert.equal(a, b, `${where} ${path}`);
  };
  walk(streamed, whole, "");
}

for (
  const method of ["trunc-mle", "censored", "censored-moment", "pairwise-mle"]
) {
  Deno.test(`fit reads a CSV file in blocks as it reads it whole (${method})`, async () => {
    const csv = messyCsv();
    for (
      const table of [
        { columns: "-date" },
        { columns: "-date", index: "drop" },
        { columns: "u,w", na: "drop" },
      ] as SampleTableOptions[]
    ) {
      const args = [
        "data.csv",
        "--method",
        method,
        "--columns",
        table.columns as string,
      ];
      if (table.index) args.push("--index", table.index);
      const { code, io } = await run(args, { "data.csv": csv });
      assert.equal(code, 0, io.stderrText());
      assert.equal(io.stderrText(), "");
      const whole = inMemory(new TextEncoder().encode(csv), "csv", table, {
        method,
      });
      assertSameFit(
        JSON.parse(io.stdoutText()),
        whole,
        `${method} ${JSON.stringify(table)}`,
      );
    }
  });
}

Deno.test("fit reads NPY files and standard input in blocks", async () => {
  const x = samples();
  const npy = writeNpy(x);
  const request = { method: "pairwise-mle", rank: 2 };
  const whole = inMemory(npy, "npy", {}, request);
  const fromFile = await run(["x.npy", "--rank", "2"], { "x.npy": npy });
  assert.equal(fromFile.code, 0, fromFile.io.stderrText());
  assertSameFit(JSON.parse(fromFile.io.stdoutText()), whole, "npy");
  const csv = writeCsv(x, ["a", "b", "c"]);
  const fromStdin = await run(
    ["-", "--method", "trunc-mle"],
    {},
    undefined,
    csv,
  );
  assert.equal(fromStdin.code, 0, fromStdin.io.stderrText());
  assertSameFit(
    JSON.parse(fromStdin.io.stdoutText()),
    inMemory(new TextEncoder().encode(csv), "csv", {}, { method: "trunc-mle" }),
    "stdin",
  );
  // The copy of standard input is removed.
  assert.equal(fromStdin.io.files.size, 0);
});

Deno.test("fit names bad data read in blocks as it does read whole", async () => {
  const csv = messyCsv().replace("\r\n3,3,", "\r\n3,3,") +
    '"601",601,2024-01-01,1,-2,3\r\n';
  const streamed = await run(["d.csv", "--columns", "-date"], { "d.csv": csv });
  const whole = await run(["d.csv", "--columns", "-date", "--bootstrap", "2"], {
    "d.csv": csv,
  });
  assert.equal(streamed.code, 1);
  assert.equal(
    streamed.io.stderrText(),
    "fit: Cannot read samples: row 602, column 5 is -2, but samples of ReLU(W z + b) are never negative\n",
  );
  assert.equal(streamed.io.stderrText(), whole.io.stderrText());
});

Deno.test("fit reads the file whole for what needs every row, and says so for large files", async () => {
  const csv = writeCsv(samples(), ["a", "b", "c"]);
  const files = { "x.csv": csv };
  const settings = { blockBytes: 97, noteBytes: 1000, maxInMemoryBytes: 1e9 };
  for (
    const [args, why] of [
      [["--bootstrap", "3"], "--bootstrap needs every row in memory"],
      [["--method", "paper"], "method paper needs every row in memory"],
    ]
  ) {
    const { code, io } = await run(["x.csv", ...args], files, settings);
    assert.equal(code, 0, io.stderrText());
    assert.equal(
      io.stderrText(),
      `fit: reading x.csv (${csv.length} bytes) whole: ${why}; methods trunc-mle, censored, censored-moment, pairwise-mle without --bootstrap and --check read CSV and NPY files of any size in blocks\n`,
    );
  }
  const { code, io } = await run(["x.csv", "--check"], files, {
    maxInMemoryBytes: 1000,
  });
  assert.equal(code, 1);
  assert.match(
    io.stderrText(),
    /^fit: x\.csv \(\d+ bytes\) is too large to read whole \(at most 1000 bytes\), and --check needs every row in memory; methods trunc-mle/,
  );
});

Deno.test("fit --progress reports rows, rate and time left on stderr", async () => {
  const csv = writeCsv(samples(), ["a", "b", "c"]);
  const { code, io } = await run(["x.csv", "--progress"], { "x.csv": csv }, {
    blockBytes: 4096,
  });
  assert.equal(code, 0);
  const lines = io.stderrText().trim().split("\n");
  assert.match(
    lines.at(-1)!,
    /^fit: pass 2 of 2: 600 rows, [\d.]+ MB of [\d.]+ MB, [\d.]+ MB\/s, 0 s left$/,
  );
});

Deno.test("fit as a process reads standard input in blocks through a temporary file", async () => {
  const csv = writeCsv(samples(), ["a", "b", "c"]);
  const bytes = new TextEncoder().encode(csv);
  const run = await spawnScript("functions/cli/fit.ts", [
    "-",
    "--method",
    "censored",
  ], bytes);
  assert.equal(run.code, 0, run.stderr);
  assertSameFit(
    JSON.parse(new TextDecoder().decode(run.stdout)),
    inMemory(bytes, "csv", {}, { method: "censored" }),
    "stdin",
  );
});

/**
 * Samples over two fixed blocks of rows (STATS_BLOCK_ROWS), so the blocks
 * merge.
 */
function overTwoBlocks(seed: number) {
  return sampleRectifiedGaussian(
    { rows: 3, cols: 3, data: Float64Array.of(1, 0, 0, 0.6, 0.8, 0, 0, 0, 1) },
    Float64Array.of(0.3, -0.2, 0.1),
    Math.floor(2.2 * STATS_BLOCK_ROWS),
    createPrng(seed),
  );
}

Deno.test("fit --threads: the same answer bit for bit with 1 or 3 threads, read in blocks or whole", async () => {
  const x = overTwoBlocks(8);
  const csv = writeCsv(x, ["a", "b", "c"]);
  const json = JSON.stringify({ samples: toRows(x), columns: ["a", "b", "c"] });
  const answers: unknown[] = [];
  for (
    const [file, threads] of [
      ["x.csv", "1"],
      ["x.csv", "3"],
      ["x.json", "2"],
    ]
  ) {
    const { code, io } = await run(
      [file, "--threads", threads],
      { "x.csv": csv, "x.json": json },
      {},
    );
    assert.equal(code, 0, io.stderrText());
    const { elapsedMs: _, ...answer } = JSON.parse(io.stdoutText());
    answers.push(answer);
  }
  assert.deepEqual(answers[1], answers[0]);
  assert.deepEqual(answers[2], answers[0]);
  const { code, io } = await run(["x.csv", "--threads", "0"], { "x.csv": csv });
  assert.equal(code, 2);
  assert.equal(
    io.stderrText(),
    "fit: --threads must be an integer from 1 to 64, got 0 (see fit --help)\n",
  );
});

Deno.test("fit --threads: pieces of a CSV file parsed by the workers give the rows, answers and errors of the calling thread", async () => {
  const x = overTwoBlocks(9);
  // Row numbers counted as lines: CRLF, a lone CR, missing values dropped,
  // an index column; then a bad cell in the last block, and a quote late
  // (read on in the calling thread from there).
  const lines = ["i,a,b,c"];
  for (let i = 0; i < x.rows; i++) {
    const v = Array.from(x.data.subarray(i * 3, i * 3 + 3), String);
    if (i % 1001 === 7) v[2] = "NA";
    lines.push(`${i + 1},${v.join(",")}`);
  }
  const good = lines.join("\r\n") + "\r\n";
  const lone = lines.slice(0, 50).join("\n") + "\r" +
    lines.slice(50).join("\n") + "\n";
  const bad = [...lines];
  bad[lines.length - 100] = bad[lines.length - 100]!.replace(/,[^,]*$/, ",x");
  const badCsv = bad.join("\n") + "\n";
  const quoted = [...lines];
  quoted[lines.length - 200] = quoted[lines.length - 200]!.replace(
    /,([^,]*)$/,
    ',"$1"',
  );
  // R's write.csv: quoted header and row names, a quoted line break in a
  // name, a doubled quote, quoted numbers.
  const r = lines.map((l, i) => {
    if (i === 0) return '"","i","a\nb","c ""d""","e"';
    const v = l.split(",");
    if (i % 3 === 0) v[1] = `"${v[1]}"`;
    return `"${i}",${v.join(",")}`;
  });
  const files = {
    "r.csv": r.join("\n") + "\n",
    "good.csv": good,
    "lone.csv": lone,
    "bad.csv": badCsv,
    "quoted.csv": quoted.join("\n") + "\n\n",
  };
  for (const file of Object.keys(files)) {
    for (const extra of [[], ["--index", "keep", "--na", "drop"]]) {
      const outs = [];
      for (const threads of ["1", "2", "3"]) {
        const { code, io } = await run(
          [file, "--threads", threads, ...extra],
          files,
          { blockBytes: 4096 },
        );
        const out = code === 0
          ? (({ elapsedMs: _, ...a }) => a)(JSON.parse(io.stdoutText()))
          : io.stderrText();
        outs.push({ code, out });
      }
      assert.deepEqual(outs[1], outs[0], `${file} ${extra}`);
      assert.deepEqual(outs[2], outs[0], `${file} ${extra}`);
      if (file === "bad.csv") {
        assert.equal(outs[0]!.code, 1);
        assert.equal(
          outs[0]!.out,
          `fit: Cannot read samples: row ${
            lines.length - 99
          }, column 4 is "x", not a number\n`,
        );
      } else assert.equal(outs[0]!.code, 0, String(outs[0]!.out));
    }
  }
});
