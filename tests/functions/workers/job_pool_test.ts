import assert from "node:assert/strict";
import { prepareFit } from "../../../core/estimators/mod.ts";
import { SampleFormatError } from "../../../core/formats/errors.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import { randomTruth } from "../../../core/experiments/truth.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { ApiError } from "../../../functions/http/errors.ts";
import {
  JobPool,
  type JobPoolOptions,
  POOL_CLOSED,
  WORKER_CRASHED,
} from "../../../functions/workers/job_pool.ts";
import {
  inProcessJobRunner,
  type JobRunner,
} from "../../../functions/workers/job_runner.ts";
import type { JobInput, JobKind } from "../../../functions/workers/jobs.ts";
import { sampleCsv, withApp } from "../_app.ts";
import { answeredWhilePending, rejection } from "./_helpers.ts";

const gatedWorker = new URL("./_gated_job_worker.ts", import.meta.url);
const BUDGET = {
  maxEntries: 4e6,
  maxD: 1000,
  maxWork: 1e10,
  maxMemoryBytes: 2 ** 30,
  maxAnswerBytes: 2 ** 23,
};
const SMALL = { work: 1 };
const LARGE = { work: 1e12 };

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
  options: Partial<JobPoolOptions>,
  fn: (pool: JobPool) => Promise<void>,
) {
  const pool = new JobPool({ workers: 1, smallWorkers: 0, ...options });
  await pool.whenReady();
  try {
    await fn(pool);
  } finally {
    pool.close();
  }
}

/** A gate over shared memory that a gated test job waits on. */
function gate() {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  return {
    flag,
    open() {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    },
  };
}

/** A job the gated worker holds until `g` opens (any kind will do). */
function gated(pool: JobRunner, g: { flag: Int32Array }, work = LARGE) {
  return pool.run("fit", { gate: g.flag } as unknown as JobInput<"fit">, work);
}

/** Waits (timer turns, no deadline) until `ready()` holds. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The same job in this thread. */
function inProcess<K extends JobKind>(kind: K, input: JobInput<K>) {
  return inProcessJobRunner().run(kind, input, SMALL);
}

const csv = new TextEncoder().encode(sampleCsv());
const request = { method: "censored-moment", seed: 3 };
const withoutTime = (answer: string) => {
  const { fitMs: _, ...rest } = JSON.parse(answer);
  return rest;
};

Deno.test("pool jobs answer as in this thread: samples, digest, fit", async () => {
  await withPool({}, async (pool) => {
    const input = () => ({
      format: "csv" as const,
      body: csv.slice(),
      request,
      budget: BUDGET,
    });
    const read = await pool.run("readFit", input(), SMALL);
    const here = await inProcess("readFit", input());
    assert.ok(read.samples.data instanceof Float64Array);
    assert.deepEqual(read, here);
    const fit = await pool.run(
      "fit",
      { samples: read.samples, request },
      SMALL,
    );
    const fitHere = await inProcess("fit", { samples: here.samples, request });
    assert.deepEqual(withoutTime(fit.answer), withoutTime(fitHere.answer));
    assert.equal(typeof JSON.parse(fit.answer).fitMs, "number");
  });
});

Deno.test("a pool takes over whole buffers of a job's input and copies partial views", async () => {
  await withPool({}, async (pool) => {
    const x = samples();
    await pool.run("fit", { samples: x, request: {} }, SMALL);
    assert.equal(x.data.byteLength, 0, "the caller's view is detached");
    const big = new Float64Array(1000);
    big.set(samples().data, 100);
    const view = { rows: 300, cols: 2, data: big.subarray(100, 700) };
    const { answer } = await pool.run(
      "fit",
      { samples: view, request: {} },
      SMALL,
    );
    assert.equal(big.length, 1000, "a view into a larger buffer is copied");
    const here = await inProcess("fit", { samples: samples(), request: {} });
    assert.deepEqual(withoutTime(answer), withoutTime(here.answer));
  });
});

Deno.test("a pool reads chosen columns and runs the model check and the rank-k fit, with the column names", async () => {
  await withPool({}, async (pool) => {
    const text = "id,rain,wind\n" +
      Array.from({ length: 300 }, (_, i) => {
        const { data } = samples(300);
        return `${i},${data[2 * i]},${data[2 * i + 1]}`;
      }).join("\n") + "\n";
    const request = { check: true, checkReplicates: 19, rank: 1 };
    const read = await pool.run("readFit", {
      format: "csv",
      body: new TextEncoder().encode(text),
      reading: { columns: "-id" },
      request,
      budget: BUDGET,
    }, SMALL);
    assert.deepEqual(read.columns, ["rain", "wind"]);
    assert.equal(read.samples.cols, 2);
    const { samples: x, columns } = read;
    const here = await inProcess("fit", {
      samples: { ...x, data: x.data.slice() },
      columns,
      read: read.read,
      request,
    });
    const { answer } = await pool.run(
      "fit",
      { samples: x, columns, read: read.read, request },
      SMALL,
    );
    assert.deepEqual(withoutTime(answer), withoutTime(here.answer));
    const got = JSON.parse(answer);
    assert.deepEqual(got.columns, ["rain", "wind"]);
    assert.deepEqual(
      got.check.coordinates.map((c: { name: string }) => c.name),
      ["rain", "wind"],
    );
    assert.equal(got.check.replicates, 19);
    assert.ok(got.rank);
    assert.ok(got.rankK);
  });
});

