import assert from "node:assert/strict";
import { createApp } from "../../functions/app.ts";
import { sampleCsv } from "./_app.ts";
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
  assert.equal(b.id, a.id);
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

Deno.test("functions/main.ts exits 1 with one stderr line naming a bad PORT", async () => {
  const main = new URL("../../functions/main.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main],
    env: { NO_COLOR: "1", PORT: "abc", KV_PATH: ":memory:" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr).trimEnd();
  assert.equal(out.code, 1);
  assert.equal(stderr.split("\n").length, 1, stderr);
  assert.match(stderr, /PORT="abc"/);
  assert.doesNotMatch(stderr, /\bat \S+:\d+/, "no stack trace");
});
