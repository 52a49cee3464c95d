import assert from "node:assert/strict";
import { RunStore } from "../../../functions/store/run_store.ts";
import { keysOf } from "./_probe_kv.ts";
import {
  experimentFields,
  owner,
  resultOfSize,
  RETENTION_S,
  T0,
  withStore,
} from "./_store.ts";

const fields = {
  kind: "fit" as const,
  status: "queued" as const,
  ownerTokenHash: "h",
  progress: null,
  input: {},
  error: null,
  hasResult: false,
  cacheDigest: null,
};

Deno.test("RunStore lists runs newest first with cursor pages", async () => {
  const kv = await Deno.openKv(":memory:");
  let now = 1_000;
  const store = new RunStore(kv, () => now);
  try {
    const ids = Array.from({ length: 5 }, () => crypto.randomUUID());
    for (const id of ids) {
      now += 10;
      await store.create({ ...fields, id });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const got = await store.list(2, cursor);
      seen.push(...got.runs.map((r) => r.id));
      if (got.cursor === null) break;
      cursor = got.cursor;
    }
    assert.deepEqual(seen, ids.toReversed());
  } finally {
    kv.close();
  }
});

Deno.test("RunStore.update() returns null once the run is deleted", async () => {
  const kv = await Deno.openKv(":memory:");
  const store = new RunStore(kv);
  try {
    const x = crypto.randomUUID();
    const r = await store.create({ ...fields, id: x, cacheDigest: "dig" });
    await store.saveResult(x, '{"ok":true}');
    await store.rememberFit("dig", x);
    assert.equal((await store.cachedFit("dig"))?.id, x);
    assert.equal(await store.readResult(x), '{"ok":true}');
    await store.delete(r);
    assert.equal(await store.get(x), null);
    assert.equal(await store.cachedFit("dig"), null);
    assert.equal(await store.readResult(x), null);
    assert.equal(await store.update(x, () => ({ status: "running" })), null);
    assert.equal((await store.list(10)).runs.length, 0);
    assert.deepEqual(await keysOf(kv), [], "nothing left in KV");
  } finally {
    kv.close();
  }
});

Deno.test("RunStore answers null for ids that are not UUIDs, without calling KV", async () => {
  await withStore(async ({ store, probe }) => {
    const long = "a".repeat(3000);
    for (const id of [long, "", "unknown", "../runs", `${long}-x`]) {
      assert.equal(await store.get(id), null);
      assert.equal(await store.readResult(id), null);
      assert.equal(await store.update(id, () => ({})), null);
      assert.equal(await store.claim(id, "w"), null);
      assert.equal(await store.renew(id, "w"), false);
      await store.delete({ id });
    }
    assert.equal(probe.calls, 0);
    await assert.rejects(
      () => store.create({ ...fields, id: long }),
      /id must be a UUID/,
    );
    assert.equal(probe.calls, 0);
  });
});

Deno.test("a run expires after the retention: reads see nothing, the sweep reclaims every key", async () => {
  await withStore(async ({ kv, store, clock }) => {
    const f = await experimentFields();
    const run = await store.create(f);
    assert.equal(run.expiresAt, T0 + RETENTION_S * 1000);
    await store.saveResult(run.id, resultOfSize(200_000)); // several chunks
    clock.now = run.expiresAt - 1;
    assert.equal((await store.get(run.id))?.status, "done");
    assert.ok((await store.readResult(run.id))!.length > 199_000);
    assert.equal((await store.listOwned([f.token])).length, 1);
    // Nothing is due yet: the sweep leaves it alone.
    assert.deepEqual(await store.sweepExpired(), { removed: 0, more: false });

    clock.now = run.expiresAt;
    assert.equal(await store.get(run.id), null);
    assert.equal(await store.readResult(run.id), null);
    assert.deepEqual(await store.listOwned([f.token]), []);
    assert.equal(await store.update(run.id, () => ({})), null);
    // KV's own expiry is lazy: the keys are still there until swept.
    assert.ok((await keysOf(kv, "runs", "blob")).length > 3);

    const report = await store.sweepExpired();
    assert.equal(report.more, false);
    assert.ok(report.removed >= 2, `run and result entries: ${report.removed}`);
    assert.deepEqual(await keysOf(kv), []);
  });
});