Deno.test("errors in a job come back as the API's errors", async () => {
  await withPool({}, async (pool) => {
    const bad = await rejection(pool.run("readFit", {
      format: "csv",
      body: new TextEncoder().encode("a,b\n1,2\n3,x\n"),
      request: {},
      budget: BUDGET,
    }, SMALL));
    assert.ok(bad instanceof SampleFormatError);
    assert.equal(bad.row, 3);
    assert.equal(bad.column, 2);
    const over = await rejection(pool.run("readFit", {
      format: "csv",
      body: csv.slice(),
      request: {},
      budget: { ...BUDGET, maxEntries: 399 },
    }, SMALL));
    assert.ok(over instanceof ApiError);
    assert.equal(over.status, 413);
    assert.equal(over.code, "too_many_entries");
    assert.match(over.message, /n \* d = 200 \* 2 = 400/);
    const options = await rejection(
      pool.run(
        "fit",
        { samples: samples(), request: { options: { no: 1 } } },
        SMALL,
      ),
    );
    assert.ok(options instanceof RangeError);
    const columns = await rejection(pool.run("readFit", {
      format: "csv",
      body: csv.slice(),
      reading: { columns: "nope" },
      request: {},
      budget: BUDGET,
    }, SMALL));
    assert.ok(columns instanceof RangeError);
    assert.equal(columns.name, "ColumnSelectionError");
    // The worker still answers after an error.
    await pool.run("fit", { samples: samples(), request: {} }, SMALL);
  });
});

Deno.test("a crashed worker fails its job generically and is replaced", async () => {
  await withPool({ workerUrl: gatedWorker }, async (pool) => {
    const crash = await rejection(
      pool.run("fit", { crash: true } as unknown as JobInput<"fit">, SMALL),
    );
    assert.equal(crash.constructor, Error);
    assert.equal(crash.message, WORKER_CRASHED);
    await pool.run("fit", { samples: samples(), request: {} }, SMALL);
    assert.equal(pool.stats.abandoned, 0);
  });
});

Deno.test("a small job is answered while a large one holds the general worker", async () => {
  for (const smallWorkers of [1, 0]) {
    await withPool({ workerUrl: gatedWorker, smallWorkers }, async (pool) => {
      const g = gate();
      const order: string[] = [];
      const large = gated(pool, g).then(() => order.push("large"));
      await until(() => pool.stats.running === 1);
      const small = pool.run("fit", { samples: samples(), request: {} }, SMALL)
        .then(() => order.push("small"));
      if (smallWorkers === 1) await small;
      g.open();
      await Promise.all([large, small]);
      // Without a small-job worker the small job waits for the large one.
      assert.deepEqual(
        order,
        smallWorkers === 1 ? ["small", "large"] : ["large", "small"],
      );
    });
  }
});

Deno.test("a full queue answers 503 server_busy with Retry-After at once", async () => {
  await withPool(
    { workerUrl: gatedWorker, maxQueued: 1 },
    async (pool) => {
      const g = gate();
      const running = gated(pool, g);
      const queued = gated(pool, g);
      const refused = await rejection(gated(pool, g));
      assert.ok(refused instanceof ApiError);
      assert.equal(refused.status, 503);
      assert.equal(refused.code, "server_busy");
      assert.ok(Number(refused.headers["Retry-After"]) >= 1);
      assert.match(refused.message, /retry in \d+ s/);
      assert.deepEqual(pool.stats.queued, { small: 0, large: 1 });
      g.open();
      await Promise.all([running, queued]);
    },
  );
});

/** A fit of many seconds: pairwise likelihoods of 4,950 pairs. */
function longFit(): JobInput<"fit"> {
  const prng = createPrng(5);
  const truth = randomTruth({ d: 100, k: 100, kappa: 2, bias: "relu" }, prng);
  return {
    samples: sampleRectifiedGaussian(truth.w, truth.b, 40_000, prng),
    request: { method: "pairwise-mle" },
  };
}

