import assert from "node:assert/strict";
import { SingleFlight } from "../../../functions/store/single_flight.ts";
import { withKv } from "./_probe_kv.ts";

Deno.test("SingleFlight runs concurrent work for one key once; the others look it up", async () => {
  await withKv(async (kv) => {
    const flights = new SingleFlight(kv);
    const done = new Map<string, number>();
    let works = 0;
    const lookup = (key: string) => () =>
      Promise.resolve(done.get(key) ?? null);
    const work = (key: string, value: number) => async () => {
      works++;
      await new Promise((r) => setTimeout(r, 10));
      done.set(key, value);
      return value;
    };
    const results = await Promise.all([
      flights.run("k", lookup("k"), work("k", 1)),
      flights.run("k", lookup("k"), work("k", 2)),
      flights.run("k", lookup("k"), work("k", 3)),
      flights.run("other", lookup("other"), work("other", 4)),
    ]);
    assert.deepEqual(results, [1, 1, 1, 4]);
    assert.equal(works, 2);
    assert.equal(flights.inFlight, 0);
    let left = 0;
    for await (const _ of kv.list({ prefix: ["flight"] })) left++;
    assert.equal(left, 0, "markers released");
  });
});

Deno.test("SingleFlight passes the work's error to the callers that waited for it", async () => {
  await withKv(async (kv) => {
    const flights = new SingleFlight(kv);
    let works = 0;
    const fail = async () => {
      works++;
      await new Promise((r) => setTimeout(r, 5));
      throw new RangeError("Cannot fit: bad input");
    };
    const none = () => Promise.resolve(null);
    const outcomes = await Promise.allSettled([
      flights.run("k", none, fail),
      flights.run("k", none, fail),
    ]);
    assert.equal(works, 1);
    for (const o of outcomes) {
      assert.equal(o.status, "rejected");
      assert.match(String((o as PromiseRejectedResult).reason), /bad input/);
    }
  });
});

Deno.test("SingleFlight waits for another process's marker, and takes over once it lapses", async () => {
  await withKv(async (kv) => {
    let now = 0;
    let sleeps = 0;
    const flights = new SingleFlight(kv, {
      clock: () => now,
      markerMs: 1000,
      sleep: () => {
        sleeps++;
        now += 300; // each wait lets 300 ms pass
        return Promise.resolve();
      },
    });
    // A process that died while holding the marker.
    await kv.set(["flight", "k"], { owner: "dead", until: 1000 });
    let works = 0;
    const value = await flights.run(
      "k",
      () => Promise.resolve(null),
      () => Promise.resolve(++works),
    );
    assert.equal(value, 1);
    assert.equal(sleeps, 4, "waited until the marker lapsed at 1000 ms");
    // A live process's result appearing while waiting ends the wait.
    await kv.set(["flight", "j"], { owner: "live", until: now + 1000 });
    sleeps = 0;
    const theirs = await flights.run(
      "j",
      () => Promise.resolve(sleeps >= 2 ? "theirs" : null),
      () => Promise.reject(new Error("must not run")),
    );
    assert.equal(theirs, "theirs");
    assert.equal(sleeps, 2);
  });
});
