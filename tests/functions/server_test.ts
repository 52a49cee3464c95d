import assert from "node:assert/strict";
import { fitSamples } from "../../core/estimators/mod.ts";
import { randomTruth } from "../../core/experiments/truth.ts";
import { fitResultToJson } from "../../core/formats/fit_json.ts";
import { writeNpy } from "../../core/formats/npy.ts";
import { createPrng } from "../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../core/sampling/rectified_gaussian.ts";
import { createApp } from "../../functions/app.ts";
import { post, sampleCsv, withApp } from "./_app.ts";
import { startServer } from "./_process.ts";

async function fitTwice(url: string) {
  const fit = () =>
    fetch(`${url}/api/fit?seed=2`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: sampleCsv(),
    });
  const first = await fit();
  assert.equal(first.status, 200);
  const a = await first.json();
  const second = await fit();
  const b = await second.json();
  assert.equal(a.cached, false);
  assert.equal(b.cached, true);
  assert.notEqual(b.id, a.id);
  assert.deepEqual(b.sigma, a.sigma);
  assert.deepEqual(b.b, a.b);
}

Deno.test("the real server fits a CSV over HTTP twice, the second from KV", async () => {
  const dir = await Deno.makeTempDir();
  const kv = await Deno.openKv(`${dir}/kv.sqlite`);
  const { app, worker } = createApp({ kv, runWorker: true });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    app.fetch,
  );
  try {
    await fitTwice(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
    kv.close();
    await worker;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("functions/main.ts serves on PORT with the KV file at KV_PATH and env limits", async () => {
  const dir = await Deno.makeTempDir();
  const main = new URL("../../functions/main.ts", import.meta.url).pathname;
  const server = await startServer(Deno.execPath(), ["run", "-A", main], {
    PORT: "0",
    HOST: "127.0.0.1",
    KV_PATH: `${dir}/sub/kv.sqlite`,
    MAX_BODY_BYTES: "65536",
  });
  try {
    const health = await fetch(`${server.url}/api/health`);
    assert.deepEqual(await health.json(), { status: "ok" });
    await fitTwice(server.url);
    assert.ok((await Deno.stat(`${dir}/sub/kv.sqlite`)).isFile);
    // The limit from the environment reaches the app.
    const big = await fetch(`${server.url}/api/fit`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: "1,0\n".repeat(20_000),
    });
    assert.equal(big.status, 413);
    assert.match((await big.json()).error.message, /65536 bytes/);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * Runs functions/main.ts with `env` until it exits, which it must do with
 * status 1 and one line on stderr, no stack trace; returns that line.
 */
async function mainFailure(env: Record<string, string>): Promise<string> {
  const main = new URL("../../functions/main.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main],
    env: { NO_COLOR: "1", KV_PATH: ":memory:", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr).trimEnd();
  assert.equal(out.code, 1);
  assert.equal(stderr.split("\n").length, 1, stderr);
  assert.doesNotMatch(stderr, /\bat \S+:\d+/, "no stack trace");
  return stderr;
}

Deno.test("functions/main.ts exits 1 with one stderr line naming a bad PORT", async () => {
  assert.match(await mainFailure({ PORT: "abc" }), /PORT="abc"/);
});

Deno.test("functions/main.ts exits 1 with one stderr line naming a port in use", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (taken.addr as Deno.NetAddr).port;
  try {
    assert.equal(
      await mainFailure({ PORT: String(port), HOST: "127.0.0.1" }),
      `Cannot serve on 127.0.0.1:${port}: the port is already in use (is another server running? set PORT to use another)`,
    );
  } finally {
    taken.close();
  }
});

Deno.test("with FIT_WORKERS=1 the server answers /api/health during a long fit", async () => {
  // n * d = 1.5e6 with the default method: a fit that takes a while.
  const prng = createPrng(11);
  const d = 150;
  const truth = randomTruth({ d, k: d, kappa: 2, bias: "relu" }, prng);
  const x = sampleRectifiedGaussian(truth.w, truth.b, 10_000, prng);
  const npy = writeNpy(x);
  // The same fit here first: the server's takes about as long.
  const started = performance.now();
  const expected = fitResultToJson(fitSamples(x, { seed: 3 }));
  const fitMs = performance.now() - started;
  const main = new URL("../../functions/main.ts", import.meta.url).pathname;
  const server = await startServer(Deno.execPath(), ["run", "-A", main], {
    PORT: "0",
    HOST: "127.0.0.1",
    KV_PATH: ":memory:",
    FIT_WORKERS: "1",
  });
  try {
    let answered = false;
    const fit = fetch(`${server.url}/api/fit?seed=3`, {
      method: "POST",
      headers: { "content-type": "application/x-npy" },
      body: npy as Uint8Array<ArrayBuffer>,
    }).then((res) => {
      answered = true;
      return res;
    });
    // Probes 50 ms apart until the fit answers. A fit in the server's
    // thread would hold the probe sent as it began for the whole fit; in a
    // worker, only the server's own handling of the upload holds them up,
    // a small part of the fit's time.
    let slowest = 0;
    while (!answered) {
      const sent = performance.now();
      const health = await fetch(`${server.url}/api/health`);
      await health.body?.cancel();
      assert.equal(health.status, 200);
      slowest = Math.max(slowest, performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(
      slowest < fitMs / 2,
      `a health probe waited ${slowest.toFixed(0)} ms, more than half the ${
        fitMs.toFixed(0)
      } ms the fit took in the test`,
    );
    const res = await fit;
    const answer = { status: res.status, body: await res.json() };
    assert.equal(answer.status, 200);
    assert.equal(answer.body.method, expected.method);
    assert.deepEqual(answer.body.b, expected.b);
    assert.deepEqual(answer.body.sigma, expected.sigma);
    assert.deepEqual(answer.body.warnings, expected.warnings);

    // An error thrown inside the worker gets the in-process answer.
    const oneRow = () => post("x1,x2\n1,2\n", "text/csv");
    const viaWorker = await fetch(`${server.url}/api/fit`, oneRow());
    let inProcess: Response | undefined;
    await withApp(async (app) => {
      inProcess = await app.request("/api/fit", oneRow());
    });
    assert.equal(viaWorker.status, 422);
    assert.equal(inProcess!.status, 422);
    assert.deepEqual(await viaWorker.json(), await inProcess!.json());
  } finally {
    await server.stop();
  }
});