Deno.test("a job past its deadline answers 504, stops, and its worker answers the next", async () => {
  // The grace is long: a worker that stopped was not replaced.
  await withPool({ deadlineMs: 200, stopGraceMs: 600_000 }, async (pool) => {
    const late = await rejection(pool.run("fit", longFit(), LARGE));
    assert.ok(late instanceof ApiError);
    assert.equal(late.status, 504);
    assert.equal(late.code, "deadline_exceeded");
    assert.match(late.message, /ran for 0\.2 s, the limit, and was stopped/);
    const next = await pool.run(
      "fit",
      { samples: samples(), request: {} },
      SMALL,
    );
    assert.equal(typeof next.answer, "string");
    assert.equal(pool.stats.stopped, 1, "the long job stopped");
    assert.equal(pool.stats.abandoned, 0, "its worker was kept");
  });
});

Deno.test("in the server's thread (Deno Deploy, Node, FIT_WORKERS=0), a job past its deadline stops at its next check and answers 504", async () => {
  const runner = inProcessJobRunner(undefined, { deadlineMs: 1 });
  const late = await rejection(runner.run("fit", longFit(), LARGE));
  assert.ok(late instanceof ApiError);
  assert.equal(late.status, 504);
  assert.equal(late.code, "deadline_exceeded");
  assert.match(late.message, /ran for 0\.001 s, the limit, and was stopped/);
  // A job within its deadline is answered as without one.
  const within = inProcessJobRunner(undefined, { deadlineMs: 600_000 });
  const input = () => ({ samples: samples(), request });
  assert.deepEqual(
    withoutTime((await within.run("fit", input(), SMALL)).answer),
    withoutTime((await inProcess("fit", input())).answer),
  );
});

Deno.test("a job that ignores the stop request is abandoned after stopGraceMs and its worker replaced", async () => {
  await withPool(
    { workerUrl: gatedWorker, deadlineMs: 100, stopGraceMs: 100 },
    async (pool) => {
      const g = gate();
      const late = await rejection(gated(pool, g));
      assert.ok(late instanceof ApiError);
      assert.equal(late.status, 504);
      assert.equal(late.code, "deadline_exceeded");
      // Deno lets the terminated worker run on until its job returns.
      await until(() => pool.stats.abandoned === 1);
      await pool.whenReady(); // the replacement has loaded
      const next = await pool.run(
        "fit",
        { samples: samples(), request: {} },
        SMALL,
      );
      assert.equal(typeof next.answer, "string");
      assert.equal(pool.stats.stopped, 0);
      g.open();
      await until(() => pool.stats.abandoned === 0);
    },
  );
});

Deno.test("beyond maxAbandoned a worker is replaced only when an abandoned one ends; a job waiting past the deadline answers 503", async () => {
  await withPool(
    {
      workerUrl: gatedWorker,
      deadlineMs: 100,
      stopGraceMs: 0,
      maxAbandoned: 0,
    },
    async (pool) => {
      const g = gate();
      const late = await rejection(gated(pool, g));
      assert.equal((late as ApiError).status, 504);
      const waiting = await rejection(
        pool.run("fit", { samples: samples(), request: {} }, LARGE),
      );
      assert.ok(waiting instanceof ApiError);
      assert.equal(waiting.status, 503);
      assert.match(waiting.message, /waited 0\.1 s for a worker/);
      // Released, the abandoned worker ends and a replacement starts.
      g.open();
      await pool.whenReady();
      await pool.run("fit", { samples: samples(), request: {} }, SMALL);
      assert.equal(pool.stats.abandoned, 0);
    },
  );
});

Deno.test("closing a pool fails open and queued jobs, and later ones", async () => {
  const pool = new JobPool({ workers: 1, smallWorkers: 0 });
  const open = pool.run("fit", { samples: samples(), request: {} }, SMALL);
  const queued = pool.run("fit", { samples: samples(), request: {} }, SMALL);
  pool.close();
  assert.equal((await rejection(open)).message, POOL_CLOSED);
  assert.equal((await rejection(queued)).message, POOL_CLOSED);
  assert.equal(
    (await rejection(
      pool.run("fit", { samples: samples(), request: {} }, SMALL),
    ))
      .message,
    POOL_CLOSED,
  );
});

Deno.test("a pool needs at least one general worker", () => {
  assert.throws(() => new JobPool({ workers: 0 }), RangeError);
  assert.throws(() => new JobPool({ workers: 1.5 }), RangeError);
  assert.throws(
    () => new JobPool({ workers: 1, smallWorkers: -1 }),
    RangeError,
  );
});

Deno.test("while a pool job computes, the calling thread answers requests", async () => {
  const fit = prepareFit({});
  const big = (runner: JobRunner) => () =>
    runner.run("fit", {
      samples: samples(200_000),
      request: { method: fit.estimator.name },
    }, LARGE);
  await withApp(async (app) => {
    await withPool({}, async (pool) => {
      const { answered } = await answeredWhilePending(app, big(pool));
      assert.ok(answered >= 1);
    });
    // In the calling thread the job holds the thread until it is done.
    const { answered } = await answeredWhilePending(
      app,
      big(inProcessJobRunner()),
    );
    assert.equal(answered, 0);
  });
});
