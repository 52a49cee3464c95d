import assert from "node:assert/strict";
import {
  BLOB_CHUNK_BYTES,
  deleteBlob,
  readBlob,
  writeBlob,
} from "../../../functions/store/blob.ts";

async function withKv(fn: (kv: Deno.Kv) => Promise<void>): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  try {
    await fn(kv);
  } finally {
    kv.close();
  }
}

/** A JSON string like a d x d Sigma of full-precision numbers. */
function sigmaJson(d: number): string {
  const rows: number[][] = [];
  for (let i = 0; i < d; i++) {
    rows.push(Array.from({ length: d }, (_, j) => Math.sin(i * d + j) / 3));
  }
  return JSON.stringify({ sigma: rows, note: "é ü — multi-byte text" });
}

Deno.test("writeBlob() and readBlob() round-trip small and large values", async (t) => {
  await withKv(async (kv) => {
    for (
      const [name, text] of [["empty", ""], ["small", '{"a":1}'], [
        "d = 100 (about 200 KB, more than one KV value)",
        sigmaJson(100),
      ], [
        "d = 400 (about 3 MB, several atomics)",
        sigmaJson(400),
      ]] as const
    ) {
      await t.step(name, async () => {
        const head = await writeBlob(kv, name, text);
        const bytes = new TextEncoder().encode(text).length;
        assert.equal(head.bytes, bytes);
        assert.equal(
          head.chunks,
          Math.max(1, Math.ceil(bytes / BLOB_CHUNK_BYTES)),
        );
        assert.equal(await readBlob(kv, name), text);
      });
    }
    assert.ok(
      (await readBlob(kv, "d = 400 (about 3 MB, several atomics)"))!.length >
        2_000_000,
    );
  });
});

Deno.test("readBlob() is null for an unknown id and throws for a missing chunk", async () => {
  await withKv(async (kv) => {
    assert.equal(await readBlob(kv, "nothing"), null);
    await writeBlob(kv, "x", sigmaJson(100));
    await kv.delete(["blob", "x", 1]);
    await assert.rejects(
      () => readBlob(kv, "x"),
      /chunk 2 is out of place|found/,
    );
  });
});

Deno.test("deleteBlob() removes the header and every chunk", async () => {
  await withKv(async (kv) => {
    await writeBlob(kv, "x", sigmaJson(100));
    await deleteBlob(kv, "x");
    assert.equal(await readBlob(kv, "x"), null);
    let left = 0;
    for await (const _ of kv.list({ prefix: ["blob", "x"] })) left++;
    assert.equal(left, 0);
  });
});
