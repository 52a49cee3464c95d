import assert from "node:assert/strict";
import { type ApiLimits, createApp } from "../../../functions/app.ts";
import { writeNpy } from "../../../core/formats/npy.ts";
import { prepareFit } from "../../../core/estimators/prepare.ts";
import { blockStats, encodeStats, statsPlan } from "../../../core/stats/mod.ts";
import { DatasetStore } from "../../../functions/store/dataset_store.ts";
import { sha256Hex } from "../../../functions/store/blob.ts";
import { newProbe, probeKv } from "../store/_probe_kv.ts";
import {
  chunkRanges,
  createDataset,
  csvLines,
  datasetSamples,
  FIT_TOLERANCE,
  postChunk,
  relativeDifference,
  type Send,
} from "../_datasets.ts";

const HOUR = 3600;

interface Harness {
  readonly send: Send;
  readonly kv: Deno.Kv;
  /** The app's clock. */
  readonly clock: () => number;
  /** Moves the app's clock forward. */
  advance(seconds: number): void;
  /** One maintenance round now. */
  sweep(): Promise<unknown>;
}

/** An app over an in-memory KV with a clock the test moves. */
async function withDatasets(
  fn: (h: Harness) => Promise<void>,
  limits: Partial<ApiLimits> = {},
): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  let now = Date.UTC(2026, 11, 2, 10);
  const { app, maintenance } = createApp({
    kv,
    runWorker: false,
    clock: () => now,
    maintenance: { everyMs: 1e9, recover: false },
    limits: { rateCapacity: 1e6, retentionSeconds: 24 * HOUR, ...limits },
  });
  try {
    await fn({
      send: async (path, init) => await app.request(path, init),
      kv,
      clock: () => now,
      advance: (seconds) => {
        now += seconds * 1000;
      },
      sweep: () => maintenance!.tick(),
    });
  } finally {
    await maintenance?.stop();
    kv.close();
  }
}

async function errorOf(res: Response, status: number) {
  const body = await res.json();
  assert.equal(res.status, status, JSON.stringify(body));
  return body.error as {
    code: string;
    message: string;
    row?: number;
    column?: number;
  };
}

function auth(token: string, key?: string): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    ...(key === undefined ? {} : { "idempotency-key": key }),
  };
}

/** Every key in the KV, as text. */
async function allKeys(kv: Deno.Kv): Promise<string[]> {
  const keys: string[] = [];
  for await (const e of kv.list({ prefix: [] })) {
    keys.push(JSON.stringify(e.key));
  }
  return keys;
}

const X = datasetSamples(3000, 7);
const CUTS = chunkRanges(X.rows, [400, 1650, 1700, 2999]);

Deno.test("POST /api/datasets creates a data set; GET shows it empty", async () => {
  await withDatasets(async ({ send }) => {
    const created = await createDataset(send, {
      d: 3,
      names: ["a", "b", "c"],
    });
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.ok(created.ownerToken.length >= 32);
    assert.equal(created.expiresAt, "2026-12-03T10:00:00.000Z");
    const res = await send(`/api/datasets/${created.id}`);
    const view = await res.json();
    assert.equal(res.status, 200);
    assert.deepEqual(
      { ...view, methods: [...view.methods].sort() },
      {
        id: created.id,
        d: 3,
        names: ["a", "b", "c"],
        n: 0,
        chunks: 0,
        bytes: 0,
        maxChunks: 1000,
        maxBytes: 256 * 1024 * 1024,
        methods: ["censored", "censored-moment", "pairwise-mle", "trunc-mle"],
        createdAt: "2026-12-02T10:00:00.000Z",
        expiresAt: "2026-12-03T10:00:00.000Z",
      },
    );
  });
});

