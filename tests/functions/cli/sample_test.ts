import assert from "node:assert/strict";
import { parseCsv, parseNpy } from "../../../core/formats/mod.ts";
import { runSample } from "../../../functions/cli/sample.ts";
import { memoryIo, spawnScript } from "./_memory_io.ts";

const SPEC = JSON.stringify({
  W: [[1, 0], [0.5, 1], [0, 0]],
  b: [0.5, -0.2, 1],
});

async function sample(args: string[], files = { "spec.json": SPEC }) {
  const io = memoryIo(files);
  const code = await runSample(args, io);
  return { code, io };
}

Deno.test("sample writes CSV with a header, one sample per row", async () => {
  const { code, io } = await sample(["--spec", "spec.json", "--n", "50"]);
  assert.equal(code, 0, io.stderrText());
  const text = io.stdoutText();
  assert.ok(text.startsWith("x1,x2,x3\n"));
  const m = parseCsv(text);
  assert.deepEqual([m.rows, m.cols], [50, 3]);
  // Row 3 of W is zero with b = 1: that coordinate is always exactly 1.
  for (let i = 0; i < 50; i++) assert.equal(m.data[i * 3 + 2], 1);
});

Deno.test("sample gives identical bytes for the same seed", async () => {
  const args = ["--spec", "spec.json", "--n", "200", "--seed", "42"];
  for (const format of ["csv", "npy"]) {
    const a = await sample([...args, "--format", format]);
    const b = await sample([...args, "--format", format]);
    assert.deepEqual(a.io.stdoutBytes(), b.io.stdoutBytes(), format);
    const c = await sample([
      ...args.slice(0, 4),
      "--seed",
      "43",
      "--format",
      format,
    ]);
    assert.notDeepEqual(a.io.stdoutBytes(), c.io.stdoutBytes(), format);
  }
});

Deno.test("sample writes NPY to --out, choosing the format by extension", async () => {
  const { code, io } = await sample([
    "--spec",
    "spec.json",
    "--n",
    "7",
    "--out",
    "x.npy",
  ]);
  assert.equal(code, 0);
  assert.equal(io.stdoutText(), "");
  const m = parseNpy(io.files.get("x.npy")!);
  assert.deepEqual([m.rows, m.cols], [7, 3]);
});

Deno.test("sample reports bad specs and flags on one line", async () => {
  const cases: [string[], Record<string, string>, number, string][] = [
    [["--n", "5"], {}, 2, "sample: --spec is required (see sample --help)"],
    [
      ["--spec", "s"],
      { s: SPEC },
      2,
      "sample: --n is required (see sample --help)",
    ],
    [
      ["--spec", "s", "--n", "0"],
      { s: SPEC },
      2,
      "sample: --n must be at least 1, got 0 (see sample --help)",
    ],
    [
      ["--spec", "s", "--n", "5", "--format", "json"],
      { s: SPEC },
      2,
      'sample: --format must be one of csv, npy, got "json" (see sample --help)',
    ],
    [
      ["--spec", "missing.json", "--n", "5"],
      {},
      1,
      'sample: Cannot read "missing.json": no such file',
    ],
    [["--spec", "s", "--n", "5"], { s: "{W:" }, 1, ""],
    [
      ["--spec", "s", "--n", "5"],
      { s: '{"W": [[1, 2], [3]], "b": [0, 0]}' },
      1,
      'sample: Cannot read the spec: "W[1]" has 1 entries, expected 2 as in "W[0]"',
    ],
    [
      ["--spec", "s", "--n", "5"],
      { s: '{"W": [[1]], "b": [0, 0]}' },
      1,
      'sample: Cannot read the spec: "b" has 2 entries but "W" has 1 rows',
    ],
  ];
  for (const [args, files, exit, line] of cases) {
    const io = memoryIo(files);
    const code = await runSample(args, io);
    assert.equal(code, exit, args.join(" "));
    const err = io.stderrText();
    assert.equal(err.split("\n").length, 2, "exactly one line");
    if (line) assert.equal(err, line + "\n");
    else {assert.match(
        err,
        /^sample: Cannot read the spec: "s" is not valid JSON \(.+\)\n$/,
      );}
    assert.equal(io.stdoutText(), "");
  }
});

Deno.test("sample run as a process gives identical bytes twice", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const spec = `${dir}/spec.json`;
    await Deno.writeTextFile(spec, SPEC);
    const args = [
      "--spec",
      spec,
      "--n",
      "100",
      "--seed",
      "9",
      "--format",
      "npy",
    ];
    const a = await spawnScript("functions/cli/sample.ts", args);
    const b = await spawnScript("functions/cli/sample.ts", args);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stderr, "");
    assert.deepEqual(a.stdout, b.stdout);
    assert.deepEqual([parseNpy(a.stdout).rows, parseNpy(a.stdout).cols], [
      100,
      3,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
