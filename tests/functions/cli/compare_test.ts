import assert from "node:assert/strict";
import { runCompare } from "../../../functions/cli/compare.ts";
import { compareSettings } from "../../../core/experiments/compare.ts";
import { memoryIo } from "./_memory_io.ts";

Deno.test("compare --small prints one table row per setting and method, a CRB row per setting with a bound, and writes JSON", async () => {
  const io = memoryIo();
  const code = await runCompare(
    ["--small", "--runs", "2", "--methods", "paper", "--out", "c.json"],
    io,
  );
  assert.equal(code, 0, io.stderrText());
  const lines = io.stdoutText().trim().split("\n");
  const settings = compareSettings({ small: true });
  // Every setting but k < d (singular Σ: no bound) has a CRB row first.
  const bounded = settings.filter((s) => s.k === s.d);
  assert.equal(lines.length, 2 + settings.length + bounded.length);
  assert.ok(lines[0]!.startsWith("| setting | method | err_sigma | err_b |"));
  const rows = lines.slice(2).map((l) => l.split("|").map((c) => c.trim()));
  const methodRows = rows.filter((cells) => cells[2] === "paper");
  assert.equal(methodRows.length, settings.length);
  for (let i = 0; i < settings.length; i++) {
    const cells = methodRows[i]!;
    assert.equal(cells[1], settings[i]!.id);
    // err_sigma as "mean ± std" over both runs.
    assert.match(cells[3]!, /^[0-9.e+-]+ ± [0-9.e+-]+$/);
  }
  const crbRows = rows.filter((cells) => cells[2]!.startsWith("CRB ("));
  assert.deepEqual(crbRows.map((c) => c[1]), bounded.map((s) => s.id));
  for (const cells of crbRows) assert.match(cells[3]!, /^[0-9.e-]+$/);
  // One progress line per setting.
  assert.equal(io.stderrText().trim().split("\n").length, settings.length);
  const json = JSON.parse(new TextDecoder().decode(io.files.get("c.json")!));
  assert.equal(json.runs, 2);
  assert.equal(json.rows.length, settings.length);
  assert.equal(json.rows[0].errSigma.count, 2);
  assert.equal(json.rows[2].setting.d, 10);
  assert.equal(json.crb[settings[6]!.id], null);
  assert.ok(json.crb[settings[0]!.id].errB > 0);
});

Deno.test("compare gives the same numbers for the same seed", async () => {
  const run = async () => {
    const io = memoryIo();
    await runCompare(
      ["--small", "--runs", "1", "--methods", "paper", "--out", "c.json"],
      io,
    );
    const json = JSON.parse(new TextDecoder().decode(io.files.get("c.json")!));
    return json.rows.map((r: { errSigma: unknown; errB: unknown }) => [
      r.errSigma,
      r.errB,
    ]);
  };
  assert.deepEqual(await run(), await run());
});

Deno.test("compare rejects bad flags and unknown methods on one line", async () => {
  const io = memoryIo();
  assert.equal(await runCompare(["--runs", "x"], io), 2);
  assert.match(io.stderrText(), /^compare: --runs must be a number/);
  const io2 = memoryIo();
  assert.equal(await runCompare(["--small", "--methods", "nope"], io2), 2);
  assert.match(
    io2.stderrText(),
    /^compare: --methods: unknown method "nope"; valid methods are /,
  );
  assert.equal(io2.stderrText().trim().split("\n").length, 1);
  const io3 = memoryIo();
  assert.equal(await runCompare(["--method", "nope"], io3), 2);
  assert.match(io3.stderrText(), /^compare: --method: unknown method "nope"/);
  const io4 = memoryIo();
  assert.equal(
    await runCompare(["--methods", "paper", "--method", "paper"], io4),
    2,
  );
  assert.match(io4.stderrText(), /^compare: give --methods or --method/);
});