Deno.test("POST /api/datasets refuses a bad body with 400/413/415/422", async () => {
  await withDatasets(async ({ send }) => {
    const post = (body: string, type = "application/json") =>
      send("/api/datasets", {
        method: "POST",
        headers: { "content-type": type },
        body,
      });
    assert.equal((await errorOf(await post("{"), 400)).code, "malformed_json");
    assert.equal(
      (await errorOf(await post("d=2", "text/plain"), 415)).code,
      "unsupported_media_type",
    );
    const names = await errorOf(
      await post(JSON.stringify({ d: 3, names: ["a"] })),
      422,
    );
    assert.match(names.message, /names has 1 entries but d is 3/);
    const wide = await errorOf(await post(JSON.stringify({ d: 5 })), 422);
    assert.equal(wide.code, "dimension_too_large");
    assert.match(wide.message, /d = 5 exceeds the limit of 4/);
    await errorOf(await post(JSON.stringify({ d: 2, x: 1 })), 422);
    const big = await errorOf(
      await post(JSON.stringify({ d: 2, names: ["a".repeat(600), "b"] })),
      413,
    );
    assert.equal(big.code, "payload_too_large");
  }, { maxFitD: 4, maxJsonBodyBytes: 512 });
});

Deno.test("chunks add every row once: a retry with the same Idempotency-Key answers the same and adds nothing", async () => {
  await withDatasets(async ({ send }) => {
    const { id, ownerToken } = await createDataset(send, { d: 3 });
    const answers = [];
    for (const [i, [from, to]] of CUTS.entries()) {
      const res = await postChunk(
        send,
        id,
        csvLines(X, from, to),
        auth(ownerToken, `part-${i}`),
      );
      assert.equal(res.status, 201);
      assert.equal(res.headers.get("idempotent-replayed"), null);
      answers.push(await res.json());
    }
    assert.deepEqual(answers[1], {
      id,
      seq: 1,
      rows: 1250,
      bytes: 8 * 1250 * 3,
      n: 1650,
      chunks: 2,
    });
    const again = await postChunk(
      send,
      id,
      csvLines(X, CUTS[1]![0], CUTS[1]![1]),
      auth(ownerToken, "part-1"),
    );
    assert.equal(again.status, 201);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await again.json(), answers[1]);
    const view = await (await send(`/api/datasets/${id}`)).json();
    assert.equal(view.n, X.rows);
    assert.equal(view.chunks, CUTS.length);
    assert.equal(view.bytes, 8 * X.rows * 3);
  });
});

Deno.test("a chunk may be NPY, or CSV with a header naming the data set's columns", async () => {
  await withDatasets(async ({ send }) => {
    const { id, ownerToken } = await createDataset(send, {
      d: 3,
      names: ["a", "b", "c"],
    });
    const npy = writeNpy({
      rows: 2,
      cols: 3,
      data: X.data.slice(0, 6),
    }) as Uint8Array<ArrayBuffer>;
    const res = await postChunk(send, id, npy, {
      ...auth(ownerToken, "npy"),
      "content-type": "application/x-npy",
    });
    assert.equal(res.status, 201);
    assert.equal((await res.json()).rows, 2);
    const named = await postChunk(
      send,
      id,
      "a,b,c\n1,2,3\n",
      auth(ownerToken, "named"),
    );
    assert.equal(named.status, 201);
    const wrong = await errorOf(
      await postChunk(send, id, "a,c,b\n1,2,3\n", auth(ownerToken, "wrong")),
      422,
    );
    assert.equal(wrong.code, "invalid_columns");
    assert.match(
      wrong.message,
      /names the columns a, c, b, the data set's are a, b, c/,
    );
  });
});

Deno.test("a data set created without names takes CSV chunks with any header", async () => {
  await withDatasets(async ({ send }) => {
    const { id, ownerToken } = await createDataset(send, { d: 2 });
    const res = await postChunk(
      send,
      id,
      "a,b\n1,0\n0.5,2\n",
      auth(ownerToken, "pandas"),
    );
    assert.equal(res.status, 201);
    assert.equal((await res.json()).n, 2);
  });
});

