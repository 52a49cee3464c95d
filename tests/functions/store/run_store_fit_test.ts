import assert from "node:assert/strict";
import { ResultTooLargeError } from "../../../functions/store/result_too_large.ts";
import type { FitRunRequest } from "../../../functions/store/run_store.ts";
import { keysOf } from "./_probe_kv.ts";
import { owner, resultOfSize, RETENTION_S, T0, withStore } from "./_store.ts";

/** A fit request whose compute counts its calls. */
async function request(
  digest: string,
  calls: { n: number },
  result = '{"sigma":[[1]],"b":[0.5]}',
  more: Partial<FitRunRequest> = {},
): Promise<FitRunRequest & { token: string }> {
  const { token, hash } = await owner();
  return {
    token,
    ownerTokenHash: hash,
    input: { method: "paper", n: 10, d: 1 },
    digest,
    compute: () => {
      calls.n++;
      return Promise.resolve(result);
    },
    ...more,
  };
}

/** A compute that counts its calls and answers `result` once `finish()`ed. */
function heldCompute(result: string) {
  const calls = { n: 0 };
  let finish = () => {};
  const gate = new Promise<void>((resolve) => finish = resolve);
  const compute = async () => {
    calls.n++;
    await gate;
    return result;
  };
  return { compute, calls, finish: () => finish() };
}

Deno.test("createFitRun() gives every request its own run over one shared result", async () => {
  await withStore(async ({ kv, store }) => {
    const calls = { n: 0 };
    const first = await store.createFitRun(await request("dig", calls));
    const second = await store.createFitRun(await request("dig", calls));
    assert.equal(calls.n, 1);
    assert.equal(first.cached, false);
    assert.equal(second.cached, true);
    assert.notEqual(second.record.id, first.record.id);
    assert.notEqual(
      second.record.ownerTokenHash,
      first.record.ownerTokenHash,
    );
    assert.equal(second.record.resultId, first.record.resultId);
    assert.equal(second.result, first.result);
    for (const { record } of [first, second]) {
      assert.equal(record.status, "done");
      assert.equal(record.kind, "fit");
      assert.equal(record.hasResult, true);
      assert.equal(record.cacheDigest, "dig");
      assert.deepEqual(await store.get(record.id), record);
    }

    // Deleting one run leaves the other's result in place.
    await store.delete(first.record);
    assert.equal(await store.get(first.record.id), null);
    assert.equal(await store.readResult(second.record.id), first.result);
    const third = await store.createFitRun(await request("dig", calls));
    assert.equal(third.cached, true, "still cached while a run uses it");

    // Once no run points at it, result, blob and cache entry go.
    await store.delete(second.record);
    await store.delete(third.record);
    assert.deepEqual(await keysOf(kv), []);
    const fourth = await store.createFitRun(await request("dig", calls));
    assert.equal(fourth.cached, false);
    assert.equal(calls.n, 2);
  });
});

Deno.test("a run's own fields are stored beside the shared result and merged on reading", async () => {
  await withStore(async ({ store }) => {
    const calls = { n: 0 };
    const truth = { sigma: [[2]], b: [1] };
    const withTruth = await store.createFitRun(
      await request("dig", calls, undefined, {
        // Computed from the result, as metrics against a truth are.
        extra: (result) => ({
          truth,
          metrics: { errB: Math.abs(JSON.parse(result).b[0] - truth.b[0]!) },
        }),
      }),
    );
    const plain = await store.createFitRun(await request("dig", calls));
    assert.equal(plain.cached, true);
    assert.deepEqual(JSON.parse(withTruth.result), {
      sigma: [[1]],
      b: [0.5],
    });
    assert.deepEqual(
      JSON.parse((await store.readResult(withTruth.record.id))!),
      {
        sigma: [[1]],
        b: [0.5],
        truth,
        metrics: { errB: 0.5 },
      },
    );
    // The second requester never sees the first one's truth.
    assert.deepEqual(JSON.parse((await store.readResult(plain.record.id))!), {
      sigma: [[1]],
      b: [0.5],
    });
  });
});

Deno.test("identical concurrent fits are computed once, each request getting its own run", async () => {
  await withStore(async ({ store }) => {
    const { compute: slow, calls, finish } = heldCompute('{"b":[1]}');
    const requests = await Promise.all(
      Array.from({ length: 5 }, () => request("same", { n: 0 })),
    );
    const pending = requests.map((r) =>
      store.createFitRun({ ...r, compute: slow })
    );
    await new Promise((r) => setTimeout(r, 20));
    finish();
    const outcomes = await Promise.all(pending);
    assert.equal(calls.n, 1);
    assert.equal(outcomes.filter((o) => !o.cached).length, 1);
    assert.equal(new Set(outcomes.map((o) => o.record.id)).size, 5);
    assert.equal(new Set(outcomes.map((o) => o.record.resultId)).size, 1);
    // Five references: the result outlives four deletions.
    for (const o of outcomes.slice(0, 4)) await store.delete(o.record);
    assert.equal(await store.readResult(outcomes[4]!.record.id), '{"b":[1]}');
  });
});

