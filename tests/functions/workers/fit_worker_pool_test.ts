import assert from "node:assert/strict";
import { fitSamples, prepareFit } from "../../../core/estimators/mod.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import {
  FitWorkerPool,
  POOL_CLOSED,
  WORKER_CRASHED,
} from "../../../functions/workers/fit_worker_pool.ts";
import {
  type FitRunner,
  inProcessFitRunner,
} from "../../../functions/workers/fit_runner.ts";
import { withApp } from "../_app.ts";
import { answeredWhilePending } from "./_helpers.ts";

const CRASH_SEED = 666; // as in _crashing_fit_worker.ts
const crashingWorker = new URL("./_crashing_fit_worker.ts", import.meta.url);

/** A deterministic (n, 2) sample matrix with zeros and positives. */
function samples(n = 300): Matrix {
  const data = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    data[2 * i] = ((i * 7) % 5) * 0.4;
    data[2 * i + 1] = ((i * 3) % 4) * 0.5;
  }
  return { rows: n, cols: 2, data };
}

async function withPool(
  fn: (pool: FitWorkerPool) => Promise<void>,
  workerUrl?: URL,
  size = 1,
) {
  const pool = new FitWorkerPool({ size, workerUrl });
  try {
    await fn(pool);
  } finally {
    pool.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  assert.fail("expected the promise to reject");
}

Deno.test("a pool fit equals fitSamples, typed arrays and all", async () => {
  await withPool(async (pool) => {
    const request = { method: "paper", seed: 4, options: {} };
    const expected = fitSamples(samples(), request);
    const got = await pool.run(samples(), request);
    assert.ok(got.b instanceof Float64Array);
    assert.ok(got.sigma.data instanceof Float64Array);
    assert.deepEqual(got, expected);
  });
});

Deno.test("a pool sends a prepared fit as plain data and the worker prepares it again", async () => {
  await withPool(async (pool) => {
    const fit = prepareFit({ method: "two-layer", seed: 2, options: { m: 2 } });
    const got = await pool.run(samples(), fit);
    assert.deepEqual(got, fitSamples(samples(), fit));
    assert.deepEqual(got.options, { m: 2, tolerance: 1e-6 });
    assert.ok(got.hidden?.a.data instanceof Float64Array);
  });
});

Deno.test("a pool runs the model check and the rank-k fit in the worker, with the column names", async () => {
  await withPool(async (pool) => {
    const fit = prepareFit({
      method: "censored",
      check: true,
      checkReplicates: 19,
      rank: 1,
    });
    const columns = ["rain", "wind"];
    const got = await pool.run(samples(), fit, { columns });
    assert.deepEqual(got, fitSamples(samples(), fit, { columns }));
    assert.deepEqual(got.columns, columns);
    assert.deepEqual(got.check?.coordinates.map((c) => c.name), columns);
    assert.equal(got.check?.replicates, 19);
    assert.ok(got.rank);
    assert.ok(got.rankK?.w.data instanceof Float64Array);
  });
});

Deno.test("a pool takes over the samples' buffer, or copies a partial view", async () => {
  await withPool(async (pool) => {
    const x = samples();
    await pool.run(x, {});
    assert.equal(x.data.byteLength, 0, "the caller's view is detached");

    const big = new Float64Array(1000);
    big.set(samples().data, 100);
    const view: Matrix = {
      rows: 300,
      cols: 2,
      data: big.subarray(100, 700),
    };
    const fromView = await pool.run(view, {});
    assert.equal(big.length, 1000, "a view into a larger buffer is copied");
    assert.deepEqual(fromView, fitSamples(samples(), {}));
  });
});

Deno.test("errors in a worker come back with their class and message", async () => {
  await withPool(async (pool) => {
    const bad = { options: { nope: 1 } };
    const expected = await rejection(
      Promise.resolve().then(() => fitSamples(samples(), bad)),
    );
    const got = await rejection(pool.run(samples(), bad));
    assert.ok(got instanceof RangeError);
    assert.equal(got.constructor, RangeError);
    assert.equal(got.message, expected.message);

    const one: Matrix = { rows: 1, cols: 2, data: new Float64Array([1, 2]) };
    const tooFew = await rejection(pool.run(one, {}));
    assert.ok(tooFew instanceof RangeError);
    assert.match(tooFew.message, /need at least 2 samples/);
    // The worker still fits after an error.
    assert.deepEqual(await pool.run(samples(), {}), fitSamples(samples(), {}));
  });
});

Deno.test("a crashed worker fails its job generically and is replaced", async () => {
  await withPool(async (pool) => {
    const crash = await rejection(
      pool.run(samples(), { seed: CRASH_SEED }),
    );
    assert.ok(!(crash instanceof RangeError) && !(crash instanceof TypeError));
    assert.equal(crash.message, WORKER_CRASHED);
    assert.doesNotMatch(crash.message, /on purpose/);
    const after = await pool.run(samples(), { seed: 1 });
    assert.deepEqual(after, fitSamples(samples(), { seed: 1 }));
  }, crashingWorker);
});

Deno.test("jobs queue behind busy workers and all finish", async () => {
  await withPool(
    async (pool) => {
      const seeds = [1, 2, 3, 4, 5];
      const got = await Promise.all(
        seeds.map((seed) => pool.run(samples(), { seed })),
      );
      for (let i = 0; i < seeds.length; i++) {
        assert.deepEqual(got[i], fitSamples(samples(), { seed: seeds[i] }));
      }
    },
    undefined,
    2,
  );
});

Deno.test("closing a pool fails open and queued jobs, and later ones", async () => {
  const pool = new FitWorkerPool({ size: 1 });
  const open = pool.run(samples(), {});
  const queued = pool.run(samples(), {});
  pool.close();
  assert.equal((await rejection(open)).message, POOL_CLOSED);
  assert.equal((await rejection(queued)).message, POOL_CLOSED);
  assert.equal((await rejection(pool.run(samples(), {}))).message, POOL_CLOSED);
});

Deno.test("a pool needs a positive integer size", () => {
  assert.throws(() => new FitWorkerPool({ size: 0 }), RangeError);
  assert.throws(() => new FitWorkerPool({ size: 1.5 }), RangeError);
});

/** How many requests to `app` were answered while `runner` fitted. */
async function answeredDuringFit(
  app: { request: (path: string) => Response | Promise<Response> },
  runner: FitRunner,
): Promise<number> {
  const { answered, value } = await answeredWhilePending(
    app,
    () => runner(samples(200_000), {}),
  );
  assert.deepEqual(value, fitSamples(samples(200_000), {}));
  return answered;
}

Deno.test("while a pool fit computes, the calling thread answers requests", async () => {
  await withApp(async (app) => {
    await withPool(async (pool) => {
      assert.ok(await answeredDuringFit(app, pool.run) >= 1);
    });
    // In the calling thread the fit holds the thread until it is done.
    assert.equal(await answeredDuringFit(app, inProcessFitRunner), 0);
  });
});
