/**
 * The longest stretch of work between two `checkStop()` calls (see
 * `core/stop/`), per method and shape at the sizes the API's default limits
 * allow: how long a job past its deadline may compute before it stops. For
 * each case the fit runs once inside `withStopCheck` with a check that never
 * stops but notes the time since the previous call; the largest gap and
 * between which two `checkStop` calls (their callers) are printed, with the fit's
 * whole time. A gap as long as the fit means a loop without a check.
 *
 * Run: `deno run -A bench/stop_gaps.ts [method …] [d=20 …]` (a few minutes).
 *
 * @module
 */
import { fitCost, fitRefusal } from "../core/cost/mod.ts";
import { prepareFit } from "../core/estimators/prepare.ts";
import { fitSamples } from "../core/estimators/fit.ts";
import { DEFAULT_REGISTRY } from "../core/estimators/registry.ts";
import { randomTruth } from "../core/experiments/truth.ts";
import type { Matrix } from "../core/linalg/matrix.ts";
import { createPrng } from "../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../core/sampling/rectified_gaussian.ts";
import { withStopCheck } from "../core/stop/mod.ts";
import { DEFAULT_LIMITS } from "../functions/app.ts";
import { fitBudget } from "../functions/http/cost_limits.ts";
import { checkCostOf } from "../functions/routes/fit_price.ts";

const budget = fitBudget(DEFAULT_LIMITS);

function data(n: number, d: number, seed = 1): Matrix {
  const prng = createPrng(seed);
  const truth = randomTruth({ d, k: d, kappa: 2, bias: "relu" }, prng);
  return sampleRectifiedGaussian(truth.w, truth.b, n, prng);
}

/** The largest n ≤ maxEntries / d whose fit is within the default budget. */
function largestN(d: number, request: Record<string, unknown>): number {
  const fit = prepareFit(request);
  const ok = (n: number) =>
    fitRefusal(
      { n, d },
      fitCost({ n, d }, fit, { check: checkCostOf(fit, n) }),
      budget,
    ) === null;
  let lo = 0;
  let hi = Math.floor(budget.maxEntries / d);
  if (ok(hi)) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Runs `fn` noting the longest gap between stop checks. */
function measureGaps(fn: () => void): {
  maxGapMs: number;
  where: string;
  totalMs: number;
  checks: number;
} {
  const start = performance.now();
  let last = start;
  let maxGapMs = 0;
  let where = "";
  let previous = "(the start)";
  let checks = 0;
  const caller = () =>
    new Error().stack?.split("\n")[4]?.trim().replace(/^at /, "")
      .replace(/\(?file:\/\/[^)]*\/(core\/[^)]*)\)?/, "$1") ?? "";
  withStopCheck(() => {
    const now = performance.now();
    checks++;
    const here = caller();
    if (now - last > maxGapMs) {
      maxGapMs = now - last;
      where = `${previous} → ${here}`;
    }
    previous = here;
    last = performance.now();
    return false;
  }, fn);
  const end = performance.now();
  if (end - last > maxGapMs) {
    maxGapMs = end - last;
    where = `${previous} → the end`;
  }
  return { maxGapMs, where, totalMs: end - start, checks };
}

const named = Deno.args.filter((a) => !a.startsWith("d="));
const onlyD = Deno.args.filter((a) => a.startsWith("d=")).map((a) =>
  Number(a.slice(2))
);
const methods = named.length > 0 ? named : DEFAULT_REGISTRY.names();
const cases: { d: number; extra: Record<string, unknown> }[] = [
  { d: 1000, extra: {} },
  { d: 400, extra: {} },
  { d: 200, extra: {} },
  { d: 100, extra: { rank: 5 } },
  { d: 20, extra: {} },
  { d: 20, extra: { check: true } },
  { d: 50, extra: { bootstrap: 20 } },
];
for (const method of methods) {
  for (const { d, extra } of cases) {
    if (onlyD.length > 0 && !onlyD.includes(d)) continue;
    const request = { method, ...extra };
    const n = Math.min(largestN(d, request), 200_000);
    if (n < 50) {
      console.log(`${method} ${JSON.stringify(extra)} d=${d}: over budget`);
      continue;
    }
    const x = data(n, d);
    const label = `${method} ${JSON.stringify(extra)} n=${n} d=${d}`;
    try {
      const g = measureGaps(() => fitSamples(x, prepareFit(request)));
      console.log(
        `${label}: longest ${g.maxGapMs.toFixed(1)} ms of ${
          g.totalMs.toFixed(0)
        } ms, ${g.checks} checks, at ${g.where}`,
      );
    } catch (e) {
      console.log(`${label}: ${(e as Error).message}`);
    }
  }
}
