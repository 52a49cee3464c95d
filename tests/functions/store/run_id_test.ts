import assert from "node:assert/strict";
import { newRunId, parseRunId } from "../../../functions/store/run_id.ts";

Deno.test("parseRunId() accepts UUIDs in either case and answers the lower-case form", () => {
  const id = newRunId();
  assert.equal(parseRunId(id), id);
  assert.equal(parseRunId(id.toUpperCase()), id);
  assert.equal(
    parseRunId("0F8E6A5C-3B1D-4C2E-9A7F-1E2D3C4B5A69"),
    "0f8e6a5c-3b1d-4c2e-9a7f-1e2d3c4b5a69",
  );
});

Deno.test("parseRunId() rejects everything else, however long", () => {
  const id = newRunId();
  for (
    const bad of [
      "",
      "unknown",
      "a".repeat(3000),
      `${id}x`,
      ` ${id}`,
      id.replaceAll("-", ""),
      id.replace(/^./, "g"),
      `${id.slice(0, 35)}/`,
      null,
      undefined,
    ]
  ) {
    assert.equal(parseRunId(bad), null, JSON.stringify(bad));
  }
});
