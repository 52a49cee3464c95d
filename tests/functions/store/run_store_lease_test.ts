import assert from "node:assert/strict";
import { LeaseKeeper } from "../../../functions/store/lease_keeper.ts";
import { startStoreMaintenance } from "../../../functions/store/maintenance.ts";
import {
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
} from "../../../functions/store/run_store.ts";
import { experimentFields, T0, withStore } from "./_store.ts";

async function waitFor(messages: unknown[], count: number): Promise<void> {
  for (let i = 0; i < 200 && messages.length < count; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(messages.length, count, JSON.stringify(messages));
}

Deno.test("claim() gives a run to one worker at a time; a lapsed lease can be taken over", async () => {
  await withStore(async ({ store, clock }) => {
    const run = await store.create(await experimentFields(), {
      enqueue: true,
    });
    const a = await store.claim(run.id, "A");
    assert.equal(a?.workerId, "A");
    assert.equal(a?.leaseUntil, T0 + DEFAULT_LEASE_MS);
    assert.equal(await store.claim(run.id, "B"), null, "held by A");
    assert.notEqual(await store.claim(run.id, "A"), null, "A again: fine");

    clock.now += DEFAULT_LEASE_MS - 1;
    assert.equal(await store.renew(run.id, "A"), true);
    assert.equal(await store.renew(run.id, "B"), false);
    clock.now += DEFAULT_LEASE_MS - 1;
    assert.equal(await store.claim(run.id, "B"), null, "renewed: still A's");

    clock.now += 2; // A stopped renewing: its lease lapsed
    const b = await store.claim(run.id, "B");
    assert.equal(b?.workerId, "B");
    assert.equal(await store.renew(run.id, "A"), false, "A learns it lost it");

    await store.saveResult(run.id, "{}");
    assert.equal(await store.claim(run.id, "C"), null, "finished");
    assert.equal(await store.renew(run.id, "B"), false);
  });
});

Deno.test("recoverExpired() re-queues a run whose worker died, then fails it after the last attempt", async () => {
  await withStore(async ({ store, clock, reopen, listen }) => {
    const messages = listen();
    const run = await store.create(await experimentFields(), {
      enqueue: true,
    });
    await waitFor(messages, 1);
    await store.claim(run.id, "A");
    await store.update(run.id, () => ({ status: "running" }));
    assert.deepEqual(await store.recoverExpired(), [], "lease still valid");

    // The process running it dies: nobody renews. A restarted one recovers
    // the run from its KV record once the lease has lapsed.
    const restarted = reopen();
    for (let attempt = 2; attempt <= DEFAULT_MAX_ATTEMPTS; attempt++) {
      clock.now += DEFAULT_LEASE_MS;
      assert.deepEqual(await restarted.recoverExpired(), [
        { id: run.id, action: "requeued" },
      ]);
      await waitFor(messages, attempt);
      assert.deepEqual(messages.at(-1), { type: "run", id: run.id });
      const record = await restarted.get(run.id);
      assert.equal(record?.attempts, attempt);
      assert.equal(record?.workerId, null);
      assert.notEqual(await restarted.claim(run.id, `W${attempt}`), null);
    }
    clock.now += DEFAULT_LEASE_MS;
    assert.deepEqual(await restarted.recoverExpired(), [
      { id: run.id, action: "failed" },
    ]);
    const failed = await restarted.get(run.id);
    assert.equal(failed?.status, "failed");
    assert.equal(failed?.error?.code, "interrupted");
    assert.match(failed!.error!.message, /interrupted 3 times/);
    assert.equal(failed?.leaseUntil, null);
    clock.now += DEFAULT_LEASE_MS;
    assert.deepEqual(await restarted.recoverExpired(), []);
    assert.equal(messages.length, DEFAULT_MAX_ATTEMPTS);
  });
});

Deno.test("a queued run whose message was lost is handed out again from its KV record", async () => {
  await withStore(async ({ store, clock, listen }) => {
    // Enqueued while nobody listened (the local queue of a process that died).
    const run = await store.create(await experimentFields(), {
      enqueue: true,
    });
    const messages = listen();
    await waitFor(messages, 1); // the original, delivered late here
    messages.length = 0;
    clock.now += DEFAULT_LEASE_MS;
    assert.deepEqual(await store.recoverExpired(), [
      { id: run.id, action: "requeued" },
    ]);
    await waitFor(messages, 1);
    // Runs that no worker takes through the queue are never re-queued.
    const plain = await store.create(await experimentFields());
    clock.now += 10 * DEFAULT_LEASE_MS;
    const recovered = await store.recoverExpired();
    assert.ok(recovered.every((r) => r.id !== plain.id));
  });
});

Deno.test("maintenance recovers a dead worker's run within a minute of its last renewal", async () => {
  await withStore(async ({ store, clock, reopen }) => {
    const run = await store.create(await experimentFields(), {
      enqueue: true,
    });
    await store.claim(run.id, "dead");
    const everyMs = 10_000;
    assert.ok(DEFAULT_LEASE_MS + everyMs <= 60_000);
    const restarted = reopen();
    const maintenance = startStoreMaintenance(restarted, { everyMs });
    try {
      assert.deepEqual((await maintenance.tick()).recovered, []);
      clock.now += DEFAULT_LEASE_MS;
      const report = await maintenance.tick();
      assert.deepEqual(report.recovered, [{ id: run.id, action: "requeued" }]);
    } finally {
      await maintenance.stop();
    }
  });
});

Deno.test("maintenance sweeps expired runs in bounded rounds", async () => {
  await withStore(async ({ store, clock }) => {
    for (let i = 0; i < 7; i++) await store.create(await experimentFields());
    const maintenance = startStoreMaintenance(store, {
      batch: 2,
      maxBatches: 3,
      recover: false,
    });
    try {
      await maintenance.tick(); // after the first round, nothing due
      clock.now += store.limits.retentionSeconds * 1000;
      assert.equal((await maintenance.tick()).swept, 6);
      assert.equal((await maintenance.tick()).swept, 1);
    } finally {
      await maintenance.stop();
    }
  });
});

Deno.test("LeaseKeeper renews what it holds and drops leases it lost", async () => {
  await withStore(async ({ store, clock }) => {
    const one = await store.create(await experimentFields(), {
      enqueue: true,
    });
    const two = await store.create(await experimentFields(), {
      enqueue: true,
    });
    const keeper = new LeaseKeeper(store, { workerId: "K" });
    assert.notEqual(await keeper.claim(one.id), null);
    assert.notEqual(await keeper.claim(two.id), null);
    assert.ok(keeper.holds(one.id) && keeper.holds(two.id));
    clock.now += DEFAULT_LEASE_MS / 2;
    await store.delete(two);
    await keeper.renewAll();
    assert.equal(keeper.holds(one.id), true);
    assert.equal(keeper.holds(two.id), false, "deleted: lost");
    assert.equal(
      (await store.get(one.id))?.leaseUntil,
      clock.now + DEFAULT_LEASE_MS,
    );
    keeper.release(one.id);
    assert.equal(keeper.holds(one.id), false);
    keeper.start();
    keeper.stop();
  });
});
