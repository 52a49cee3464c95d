/**
 * Serves the API and the dashboard on one port under Deno.
 *
 * Environment: `PORT` (default 8000), `HOST` (default 127.0.0.1), the limits
 * listed in `config.ts` (`MAX_BODY_BYTES`, `RATE_LIMIT_BURST`, …), and
 * `KV_PATH` (default ./data/kv.sqlite; `:memory:` allowed). On Deno Deploy
 * (`DENO_DEPLOYMENT_ID` set) the platform chooses the address, and without
 * `KV_PATH` the hosted KV is used. An unusable value, or an address that is
 * already in use or not allowed, is reported on one line of stderr and the
 * process exits 1.
 *
 * The heavy part of each request (reading samples, fitting, sampling,
 * metrics) runs in a pool of Web Workers (`FIT_WORKERS` general ones and
 * `SMALL_JOB_WORKERS` for small jobs, with a bounded queue and a deadline;
 * see `config.ts`), and each experiment (`POST /api/runs`) in a Web Worker
 * of its own, so the server keeps answering meanwhile; on Deno Deploy, which
 * has no Web Workers, and with `FIT_WORKERS=0` all of it runs in the
 * server's thread. SIGINT and SIGTERM stop the workers, the server and the
 * KV, then exit 0.
 *
 * @module
 */
import { createApp } from "./app.ts";
import { ConfigError, serverConfigFromEnv } from "./config.ts";
import { createWorkerExperimentRunner } from "./workers/experiment_worker_runner.ts";
import { JobPool } from "./workers/job_pool.ts";
import { inProcessJobRunner } from "./workers/job_runner.ts";
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
const onDeploy = Deno.env.get("DENO_DEPLOYMENT_ID") !== undefined;
const kv = await openKvFromEnv();
const pool = !onDeploy && config.jobs.workers > 0
  ? new JobPool(config.jobs)
  : null;
const { app, maintenance } = createApp({
  kv,
  limits: config.limits,
  maintenance: { everyMs: config.store.maintenanceMs },
  leaseMs: config.store.leaseMs,
  ...(pool
    ? {
      jobs: pool,
      runWorker: { experimentRunner: createWorkerExperimentRunner() },
    }
    : { jobs: inProcessJobRunner(undefined, config.jobs) }),
});
/**
 * Serves the app on `hostname:port`; a port in use or an address that may
 * not be bound ends the process with one line naming it, exit status 1.
 */
function listen(hostname: string, port: number) {
  try {
    return Deno.serve({ port, hostname }, app.fetch);
  } catch (e) {
    const why = e instanceof Deno.errors.AddrInUse
      ? "the port is already in use (is another server running? set PORT to use another)"
      : e instanceof Deno.errors.PermissionDenied
      ? "permission denied (ports below 1024 need privileges; set PORT)"
      : e instanceof Deno.errors.AddrNotAvailable
      ? "the address is not available on this machine (set HOST)"
      : undefined;
    if (why === undefined) throw e;
    console.error(`Cannot serve on ${hostname}:${port}: ${why}`);
    pool?.close();
    kv.close();
    Deno.exit(1);
  }
}

// Listening once the workers have loaded: a job's wait starts with a worker.
await pool?.whenReady();
if (onDeploy) {
  Deno.serve(app.fetch);
} else {
  const server = listen(config.hostname, config.port);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Open jobs fail at once (500), so the shutdown need not wait for them.
    pool?.close();
    // Open progress streams may never end by themselves: wait a little only.
    const grace = new Promise((resolve) => setTimeout(resolve, 2000));
    await Promise.race([server.shutdown(), grace]);
    await maintenance?.stop();
    kv.close();
    Deno.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    if (Deno.build.os === "windows" && signal === "SIGTERM") continue;
    Deno.addSignalListener(signal, stop);
  }
}
