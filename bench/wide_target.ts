/**
 * The d = 1000, n = 100,000 target: the default fit's time against the plain
 * one-core XᵀX loop over the same array, and the peak resident memory of
 * each, measured in separate processes (Linux: VmHWM of /proc/self/status):
 * the fit of the rows in memory, and the fit of the same rows streamed from
 * an NPY file as `deno task fit` reads it (fixed blocks of rows merged in
 * place, on 1 and on 2 threads; the data never whole in memory).
 *
 * Run: deno run -A bench/wide_target.ts [n]
 * (spawns itself as `… wide_target.ts <n> plain`, `… <n> fit`,
 * `… <n> write <file>` and `… <n> stream <file> <threads>`).
 */
import {
  fitPairwiseMle,
  pairwiseMleEstimator,
} from "../core/estimators/pairwise_mle.ts";
import { resolveOptions } from "../core/estimators/options.ts";
import { prepareFit } from "../core/estimators/prepare.ts";
import { writeNpy } from "../core/formats/npy.ts";
import { denoIo } from "../functions/cli/_io.ts";
import { streamFit } from "../functions/cli/_stream_fit.ts";
import { StatsPool } from "../functions/workers/stats_pool.ts";
import { plainGram, wideData } from "./_data.ts";

const n = Number(Deno.args[0] ?? 100_000);
const what = Deno.args[1];

/** Peak resident memory of this process so far, in MB. */
function peakMb(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

if (what === undefined) {
  const results: Record<
    string,
    { ms: number; peakMb: number; dataMb: number }
  > = {};
  const file = await Deno.makeTempFile({ suffix: ".npy" });
  const self = (...args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--v8-flags=--max-old-space-size=4096",
        new URL(import.meta.url).pathname,
        String(n),
        ...args,
      ],
      stderr: "inherit",
    }).output();
  try {
    for (const part of ["plain", "fit"]) {
      const out = await self(part);
      results[part] = JSON.parse(new TextDecoder().decode(out.stdout));
    }
    await self("write", file);
    for (const threads of ["1", "2"]) {
      const out = await self("stream", file, threads);
      results[`stream${threads}`] = JSON.parse(
        new TextDecoder().decode(out.stdout),
      );
    }
  } finally {
    await Deno.remove(file);
  }
  const { plain, fit } = results;
  console.log(`d = 1000, n = ${n}: data ${plain.dataMb.toFixed(0)} MB`);
  console.log(
    `plain XᵀX: ${(plain.ms / 1000).toFixed(1)} s, peak ${
      plain.peakMb.toFixed(0)
    } MB`,
  );
  console.log(
    `pairwise-mle (default, standard errors): ${
      (fit.ms / 1000).toFixed(1)
    } s (${(fit.ms / plain.ms).toFixed(2)}x plain), peak ${
      fit.peakMb.toFixed(0)
    } MB (${(fit.peakMb - fit.dataMb).toFixed(0)} MB beyond the data)`,
  );
  for (const threads of ["1", "2"]) {
    const s = results[`stream${threads}`];
    console.log(
      `the same streamed from an NPY file on ${threads} thread(s): ${
        (s.ms / 1000).toFixed(1)
      } s (${(s.ms / plain.ms).toFixed(2)}x plain), peak ${
        s.peakMb.toFixed(0)
      } MB`,
    );
  }
} else if (what === "write") {
  await Deno.writeFile(Deno.args[2], writeNpy(wideData(n)()));
} else if (what === "stream") {
  const threads = Number(Deno.args[3]);
  const pool = new StatsPool(threads);
  const start = performance.now();
  await streamFit(denoIo, Deno.args[2], "npy", {}, prepareFit({}), {
    progress: null,
    workers: pool.workers,
  });
  const ms = performance.now() - start;
  pool.close();
  console.log(JSON.stringify({ ms, peakMb: peakMb(), dataMb: 0 }));
} else {
  const x = wideData(n)();
  const options = resolveOptions(pairwiseMleEstimator);
  const start = performance.now();
  if (what === "plain") plainGram(x);
  else fitPairwiseMle(x, { seed: 0, options });
  const ms = performance.now() - start;
  console.log(
    JSON.stringify({
      ms,
      peakMb: peakMb(),
      dataMb: x.data.byteLength / 2 ** 20,
    }),
  );
}
