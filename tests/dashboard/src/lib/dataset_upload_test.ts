import assert from "node:assert/strict";
import { ApiError } from "../../../../dashboard/src/api/client.ts";
import {
  CHUNK_ATTEMPTS,
  CHUNK_BYTES,
  chunkRanges,
  type DatasetApi,
  retryDelay,
  uploadDataset,
} from "../../../../dashboard/src/lib/dataset_upload.ts";
import { parseNpy } from "../../../../core/formats/npy.ts";
import type { Matrix } from "../../../../core/linalg/matrix.ts";
import { createFakeApi } from "../../_fake_api.ts";

/** n rows of d columns holding 0, 1, 2, … */
function counting(n: number, d: number): Matrix {
  return {
    rows: n,
    cols: d,
    data: Float64Array.from({ length: n * d }, (_, i) => i),
  };
}

type AddChunk = DatasetApi["addDatasetChunk"];

/**
 * An upload's API: the fake's, recording each chunk's key, with chunks
 * steered by `chunk(store, keys)`, where `store` adds a chunk to the fake.
 */
function steered(chunk?: (store: AddChunk, keys: string[]) => AddChunk) {
  const fake = createFakeApi();
  const keys: string[] = [];
  const store = fake.api.addDatasetChunk;
  const add = chunk ? chunk(store, keys) : store;
  const api: DatasetApi = {
    ...fake.api,
    addDatasetChunk: (...args) => {
      keys.push(args[2]);
      return add(...args);
    },
  };
  return { fake, api, keys };
}

let serial = 0;
const newKey = () => `key${serial++}`;
const noWait = () => Promise.resolve();

Deno.test("chunkRanges() splits rows into whole-row chunks under the byte limit", () => {
  // (CHUNK_BYTES - 128 header bytes) / (8 · 25) = 41,942 rows a chunk.
  const ranges = chunkRanges(200_000, 25);
  assert.equal(ranges.length, 5);
  assert.deepEqual(ranges[0], { start: 0, end: 41_942 });
  assert.deepEqual(ranges[4], { start: 167_768, end: 200_000 });
  for (let i = 1; i < ranges.length; i++) {
    assert.equal(ranges[i].start, ranges[i - 1].end, "no gap, no overlap");
  }
  assert.ok(
    ranges.every((r) => 128 + 8 * 25 * (r.end - r.start) <= CHUNK_BYTES),
  );
  // Exact multiples end on a whole chunk; no empty chunk for n = 0.
  assert.deepEqual(chunkRanges(4, 1, 128 + 16), [
    { start: 0, end: 2 },
    { start: 2, end: 4 },
  ]);
  assert.deepEqual(chunkRanges(0, 3), []);
  // A server that keeps fewer chunks gets larger ones.
  assert.equal(chunkRanges(200_000, 25, CHUNK_BYTES, 2).length, 2);
  assert.throws(() => chunkRanges(10, 100, 512), {
    name: "RangeError",
    message:
      "Cannot split the samples: one row of 100 values takes more than 512 bytes",
  });
});

Deno.test("uploadDataset() sends every row once, in order, as NPY chunks with progress and names", async () => {
  const { fake, api, keys } = steered();
  const samples = counting(10, 3);
  const seen: number[] = [];
  const created = await uploadDataset(api, samples, {
    names: ["a", "b", "c"],
    chunkBytes: 128 + 8 * 3 * 4, // 4 rows a chunk
    newKey,
    onProgress: (p) => seen.push(p.rows, p.chunks, p.totalChunks),
  });
  const set = fake.datasets.get(created.id)!;
  assert.deepEqual(set.names, ["a", "b", "c"]);
  assert.deepEqual(set.chunks.map((c) => c.length / 3), [4, 4, 2]);
  assert.deepEqual(
    Float64Array.from(set.chunks.flatMap((c) => [...c])),
    samples.data,
  );
  assert.deepEqual(seen, [4, 1, 3, 8, 2, 3, 10, 3, 3]);
  assert.equal(new Set(keys).size, 3, "a key per chunk");
  // Default names are not sent.
  const plain = await uploadDataset(api, counting(2, 2), {
    names: ["x1", "x2"],
    newKey,
  });
  assert.equal(fake.datasets.get(plain.id)!.names, undefined);
});

