import assert from "node:assert/strict";
import {
  chunkStream,
  joinChunks,
  jsonObjectChunks,
} from "../../../functions/store/json_splice.ts";

const text = (chunks: Uint8Array[]) =>
  new TextDecoder().decode(joinChunks(chunks));

Deno.test("jsonObjectChunks() joins the fields of objects and single fields, as the spread of their parses", () => {
  const stored = new TextEncoder().encode(' \n{ "b": [1, 2], "s": "}{" }\n');
  const pieces = [
    '{"id":"x","n":1}',
    stored,
    "{}",
    { name: "result", value: '{"k":{"v":null}}' },
    { name: "bytes", value: new TextEncoder().encode("[3]") },
  ];
  const joined = JSON.parse(text(jsonObjectChunks(pieces)));
  assert.deepEqual(joined, {
    id: "x",
    n: 1,
    ...JSON.parse(new TextDecoder().decode(stored)),
    result: { k: { v: null } },
    bytes: [3],
  });
  assert.equal(text(jsonObjectChunks([])), "{}");
  assert.equal(text(jsonObjectChunks(["{ }", "{}"])), "{}");
});

Deno.test("jsonObjectChunks() passes stored bytes on as views, not copies", () => {
  const stored = new TextEncoder().encode('{"a":1}');
  const chunks = jsonObjectChunks(["{}", stored]);
  assert.ok(chunks.some((c) => c.buffer === stored.buffer));
});

Deno.test("jsonObjectChunks() refuses a piece that is not an object", () => {
  for (const bad of ["[1]", "", "{", '"x"']) {
    assert.throws(() => jsonObjectChunks([bad]), TypeError);
  }
});

Deno.test("chunkStream() streams the chunks in order", async () => {
  const chunks = jsonObjectChunks(['{"a":1}', '{"b":2}']);
  const body = await new Response(chunkStream(chunks)).text();
  assert.deepEqual(JSON.parse(body), { a: 1, b: 2 });
});
