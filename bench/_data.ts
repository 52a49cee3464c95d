/** Data sets and baselines shared by the benchmarks, built once on first use. */
import { randomTruth } from "../core/experiments/truth.ts";
import type { Matrix } from "../core/linalg/matrix.ts";
import { createPrng } from "../core/random/prng.ts";
import { fillStandardNormal } from "../core/random/normal.ts";
import { sampleRectifiedGaussian } from "../core/sampling/rectified_gaussian.ts";

/** `make()` on the first call, the same value afterwards. */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Figure 1 style data: d = k, kappa = 1, relu bias, n samples. */
export function figureData(d: number, n: number): () => Matrix {
  return lazy(() => {
    const prng = createPrng(1);
    const truth = randomTruth({ d, k: d, kappa: 1, bias: "relu" }, prng);
    return sampleRectifiedGaussian(truth.w, truth.b, n, prng);
  });
}

/**
 * n samples at d = 1000 from a banded W (x_j = ReLU(0.8 z_j + 0.6 z_{j+1} +
 * b_j), b_j alternating 0 and 0.5): O(n d) to generate instead of O(n d k).
 */
export function wideData(n: number): () => Matrix {
  return lazy(() => {
    const d = 1000;
    const prng = createPrng(2);
    const data = new Float64Array(n * d);
    const z = new Float64Array(d);
    for (let row = 0; row < n; row++) {
      fillStandardNormal(prng, z);
      for (let j = 0; j < d; j++) {
        const y = 0.8 * z[j] + 0.6 * z[(j + 1) % d] + (j % 2 === 0 ? 0 : 0.5);
        data[row * d + j] = y > 0 ? y : 0;
      }
    }
    return { rows: n, cols: d, data };
  });
}

/** One pass summing every entry: the floor any fit must pay to read the data. */
export function sumAll(x: Matrix): number {
  let s = 0;
  for (let i = 0; i < x.data.length; i++) s += x.data[i];
  return s;
}

/** Side of the MNIST-like images: 28 × 28 = 784 columns. */
const IMAGE_SIDE = 28;

/**
 * MNIST-like data: n rows of 784 columns (28 × 28 "pixels"), about 80% zeros.
 * The outer frame of pixels (108 columns) is always 0, like the blank border
 * of digit images; every other pixel is ReLU(w_j · z + b_j) with z ~ N(0, I_k),
 * k = 20, w_j random unit rows and b_j = −0.73 so that P(x_j > 0) ≈ 0.23 and
 * about 20% of all entries are positive. Cost O(n · 784 · k).
 */
export function mnistLikeData(n: number): () => Matrix {
  return lazy(() => {
    const side = IMAGE_SIDE;
    const d = side * side;
    const k = 20;
    const prng = createPrng(3);
    const w = new Float64Array(d * k);
    fillStandardNormal(prng, w);
    for (let j = 0; j < d; j++) {
      let norm = 0;
      for (let c = 0; c < k; c++) norm += w[j * k + c] ** 2;
      const scale = 1 / Math.sqrt(norm);
      for (let c = 0; c < k; c++) w[j * k + c] *= scale;
    }
    const frame = (j: number) => {
      const r = Math.floor(j / side), c = j % side;
      return r === 0 || c === 0 || r === side - 1 || c === side - 1;
    };
    const data = new Float64Array(n * d);
    const z = new Float64Array(k);
    for (let row = 0; row < n; row++) {
      fillStandardNormal(prng, z);
      for (let j = 0; j < d; j++) {
        if (frame(j)) continue;
        let y = -0.73;
        for (let c = 0; c < k; c++) y += w[j * k + c] * z[c];
        data[row * d + j] = y > 0 ? y : 0;
      }
    }
    return { rows: n, cols: d, data };
  });
}

/**
 * The plain one-core Gram loop over the same array: the upper triangle of
 * XᵀX accumulated row by row, no zero skipping, no tiling. Targets are ratios
 * to this loop.
 */
export function plainGram(x: Matrix): Float64Array {
  const { rows: n, cols: d, data } = x;
  const acc = new Float64Array(d * d);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    for (let i = 0; i < d; i++) {
      const xi = data[o + i];
      const row = i * d;
      for (let j = i; j < d; j++) acc[row + j] += xi * data[o + j];
    }
  }
  return acc;
}

/**
 * CPU time of this process so far, in ms (Linux: user + system time of
 * /proc/self/stat, all threads): unlike wall time, it does not grow while
 * other processes hold the cores.
 */
export function cpuTimeMs(): number {
  const stat = Deno.readTextFileSync("/proc/self/stat");
  // Fields after the command name (which may hold spaces), from field 3 on.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10; // USER_HZ = 100 on Linux
}

/**
 * Best wall and CPU time (ms) of `repeats` calls, after one warm-up call
 * (a call that returns a promise counts until it settles).
 */
export async function bestTimes(
  f: () => unknown,
  repeats: number,
): Promise<{ wall: number; cpu: number }> {
  await f();
  let wall = Infinity, cpu = Infinity;
  for (let r = 0; r < repeats; r++) {
    const w0 = performance.now(), c0 = cpuTimeMs();
    await f();
    wall = Math.min(wall, performance.now() - w0);
    cpu = Math.min(cpu, cpuTimeMs() - c0);
  }
  return { wall, cpu };
}
