import assert from "node:assert/strict";
import { buildNodeServer } from "../../functions/node_build.ts";
import { sampleCsv } from "./_app.ts";
import { startServer } from "./_process.ts";

Deno.test({
  name:
    "the Node entry (bundled, @deno/kv) serves health, fits and runs; rejects a bad PORT",
  // Needs `node` on PATH; skipped with a message elsewhere.
  ignore: !(await new Deno.Command("node", { args: ["--version"] }).output()
    .then((o) => o.success, () => false)),
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const file = await buildNodeServer(dir);
      const server = await startServer("node", ["--preserve-symlinks", file], {
        PORT: "0",
        KV_PATH: `${dir}/node-kv.sqlite`,
      });
      try {
        const health = await fetch(`${server.url}/api/health`);
        assert.deepEqual(await health.json(), { status: "ok" });
        const fit = () =>
          fetch(`${server.url}/api/fit`, {
            method: "POST",
            headers: { "content-type": "text/csv" },
            body: sampleCsv(50),
          }).then((r) => r.json());
        const a = await fit();
        assert.equal(a.n, 50);
        assert.equal(a.cached, false);
        const b = await fit();
        assert.equal(b.cached, true);
        assert.deepEqual(b.sigma, a.sigma);

        // The KV queue works under the npm client too.
        const run = await (await fetch(`${server.url}/api/runs`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            d: 2,
            n: 100,
            kappa: 1,
            bias: "relu",
            runs: 1,
            methods: ["paper"],
          }),
        })).json();
        let status = "queued";
        for (let i = 0; i < 100 && status !== "done"; i++) {
          await new Promise((r) => setTimeout(r, 100));
          status =
            (await (await fetch(`${server.url}/api/runs/${run.id}`)).json())
              .status;
        }
        assert.equal(status, "done");
      } finally {
        await server.stop();
      }

      // A bad setting ends the process at once with one line naming it.
      const bad = await new Deno.Command("node", {
        args: ["--preserve-symlinks", file],
        env: { NO_COLOR: "1", PORT: "70000", KV_PATH: ":memory:" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(bad.stderr).trimEnd();
      assert.equal(bad.code, 1);
      assert.equal(stderr.split("\n").length, 1, stderr);
      assert.match(stderr, /PORT="70000"/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