Deno.test("uploadDataset() retries a chunk that failed in passing with the same Idempotency-Key", async () => {
  let failures = 0;
  const waits: number[] = [];
  const { api, keys, fake } = steered((store, keys) => (...args) => {
    // The server stored the second chunk but its answer was lost; then the
    // server was busy once.
    if (keys.length === 2) {
      failures++;
      return store(...args).then(() =>
        Promise.reject(new TypeError("network connection lost"))
      );
    }
    if (keys.length === 3) {
      failures++;
      return Promise.reject(
        new ApiError(503, "overloaded", "Busy, try later", 2),
      );
    }
    return store(...args);
  });
  const created = await uploadDataset(api, counting(6, 2), {
    chunkBytes: 128 + 8 * 2 * 2, // 2 rows a chunk
    newKey,
    wait: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
  assert.equal(failures, 2);
  // Chunk 2 went three times under one key; every row counts once.
  assert.deepEqual(keys.map((k) => keys.indexOf(k)), [0, 1, 1, 1, 4]);
  const set = fake.datasets.get(created.id)!;
  assert.deepEqual(set.chunks.map((c) => [...c]), [[0, 1, 2, 3], [
    4,
    5,
    6,
    7,
  ], [8, 9, 10, 11]]);
  // Backoff, then the server's Retry-After (2 s).
  assert.deepEqual(waits, [retryDelay(1, new TypeError("x")), 2000]);
});

Deno.test("uploadDataset() gives up on a lasting or refused chunk and deletes the data set", async () => {
  const busy = steered(() => () =>
    Promise.reject(new ApiError(500, "internal", "Something broke"))
  );
  await assert.rejects(
    uploadDataset(busy.api, counting(4, 2), { newKey, wait: noWait }),
    { name: "ApiError", message: "Something broke" },
  );
  assert.equal(busy.keys.length, CHUNK_ATTEMPTS);
  assert.equal(new Set(busy.keys).size, 1);
  assert.equal(busy.fake.datasets.size, 0);
  assert.ok(busy.fake.calls.some((c) => c.startsWith("delete dataset")));

  // A 422 is the data's fault: no retry.
  const refused = steered(() => () =>
    Promise.reject(new ApiError(422, "invalid_samples", "Row 3 is negative"))
  );
  await assert.rejects(
    uploadDataset(refused.api, counting(4, 2), { newKey, wait: noWait }),
    { message: "Row 3 is negative" },
  );
  assert.equal(refused.keys.length, 1);
  assert.equal(refused.fake.datasets.size, 0);
});

Deno.test("uploadDataset() stops on cancel, between or during chunks, and deletes the data set", async () => {
  const controller = new AbortController();
  const { fake, api, keys } = steered((store, keys) => (...args) => {
    // The user cancels while the second chunk is on its way.
    if (keys.length === 2) controller.abort();
    return store(...args);
  });
  await assert.rejects(
    uploadDataset(api, counting(8, 1), {
      chunkBytes: 128 + 8 * 2,
      newKey,
      signal: controller.signal,
    }),
    { name: "AbortError" },
  );
  assert.equal(keys.length, 2, "no chunk after the cancel");
  assert.equal(fake.datasets.size, 0);
  assert.deepEqual(fake.calls.filter((c) => c.startsWith("delete")), [
    "delete dataset set0",
  ]);
});

Deno.test("uploadDataset() refuses data over the server's data set limit before sending any", async () => {
  const { fake, api, keys } = steered();
  await assert.rejects(
    uploadDataset(
      {
        ...api,
        getDataset: (id) =>
          fake.api.getDataset(id).then((v) => ({ ...v, maxBytes: 100 })),
      },
      counting(10, 2),
      { newKey },
    ),
    {
      name: "RangeError",
      message:
        "Cannot upload the samples: 10 rows of 2 values take 160 bytes, over the server's data set limit of 100",
    },
  );
  assert.equal(keys.length, 0);
  assert.equal(fake.datasets.size, 0);
});

Deno.test("the NPY chunks are little-endian float64 rows in C order", async () => {
  const bodies: Uint8Array[] = [];
  const { api } = steered();
  await uploadDataset(
    {
      ...api,
      addDatasetChunk: (id, token, key, npy, signal) => {
        bodies.push(npy);
        return api.addDatasetChunk(id, token, key, npy, signal);
      },
    },
    counting(3, 2),
    { newKey },
  );
  assert.equal(bodies.length, 1);
  const header = new TextDecoder().decode(bodies[0].subarray(10, 80));
  assert.match(
    header,
    /'descr': '<f8', 'fortran_order': False, 'shape': \(3, 2\)/,
  );
  assert.deepEqual([...parseNpy(bodies[0]).data], [0, 1, 2, 3, 4, 5]);
});
