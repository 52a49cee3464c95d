import assert from "node:assert/strict";
import { runParity } from "../../../functions/cli/parity.ts";
import { PAPER_REFERENCE } from "../../../core/experiments/mod.ts";
import { memoryIo, spawnScript } from "./_memory_io.ts";

// n scaled down 20-fold and 2 runs: the comparison is meaningless at this
// size (errors are several times the reference), but the whole pipeline runs
// in well under a second.
const TINY = ["--runs", "2", "--n-scale", "0.05"];

/** The table's rows as cells, header and separator included. */
function cells(table: string): string[][] {
  return table.trimEnd().split("\n").map((line) => {
    assert.match(line, /^\|.*\|$/, line);
    return line.slice(1, -1).split("|").map((c) => c.trim());
  });
}

Deno.test("parity prints one Markdown row per reference point and writes --out", async () => {
  const io = memoryIo();
  const code = await runParity(
    [...TINY, "--tolerance", "100", "--seed", "4", "--out", "p.json"],
    io,
  );
  assert.equal(code, 0, io.stderrText());
  const rows = cells(io.stdoutText());
  assert.equal(rows.length, 2 + PAPER_REFERENCE.length);
  assert.deepEqual(rows[0], [
    "n",
    "κ",
    "err_sigma (2 runs)",
    "ref",
    "ratio",
    "err_b (2 runs)",
    "ref",
    "ratio",
    "TV (ref)",
    "not PD (ref)",
    "verdict",
  ]);
  assert.ok(rows[1]!.every((c) => c === "---"));
  PAPER_REFERENCE.forEach((ref, i) => {
    const row = rows[i + 2]!;
    assert.equal(row.length, 11);
    assert.equal(row[0], `${Math.round(ref.n * 0.05)} (of ${ref.n})`);
    assert.equal(row[1], String(ref.kappa));
    assert.match(row[2]!, /^\d\.\d+(e-\d+)? ± \d\.\d+(e-\d+)?$/);
    assert.equal(Number(row[3]), Number(ref.errSigma[0].toPrecision(3)));
    // The printed ratio is our printed mean over the reference mean; both
    // are rounded to 3 significant digits (relative error <= 0.5% each).
    const mean = Number(row[2]!.split(" ± ")[0]);
    const ratio = Number(row[4]);
    assert.ok(Math.abs(ratio / (mean / ref.errSigma[0]) - 1) < 0.011, row[4]);
    assert.match(row[9]!, /^[0-2]\/2 \(/);
    assert.equal(row[10], "within ±10000%");
  });
  assert.match(io.stderrText(), /parity: n = 1000, kappa = 1 done \(2 runs/);
  assert.match(io.stderrText(), /parity: n = 25000, kappa = 25 done/);

  const json = JSON.parse(new TextDecoder().decode(io.files.get("p.json")));
  assert.equal(json.settings.runs, 2);
  assert.equal(json.settings.seed, 4);
  assert.equal(json.rows.length, PAPER_REFERENCE.length);
  assert.equal(json.rows[0].point.errSigma.count, 2);
  assert.deepEqual(json.rows[5].reference, PAPER_REFERENCE[5]);
});

Deno.test("parity with --tolerance 0 exits 1 with one line naming the row", async () => {
  const io = memoryIo();
  const code = await runParity([...TINY, "--tolerance", "0"], io);
  assert.equal(code, 1);
  // The table is still printed, every row outside.
  const rows = cells(io.stdoutText()).slice(2);
  assert.ok(rows.every((r) => r[10]!.startsWith("outside ±0%")));
  const messages = io.stderrText().trimEnd().split("\n").filter((l) =>
    !/ done \(/.test(l)
  );
  assert.equal(messages.length, 1, io.stderrText());
  assert.match(
    messages[0]!,
    /^parity: n = 20000, kappa = 1: mean ratios err_sigma [\d.]+, err_b [\d.]+ are not all within \[1\.00, 1\.00\] \(and 5 more rows\)$/,
  );
});

Deno.test("parity rejects bad flags with exit 2 before running", async () => {
  for (
    const [args, message] of [
      [["--tolerance", "-0.1"], /--tolerance must be >= 0, got -0\.1/],
      [["--method", "nope"], /--method: unknown method "nope"/],
      [["--runs", "0"], /--runs must be in \[1, 1000\], got 0/],
      [["--n-scale", "2"], /--n-scale must be in \(0, 1\], got 2/],
      [["extra"], /unexpected argument "extra"/],
    ] as const
  ) {
    const io = memoryIo();
    assert.equal(await runParity(args, io), 2, args.join(" "));
    assert.match(io.stderrText(), message);
    assert.equal(io.stderrText().split("\n").length, 2, "one line");
    assert.equal(io.stdoutText(), "");
  }
});

Deno.test("parity --help lists the flags", async () => {
  const io = memoryIo();
  assert.equal(await runParity(["--help"], io), 0);
  for (const flag of ["--runs", "--method", "--seed", "--tolerance", "--out"]) {
    assert.ok(io.stdoutText().includes(flag), flag);
  }
});

Deno.test("parity as a process exits 1 when a row is outside the tolerance", async () => {
  const { code, stdout, stderr } = await spawnScript(
    "functions/cli/parity.ts",
    ["--runs", "1", "--n-scale", "0.05", "--tolerance", "0"],
  );
  assert.equal(code, 1, stderr);
  assert.equal(
    new TextDecoder().decode(stdout).trimEnd().split("\n").length,
    2 + PAPER_REFERENCE.length,
  );
  assert.match(stderr.trimEnd().split("\n").at(-1)!, /^parity: n = 20000/);
});
