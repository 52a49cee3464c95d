import assert from "node:assert/strict";
import { runCrb } from "../../../functions/cli/crb.ts";
import { memoryIo } from "./_memory_io.ts";

Deno.test("crb prints the CRB next to the measured mean errors as a table", async () => {
  const io = memoryIo();
  const code = await runCrb(
    ["--d", "2", "--rho", "0.5", "--b", "0.5", "--n", "2000", "--runs", "3"],
    io,
  );
  assert.equal(code, 0, io.stderrText());
  const lines = io.stdoutText().trim().split("\n");
  assert.match(
    lines[0]!,
    /^d = 2, n = 2000, method pairwise-mle, 3 runs \(seed 0\); CRB: exact joint bound/,
  );
  assert.equal(
    lines[2],
    "| metric | CRB mean | measured mean ± se | ratio ± se |",
  );
  const cells = lines[4]!.split("|").map((c) => c.trim());
  assert.equal(cells[1], "err_sigma");
  // The d = 2 reference at n = 200,000 is 0.00314; at n = 2000, 10x that.
  assert.equal(cells[2], "0.0314");
  assert.match(cells[3]!, /^[0-9.e-]+ ± [0-9.e-]+$/);
  assert.match(lines[5]!, /^\| err_b \| 0\.0209 \|/);
  assert.match(io.stderrText(), /^3 runs in [0-9.]+ s\n$/);
});

Deno.test("crb --json gives the bound, the measured errors and their ratio, the same for the same seed", async () => {
  const run = async () => {
    const io = memoryIo();
    const code = await runCrb(
      [
        "--d",
        "1",
        "--b",
        "0",
        "--n",
        "5000",
        "--runs",
        "4",
        "--seed",
        "3",
        "--json",
      ],
      io,
    );
    assert.equal(code, 0, io.stderrText());
    return JSON.parse(io.stdoutText());
  };
  const json = await run();
  assert.equal(json.crb.kind, "exact");
  assert.equal(json.runs, 4);
  assert.equal(json.method, "pairwise-mle");
  assert.deepEqual(json.truth, { b: [0], sigma: [[1]] });
  assert.deepEqual(json.parameters.map((p: { name: string }) => p.name), [
    "b1",
    "Sigma11",
  ]);
  // Tobit at b = 0: sd(b̂) = 1.2317 / √n.
  assert.ok(
    Math.abs(json.parameters[0].crbSd * Math.sqrt(5000) - 1.2317) < 1e-3,
  );
  assert.equal(json.ratio.of, "mean");
  assert.ok(
    Math.abs(
      json.ratio.errB.value - json.measured.errB.mean / json.crb.errB.mean,
    ) < 1e-12,
  );
  assert.deepEqual(await run(), json);
});

Deno.test("crb reads a truth file and compares root mean squares for a per-entry bound", async () => {
  const truth = {
    b: [0.2, 0.1, 0.4, 0],
    sigma: [[1, 0.3, 0, 0], [0.3, 1, 0, 0], [0, 0, 1, 0.2], [0, 0, 0.2, 1]],
  };
  const io = memoryIo({ "t.json": JSON.stringify(truth) });
  const code = await runCrb(
    [
      "--truth",
      "t.json",
      "--n",
      "3000",
      "--runs",
      "2",
      "--method",
      "censored-moment",
    ],
    io,
  );
  assert.equal(code, 0, io.stderrText());
  const out = io.stdoutText();
  assert.match(out, /method censored-moment/);
  assert.match(out, /per-entry bounds/);
  assert.match(
    out,
    /\| metric \| CRB rms \| measured rms ± se \| ratio ± se \|/,
  );
});

Deno.test("crb rejects bad flags and truths with one line naming the problem", async () => {
  const cases: [string[], Record<string, string>, number, RegExp][] = [
    [
      ["--rho", "1.2"],
      {},
      2,
      /--rho must lie in \(-1\.00, 1\) .* d = 2, got 1\.2/,
    ],
    [["--d", "3", "--rho", "-0.6"], {}, 2, /--rho must lie in \(-0\.500, 1\)/],
    [["--d", "3", "--b", "1,2"], {}, 2, /--b must give 1 or 3 numbers, got 2/],
    [["--b", "x"], {}, 2, /--b: "x" is not a finite number/],
    [["--runs", "0"], {}, 2, /--runs must be in \[1, 1000\], got 0/],
    [["--method", "nope"], {}, 2, /unknown method "nope"/],
    [
      ["--truth", "t.json", "--d", "2"],
      { "t.json": "{}" },
      2,
      /--d cannot be combined with --truth/,
    ],
    [["--truth", "t.json"], { "t.json": "{" }, 1, /"t.json" is not valid JSON/],
    [
      ["--truth", "t.json"],
      { "t.json": '{"b": [0, 1], "sigma": [[1, 0], [0, "x"]]}' },
      1,
      /"sigma\[1\]\[1\]" must be a finite number/,
    ],
    [
      ["--truth", "t.json"],
      { "t.json": '{"b": [0, 1], "sigma": [[1, 2], [2, 1]]}' },
      1,
      /Sigma is not positive definite/,
    ],
    [
      ["--truth", "missing.json"],
      {},
      1,
      /Cannot read "missing.json": no such file/,
    ],
  ];
  for (const [args, files, status, message] of cases) {
    const io = memoryIo(files);
    assert.equal(await runCrb(args, io), status, `${args.join(" ")}`);
    assert.match(io.stderrText(), message, `${args.join(" ")}`);
    assert.match(io.stderrText(), /^crb: /);
    assert.equal(io.stderrText().trim().split("\n").length, 1);
  }
});

Deno.test("crb says under the table when the bound's quadrature did not settle", async () => {
  // At ρ = 0.9999 the conditional laws are 0.014 standard deviations wide,
  // narrower than the finest panels the refinement reaches.
  const io = memoryIo();
  const code = await runCrb(
    ["--rho", "0.9999", "--n", "1000", "--runs", "1", "--method", "censored"],
    io,
  );
  assert.equal(code, 0, io.stderrText());
  assert.match(
    io.stdoutText(),
    /The bound's quadrature did not settle: its last refinement still moved the information by [0-9.e-]+ \(relative\)/,
  );
});