Deno.test("chunk errors: 401 without a token, 403 with another, 404 for unknown or malformed ids (no KV call), 400 without Idempotency-Key, 415", async () => {
  const probe = newProbe();
  const kv = await Deno.openKv(":memory:");
  const { app } = createApp({
    kv: probeKv(kv, probe),
    runWorker: false,
    limits: { rateCapacity: 1e6 },
  });
  try {
    const send: Send = async (path, init) => await app.request(path, init);
    const { id, ownerToken } = await createDataset(send, { d: 2 });
    const body = "1,2\n";
    const noToken = await errorOf(
      await postChunk(send, id, body, { "idempotency-key": "k" }),
      401,
    );
    assert.match(noToken.message, /Authorization: Bearer <ownerToken>/);
    const other = await createDataset(send, { d: 2 });
    assert.equal(
      (await errorOf(
        await postChunk(send, id, body, auth(other.ownerToken, "k")),
        403,
      )).code,
      "forbidden",
    );
    const noKey = await errorOf(
      await postChunk(send, id, body, auth(ownerToken)),
      400,
    );
    assert.equal(noKey.code, "missing_idempotency_key");
    assert.match(noKey.message, /Idempotency-Key/);
    const longKey = await postChunk(
      send,
      id,
      body,
      auth(ownerToken, "k".repeat(256)),
    );
    assert.equal(longKey.status, 400);
    await longKey.body?.cancel();
    const unknown = crypto.randomUUID();
    assert.equal(
      (await errorOf(
        await postChunk(send, unknown, body, auth(ownerToken, "k")),
        404,
      )).code,
      "not_found",
    );
    for (
      const path of [
        `/api/datasets/${"a".repeat(3000)}/chunks`,
        `/api/datasets/not-an-id`,
        `/api/datasets/not-an-id/fit`,
      ]
    ) {
      const before = probe.calls;
      const method = path.endsWith("not-an-id") ? "GET" : "POST";
      const res = await send(path, {
        method,
        headers: { "content-type": "text/csv", ...auth(ownerToken, "k") },
        ...(method === "POST" ? { body } : {}),
      });
      await errorOf(res, 404);
      assert.equal(probe.calls, before, `${method} ${path.slice(0, 40)}`);
    }
    const type = await errorOf(
      await postChunk(send, id, body, {
        ...auth(ownerToken, "k"),
        "content-type": "application/json",
      }),
      415,
    );
    assert.equal(type.code, "unsupported_media_type");
    const notNpy = await postChunk(send, id, body, {
      ...auth(ownerToken, "k"),
      "content-type": "application/x-npy",
    });
    assert.equal(notNpy.status, 415);
    await notNpy.body?.cancel();
  } finally {
    kv.close();
  }
});

Deno.test("bad rows are answered 422 naming the row and column; nothing is stored", async () => {
  await withDatasets(async ({ send }) => {
    const { id, ownerToken } = await createDataset(send, { d: 2 });
    const negative = await errorOf(
      await postChunk(send, id, "1,2\n0.5,-3\n", auth(ownerToken, "neg")),
      422,
    );
    assert.equal(negative.code, "invalid_samples");
    assert.deepEqual([negative.row, negative.column], [2, 2]);
    assert.match(negative.message, /never negative/);
    const infinite = await errorOf(
      await postChunk(send, id, "1,Infinity\n", auth(ownerToken, "inf")),
      422,
    );
    assert.deepEqual([infinite.row, infinite.column], [1, 2]);
    const missing = await errorOf(
      await postChunk(send, id, "1,2\n3,NA\n", auth(ownerToken, "na")),
      422,
    );
    assert.deepEqual([missing.row, missing.column], [2, 2]);
    const width = await errorOf(
      await postChunk(send, id, "1,2,3\n", auth(ownerToken, "wide")),
      422,
    );
    assert.match(width.message, /its rows have 3 columns, the data set has 2/);
    const npyWidth = await errorOf(
      await postChunk(
        send,
        id,
        writeNpy({
          rows: 1,
          cols: 3,
          data: Float64Array.of(1, 2, 3),
        }) as Uint8Array<ArrayBuffer>,
        { ...auth(ownerToken, "npy"), "content-type": "application/x-npy" },
      ),
      422,
    );
    assert.match(npyWidth.message, /3 columns, the data set has 2/);
    const view = await (await send(`/api/datasets/${id}`)).json();
    assert.equal(view.n, 0);
    // A refused chunk leaves its key free: the corrected chunk goes in.
    const fixed = await postChunk(
      send,
      id,
      "1,2\n0.5,3\n",
      auth(ownerToken, "neg"),
    );
    assert.equal(fixed.status, 201);
    assert.equal((await fixed.json()).n, 2);
  });
});

