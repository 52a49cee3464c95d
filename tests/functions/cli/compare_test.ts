import assert from "node:assert/strict";
import { runCompare } from "../../../functions/cli/compare.ts";
import { compareSettings } from "../../../core/experiments/compare.ts";
import { memoryIo } from "./_memory_io.ts";

Deno.test("compare --small prints one table row per setting and method and writes JSON", async () => {
  const io = memoryIo();
  const code = await runCompare(
    ["--small", "--runs", "2", "--methods", "paper", "--out", "c.json"],
    io,
  );
  assert.equal(code, 0, io.stderrText());
  const lines = io.stdoutText().trim().split("\n");
  const settings = compareSettings({ small: true });
  assert.equal(lines.length, 2 + settings.length);
  assert.ok(lines[0]!.startsWith("| setting | method | err_sigma | err_b |"));
  for (let i = 0; i < settings.length; i++) {
    const cells = lines[2 + i]!.split("|").map((c) => c.trim());
    assert.equal(cells[1], settings[i]!.id);
    assert.equal(cells[2], "paper");
    // err_sigma as "mean ± std" over both runs.
    assert.match(cells[3]!, /^[0-9.e+-]+ ± [0-9.e+-]+$/);
  }
  // One progress line per setting.
  assert.equal(io.stderrText().trim().split("\n").length, settings.length);
  const json = JSON.parse(new TextDecoder().decode(io.files.get("c.json")!));
  assert.equal(json.runs, 2);
  assert.equal(json.rows.length, settings.length);
  assert.equal(json.rows[0].errSigma.count, 2);
  assert.equal(json.rows[2].setting.d, 10);
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
