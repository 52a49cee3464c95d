import assert from "node:assert/strict";
import { runClaim2 } from "../../../functions/cli/claim2.ts";
import { memoryIo } from "./_memory_io.ts";

Deno.test("claim2 prints the table and trend and writes JSON", async () => {
  const io = memoryIo();
  const code = await runClaim2(
    [
      "--biases",
      "0,-1",
      "--methods",
      "paper",
      "--runs",
      "2",
      "--max-n",
      "4000",
      "--out",
      "c2.json",
    ],
    io,
  );
  assert.equal(code, 0, io.stderrText());
  const text = io.stdoutText();
  assert.ok(text.includes("| b | method | n needed |"));
  // The paper method clamps b̂ at 0, so b = −1 is never within 0.1.
  assert.ok(text.includes("| -1 | paper | not reached within 4000 |"), text);
  assert.ok(text.includes("- paper: fewer than 2 biases reached"));
  // Progress: n = 1000, 2000, 4000 for each bias that is not reached.
  assert.ok(io.stderrText().includes("b = -1, n = 4000: pending paper"));
  const json = JSON.parse(new TextDecoder().decode(io.files.get("c2.json")!));
  assert.equal(json.rows.length, 2);
  assert.equal(json.rows[1].nNeeded, null);
  assert.equal(json.spec.maxN, 4000);
});

Deno.test("claim2 rejects bad biases and settings", async () => {
  const io = memoryIo();
  assert.equal(await runClaim2(["--biases", "0,x"], io), 2);
  assert.match(io.stderrText(), /^claim2: --biases must be numbers, got "x"/);
  const io2 = memoryIo();
  assert.equal(
    await runClaim2(["--methods", "paper", "--runs", "0", "--small"], io2),
    1,
  );
  assert.match(io2.stderrText(), /runs must be an integer in \[1, 1000\]/);
});
