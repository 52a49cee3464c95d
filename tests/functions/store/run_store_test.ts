import assert from "node:assert/strict";
import { RunStore } from "../../../functions/store/run_store.ts";

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
    for (const id of ["a", "b", "c", "d", "e"]) {
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
    assert.deepEqual(seen, ["e", "d", "c", "b", "a"]);
  } finally {
    kv.close();
  }
});

Deno.test("RunStore.update() returns null once the run is deleted", async () => {
  const kv = await Deno.openKv(":memory:");
  const store = new RunStore(kv);
  try {
    const r = await store.create({ ...fields, id: "x", cacheDigest: "dig" });
    await store.rememberFit("dig", "x");
    await store.saveResult("x", '{"ok":true}');
    assert.equal((await store.cachedFit("dig"))?.id, "x");
    assert.equal(await store.readResult("x"), '{"ok":true}');
    await store.delete(r);
    assert.equal(await store.get("x"), null);
    assert.equal(await store.cachedFit("dig"), null);
    assert.equal(await store.readResult("x"), null);
    assert.equal(await store.update("x", () => ({ status: "running" })), null);
    assert.equal((await store.list(10)).runs.length, 0);
  } finally {
    kv.close();
  }
});