Deno.test("a second process waits for the first one's identical fit instead of computing it", async () => {
  await withStore(async ({ store, reopen }) => {
    const other = reopen(); // its own in-flight map: only KV is shared
    const { compute, calls, finish } = heldCompute('{"b":[2]}');
    const a = store.createFitRun({
      ...await request("shared", { n: 0 }),
      compute,
    });
    await new Promise((r) => setTimeout(r, 20));
    const b = other.createFitRun({
      ...await request("shared", { n: 0 }),
      compute,
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(calls.n, 1, "the second process waits");
    finish();
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(calls.n, 1);
    assert.deepEqual([ra.cached, rb.cached], [false, true]);
    assert.equal(ra.record.resultId, rb.record.resultId);
  });
});

Deno.test("a fit whose result is too large is refused before anything is written", async () => {
  await withStore(async ({ kv, store }) => {
    const limit = store.limits.maxResultBytes;
    const calls = { n: 0 };
    await assert.rejects(
      async () =>
        await store.createFitRun(
          await request("big", calls, resultOfSize(limit + 1)),
        ),
      (e: unknown) => {
        assert.ok(e instanceof ResultTooLargeError);
        assert.equal(e.code, "result_too_large");
        assert.equal(e.limit, limit);
        assert.match(e.message, /limit of 1000 bytes/);
        return true;
      },
    );
    assert.equal(calls.n, 1);
    // The run's own fields count too.
    await assert.rejects(
      async () =>
        await store.createFitRun(
          await request("big", calls, resultOfSize(600), {
            extra: () => ({ truth: "x".repeat(500) }),
          }),
        ),
      ResultTooLargeError,
    );
    assert.equal(calls.n, 2);
    assert.deepEqual(await keysOf(kv), []);
    // At the limit exactly it is stored.
    const ok = await store.createFitRun(
      await request("fits", calls, resultOfSize(limit)),
    );
    assert.equal(ok.result.length, limit);
    // Sharing it with a request that adds its own fields would exceed it.
    const before = await keysOf(kv);
    await assert.rejects(
      async () =>
        await store.createFitRun(
          await request("fits", calls, "{}", {
            extra: () => ({ truth: 1 }),
          }),
        ),
      ResultTooLargeError,
    );
    assert.deepEqual(await keysOf(kv), before);
  }, { maxResultBytes: 1000 });
});

Deno.test("saveResult() refuses a result over the limit before writing", async () => {
  await withStore(async ({ kv, store }) => {
    const { hash } = await owner();
    const run = await store.create({
      id: crypto.randomUUID(),
      kind: "experiment",
      status: "running",
      ownerTokenHash: hash,
      progress: null,
      input: {},
      error: null,
      hasResult: false,
      cacheDigest: null,
    });
    const before = await keysOf(kv);
    await assert.rejects(
      () => store.saveResult(run.id, resultOfSize(1001)),
      ResultTooLargeError,
    );
    assert.deepEqual(await keysOf(kv), before);
    assert.equal((await store.get(run.id))?.status, "running");
  }, { maxResultBytes: 1000 });
});

Deno.test("the cache shares a result only during its first retention period", async () => {
  await withStore(async ({ store, clock }) => {
    const calls = { n: 0 };
    const first = await store.createFitRun(await request("d", calls));
    clock.now = T0 + RETENTION_S * 1000 - 1;
    const late = await store.createFitRun(await request("d", calls));
    assert.equal(late.cached, true);
    // The late run lives a full retention, so the shared result does too.
    assert.equal(late.record.expiresAt, clock.now + RETENTION_S * 1000);
    clock.now = first.record.expiresAt;
    assert.equal(await store.get(first.record.id), null);
    await store.sweepExpired();
    assert.equal(await store.readResult(late.record.id), first.result);
    // A result older than the retention is not shared with new runs.
    const fresh = await store.createFitRun(await request("d", calls));
    assert.equal(fresh.cached, false);
    assert.notEqual(fresh.record.resultId, first.record.resultId);
    assert.equal(calls.n, 2);
  });
});

Deno.test("expired fit runs and their shared result are swept, leaving no key", async () => {
  await withStore(async ({ kv, store, clock }) => {
    const calls = { n: 0 };
    await store.createFitRun(
      await request("d", calls, resultOfSize(150_000), {
        extra: () => ({ truth: { b: [1] } }),
      }),
    );
    clock.now += 1000;
    await store.createFitRun(await request("d", calls));
    clock.now += RETENTION_S * 1000;
    await store.sweepExpired();
    assert.deepEqual(await keysOf(kv), []);
  });
});
