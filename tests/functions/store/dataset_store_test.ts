import assert from "node:assert/strict";
import { writeNpy } from "../../../core/formats/npy.ts";
import { prepareFit } from "../../../core/estimators/prepare.ts";
import { blockStats, encodeStats, statsPlan } from "../../../core/stats/mod.ts";
import {
  type ChunkRecord,
  DatasetStore,
  type NewChunk,
} from "../../../functions/store/dataset_store.ts";
import { sha256Hex } from "../../../functions/store/blob.ts";

/** A chunk of `rows` rows of d = 2, as the `datasetChunk` job makes one. */
function chunkOf(rows: number, start: number): NewChunk {
  const x = {
    rows,
    cols: 2,
    data: new Float64Array(2 * rows).map((_, i) => (start + i) % 7),
  };
  return {
    rows,
    data: writeNpy(x),
    stats: encodeStats(blockStats(x, statsPlan(prepareFit({}), 2))),
  };
}

/** Claims key `key` for `chunk` and stores it through `store`. */
async function add(
  store: DatasetStore,
  id: string,
  key: string,
  chunk: NewChunk,
  maxChunks = 100,
) {
  const record = (await store.get(id))!;
  const claimed = await store.claim(
    record,
    await sha256Hex(key),
    await sha256Hex(chunk.data),
  );
  if (claimed.kind !== "claimed") return claimed;
  return await store.commit(claimed.claim, chunk, {
    maxChunks,
    maxBytes: 1e9,
  });
}

Deno.test("chunks committed at once through several stores on one KV all land, with dense seq numbers and exact totals", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const stores = [
      new DatasetStore(kv),
      new DatasetStore(kv),
      new DatasetStore(kv),
    ];
    const { id } = await stores[0]!.create({
      d: 2,
      names: null,
      ownerTokenHash: "h",
    });
    const sizes = [3, 5, 1, 8, 2, 6, 4, 7, 9, 1, 2, 3];
    const outcomes = await Promise.all(
      sizes.map((rows, i) =>
        add(stores[i % 3]!, id, `k${i}`, chunkOf(rows, i))
      ),
    );
    assert.ok(outcomes.every((o) => o.kind === "stored"));
    const record = (await stores[1]!.get(id))!;
    assert.equal(record.chunks, sizes.length);
    assert.equal(record.n, sizes.reduce((a, b) => a + b));
    assert.equal(record.bytes, 16 * record.n);
    const chunks = await stores[2]!.chunks(record);
    assert.deepEqual(chunks.map((c) => c.seq), sizes.map((_, i) => i));
    // Each chunk's totals are those after it, in seq order.
    let n = 0;
    for (const c of chunks) {
      n += c.rows;
      assert.equal(c.n, n);
      assert.equal(c.chunks, c.seq + 1);
    }
  } finally {
    kv.close();
  }
});

Deno.test("the chunk cap holds when chunks race for the last places", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const a = new DatasetStore(kv), b = new DatasetStore(kv);
    const { id } = await a.create({ d: 2, names: null, ownerTokenHash: "h" });
    const outcomes = await Promise.all(
      Array.from(
        { length: 8 },
        (_, i) => add(i % 2 ? a : b, id, `k${i}`, chunkOf(2, i), 5),
      ),
    );
    const kinds = outcomes.map((o) => o.kind).sort();
    assert.deepEqual(kinds, [
      "stored",
      "stored",
      "stored",
      "stored",
      "stored",
      "too_many_chunks",
      "too_many_chunks",
      "too_many_chunks",
    ]);
    const record = (await a.get(id))!;
    assert.deepEqual([record.chunks, record.n], [5, 10]);
    // A refused chunk leaves no blob behind: only the stored chunks' blobs.
    const blobs = new Set<string>();
    for await (const e of kv.list({ prefix: ["blob_head"] })) {
      blobs.add(String(e.key[1]));
    }
    const stored = (await a.chunks(record)).flatMap((c: ChunkRecord) => [
      c.rowsBlob,
      c.statsBlob,
    ]);
    assert.deepEqual([...blobs].sort(), stored.sort());
  } finally {
    kv.close();
  }
});

Deno.test("the same key sent to two stores at once is stored once", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const a = new DatasetStore(kv), b = new DatasetStore(kv);
    const { id } = await a.create({ d: 2, names: null, ownerTokenHash: "h" });
    const chunk = chunkOf(4, 0);
    const outcomes = await Promise.all([
      add(a, id, "same", chunk),
      add(b, id, "same", chunk),
    ]);
    // One stores it; the other finds it stored, or at work (409 upstream).
    const kinds = outcomes.map((o) => o.kind).sort();
    assert.ok(
      JSON.stringify(kinds) === '["busy","stored"]' ||
        JSON.stringify(kinds) === '["stored","stored"]',
      JSON.stringify(kinds),
    );
    const record = (await a.get(id))!;
    assert.deepEqual([record.chunks, record.n], [1, 4]);
  } finally {
    kv.close();
  }
});

Deno.test("a lapsed claim is taken over: the late writer's commit is lost, the retry's stored, no blob left over", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    let now = 1_000_000;
    const clock = () => now;
    const slow = new DatasetStore(kv, { clock, claimMs: 1000 });
    const retry = new DatasetStore(kv, { clock, claimMs: 1000 });
    const { id } = await slow.create({
      d: 2,
      names: null,
      ownerTokenHash: "h",
    });
    const chunk = chunkOf(3, 0);
    const key = await sha256Hex("k"), body = await sha256Hex(chunk.data);
    const first = await slow.claim((await slow.get(id))!, key, body);
    assert.equal(first.kind, "claimed");
    assert.equal(
      (await retry.claim((await retry.get(id))!, key, body)).kind,
      "busy",
    );
    now += 1001;
    const second = await retry.claim((await retry.get(id))!, key, body);
    assert.equal(second.kind, "claimed");
    if (first.kind !== "claimed" || second.kind !== "claimed") return;
    const caps = { maxChunks: 10, maxBytes: 1e6 };
    assert.equal((await slow.commit(first.claim, chunk, caps)).kind, "lost");
    assert.equal(
      (await retry.commit(second.claim, chunk, caps)).kind,
      "stored",
    );
    const record = (await slow.get(id))!;
    assert.deepEqual([record.chunks, record.n], [1, 3]);
    const blobs: string[] = [];
    for await (const e of kv.list({ prefix: ["blob_head"] })) {
      blobs.push(String(e.key[1]));
    }
    assert.deepEqual(
      blobs.sort(),
      [
        second.claim.rowsBlob,
        second.claim.statsBlob,
      ].sort(),
    );
  } finally {
    kv.close();
  }
});
