/**
 * The speed targets as ratios to the plain one-core XᵀX loop over the same
 * array, in wall time and in CPU time (the latter holds up on a busy
 * machine): the default method (pairwise-mle with standard errors) and the
 * paper method at n = 500,000, d = 25, and the default method on the
 * MNIST-like 10,000 × 784 data. Best of `REPEATS` after a warm-up; the masked
 * Gram pass and the column statistics are timed alone as the breakdown. The
 * fit from fixed blocks of rows runs on 1 thread and on the machine's cores
 * (the same bits; CPU time then counts every thread, so its wall time is
 * the one to compare).
 * The d = 1000 target is bench/wide_target.ts.
 *
 * Run: deno run -A bench/targets.ts
 */
import { columnStats } from "../core/kernels/column_stats.ts";
import { maskedGram } from "../core/kernels/masked_gram.ts";
import { fitPaper } from "../core/estimators/paper.ts";
import {
  fitPairwiseMle,
  pairwiseMleEstimator,
} from "../core/estimators/pairwise_mle.ts";
import { resolveOptions } from "../core/estimators/options.ts";
import type { Matrix } from "../core/linalg/matrix.ts";
import { prepareFit } from "../core/estimators/prepare.ts";
import { fitInBlocks, matrixSource } from "../core/stats/mod.ts";
import { StatsPool } from "../functions/workers/stats_pool.ts";
import { bestTimes, figureData, mnistLikeData, plainGram } from "./_data.ts";

const defaults = { seed: 0, options: resolveOptions(pairwiseMleEstimator) };
const withoutRefits = {
  ...defaults,
  options: { ...defaults.options, jointAbove: 1 },
};
const paperOptions = { B: 1, r: 3, lambda: 0.1, batch: 10 };

async function report(
  title: string,
  x: Matrix,
  repeats: number,
  parts: [string, () => unknown][],
): Promise<void> {
  const plain = await bestTimes(() => plainGram(x), repeats);
  console.log(
    `${title}: plain XᵀX ${plain.wall.toFixed(0)} ms wall, ${
      plain.cpu.toFixed(0)
    } ms CPU`,
  );
  for (const [name, f] of parts) {
    const t = await bestTimes(f, repeats);
    console.log(
      `  ${name}: ${t.wall.toFixed(0)} ms wall (${
        (t.wall / plain.wall).toFixed(2)
      }x), ${t.cpu.toFixed(0)} ms CPU (${(t.cpu / plain.cpu).toFixed(2)}x)`,
    );
  }
}

/** The block-parallel fit on `threads` threads (wall time is what counts). */
function onThreads(x: Matrix, threads: number): () => Promise<unknown> {
  const pool = new StatsPool(threads);
  pools.push(pool);
  const prepared = prepareFit({ method: "pairwise-mle" });
  return () =>
    fitInBlocks(matrixSource(x), prepared, { workers: pool.workers });
}
const pools: StatsPool[] = [];
const threads = Math.max(2, navigator.hardwareConcurrency);

const figure = figureData(25, 500_000)();
await report("n = 500k, d = 25", figure, 3, [
  ["pairwise-mle", () => fitPairwiseMle(figure, defaults)],
  ["pairwise-mle, fixed blocks, 1 thread", onThreads(figure, 1)],
  [
    `pairwise-mle, fixed blocks, ${threads} threads`,
    onThreads(figure, threads),
  ],
  [
    "  its masked Gram",
    () => maskedGram(figure, { bins: 64, higherMoments: true }),
  ],
  ["  its column statistics", () => columnStats(figure)],
  ["paper", () => fitPaper(figure, { seed: 1, options: paperOptions })],
]);
const mnist = mnistLikeData(10_000)();
await report("MNIST-like 10k x 784", mnist, 1, [
  ["pairwise-mle", () => fitPairwiseMle(mnist, defaults)],
  [
    "  without joint pair refits (jointAbove = 1)",
    () => fitPairwiseMle(mnist, withoutRefits),
  ],
  [
    "  its masked Gram",
    () => maskedGram(mnist, { bins: 64, higherMoments: true }),
  ],
]);
for (const pool of pools) pool.close();
