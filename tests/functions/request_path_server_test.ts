/**
 * The request path against the real server (`functions/main.ts` with its
 * workers), on 127.0.0.1: requests over budget are refused from their price
 * while `/api/health` keeps answering, a full queue answers 503, a job past
 * its deadline 504 (it stops, and its worker answers the next), and a small fit is not
 * stuck behind a large one. Statuses, codes and the order of answers are
 * asserted; no time is.
 */
import assert from "node:assert/strict";
import { writeNpy } from "../../core/formats/npy.ts";
import { randomTruth } from "../../core/experiments/truth.ts";
import { createPrng } from "../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../core/sampling/rectified_gaussian.ts";
import { sampleCsv } from "./_app.ts";
import { type ServerProcess, startServer } from "./_process.ts";

const main = new URL("../../functions/main.ts", import.meta.url).pathname;

async function withServer(
  env: Record<string, string>,
  fn: (server: ServerProcess) => Promise<void>,
) {
  const server = await startServer(Deno.execPath(), ["run", "-A", main], {
    PORT: "0",
    HOST: "127.0.0.1",
    KV_PATH: ":memory:",
    RATE_LIMIT_BURST: "1000",
    ...env,
  });
  try {
    await fn(server);
  } finally {
    await server.stop();
  }
}

/**
 * Probes `/api/health` every 100 ms while `work` runs, and once after;
 * fails if any probe is not answered 200. Returns `work`'s value.
 */
async function whileHealthy<T>(url: string, work: () => Promise<T>) {
  let running = true;
  let probes = 0;
  const probe = async () => {
    const res = await fetch(`${url}/api/health`);
    await res.body?.cancel();
    assert.equal(res.status, 200, "/api/health answered");
    probes++;
  };
  const loop = (async () => {
    while (running) {
      await probe();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  try {
    return await work();
  } finally {
    running = false;
    await loop;
    await probe();
    assert.ok(probes >= 2);
  }
}

/** Status, error code and Retry-After of an answer (its body read). */
async function outcome(res: Response) {
  const body = await res.json();
  return {
    status: res.status,
    code: body.error?.code as string | undefined,
    retryAfter: res.headers.get("retry-after"),
  };
}

function post(url: string, body: BodyInit, type: string) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": type },
    body,
  });
}

/** n samples of a d-dimensional rectified Gaussian as NPY bytes. */
function npy(n: number, d: number, seed: number): Uint8Array<ArrayBuffer> {
  const prng = createPrng(seed);
  const truth = randomTruth({ d, k: d, kappa: 2, bias: "relu" }, prng);
  return writeNpy(
    sampleRectifiedGaussian(truth.w, truth.b, n, prng),
  ) as Uint8Array<ArrayBuffer>;
}

Deno.test("the table's costly requests are refused from their price while /api/health answers", async () => {
  await withServer({ FIT_WORKERS: "1" }, async (server) => {
    const api = (path: string) => `${server.url}${path}`;
    const json = (path: string, value: unknown) =>
      post(api(path), JSON.stringify(value), "application/json");
    // A d = 2,890 identity truth beside one sample: about 17 MB of JSON.
    const d = 2890;
    const rows = Array.from(
      { length: d },
      (_, i) => `[${"0,".repeat(i)}1${",0".repeat(d - 1 - i)}]`,
    );
    const truthJson = `{"samples":[[1]],"truth":{"sigma":[${
      rows.join(",")
    }],"b":[${"0,".repeat(d - 1)}0]}}`;
    const bigCsv = new TextEncoder().encode("1\n".repeat(33 * 1024 * 1024 / 2));
    const cases: [string, () => Promise<Response>, number, string][] = [
      [
        "sample with W of 1 x 20,000 and n = 200,000",
        () =>
          json("/api/sample", {
            W: [Array(20_000).fill(1)],
            b: [0],
            n: 200_000,
          }),
        422,
        "dimension_too_large",
      ],
      [
        "NPY n = 2, d = 3,000 with censored",
        () =>
          post(
            api("/api/fit?method=censored"),
            writeNpy({
              rows: 2,
              cols: 3000,
              data: new Float64Array(6000),
            }) as Uint8Array<ArrayBuffer>,
            "application/x-npy",
          ),
        422,
        "dimension_too_large",
      ],
      [
        "pairwise-mle with bins = 4,096, n = 2, d = 700",
        () =>
          post(
            api("/api/fit?method=pairwise-mle&bins=4096"),
            writeNpy({
              rows: 2,
              cols: 700,
              data: new Float64Array(1400),
            }) as Uint8Array<ArrayBuffer>,
            "application/x-npy",
          ),
        413,
        "answer_too_large",
      ],
      [
        "an experiment of d = 1,000, n = 268,435",
        () =>
          json("/api/runs", {
            d: 1000,
            n: 268_435,
            kappa: 2,
            bias: "relu",
            runs: 1,
            methods: ["censored"],
          }),
        413,
        "too_many_entries",
      ],
      [
        "JSON samples [[1]] with a d = 2,890 truth",
        () => post(api("/api/fit"), truthJson, "application/json"),
        413,
        "payload_too_large",
      ],
    ];
    await whileHealthy(server.url, async () => {
      for (const [name, send, status, code] of cases) {
        const got = await outcome(await send());
        assert.deepEqual(
          { status: got.status, code: got.code },
          { status, code },
          name,
        );
      }
      // Six 33 MB single-column CSVs at once: refused from their size.
      const parallel = await Promise.all(
        Array.from(
          { length: 6 },
          async () =>
            await outcome(await post(api("/api/fit"), bigCsv, "text/csv")),
        ),
      );
      for (const got of parallel) {
        assert.deepEqual([got.status, got.code], [413, "payload_too_large"]);
      }
      // The same streamed without a length (chunked) is cut off.
      let chunks = 40; // of 1 MiB, past the 32 MiB limit
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (chunks-- === 0) return controller.close();
          controller.enqueue(new Uint8Array(1024 * 1024).fill(49));
        },
      });
      const chunked = await outcome(
        await post(api("/api/fit"), stream, "text/csv"),
      );
      assert.deepEqual(
        [chunked.status, chunked.code],
        [413, "payload_too_large"],
      );
    });
    // And the server still fits.
    const fit = await post(api("/api/fit"), sampleCsv(), "text/csv");
    assert.equal(fit.status, 200);
    await fit.body?.cancel();
  });
});

