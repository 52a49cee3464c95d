/**
 * Serves the same app under Node 20, with the npm `@deno/kv` client.
 *
 * Node cannot run TypeScript here, so this entry is bundled first (see
 * `deno task start:node`): `deno bundle --platform node --external @deno/kv`
 * gives one .mjs that Node runs beside a node_modules holding `@deno/kv` and
 * its native addon package.
 *
 * Environment: `PORT` (default 8000), `HOST` (default 127.0.0.1), the limits
 * listed in `config.ts`, and `KV_PATH` (default ./data/node-kv.sqlite;
 * `:memory:` for an in-memory store). The default file differs from the Deno
 * server's because the npm client cannot read values Deno wrote to the same
 * file. An unusable value is reported on one line of stderr and the process
 * exits 1.
 *
 * @module
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import process from "node:process";
import { serve } from "@hono/node-server";
import { openKv } from "@deno/kv";
import { createApp } from "./app.ts";
import { inProcessJobRunner } from "./workers/job_runner.ts";
import {
  ConfigError,
  type ServerConfig,
  serverConfigFromEnv,
} from "./config.ts";
import type { KvLike } from "./store/kv_like.ts";

function readConfig(): ServerConfig {
  try {
    return serverConfigFromEnv((name) => process.env[name]);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}

const config = readConfig();
const kvPath = process.env.KV_PATH ?? "./data/node-kv.sqlite";
if (kvPath !== ":memory:") await mkdir(dirname(kvPath), { recursive: true });
const kv = await openKv(kvPath === ":memory:" ? undefined : kvPath);
const { app, worker, maintenance } = createApp({
  kv: kv satisfies KvLike,
  limits: config.limits,
  maintenance: { everyMs: config.store.maintenanceMs },
  leaseMs: config.store.leaseMs,
  jobs: inProcessJobRunner(undefined, config.jobs),
});
// After close() the npm client rejects the pending listenQueue; that is the end.
worker?.catch(() => {});

const { port, hostname } = config;
const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`Listening on http://${hostname}:${info.port}/`);
});

async function shutdown(): Promise<void> {
  server.close();
  await maintenance?.stop();
  kv.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