Deno.test("the same Idempotency-Key with another body is 422; while the first is at work, 409 with Retry-After", async () => {
  await withDatasets(async ({ send, kv, clock }) => {
    const { id, ownerToken } = await createDataset(send, { d: 2 });
    assert.equal(
      (await postChunk(send, id, "1,2\n", auth(ownerToken, "a"))).status,
      201,
    );
    const reused = await errorOf(
      await postChunk(send, id, "1,3\n", auth(ownerToken, "a")),
      422,
    );
    assert.equal(reused.code, "idempotency_key_reused");
    assert.match(reused.message, /"a" was used for a chunk with another body/);

    // Another server holds key "b" for this body (a claim, as it makes one).
    const other = new DatasetStore(kv, { clock });
    const record = (await other.get(id))!;
    const claimed = await other.claim(
      record,
      await sha256Hex("b"),
      await sha256Hex("4,5\n"),
    );
    assert.equal(claimed.kind, "claimed");
    const busy = await postChunk(send, id, "4,5\n", auth(ownerToken, "b"));
    assert.equal(busy.headers.get("retry-after"), "1");
    assert.equal((await errorOf(busy, 409)).code, "chunk_in_progress");
    const busyOther = await errorOf(
      await postChunk(send, id, "6,7\n", auth(ownerToken, "b")),
      422,
    );
    assert.equal(busyOther.code, "idempotency_key_reused");
    // The other server finishes: the retry gets its answer.
    if (claimed.kind !== "claimed") return;
    const rows = { rows: 1, cols: 2, data: Float64Array.of(4, 5) };
    const stats = blockStats(rows, statsPlan(prepareFit({}), 2));
    const stored = await other.commit(claimed.claim, {
      rows: 1,
      data: writeNpy(rows),
      stats: encodeStats(stats),
    }, { maxChunks: 10, maxBytes: 1e6 });
    assert.equal(stored.kind, "stored");
    const retry = await postChunk(send, id, "4,5\n", auth(ownerToken, "b"));
    assert.equal(retry.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await retry.json(), {
      id,
      seq: 1,
      rows: 1,
      bytes: 16,
      n: 2,
      chunks: 2,
    });
  });
});

Deno.test("413: a chunk over the body limit, a data set at its chunk or byte cap", async () => {
  await withDatasets(async ({ send }) => {
    const { id, ownerToken } = await createDataset(send, { d: 2 });
    const big = await errorOf(
      await postChunk(send, id, "1,2\n".repeat(100), auth(ownerToken, "big")),
      413,
    );
    assert.equal(big.code, "payload_too_large");
    assert.match(big.message, /split the rows into more chunks/);
    for (const key of ["a", "b"]) {
      const res = await postChunk(send, id, "1,2\n", auth(ownerToken, key));
      assert.equal(res.status, 201);
      await res.body?.cancel();
    }
    const many = await errorOf(
      await postChunk(send, id, "1,2\n", auth(ownerToken, "c")),
      413,
    );
    assert.equal(many.code, "too_many_chunks");
    assert.match(many.message, /2 chunks, the limit of 2/);
    // A retry of a stored chunk is still answered.
    const retry = await postChunk(send, id, "1,2\n", auth(ownerToken, "b"));
    assert.equal(retry.status, 201);
    await retry.body?.cancel();

    const second = await createDataset(send, { d: 2 });
    const bytes = await errorOf(
      await postChunk(
        send,
        second.id,
        "1,2\n3,4\n5,6\n",
        auth(second.ownerToken, "x"),
      ),
      413,
    );
    assert.equal(bytes.code, "dataset_too_large");
    assert.match(bytes.message, /this chunk 48 more, over the limit of 40/);
    const view = await (await send(`/api/datasets/${second.id}`)).json();
    assert.equal(view.n, 0);
  }, { maxBodyBytes: 200, maxDatasetChunks: 2, maxDatasetBytes: 40 });
});