Deno.test("a fit past JOB_DEADLINE_SECONDS answers 504 deadline_exceeded, stops, and its worker answers the next", async () => {
  // About 8e9 operations by the cost model: many times the half second.
  const large = npy(2000, 300, 7);
  await withServer(
    { FIT_WORKERS: "1", SMALL_JOB_WORKERS: "0", JOB_DEADLINE_SECONDS: "0.5" },
    async (server) => {
      await whileHealthy(server.url, async () => {
        // Twice: the one worker stops each and takes the next request.
        for (let i = 0; i < 2; i++) {
          const res = await post(
            `${server.url}/api/fit`,
            large,
            "application/x-npy",
          );
          const body = await res.json();
          assert.equal(res.status, 504);
          assert.equal(body.error.code, "deadline_exceeded");
          assert.match(body.error.message, /ran for 0\.5 s, the limit/);
        }
        const next = await post(
          `${server.url}/api/fit`,
          sampleCsv(),
          "text/csv",
        );
        assert.equal(next.status, 200);
        await next.body?.cancel();
      });
      // The worker reported each stop (the server's log is read as it
      // streams in); none was given up on and replaced.
      const stops = () =>
        server.log().match(/job ran past its deadline .* and stopped \d+ ms/g)
          ?.length ?? 0;
      while (stops() < 2) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.doesNotMatch(server.log(), /did not stop/);
    },
  );
});

Deno.test("a small fit is answered before a large one that started first; a full queue answers 503", async () => {
  const large = (seed: number) => npy(2000, 150, seed);
  const bodies = [large(1), large(2), large(3), large(4)];
  await withServer(
    { FIT_WORKERS: "1", SMALL_JOB_WORKERS: "1", JOB_QUEUE: "1" },
    async (server) => {
      const url = `${server.url}/api/fit`;
      await whileHealthy(server.url, async () => {
        const order: string[] = [];
        const first = post(url, bodies[0]!, "application/x-npy").then(
          async (res) => {
            order.push("large");
            return await outcome(res);
          },
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        const small = await post(url, sampleCsv(), "text/csv");
        order.push("small");
        assert.equal(small.status, 200);
        await small.body?.cancel();
        // The general worker is still busy: one more large request may wait,
        // the others are refused at once.
        const more = await Promise.all(
          bodies.slice(1).map(async (body) =>
            await outcome(await post(url, body, "application/x-npy"))
          ),
        );
        const busy = more.filter((o) => o.status === 503);
        assert.ok(busy.length >= 1, JSON.stringify(more));
        for (const o of busy) {
          assert.equal(o.code, "server_busy");
          assert.ok(Number(o.retryAfter) >= 1);
        }
        assert.equal((await first).status, 200);
        assert.deepEqual(order.slice(0, 2), ["small", "large"]);
      });
    },
  );
});
