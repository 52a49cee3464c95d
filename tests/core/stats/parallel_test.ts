import assert from "node:assert/strict";
import { FitRequestError } from "../../../core/estimators/errors.ts";
import { fitSamples } from "../../../core/estimators/fit.ts";
import { prepareFit } from "../../../core/estimators/prepare.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import { createPrng, type Prng } from "../../../core/random/prng.ts";
import { mergeStatsInto } from "../../../core/stats/sample_stats.ts";
import {
  type BlockJob,
  blockStats,
  fitInBlocks,
  fitInBlocksHere,
  FixedRowBlocks,
  inThreadStatsWorker,
  matrixBlocks,
  matrixSource,
  mergeStats,
  type SampleStats,
  STATS_BLOCK_ROWS,
  statsBlockRows,
  statsPlan,
  type StatsWorker,
} from "../../../core/stats/mod.ts";
import { fitNumbers, relativeDifference, rowsOf, samples } from "./_split.ts";

/**
 * In-thread workers that answer after a random number of turns of the
 * event loop, so blocks come back out of order.
 */
function shuffledWorkers(count: number, prng: Prng): StatsWorker[] {
  const plain = inThreadStatsWorker();
  return Array.from({ length: count }, () => ({
    async blockStats(job: BlockJob) {
      const turns = Math.floor(prng() * 4);
      for (let t = 0; t < turns; t++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return plain.blockStats(job);
    },
  }));
}

// 2.5 blocks, so the last block is short.
const N = Math.floor(2.5 * STATS_BLOCK_ROWS);
const METHODS = [
  ["pairwise-mle", { bins: 16 }],
  ["censored", { standardErrors: true }],
  ["censored-moment", { standardErrors: true }],
  ["trunc-mle", {}],
] as const;

Deno.test("fitInBlocks() gives the same bits for any number of workers and completion order, and fitInBlocksHere() too", async (t) => {
  const x = samples(N, 3);
  const prng = createPrng(11);
  for (const [method, options] of METHODS) {
    await t.step(method, async () => {
      const prepared = prepareFit({ method, options });
      const one = fitNumbers(await fitInBlocks(matrixSource(x), prepared));
      assert.deepEqual(fitNumbers(fitInBlocksHere(x, prepared)), one);
      for (let trial = 0; trial < 3; trial++) {
        const count = 1 + Math.floor(prng() * 4);
        const many = await fitInBlocks(matrixSource(x), prepared, {
          workers: shuffledWorkers(count, prng),
        });
        assert.deepEqual(fitNumbers(many), one, `${count} workers`);
      }
      // Against all rows as one block: the rounding of the merged sums
      // (see stats_test.ts), about 1e-13 relative in b and Sigma and
      // 1e-11 in the standard errors, amplified at most tenfold by the
      // solves of the fit: 1e-10 is allowed.
      const whole = fitSamples(x, prepared);
      const fit = await fitInBlocks(matrixSource(x), prepared);
      assert.ok(relativeDifference(fit.sigma.data, whole.sigma.data) < 1e-10);
      assert.ok(relativeDifference(fit.b, whole.b) < 1e-10);
    });
  }
});

Deno.test("FixedRowBlocks regroups blocks of any sizes into the fixed blocks", () => {
  const x = samples(N, 5);
  const prng = createPrng(2);
  const regroup = new FixedRowBlocks();
  const out: Matrix[] = [];
  let at = 0;
  while (at < x.rows) {
    const take = Math.min(x.rows - at, Math.floor(prng() * 9000));
    out.push(...regroup.push([rowsOf(x, at, at + take)]));
    at += take;
  }
  out.push(...regroup.end());
  const expected = [...matrixBlocks(x)];
  assert.deepEqual(out.map((b) => b.rows), expected.map((b) => b.rows));
  out.forEach((b, i) =>
    assert.deepEqual(Array.from(b.data), Array.from(expected[i].data))
  );
  assert.throws(
    () => regroup.push([{ rows: 1, cols: 2, data: new Float64Array(2) }]),
    { name: "RangeError", message: /a block of 2 columns after blocks of 6/ },
  );
});

Deno.test("fitInBlocks() reports the first bad row in row order, whatever the workers", async () => {
  const x = samples(N, 7);
  const copy = { ...x, data: x.data.slice() };
  // Bad rows in the second and third blocks: the second's is reported.
  const early = STATS_BLOCK_ROWS + 10, late = 2 * STATS_BLOCK_ROWS + 3;
  copy.data[early * 6 + 1] = -1;
  copy.data[late * 6] = NaN;
  const prepared = prepareFit({ method: "pairwise-mle" });
  let expected = "";
  try {
    fitSamples(copy, prepared);
  } catch (e) {
    expected = (e as Error).message;
  }
  assert.match(expected, new RegExp(`row ${early}\\b`));
  const prng = createPrng(4);
  for (const count of [1, 2, 3, 4]) {
    await assert.rejects(
      fitInBlocks(matrixSource(copy), prepared, {
        workers: shuffledWorkers(count, prng),
      }),
      { name: "RangeError", message: expected },
    );
  }
});

Deno.test("fitInBlocks() refuses a fit that needs the rows, and no rows", async () => {
  const x = samples(10, 1);
  await assert.rejects(
    fitInBlocks(matrixSource(x), prepareFit({ method: "paper" })),
    (e) => e instanceof FitRequestError && /needs the rows/.test(e.message),
  );
  await assert.rejects(
    fitInBlocks(
      { d: 6, blocks: () => [] },
      prepareFit({ method: "censored-moment" }),
    ),
    { name: "RangeError", message: /there are no rows/ },
  );
});

Deno.test("mergeStatsInto() gives mergeStats()'s numbers, widening histogram counts past 65,535 rows", () => {
  const x = samples(Math.floor(4.2 * STATS_BLOCK_ROWS), 12);
  const plan = statsPlan(prepareFit({ method: "pairwise-mle" }), x.cols);
  let copied: SampleStats | null = null;
  for (let pass = 0; pass < plan.passes; pass++) {
    const blocks = [...matrixBlocks(x)].map((b, k) =>
      blockStats(b, plan, pass, copied, { firstRow: k * STATS_BLOCK_ROWS })
    );
    const again = [...matrixBlocks(x)].map((b, k) =>
      blockStats(b, plan, pass, copied, { firstRow: k * STATS_BLOCK_ROWS })
    );
    const byCopy = blocks.reduce((a, b) => mergeStats(a, b));
    const inPlace = again.reduce((a, b) => mergeStatsInto(a, b));
    assert.deepEqual(inPlace.parts, byCopy.parts, `pass ${pass}`);
    copied = byCopy;
  }
  const moments = copied!.parts.moments;
  assert.ok(
    moments.kind === "masked" && moments.value.zeroBins instanceof Uint32Array,
  );
});

Deno.test("statsBlockRows() keeps 16,384 rows up to d = 256, then blocks of about 2²² entries, at least 1024 rows", () => {
  assert.deepEqual(
    [1, 6, 256, 257, 1000, 5000].map(statsBlockRows),
    [16384, 16384, 16384, 16320, 4194, 1024],
  );
  const wide = { rows: 9000, cols: 1000, data: new Float64Array(9000 * 1000) };
  assert.deepEqual([...matrixBlocks(wide)].map((b) => b.rows), [
    4194,
    4194,
    612,
  ]);
  const regroup = new FixedRowBlocks();
  const out = [
    ...regroup.push([{
      ...wide,
      rows: 5000,
      data: wide.data.subarray(0, 5e6),
    }]),
    ...regroup.push([{ ...wide, rows: 4000, data: wide.data.subarray(5e6) }]),
    ...regroup.end(),
  ];
  assert.deepEqual(out.map((b) => b.rows), [4194, 4194, 612]);
});
