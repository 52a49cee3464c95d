import assert from "node:assert/strict";
import {
  BLOB_CHUNK_BYTES,
  BlobDamagedError,
  deleteBlob,
  readBlob,
  writeBlob,
} from "../../../functions/store/blob.ts";
import { withKv } from "./_probe_kv.ts";

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

Deno.test("readBlob() catches a changed chunk by its checksum and a lost last chunk by the count", async () => {
  await withKv(async (kv) => {
    const text = sigmaJson(100);
    const head = await writeBlob(kv, "x", text);
    assert.match(head.sha256, /^[0-9a-f]{64}$/);
    const chunk = (await kv.get<Uint8Array>(["blob", "x", 1])).value!;
    const changed = chunk.slice();
    changed[10] = changed[10]! ^ 1;
    await kv.set(["blob", "x", 1], changed);
    await assert.rejects(
      () => readBlob(kv, "x"),
      (e: unknown) =>
        e instanceof BlobDamagedError && e.blobId === "x" &&
        /checksum/.test(e.message),
    );
    await kv.set(["blob", "x", 1], chunk);
    assert.equal(await readBlob(kv, "x"), text);
    await kv.delete(["blob", "x", head.chunks - 1]);
    await assert.rejects(
      () => readBlob(kv, "x"),
      /found 3 of 4 chunks/,
    );
  });
});

Deno.test("a blob whose writer died before its header reads as absent", async () => {
  await withKv(async (kv) => {
    const text = sigmaJson(200); // about 800 KB: two atomics
    let commits = 0;
    const dying = {
      ...kv,
      get: kv.get.bind(kv),
      list: kv.list.bind(kv),
      atomic() {
        const op = kv.atomic();
        const commit = op.commit.bind(op);
        op.commit = () => {
          if (++commits === 2) throw new Error("simulated crash");
          return commit();
        };
        return op;
      },
    } as unknown as Deno.Kv;
    await assert.rejects(() => writeBlob(dying, "x", text), /simulated/);
    assert.equal(await readBlob(kv, "x"), null);
    let chunks = 0;
    for await (const _ of kv.list({ prefix: ["blob", "x"] })) chunks++;
    assert.equal(chunks, 10);
    await deleteBlob(kv, "x");
    let left = 0;
    for await (const _ of kv.list({ prefix: ["blob", "x"] })) left++;
    assert.equal(left, 0, "deleteBlob() also removes headless chunks");
  });
});

Deno.test("writeBlob() sets expireIn on every chunk and the header when asked", async () => {
  const seen: (number | undefined)[] = [];
  await withKv(async (kv) => {
    const spy = {
      atomic() {
        const op = kv.atomic();
        const set = op.set.bind(op);
        op.set = (key, value, options) => {
          seen.push(options?.expireIn);
          return set(key, value, options);
        };
        return op;
      },
    } as unknown as Deno.Kv;
    const head = await writeBlob(spy, "x", sigmaJson(100), {
      expireIn: 5000,
    });
    assert.equal(seen.length, head.chunks + 1);
    assert.ok(seen.every((e) => e === 5000));
  });
});