Deno.test("POST /api/datasets/{id}/fit answers as POST /api/fit with all rows, for every method with statistics", async () => {
  await withDatasets(async ({ send }) => {
    const { id, ownerToken } = await createDataset(send, {
      d: 3,
      names: ["a", "b", "c"],
    });
    // Chunks stored out of row order: the fit does not depend on it beyond
    // the rounding of sums.
    for (const [i, [from, to]] of [...CUTS.entries()].reverse()) {
      const res = await postChunk(
        send,
        id,
        csvLines(X, from, to),
        auth(ownerToken, `p${i}`),
      );
      assert.equal(res.status, 201);
      await res.body?.cancel();
    }
    const whole = "a,b,c\n" + csvLines(X);
    for (
      const query of [
        "",
        "method=censored-moment",
        "method=trunc-mle",
        "method=censored&standardErrors=true",
        "method=pairwise-mle&bins=16&rank=2",
      ]
    ) {
      const res = await send(`/api/datasets/${id}/fit?${query}`, {
        method: "POST",
      });
      const fit = await res.json();
      assert.equal(res.status, 200, JSON.stringify(fit));
      const one = await (await send(`/api/fit?${query}`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: whole,
      })).json();
      assert.equal(fit.method, one.method);
      assert.equal(fit.n, X.rows);
      assert.deepEqual(fit.columns, ["a", "b", "c"]);
      assert.deepEqual(fit.options, one.options);
      assert.deepEqual(fit.dataset, { id, n: X.rows, chunks: CUTS.length });
      assert.deepEqual(fit.coordinates, one.coordinates);
      const db = relativeDifference(one.b, fit.b);
      const ds = relativeDifference(one.sigma.flat(), fit.sigma.flat());
      assert.ok(
        db <= FIT_TOLERANCE && ds <= FIT_TOLERANCE,
        `${query}: ${db} ${ds}`,
      );
      assert.equal(fit.rankK?.k, one.rankK?.k);
      assert.equal(fit.cached, false);
      // The fit is a stored fit run.
      const run = await (await send(`/api/runs/${fit.id}`)).json();
      assert.equal(run.kind, "fit");
      assert.equal(run.input.dataset, id);
    }
    const repeat = await (await send(`/api/datasets/${id}/fit`, {
      method: "POST",
    })).json();
    assert.equal(repeat.cached, true);
  });
});

Deno.test("fit errors: 422 naming what works for methods, bootstrap and check that need the rows; reading settings; an empty data set; 413 over the work budget; 404", async () => {
  await withDatasets(async ({ send }) => {
    const { id, ownerToken } = await createDataset(send, { d: 3 });
    const fit = (query: string) =>
      send(`/api/datasets/${id}/fit?${query}`, { method: "POST" });
    const empty = await errorOf(await fit(""), 422);
    assert.equal(empty.code, "empty_dataset");
    await (await postChunk(
      send,
      id,
      csvLines(X, 0, 500),
      auth(ownerToken, "k"),
    ))
      .body?.cancel();
    for (
      const [query, what] of [
        ["method=paper", /method "paper" needs the rows themselves/],
        ["bootstrap=5", /a bootstrap resamples the rows/],
        ["check=true", /the model check refits subsamples/],
      ] as const
    ) {
      const error = await errorOf(await fit(query), 422);
      assert.equal(error.code, "needs_rows", query);
      assert.match(error.message, what);
      assert.match(
        error.message,
        /trunc-mle, censored, censored-moment, pairwise-mle/,
      );
    }
    assert.equal(
      (await errorOf(await fit("method=nope"), 422)).code,
      "unknown_method",
    );
    assert.match(
      (await errorOf(await fit("columns=-1"), 422)).message,
      /"columns" is a reading setting/,
    );
    assert.equal(
      (await errorOf(await fit("rank=4"), 422)).code,
      "invalid_request",
    );
    const costly = await errorOf(await fit(""), 413);
    assert.equal(costly.code, "too_costly");
    assert.match(costly.message, /^Cannot fit the data set: /);
    await errorOf(
      await send(`/api/datasets/${crypto.randomUUID()}/fit`, {
        method: "POST",
      }),
      404,
    );
  }, { maxDatasetFitWork: 1000 });
});

