import assert from "node:assert/strict";
import { detectFormat, writeNpy } from "../../../core/formats/mod.ts";

const text = (s: string) => new TextEncoder().encode(s);

Deno.test("detectFormat() knows NPY by its magic string, whatever the hint", () => {
  const bytes = writeNpy({ rows: 1, cols: 1, data: Float64Array.of(1) });
  assert.equal(detectFormat(bytes), "npy");
  assert.equal(detectFormat(bytes, "samples.csv"), "npy");
  assert.equal(detectFormat(bytes, "application/json"), "npy");
});

Deno.test("detectFormat() follows a file name or content type", () => {
  const body = text("1,2\n");
  assert.equal(detectFormat(body, "x.JSON"), "json");
  assert.equal(detectFormat(body, "dir.v2/x.npy"), "npy");
  assert.equal(detectFormat(text("[[1]]"), "x.csv"), "csv");
  assert.equal(detectFormat(text("[[1]]"), "x.txt"), "csv");
  assert.equal(detectFormat(body, "application/json; charset=utf-8"), "json");
  assert.equal(detectFormat(body, "application/vnd.api+json"), "json");
  assert.equal(detectFormat(text("[[1]]"), "text/csv"), "csv");
  assert.equal(detectFormat(body, "application/x-npy"), "npy");
});

Deno.test("detectFormat() sniffs the content when the hint says nothing", () => {
  assert.equal(detectFormat(text("[[1, 2]]")), "json");
  assert.equal(detectFormat(text('\uFEFF\r\n\t {"samples": []}')), "json");
  assert.equal(detectFormat(text("x1,x2\n1,2\n"), "data"), "csv");
  assert.equal(detectFormat(text("[[1]]"), "application/octet-stream"), "json");
  assert.equal(detectFormat(new Uint8Array()), "csv");
});
