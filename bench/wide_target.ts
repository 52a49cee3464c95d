/**
 * The d = 1000, n = 100,000 target: the default fit's time against the plain
 * one-core XᵀX loop over the same array, and the peak resident memory of
 * each, measured in separate processes (Linux: VmHWM of /proc/self/status).
 *
 * Run: deno run -A bench/wide_target.ts [n]
 * (spawns itself as `… wide_target.ts <n> plain` and `… <n> fit`).
 */
import {
  fitPairwiseMle,
  pairwiseMleEstimator,
} from "../core/estimators/pairwise_mle.ts";
import { resolveOptions } from "../core/estimators/options.ts";
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
  for (const part of ["plain", "fit"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--v8-flags=--max-old-space-size=4096",
        new URL(import.meta.url).pathname,
        String(n),
        part,
      ],
      stderr: "inherit",
    }).output();
    results[part] = JSON.parse(new TextDecoder().decode(out.stdout));
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