Deno.test("DELETE /api/datasets/{id} needs the owner token and removes the data set, its chunks and their blobs", async () => {
  await withDatasets(async ({ send, kv }) => {
    const before = await allKeys(kv);
    const { id, ownerToken } = await createDataset(send, { d: 3 });
    for (const [i, [from, to]] of CUTS.entries()) {
      await (await postChunk(
        send,
        id,
        csvLines(X, from, to),
        auth(ownerToken, `k${i}`),
      ))
        .body?.cancel();
    }
    const del = (headers: Record<string, string>, target = id) =>
      send(`/api/datasets/${target}`, { method: "DELETE", headers });
    assert.equal((await errorOf(await del({}), 401)).code, "unauthorized");
    const other = await createDataset(send, { d: 1 });
    await errorOf(await del(auth(other.ownerToken)), 403);
    await errorOf(await del(auth(ownerToken), crypto.randomUUID()), 404);
    const res = await del(auth(ownerToken));
    assert.equal(res.status, 204);
    await errorOf(await send(`/api/datasets/${id}`), 404);
    await errorOf(
      await postChunk(send, id, "1,2,3\n", auth(ownerToken, "late")),
      404,
    );
    await errorOf(await del(auth(ownerToken)), 404);
    // Left: the other data set, and this one's expiry entry for the sweep.
    const left = (await allKeys(kv)).filter((k) => !before.includes(k));
    assert.deepEqual(
      left.filter((k) => !k.includes(other.id)),
      [JSON.stringify(["dataset_expiry", Date.UTC(2026, 11, 3, 10), id])],
    );
  });
});

Deno.test("a data set expires after RETENTION_SECONDS: 404, then the sweep removes every key", async () => {
  await withDatasets(async ({ send, kv, advance, sweep }) => {
    await sweep();
    const before = await allKeys(kv);
    const { id, ownerToken } = await createDataset(send, { d: 3 });
    await (await postChunk(
      send,
      id,
      csvLines(X, 0, 100),
      auth(ownerToken, "k"),
    ))
      .body?.cancel();
    advance(24 * HOUR - 1);
    assert.equal((await send(`/api/datasets/${id}`)).status, 200);
    advance(1);
    await errorOf(await send(`/api/datasets/${id}`), 404);
    await errorOf(
      await send(`/api/datasets/${id}/fit`, { method: "POST" }),
      404,
    );
    await errorOf(
      await postChunk(send, id, "1,2,3\n", auth(ownerToken, "k2")),
      404,
    );
    assert.ok((await allKeys(kv)).length > before.length);
    await sweep();
    assert.deepEqual(await allKeys(kv), before);
  });
});

Deno.test("a chunk is priced before it is read: over the work of one fit, 413 too_costly", async () => {
  await withDatasets(async ({ send }) => {
    const { id, ownerToken } = await createDataset(send, { d: 3 });
    const costly = await errorOf(
      await postChunk(send, id, csvLines(X, 0, 100), auth(ownerToken, "k")),
      413,
    );
    assert.equal(costly.code, "too_costly");
    assert.match(costly.message, /^Cannot add the chunk: /);
    const view = await (await send(`/api/datasets/${id}`)).json();
    assert.equal(view.n, 0);
  }, { maxFitWork: 1000 });
});
