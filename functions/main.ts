/**
 * Serves the API and the dashboard on one port under Deno.
 *
 * Environment: `PORT` (default 8000), `HOST` (default 127.0.0.1), the limits
 * listed in `config.ts` (`MAX_BODY_BYTES`, `RATE_LIMIT_BURST`, …), and
 * `KV_PATH` (default ./data/kv.sqlite; `:memory:` allowed). On Deno Deploy
 * (`DENO_DEPLOYMENT_ID` set) the platform chooses the address, and without
 * `KV_PATH` the hosted KV is used. An unusable value is reported on one line
 * of stderr and the process exits 1.
 *
 * @module
 */
import { createApp } from "./app.ts";
import { ConfigError, serverConfigFromEnv } from "./config.ts";
import { openKvFromEnv } from "./store/open_kv.ts";

function readConfig() {
  try {
    return serverConfigFromEnv((name) => Deno.env.get(name));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    Deno.exit(1);
  }
}

const config = readConfig();
const kv = await openKvFromEnv();
const { app } = createApp({ kv, limits: config.limits });
if (Deno.env.get("DENO_DEPLOYMENT_ID")) {
  Deno.serve(app.fetch);
} else {
  Deno.serve({ port: config.port, hostname: config.hostname }, app.fetch);
}
