import assert from "node:assert/strict";
import { fitSamples } from "../../../core/estimators/fit.ts";
import { prepareFit } from "../../../core/estimators/prepare.ts";
import { createPrng } from "../../../core/random/prng.ts";
import {
  fitInBlocks,
  matrixSource,
  STATS_BLOCK_ROWS,
} from "../../../core/stats/mod.ts";
import {
  MAX_STATS_THREADS,
  StatsPool,
} from "../../../functions/workers/stats_pool.ts";
import {
  fitNumbers,
  relativeDifference,
  samples,
} from "../../core/stats/_split.ts";

Deno.test("StatsPool: fits are the same bits with 1 to 4 threads (Web Workers)", async (t) => {
  const x = samples(Math.floor(2.5 * STATS_BLOCK_ROWS), 9);
  const prng = createPrng(21);
  for (
    const request of [
      { method: "pairwise-mle", options: { standardErrors: true } },
      { method: "censored", options: { standardErrors: true } },
    ]
  ) {
    await t.step(request.method, async () => {
      const prepared = prepareFit(request);
      const inThread = fitNumbers(await fitInBlocks(matrixSource(x), prepared));
      for (let trial = 0; trial < 2; trial++) {
        const threads = 2 + Math.floor(prng() * 3);
        const pool = new StatsPool(threads);
        try {
          const fit = await fitInBlocks(matrixSource(x), prepared, {
            workers: pool.workers,
          });
          assert.deepEqual(fitNumbers(fit), inThread, `${threads} threads`);
        } finally {
          pool.close();
        }
      }
      // The data were not taken over by the workers.
      const whole = fitSamples(x, prepared);
      // As in tests/core/stats/parallel_test.ts: rounding of the merged sums.
      assert.ok(
        relativeDifference(fitNumbers(whole), inThread) < 1e-10,
      );
    });
  }
});

Deno.test("StatsPool: a bad entry fails with the in-thread message, and the pool refuses bad thread counts", async () => {
  const x = samples(2 * STATS_BLOCK_ROWS, 2);
  x.data[(STATS_BLOCK_ROWS + 5) * 6 + 2] = -3;
  const prepared = prepareFit({ method: "censored-moment" });
  const pool = new StatsPool(3);
  try {
    await assert.rejects(
      fitInBlocks(matrixSource(x), prepared, { workers: pool.workers }),
      {
        name: "RangeError",
        message: new RegExp(`row ${STATS_BLOCK_ROWS + 5}, column 2 is -3`),
      },
    );
  } finally {
    pool.close();
  }
  for (const bad of [0, 1.5, MAX_STATS_THREADS + 1]) {
    assert.throws(() => new StatsPool(bad), {
      name: "RangeError",
      message: new RegExp(
        `threads must be an integer from 1 to ${MAX_STATS_THREADS}, got ${bad}`,
      ),
    });
  }
});
