/**
 * Serves the API and the dashboard on one port under Deno.
 *
 * Environment: `PORT` (default 8000), `HOST` (default 127.0.0.1), `KV_PATH`
 * (default ./data/kv.sqlite; `:memory:` allowed). On Deno Deploy
 * (`DENO_DEPLOYMENT_ID` set) the platform chooses the address, and without
 * `KV_PATH` the hosted KV is used.
 *
 * @module
 */
import { createApp } from "./app.ts";
import { openKvFromEnv } from "./store/open_kv.ts";

const kv = await openKvFromEnv();
const { app } = createApp({ kv });
if (Deno.env.get("DENO_DEPLOYMENT_ID")) {
  Deno.serve(app.fetch);
} else {
  const port = Number(Deno.env.get("PORT") ?? 8000);
  const hostname = Deno.env.get("HOST") ?? "127.0.0.1";
  Deno.serve({ port, hostname }, app.fetch);
}
