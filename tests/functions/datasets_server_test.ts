/**
 * Data sets across processes: three real servers on one KV file, as
 * isolates of Deno Deploy share the hosted KV. Chunks go to every server at
 * once, one of them to two servers at once and again later; each row must
 * count once and the fit must be that of all rows.
 */
import assert from "node:assert/strict";
import { type ServerProcess, startServer } from "./_process.ts";
import {
  chunkRanges,
  createDataset,
  csvLines,
  datasetSamples,
  FIT_TOLERANCE,
  postChunk,
  relativeDifference,
  type Send,
} from "./_datasets.ts";

const MAIN = new URL("../../functions/main.ts", import.meta.url).pathname;

function sendTo(server: ServerProcess): Send {
  return (path, init) => fetch(`${server.url}${path}`, init);
}

/**
 * Posts a chunk until it is stored: a 409 (the same key at work on another
 * server) is retried after its Retry-After, a bounded number of times.
 */
async function postUntilStored(
  send: Send,
  id: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ answer: Record<string, number | string>; replayed: boolean }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const res = await postChunk(send, id, body, headers);
    if (res.status === 409) {
      const wait = Number(res.headers.get("retry-after"));
      await res.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      continue;
    }
    const answer = await res.json();
    assert.equal(res.status, 201, JSON.stringify(answer));
    return {
      answer,
      replayed: res.headers.get("idempotent-replayed") === "true",
    };
  }
  throw new Error("The chunk was never stored");
}

async function fitOf(send: Send, path: string, init?: RequestInit) {
  const res = await send(path, { method: "POST", ...init });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

Deno.test("three servers on one KV file: chunks sent to all at once, one twice, count once and fit as all rows", async () => {
  const dir = await Deno.makeTempDir();
  const env = {
    PORT: "0",
    HOST: "127.0.0.1",
    KV_PATH: `${dir}/kv.sqlite`,
  };
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      servers.push(
        await startServer(Deno.execPath(), ["run", "-A", MAIN], env),
      );
    }
    const [a, b, c] = servers.map(sendTo) as [Send, Send, Send];
    const x = datasetSamples(6000, 21);
    const ranges = chunkRanges(x.rows, [700, 1500, 2600, 3100, 4400, 5000]);
    const { id, ownerToken } = await createDataset(a, {
      d: 3,
      names: ["u", "v", "w"],
    });
    const headers = (i: number) => ({
      authorization: `Bearer ${ownerToken}`,
      "idempotency-key": `upload-1/chunk-${i}`,
    });
    const body = (i: number) => csvLines(x, ranges[i]![0], ranges[i]![1]);

    // Every chunk at once, chunk i to server i mod 3, and chunk 0 to a
    // second server at the same time (a client retrying a slow answer).
    const sends = [a, b, c];
    const posted = await Promise.all([
      ...ranges.map((_, i) =>
        postUntilStored(sends[i % 3]!, id, body(i), headers(i))
      ),
      postUntilStored(b, id, body(0), headers(0)),
    ]);
    const firstOfChunk0 = posted[0]!, twinOfChunk0 = posted.at(-1)!;
    assert.deepEqual(twinOfChunk0.answer, firstOfChunk0.answer);
    assert.equal(
      [firstOfChunk0, twinOfChunk0].filter((p) => p.replayed).length,
      1,
    );
    const seqs = posted.slice(0, ranges.length).map((p) => p.answer.seq);
    assert.deepEqual(
      [...seqs].sort((p, q) => Number(p) - Number(q)),
      ranges.map((_, i) => i),
    );

    // A retry of chunk 3, later, on another server: the same answer.
    const retry = await postUntilStored(c, id, body(3), headers(3));
    assert.equal(retry.replayed, true);
    assert.deepEqual(retry.answer, posted[3]!.answer);

    const view = await (await b(`/api/datasets/${id}`)).json();
    assert.equal(view.n, x.rows);
    assert.equal(view.chunks, ranges.length);
    assert.equal(view.bytes, 8 * x.rows * 3);

    // The fit on one server equals the one-shot fit of all rows on another.
    const fit = await fitOf(b, `/api/datasets/${id}/fit`);
    const whole = await fitOf(c, "/api/fit", {
      headers: { "content-type": "text/csv" },
      body: "u,v,w\n" + csvLines(x),
    });
    assert.equal(fit.method, "pairwise-mle");
    assert.equal(fit.n, x.rows);
    assert.deepEqual(fit.columns, ["u", "v", "w"]);
    assert.deepEqual(fit.coordinates, whole.coordinates);
    const db = relativeDifference(whole.b, fit.b);
    const ds = relativeDifference(whole.sigma.flat(), fit.sigma.flat());
    assert.ok(db <= FIT_TOLERANCE && ds <= FIT_TOLERANCE, `${db} ${ds}`);

    // The merge order is the chunks' seq order: another server, computing
    // afresh (another seed, so not the cached fit), gets the same numbers.
    const again = await fitOf(c, `/api/datasets/${id}/fit?seed=5`);
    assert.equal(again.cached, false);
    assert.deepEqual([again.b, again.sigma], [fit.b, fit.sigma]);
    const moment = await fitOf(a, `/api/datasets/${id}/fit?method=trunc-mle`);
    const momentWhole = await fitOf(a, "/api/fit?method=trunc-mle", {
      headers: { "content-type": "text/csv" },
      body: csvLines(x),
    });
    assert.ok(
      relativeDifference(momentWhole.sigma.flat(), moment.sigma.flat()) <=
        FIT_TOLERANCE,
    );

    const deleted = await c(`/api/datasets/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ownerToken}` },
    });
    assert.equal(deleted.status, 204);
    const gone = await a(`/api/datasets/${id}`);
    await gone.body?.cancel();
    assert.equal(gone.status, 404);
  } finally {
    for (const server of servers) await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
