import assert from "node:assert/strict";
import { methodNames } from "../../../core/estimators/mod.ts";
import { writeNpy } from "../../../core/formats/mod.ts";
import { runFit } from "../../../functions/cli/fit.ts";
import { memoryIo, spawnScript } from "./_memory_io.ts";

/** 40 samples of 2 coordinates, both often positive. */
function csvSamples(): string {
  const lines = ["x1,x2"];
  for (let i = 0; i < 40; i++) {
    lines.push(`${(i % 7) * 0.3},${i % 3 === 0 ? 0 : 1 + (i % 5) * 0.2}`);
  }
  return lines.join("\n") + "\n";
}

async function fit(
  args: string[],
  files: Record<string, string | Uint8Array> = {},
  stdin = "",
) {
  const io = memoryIo(files, stdin);
  const code = await runFit(args, io);
  return { code, io };
}

function assertOneLine(stderr: string, expected: string | RegExp): void {
  assert.equal(stderr.split("\n").length, 2, `one line: ${stderr}`);
  if (typeof expected === "string") assert.equal(stderr, expected + "\n");
  else assert.match(stderr, expected);
  assert.doesNotMatch(stderr, /\bat \S+:\d+/, "no stack trace");
}

Deno.test("fit reports bad data with its row and column, exit 1", async () => {
  const cases: [string, string | Uint8Array, string][] = [
    [
      "ragged.csv",
      "a,b\n1,2\n3\n",
      "row 3 has 1 values, expected 2 as in row 1",
    ],
    ["nan.csv", "1,2\n3,NaN\n", 'row 2, column 2 is "NaN", a missing value'],
    [
      "inf.json",
      "[[1, 2], [1e999, 0]]",
      "row 2, column 1 is Infinity, not a finite number",
    ],
    [
      "neg.csv",
      "1,2\n3,4\n0,-1\n",
      "row 3, column 2 is -1, but samples of ReLU(W z + b) are never negative",
    ],
    [
      "word.csv",
      "h1,h2\n1,2\n3,abc\n",
      'row 3, column 2 is "abc", not a number',
    ],
    ["empty.csv", "", "the input has no rows of numbers"],
    [
      "nan.npy",
      writeNpy({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, NaN) }),
      "row 2, column 2 is NaN, a missing value",
    ],
  ];
  for (const [name, content, problem] of cases) {
    // Missing values are errors only with --na error (by default their rows
    // are left out, see below).
    const { code, io } = await fit(
      [name, "--method", "paper", "--na", "error"],
      {
        [name]: content,
      },
    );
    assert.equal(code, 1, name);
    assertOneLine(io.stderrText(), `fit: Cannot read samples: ${problem}`);
    assert.equal(io.stdoutText(), "");
  }
});

Deno.test("fit honours --format over the file name", async () => {
  const { code, io } = await fit(["data.txt", "--format", "json"], {
    "data.txt": "1,2\n",
  });
  assert.equal(code, 1);
  assertOneLine(
    io.stderrText(),
    /^fit: Cannot read samples: the JSON is malformed/,
  );
});

Deno.test("fit reports usage errors with exit 2", async () => {
  const cases: [string[], string][] = [
    [
      [],
      "fit: expected one input file (or - for standard input), got 0 (see fit --help)",
    ],
    [
      ["a.csv", "b.csv"],
      "fit: expected one input file (or - for standard input), got 2 (see fit --help)",
    ],
    [
      ["a.csv", "--seed", "x"],
      'fit: --seed must be a number, got "x" (see fit --help)',
    ],
    [
      ["a.csv", "--format", "xlsx"],
      'fit: --format must be one of csv, json, npy, got "xlsx" (see fit --help)',
    ],
  ];
  for (const [args, line] of cases) {
    const { code, io } = await fit(args, { "a.csv": csvSamples() });
    assert.equal(code, 2, args.join(" "));
    assertOneLine(io.stderrText(), line);
  }
});

Deno.test("fit reports an unknown method with exit 1", async () => {
  const { code, io } = await fit(["a.csv", "--method", "nope"], {
    "a.csv": csvSamples(),
  });
  assert.equal(code, 1);
  assertOneLine(
    io.stderrText(),
    /^fit: Cannot fit: unknown method "nope"; valid methods are /,
  );
});

const paperRegistered = methodNames().includes("paper");

Deno.test({
  name: "fit prints the estimate as JSON (method paper)",
  ignore: !paperRegistered,
  async fn() {
    const { code, io } = await fit([
      "a.csv",
      "--method",
      "paper",
      "--seed",
      "5",
    ], {
      "a.csv": csvSamples(),
    });
    assert.equal(code, 0, io.stderrText());
    assert.equal(io.stderrText(), "");
    const out = JSON.parse(io.stdoutText());
    assert.deepEqual(Object.keys(out).slice(0, 11), [
      "method",
      "n",
      "d",
      "columns",
      "seed",
      "options",
      "b",
      "sigma",
      "coordinates",
      "diagnostics",
      "warnings",
    ]);
    assert.equal(Object.keys(out).at(-1), "elapsedMs");
    assert.equal(out.method, "paper");
    assert.equal(out.n, 40);
    assert.equal(out.d, 2);
    assert.deepEqual(out.columns, ["x1", "x2"]);
    assert.equal(out.droppedRows, 0);
    assert.equal(out.seed, 5);
    assert.equal(out.b.length, 2);
    assert.deepEqual(out.sigma.map((r: number[]) => r.length), [2, 2]);
    assert.equal(out.coordinates.length, 2);
    assert.ok(Array.isArray(out.warnings));
    assert.equal(typeof out.elapsedMs, "number");
    for (const value of Object.values(out.options)) {
      assert.ok(["number", "boolean"].includes(typeof value));
    }
  },
});