Deno.test("every key the store writes carries an expireIn", async () => {
  await withStore(async ({ store, probe }) => {
    const run = await store.create(await experimentFields(), {
      enqueue: true,
    });
    await store.claim(run.id, "w1");
    await store.renew(run.id, "w1");
    await store.update(run.id, () => ({ progress: { done: 1, total: 4 } }));
    await store.saveResult(run.id, resultOfSize(130_000));
    const { hash } = await owner();
    await store.createFitRun({
      ownerTokenHash: hash,
      input: {},
      digest: "d1",
      extra: () => ({ truth: { b: [1] } }),
      compute: () => Promise.resolve('{"b":[0]}'),
    });
    await store.createFitRun({
      ownerTokenHash: hash,
      input: {},
      digest: "d1",
      compute: () => Promise.reject(new Error("not called")),
    });
    await store.delete(run);
    assert.ok(probe.sets.length > 20);
    for (const { key, expireIn } of probe.sets) {
      assert.ok(
        typeof expireIn === "number" && expireIn > 0,
        `${JSON.stringify(key)} has expireIn ${expireIn}`,
      );
    }
  });
});

Deno.test("sweepExpired() works in bounded batches, oldest first", async () => {
  await withStore(async ({ kv, store, clock }) => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      clock.now = T0 + i;
      ids.push((await store.create(await experimentFields())).id);
    }
    clock.now = T0 + RETENTION_S * 1000 + 10; // the first 11 are due
    let report = await store.sweepExpired(undefined, 4);
    assert.deepEqual(report, { removed: 4, more: true });
    assert.equal((await keysOf(kv, "runs")).length, 21);
    assert.deepEqual(
      (await keysOf(kv, "runs")).map((k) => k[1]),
      ids.slice(4).sort(),
    );
    report = await store.sweepExpired(undefined, 4);
    report = await store.sweepExpired(undefined, 4);
    assert.deepEqual(report, { removed: 3, more: false });
    assert.equal((await keysOf(kv, "runs")).length, 14);
    // The live runs are untouched.
    for (const id of ids.slice(11)) assert.notEqual(await store.get(id), null);
  });
});

Deno.test("listOwned() lists only the runs of the tokens presented, newest first", async () => {
  await withStore(async ({ store, clock }) => {
    const a = await experimentFields();
    const b = await experimentFields();
    const c = await experimentFields();
    await store.create(a);
    clock.now += 5;
    await store.create(b);
    clock.now += 5;
    await store.create(c);
    assert.deepEqual(await store.listOwned([]), []);
    assert.deepEqual(
      (await store.listOwned([a.token, c.token, "unknown-token-000000"])).map((
        r,
      ) => r.id),
      [c.id, a.id],
    );
    assert.deepEqual(
      (await store.listOwned([b.token, b.token])).map((r) => r.id),
      [b.id],
    );
    await store.delete({ id: c.id });
    assert.deepEqual(
      (await store.listOwned([a.token, c.token])).map((r) => r.id),
      [a.id],
    );
    await assert.rejects(
      () => store.listOwned(Array.from({ length: 101 }, (_, i) => `t${i}`)),
      RangeError,
    );
  });
});

Deno.test("update() keeps id, times, owner and result; finishing drops the lease", async () => {
  await withStore(async ({ store, clock }) => {
    const run = await store.create(await experimentFields(), {
      enqueue: true,
    });
    assert.equal(run.leaseUntil, T0 + store.leaseMs);
    clock.now += 1000;
    const next = await store.update(run.id, () => ({
      id: crypto.randomUUID(),
      createdAt: 0,
      expiresAt: Number.MAX_SAFE_INTEGER,
      ownerTokenHash: "other",
      status: "failed",
      error: { code: "x", message: "y" },
    }));
    assert.equal(next?.id, run.id);
    assert.equal(next?.createdAt, run.createdAt);
    assert.equal(next?.expiresAt, run.expiresAt);
    assert.equal(next?.ownerTokenHash, run.ownerTokenHash);
    assert.equal(next?.updatedAt, T0 + 1000);
    assert.equal(next?.status, "failed");
    assert.equal(next?.leaseUntil, null);
    // Nothing left for recovery to hand out.
    clock.now += store.leaseMs * 10;
    assert.deepEqual(await store.recoverExpired(), []);
  });
});
