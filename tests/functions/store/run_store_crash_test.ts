import assert from "node:assert/strict";
import { BLOB_CHUNK_BYTES } from "../../../functions/store/blob.ts";
import { keysOf } from "./_probe_kv.ts";
import { experimentFields, owner, resultOfSize, withStore } from "./_store.ts";

/** Runs `fn` with console.error silenced; returns what it logged. */
async function quietly(fn: () => Promise<void>): Promise<string[]> {
  const logged: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args.join(" "));
  try {
    await fn();
  } finally {
    console.error = original;
  }
  return logged;
}

/** Blob ids that have chunks in `kv`. */
async function blobIds(kv: Deno.Kv): Promise<Set<string>> {
  return new Set((await keysOf(kv, "blob")).map((k) => String(k[1])));
}

const FIFTEEN_MIN = 15 * 60_000;

Deno.test("a process killed while writing a large fit leaves no run, no cache entry, and chunks the sweep finds", async () => {
  await withStore(async ({ kv, store, probe, clock, reopen }) => {
    const big = resultOfSize(12 * BLOB_CHUNK_BYTES - 100); // two atomics
    const { token, hash } = await owner();
    const id = crypto.randomUUID();
    // The first chunk atomic lands, the one with the header does not.
    probe.crashOn = (keys) => keys.some((k) => k[0] === "blob_head");
    await assert.rejects(
      () =>
        store.createFitRun({
          id,
          ownerTokenHash: hash,
          input: {},
          digest: "dig",
          compute: () => Promise.resolve(big),
        }),
      /simulated crash/,
    );
    assert.equal((await keysOf(kv, "blob")).length, 10, "half the chunks");

    const restarted = reopen();
    assert.equal(await restarted.get(id), null);
    assert.deepEqual(await restarted.listOwned([token]), []);
    // The dead process's in-flight marker holds identical fits back until
    // it lapses.
    clock.now += 20_000;
    assert.equal(await restarted.readResult(id), null);
    const again = await restarted.createFitRun({
      ownerTokenHash: (await owner()).hash,
      input: {},
      digest: "dig",
      compute: () => Promise.resolve(big),
    });
    assert.equal(again.cached, false, "the half-written result is no hit");
    assert.equal(await restarted.readResult(again.record.id), big);

    // The orphaned chunks are announced for 15 minutes later, then swept.
    assert.equal((await blobIds(kv)).size, 2);
    await restarted.sweepExpired();
    assert.equal((await blobIds(kv)).size, 2);
    clock.now += FIFTEEN_MIN;
    await restarted.sweepExpired();
    assert.deepEqual(
      [...await blobIds(kv)],
      [`result:${again.record.resultId}`],
    );
    assert.equal(await restarted.readResult(again.record.id), big);
  });
});

Deno.test("a process killed while saving an experiment's result leaves the run readable, without result", async () => {
  await withStore(async ({ kv, store, probe, clock, reopen }) => {
    const run = await store.create(await experimentFields(), {
      enqueue: true,
    });
    await store.update(run.id, () => ({ status: "running" }));
    probe.crashOn = (keys) => keys.some((k) => k[0] === "blob");
    await assert.rejects(
      () => store.saveResult(run.id, resultOfSize(3 * BLOB_CHUNK_BYTES)),
      /simulated crash/,
    );
    const restarted = reopen();
    const record = await restarted.get(run.id);
    assert.equal(record?.status, "running");
    assert.equal(record?.hasResult, false);
    assert.equal(await restarted.readResult(run.id), null);
    clock.now += FIFTEEN_MIN;
    await restarted.sweepExpired();
    assert.deepEqual(await keysOf(kv, "blob", "blob_head"), []);
  });
});

Deno.test("a damaged or missing chunk of a shared result is a logged miss, recomputed, never an error", async (t) => {
  for (
    const [name, damage] of [
      [
        "a chunk deleted",
        (kv: Deno.Kv, blob: string) => kv.delete(["blob", blob, 1]),
      ],
      [
        "a chunk changed",
        (kv: Deno.Kv, blob: string) =>
          kv.set(["blob", blob, 1], new Uint8Array(BLOB_CHUNK_BYTES)),
      ],
      [
        "the last chunk gone",
        (kv: Deno.Kv, blob: string) => kv.delete(["blob", blob, 2]),
      ],
    ] as const
  ) {
    await t.step(name, async () => {
      await withStore(async ({ kv, store }) => {
        const text = resultOfSize(2 * BLOB_CHUNK_BYTES + 10);
        let calls = 0;
        const compute = () => {
          calls++;
          return Promise.resolve(text);
        };
        const first = await store.createFitRun({
          ownerTokenHash: (await owner()).hash,
          input: {},
          digest: "dig",
          compute,
        });
        await damage(kv, `result:${first.record.resultId}`);
        let again;
        const logged = await quietly(async () => {
          assert.equal(await store.readResult(first.record.id), null);
          again = await store.createFitRun({
            ownerTokenHash: (await owner()).hash,
            input: {},
            digest: "dig",
            compute,
          });
        });
        assert.equal(again!.cached, false);
        assert.equal(calls, 2);
        assert.equal(await store.readResult(again!.record.id), text);
        assert.ok(
          logged.some((l) => l.includes(String(first.record.resultId))),
          logged.join("\n"),
        );
        // The first run still exists; its result reads as missing.
        assert.equal((await store.get(first.record.id))?.hasResult, true);
      });
    });
  }
});

Deno.test("a process killed right after deleting a run leaves its blobs to the next sweep", async () => {
  await withStore(async ({ kv, store, probe, reopen }) => {
    const fit = await store.createFitRun({
      ownerTokenHash: (await owner()).hash,
      input: {},
      digest: "dig",
      extra: () => ({ truth: { b: [1] } }),
      compute: () => Promise.resolve(resultOfSize(2 * BLOB_CHUNK_BYTES)),
    });
    probe.crashAfterCommits = 1; // the delete commits, the cleanup does not
    const logged = await quietly(() => store.delete(fit.record));
    assert.ok(logged.some((l) => l.includes("the sweep will finish")));
    assert.ok((await blobIds(kv)).size > 0);
    const restarted = reopen();
    assert.equal(await restarted.get(fit.record.id), null);
    await restarted.sweepExpired();
    assert.deepEqual(await keysOf(kv), []);
  });
});

Deno.test("a run, its indexes and its queue message are committed together or not at all", async () => {
  await withStore(async ({ kv, store, probe, listen }) => {
    const messages = listen();
    const failing = await experimentFields();
    probe.crashAfterCommits = 0;
    await assert.rejects(() => store.create(failing, { enqueue: true }));
    probe.crashAfterCommits = null;
    probe.crashed = false;
    assert.deepEqual(await keysOf(kv), []);
    const ok = await store.create(await experimentFields(), { enqueue: true });
    for (let i = 0; i < 100 && messages.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.deepEqual(messages, [{ type: "run", id: ok.id }]);
    assert.ok((await keysOf(kv, "runs", "run_owner", "leases")).length === 3);
  });
});