Deno.test({
  name:
    "fit passes declared options and rejects undeclared ones (method paper)",
  ignore: !paperRegistered,
  async fn() {
    const files = { "a.csv": csvSamples() };
    const ok = await fit([
      "a.csv",
      "--method",
      "paper",
      "--batch",
      "5",
      "--lambda=0.2",
    ], files);
    assert.equal(ok.code, 0, ok.io.stderrText());
    const out = JSON.parse(ok.io.stdoutText());
    assert.equal(out.options.batch, 5);
    assert.equal(out.options.lambda, 0.2);

    const unknown = await fit(
      ["a.csv", "--method", "paper", "--gamma", "1"],
      files,
    );
    assert.equal(unknown.code, 2);
    assertOneLine(
      unknown.io.stderrText(),
      /^fit: unknown flag --gamma; valid flags are --method, --seed, --format, --pretty, --\w+/,
    );

    const range = await fit(
      ["a.csv", "--method", "paper", "--batch", "-3"],
      files,
    );
    assert.equal(range.code, 1);
    assertOneLine(
      range.io.stderrText(),
      /^fit: Cannot fit with method "paper": option "batch"/,
    );
  },
});

Deno.test({
  name: "fit reads standard input for - (method paper)",
  ignore: !paperRegistered,
  async fn() {
    const { code, io } = await fit(
      ["-", "--method", "paper"],
      {},
      csvSamples(),
    );
    assert.equal(code, 0, io.stderrText());
    assert.equal(JSON.parse(io.stdoutText()).n, 40);
  },
});

Deno.test("fit as a process: missing file and bad data give one line, no trace", async () => {
  const missing = await spawnScript("functions/cli/fit.ts", [
    "/nonexistent/x.csv",
    "--method",
    "paper",
  ]);
  assert.equal(missing.code, 1);
  assertOneLine(
    missing.stderr,
    'fit: Cannot read "/nonexistent/x.csv": no such file',
  );

  const bad = await spawnScript(
    "functions/cli/fit.ts",
    ["-", "--method", "paper"],
    new TextEncoder().encode("x,y\n1,2\n3,oops\n"),
  );
  assert.equal(bad.code, 1);
  assertOneLine(
    bad.stderr,
    'fit: Cannot read samples: row 3, column 2 is "oops", not a number',
  );
  assert.equal(bad.stdout.length, 0);
});

Deno.test({
  name: "sample then fit round trip through temp files (method paper)",
  ignore: !paperRegistered,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(
        `${dir}/spec.json`,
        JSON.stringify({ W: [[1, 0], [0.5, 1]], b: [0.5, 0.2] }),
      );
      const outputs: Record<string, unknown>[] = [];
      for (const ext of ["csv", "npy"]) {
        const s = await spawnScript("functions/cli/sample.ts", [
          "--spec",
          `${dir}/spec.json`,
          "--n",
          "2000",
          "--seed",
          "3",
          "--out",
          `${dir}/x.${ext}`,
        ]);
        assert.equal(s.code, 0, s.stderr);
        const f = await spawnScript("functions/cli/fit.ts", [
          `${dir}/x.${ext}`,
          "--method",
          "paper",
          "--seed",
          "1",
        ]);
        assert.equal(f.code, 0, f.stderr);
        const out = JSON.parse(new TextDecoder().decode(f.stdout));
        assert.equal(out.n, 2000);
        assert.equal(out.d, 2);
        delete out.elapsedMs;
        outputs.push(out);
      }
      // CSV keeps every double exactly, so both files give the same fit.
      assert.deepEqual(outputs[0], outputs[1]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "fit --bootstrap adds bootstrap standard errors (method paper)",
  ignore: !paperRegistered,
  async fn() {
    const files = { "a.csv": csvSamples() };
    const { code, io } = await fit(
      ["a.csv", "--method", "paper", "--bootstrap", "20"],
      files,
    );
    assert.equal(code, 0, io.stderrText());
    const out = JSON.parse(io.stdoutText());
    assert.equal(out.standardErrors.b.length, 2);
    assert.deepEqual(
      out.standardErrors.sigma.map((r: number[]) => r.length),
      [2, 2],
    );
    assert.ok(out.standardErrors.b.every((v: number) => v > 0));
    assert.equal(out.diagnostics.standardErrorsFrom, "bootstrap");
    assert.equal(out.diagnostics.bootstrapReplicates, 20);

    const plain = await fit(["a.csv", "--method", "paper"], files);
    assert.equal(JSON.parse(plain.io.stdoutText()).standardErrors, undefined);

    const range = await fit(["a.csv", "--bootstrap", "1001"], files);
    assert.equal(range.code, 1);
    assertOneLine(
      range.io.stderrText(),
      "fit: Cannot fit: bootstrap must be an integer in [0, 1000], got 1001",
    );
    const word = await fit(["a.csv", "--bootstrap", "many"], files);
    assert.equal(word.code, 2);
    assertOneLine(
      word.io.stderrText(),
      'fit: --bootstrap must be a number, got "many" (see fit --help)',
    );
  },
});
