import assert from "node:assert/strict";
import { ApiError } from "../../../functions/http/errors.ts";
import { readBodyBytes } from "../../../functions/http/body.ts";
import { rejection } from "../workers/_helpers.ts";

const LIMIT = { maxBytes: 100, advice: "send less" };

/** A body streamed in chunks without a length, counting what was pulled. */
function chunked(chunks: number, size: number) {
  const pulled = { chunks: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.chunks === chunks) return controller.close();
      pulled.chunks++;
      controller.enqueue(new Uint8Array(size).fill(49));
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return { body, pulled };
}

Deno.test("readBodyBytes() reads a body within the limit, declared or streamed", async () => {
  const declared = new Request("http://x/", { method: "POST", body: "1,2\n" });
  assert.deepEqual(
    await readBodyBytes(declared, LIMIT),
    new TextEncoder().encode("1,2\n"),
  );
  const { body } = chunked(4, 25);
  const streamed = new Request("http://x/", { method: "POST", body });
  const bytes = await readBodyBytes(streamed, LIMIT);
  assert.equal(bytes.length, 100);
  assert.equal(bytes.buffer.byteLength, 100, "the buffer is the body's own");
  const empty = new Request("http://x/", { method: "POST" });
  assert.equal((await readBodyBytes(empty, LIMIT)).length, 0);
});

Deno.test("readBodyBytes() refuses a Content-Length over the limit without reading", async () => {
  const { body, pulled } = chunked(1000, 1000);
  const request = new Request("http://x/", {
    method: "POST",
    body,
    headers: { "content-length": "1000000" },
  });
  const e = await rejection(readBodyBytes(request, LIMIT), ApiError);
  assert.equal(e.status, 413);
  assert.equal(e.code, "payload_too_large");
  assert.equal(
    e.message,
    "The request body exceeds the limit of 100 bytes; send less",
  );
  assert.ok(pulled.chunks <= 1, `read ${pulled.chunks} chunks`);
});

Deno.test("readBodyBytes() cuts a streamed body off once it passes the limit", async () => {
  const { body, pulled } = chunked(1000, 30);
  const request = new Request("http://x/", { method: "POST", body });
  const e = await rejection(readBodyBytes(request, LIMIT), ApiError);
  assert.equal(e.status, 413);
  // 4 chunks of 30 pass 100 bytes; the stream is cancelled there.
  assert.ok(pulled.chunks < 10, `read ${pulled.chunks} chunks`);
  assert.equal(pulled.cancelled, true);
});
