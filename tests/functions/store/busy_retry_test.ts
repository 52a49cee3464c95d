import assert from "node:assert/strict";
import {
  isBusyError,
  retryingWhenBusy,
} from "../../../functions/store/busy_retry.ts";
import type { KvLike } from "../../../functions/store/kv_like.ts";

/** `kv` whose next `failures` commits and sets throw the SQLite busy error. */
function lockedFor(
  kv: Deno.Kv,
  failures: number,
  message = "database is locked",
) {
  let left = failures;
  const fail = () => {
    if (left > 0) {
      left--;
      throw new TypeError(message);
    }
  };
  const wrapped: KvLike = {
    get: (key) => kv.get(key),
    set: async (key, value, options) => {
      fail();
      return await kv.set(key, value, options);
    },
    delete: (key) => kv.delete(key),
    list: (selector, options) =>
      kv.list(selector as Deno.KvListSelector, options),
    enqueue: (value, options) => kv.enqueue(value, options),
    listenQueue: (handler) => kv.listenQueue(handler),
    atomic: () => {
      const op = kv.atomic();
      const self = {
        check: (...c: Deno.AtomicCheck[]) => (op.check(...c), self),
        set: (
          k: Deno.KvKey,
          v: unknown,
          o?: { expireIn?: number },
        ) => (op.set(k, v, o), self),
        delete: (k: Deno.KvKey) => (op.delete(k), self),
        enqueue: (
          v: unknown,
          o?: { delay?: number },
        ) => (op.enqueue(v, o), self),
        commit: async () => {
          fail();
          return await op.commit();
        },
      };
      return self as unknown as ReturnType<KvLike["atomic"]>;
    },
  };
  return wrapped;
}

const noWait = { sleep: () => Promise.resolve() };

Deno.test("retryingWhenBusy() commits an atomic again, with its checks, until the lock is free", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const retrying = retryingWhenBusy(lockedFor(kv, 3), noWait);
    const result = await retrying.atomic()
      .check({ key: ["a"], versionstamp: null })
      .set(["a"], 1)
      .set(["b"], 2)
      .commit();
    assert.equal(result.ok, true);
    assert.equal((await kv.get(["a"])).value, 1);
    assert.equal((await kv.get(["b"])).value, 2);
    // The same check now fails: replayed steps keep their meaning.
    const again = await retrying.atomic()
      .check({ key: ["a"], versionstamp: null })
      .set(["a"], 3)
      .commit();
    assert.equal(again.ok, false);
    assert.equal((await kv.get(["a"])).value, 1);
  } finally {
    kv.close();
  }
});

Deno.test("retryingWhenBusy() gives up after its attempts and passes other errors at once", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const stuck = retryingWhenBusy(lockedFor(kv, 5), {
      ...noWait,
      attempts: 3,
    });
    await assert.rejects(stuck.set(["x"], 1), /database is locked/);
    const broken = retryingWhenBusy(lockedFor(kv, 1, "disk full"), noWait);
    await assert.rejects(broken.set(["x"], 1), /disk full/);
    assert.equal((await kv.get(["x"])).value, null);
  } finally {
    kv.close();
  }
});

Deno.test("isBusyError() recognises the local store's lock errors only", () => {
  assert.equal(isBusyError(new TypeError("database is locked")), true);
  assert.equal(isBusyError(new Error("Database is busy")), true);
  assert.equal(isBusyError(new Error("disk full")), false);
  assert.equal(isBusyError("database is locked"), false);
});
