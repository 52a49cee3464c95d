/**
 * How each method's fit time grows with n and with d: fit times at n ∈ {50k,
 * 100k, 200k} for d = 25 and at d ∈ {25, 50, 100, 200} for n = 50k (Figure 1
 * style data, default options), with the least-squares slope of log time on
 * log n (or log d). Each time is the best CPU time (see `cpuTimeMs`) of
 * `REPEATS` fits after one warm-up, next to the plain one-core XᵀX loop over
 * the same array.
 *
 * Run: deno run -A bench/scaling.ts [method…]   (all methods when none)
 * Prints a Markdown table.
 */
import { listEstimators } from "../core/estimators/registry.ts";
import { resolveOptions } from "../core/estimators/options.ts";
import type { Estimator } from "../core/estimators/types.ts";
import type { Matrix } from "../core/linalg/matrix.ts";
import { bestTimes, figureData, plainGram } from "./_data.ts";

const REPEATS = 2;
const N_SWEEP = [50_000, 100_000, 200_000];
const D_SWEEP = [25, 50, 100, 200];
const FIXED_D = 25;
const FIXED_N = 50_000;

/** Best CPU time (ms) of `REPEATS` calls after one warm-up. */
async function best(f: () => unknown): Promise<number> {
  return (await bestTimes(f, REPEATS)).cpu;
}

/** Least-squares slope of log y on log x. */
function logSlope(x: number[], y: number[]): number {
  const lx = x.map(Math.log), ly = y.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length;
  const my = ly.reduce((a, b) => a + b) / ly.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  return sxy / sxx;
}

function fitTime(e: Estimator, x: Matrix): Promise<number> {
  const options = resolveOptions(e);
  return best(() => e.fit(x, { seed: 1, options }));
}

const wanted = Deno.args;
const methods = listEstimators().filter((e) =>
  wanted.length === 0 || wanted.includes(e.name)
);
const sweeps = [
  ...N_SWEEP.map((n) => ({ n, d: FIXED_D })),
  ...D_SWEEP.map((d) => ({ n: FIXED_N, d })),
];
const data = new Map(sweeps.map(({ n, d }) => [`${n}x${d}`, figureData(d, n)]));
const plain = new Map<string, number>();
for (const [key, x] of data) plain.set(key, await best(() => plainGram(x())));

const header = [
  "method",
  ...N_SWEEP.map((n) => `n = ${n / 1000}k`),
  "slope in n",
  ...D_SWEEP.map((d) => `d = ${d}`),
  "slope in d",
];
console.log(`| ${header.join(" | ")} |`);
console.log(`| ${header.map(() => "---").join(" | ")} |`);
const ms = (t: number) =>
  t < 1000 ? `${t.toFixed(0)} ms` : `${(t / 1000).toFixed(2)} s`;
const row = async (
  name: string,
  time: (n: number, d: number) => number | Promise<number>,
) => {
  const tn: number[] = [], td: number[] = [];
  for (const n of N_SWEEP) tn.push(await time(n, FIXED_D));
  for (const d of D_SWEEP) td.push(await time(FIXED_N, d));
  console.log(
    `| ${
      [
        name,
        ...tn.map(ms),
        logSlope(N_SWEEP, tn).toFixed(2),
        ...td.map(ms),
        logSlope(D_SWEEP, td).toFixed(2),
      ].join(" | ")
    } |`,
  );
};
await row("plain XᵀX (one core)", (n, d) => plain.get(`${n}x${d}`)!);
for (const e of methods) {
  await row(e.name, (n, d) => fitTime(e, data.get(`${n}x${d}`)!()));
}
