/**
 * Fits from statistics of random splits of the rows, merged in random
 * orders, for the tests of `core/stats`.
 */
import type { Matrix } from "../../../core/linalg/matrix.ts";
import { createPrng, type Prng } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import type { FitResult } from "../../../core/estimators/types.ts";
import type { PreparedFit } from "../../../core/estimators/prepare.ts";
import {
  blockStats,
  fitFromStats,
  mergeStats,
  type SampleStats,
  statsPlan,
} from "../../../core/stats/mod.ts";

/** d = 6 samples with b of both signs and correlated coordinates. */
export function samples(n: number, seed: number): Matrix {
  const d = 6;
  const prng = createPrng(seed);
  const w = {
    rows: d,
    cols: d,
    data: new Float64Array(d * d).map((_, i) =>
      prng() - 0.5 + (i % (d + 1) === 0 ? 1 : 0)
    ),
  };
  const b = new Float64Array(d).map((_, j) => (j % 3) * 0.4 - 0.4);
  return sampleRectifiedGaussian(w, b, n, createPrng(seed + 1));
}

/** Rows [from, to) of x as their own matrix. */
export function rowsOf(x: Matrix, from: number, to: number): Matrix {
  return {
    rows: to - from,
    cols: x.cols,
    data: x.data.slice(from * x.cols, to * x.cols),
  };
}

/** Up to `blocks` − 1 random cut points in (0, n), sorted, with 0 and n; empty blocks allowed. */
export function randomCuts(n: number, blocks: number, prng: Prng): number[] {
  const cuts = [0, n];
  for (let k = 1; k < blocks; k++) cuts.push(Math.floor(prng() * (n + 1)));
  return cuts.sort((a, b) => a - b);
}

/** Merges `items` by repeatedly joining two random neighbours or strangers. */
export function mergeRandomly(items: SampleStats[], prng: Prng): SampleStats {
  const pool = [...items];
  while (pool.length > 1) {
    const i = Math.floor(prng() * pool.length);
    const [a] = pool.splice(i, 1);
    const j = Math.floor(prng() * pool.length);
    // Either order: merging is commutative up to rounding.
    pool[j] = prng() < 0.5 ? mergeStats(a, pool[j]) : mergeStats(pool[j], a);
  }
  return pool[0];
}

/** The fit from statistics of x cut at random into `blocks` blocks, merged at random. */
export function splitFit(
  x: Matrix,
  prepared: PreparedFit,
  blocks: number,
  seed: number,
): FitResult {
  const prng = createPrng(seed);
  const plan = statsPlan(prepared, x.cols);
  let earlier: SampleStats | null = null;
  for (let pass = 0; pass < plan.passes; pass++) {
    // Each pass may cut the rows differently: only the rows matter.
    const cuts = randomCuts(x.rows, blocks, prng);
    const parts: SampleStats[] = [];
    for (let k = 0; k + 1 < cuts.length; k++) {
      parts.push(
        blockStats(rowsOf(x, cuts[k], cuts[k + 1]), plan, pass, earlier, {
          firstRow: cuts[k],
        }),
      );
    }
    earlier = mergeRandomly(parts, prng);
  }
  return fitFromStats(earlier!, prepared);
}

/** max |a − b| over the entries, divided by max |a| (1 when a is all 0). */
export function relativeDifference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): number {
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / (scale > 0 ? scale : 1);
}

/** The numbers a fit reports, as one array. */
export function fitNumbers(fit: FitResult): number[] {
  return [
    ...fit.sigma.data,
    ...fit.b,
    ...(fit.standardErrors?.sigma.data ?? []),
    ...(fit.standardErrors?.b ?? []),
  ];
}
