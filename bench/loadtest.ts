/**
 * A bounded load test of the real server on 127.0.0.1: starts
 * `functions/main.ts` (its own KV file in a temporary folder, rate limits
 * lifted, every client here is one address), then for `--seconds` runs
 * `--cached` loops that post the same 2,000 x 20 CSV (answered from the
 * cache after the first) and `--fresh` loops that post small CSVs never seen
 * before (each one fitted), while a probe asks `/api/health` every 100 ms.
 * Prints answers per second, p50/p99 latency per kind, the slowest health
 * answer and the server's peak RSS, and exits 1 if a health probe failed or
 * took a second or more. A benchmark, not a test: the numbers depend on the
 * machine and on what else runs on it.
 *
 * Run: `deno task loadtest` (`--seconds 20 --cached 45 --fresh 5`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { writeCsv } from "../core/formats/csv.ts";
import { randomTruth } from "../core/experiments/truth.ts";
import { createPrng } from "../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../core/sampling/rectified_gaussian.ts";
import { startServer } from "../tests/functions/_process.ts";

const { values: args } = parseArgs({
  // `deno task loadtest -- --seconds 5` passes the "--" on.
  args: Deno.args.filter((a) => a !== "--"),
  options: {
    seconds: { type: "string", default: "20" },
    cached: { type: "string", default: "45" },
    fresh: { type: "string", default: "5" },
  },
});
const seconds = Number(args.seconds);
const cachedLoops = Number(args.cached);
const freshLoops = Number(args.fresh);

/** Samples of a d-dimensional rectified Gaussian as CSV bytes. */
function csv(n: number, d: number, seed: number): Uint8Array<ArrayBuffer> {
  const prng = createPrng(seed);
  const truth = randomTruth({ d, k: d, kappa: 2, bias: "relu" }, prng);
  const x = sampleRectifiedGaussian(truth.w, truth.b, n, prng);
  return new TextEncoder().encode(writeCsv(x)) as Uint8Array<ArrayBuffer>;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** The server's resident set now and at its peak, in MiB (Linux). */
async function rssMiB(pid: number): Promise<{ now: number; peak: number }> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kib = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? NaN);
  return { now: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
}

const dir = await Deno.makeTempDir();
const main = new URL("../functions/main.ts", import.meta.url).pathname;
const server = await startServer(Deno.execPath(), ["run", "-A", main], {
  PORT: "0",
  HOST: "127.0.0.1",
  KV_PATH: `${dir}/kv.sqlite`,
  RATE_LIMIT_BURST: "1000000000",
  RATE_LIMIT_PER_SECOND: "1000000000",
});
const pid = server.child.pid;
const url = `${server.url}/api/fit`;
const cachedBody = csv(2000, 20, 1);
const post = (body: Uint8Array<ArrayBuffer>) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "text/csv" },
    body,
  });

interface Tally {
  readonly ms: number[];
  failed: number;
  statuses: Map<number, number>;
}
const tally = (): Tally => ({ ms: [], failed: 0, statuses: new Map() });
const cached = tally();
const fresh = tally();
const health = tally();

try {
  // The first request fits; later ones with the same bytes are cache hits.
  const first = await post(cachedBody);
  if (first.status !== 200) {
    throw new Error(`The warm-up fit answered ${first.status}`);
  }
  await first.body?.cancel();
  const rssBefore = await rssMiB(pid);

  const until = performance.now() + seconds * 1000;
  let freshSeed = 1000;
  const loop = async (t: Tally, body: () => Uint8Array<ArrayBuffer>) => {
    while (performance.now() < until) {
      const sent = performance.now();
      try {
        const res = await post(body());
        await res.arrayBuffer();
        t.statuses.set(res.status, (t.statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) t.ms.push(performance.now() - sent);
        else t.failed++;
      } catch {
        t.failed++;
      }
    }
  };
  const probe = async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      try {
        const res = await fetch(`${server.url}/api/health`, {
          signal: AbortSignal.timeout(5000),
        });
        await res.body?.cancel();
        health.statuses.set(
          res.status,
          (health.statuses.get(res.status) ?? 0) + 1,
        );
        if (res.status === 200) health.ms.push(performance.now() - sent);
        else health.failed++;
      } catch {
        health.failed++;
      }
      const wait = 100 - (performance.now() - sent);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  };
  let peakSampled = rssBefore.now;
  const sampler = setInterval(() => {
    rssMiB(pid).then((r) => peakSampled = Math.max(peakSampled, r.now))
      .catch(() => {});
  }, 250);
  const started = performance.now();
  await Promise.all([
    ...Array.from(
      { length: cachedLoops },
      () => loop(cached, () => cachedBody),
    ),
    ...Array.from(
      { length: freshLoops },
      () => loop(fresh, () => csv(200, 5, freshSeed++)),
    ),
    probe(),
  ]);
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const rss = await rssMiB(pid);

  const line = (name: string, t: Tally) => {
    const sorted = [...t.ms].sort((a, b) => a - b);
    const statuses = [...t.statuses].map(([s, c]) => `${s}: ${c}`).join(", ");
    console.log(
      `${name.padEnd(13)} ${
        (t.ms.length / elapsed).toFixed(1).padStart(7)
      }/s  p50 ${percentile(sorted, 0.5).toFixed(0).padStart(5)} ms  p99 ${
        percentile(sorted, 0.99).toFixed(0).padStart(5)
      } ms  max ${
        (sorted.at(-1) ?? NaN).toFixed(0).padStart(5)
      } ms  (${statuses}; ${t.failed} failed)`,
    );
  };
  console.log(
    `${seconds} s, ${cachedLoops} loops of cached fits (2,000 x 20 CSV, ${
      (cachedBody.length / 1024).toFixed(0)
    } KiB) and ${freshLoops} of fresh fits (200 x 5 CSV), health every 100 ms`,
  );
  line("cached fits", cached);
  line("fresh fits", fresh);
  line("health", health);
  console.log(
    `server RSS: ${rssBefore.now.toFixed(0)} MiB after warm-up, peak ${
      Math.max(rss.peak, peakSampled).toFixed(0)
    } MiB, ${rss.now.toFixed(0)} MiB at the end`,
  );
  const slowest = Math.max(...health.ms);
  if (health.failed > 0 || !(slowest < 1000)) {
    console.error(
      `FAIL: /api/health failed ${health.failed} times, slowest ${
        slowest.toFixed(0)
      } ms`,
    );
    Deno.exitCode = 1;
  }
} finally {
  await server.stop();
  await Deno.remove(dir, { recursive: true });
}
