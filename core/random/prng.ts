/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman and Vigna, 2018) on four
 * 32-bit words, seeded through SplitMix64. Only 32-bit integer operations
 * (`Math.imul`, shifts) are used, so a seed gives the same stream on every
 * JavaScript runtime.
 *
 * This module is browser compatible.
 * @module
 */

/** A generator of uniform doubles in [0, 1), like `Math.random`. */
export type Prng = () => number;

/** Largest seed accepted: seeds travel through JSON, so they stay exact doubles. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

const MASK64 = (1n << 64n) - 1n;

function splitMix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(
      `Cannot seed the generator: seed must be an integer in [0, ${MAX_SEED}], got ${seed}`,
    );
  }
}

/**
 * A xoshiro128** generator seeded with `seed`. Each call returns a double in
 * [0, 1) with 53 random bits (two 32-bit outputs).
 */
export function createPrng(seed: number): Prng {
  checkSeed(seed);
  let state = BigInt(seed);
  const words = new Uint32Array(4);
  for (let i = 0; i < 4; i += 2) {
    const [next, out] = splitMix64(state);
    state = next;
    words[i] = Number(out & 0xffffffffn);
    words[i + 1] = Number(out >> 32n);
  }
  let s0 = words[0]!, s1 = words[1]!, s2 = words[2]!, s3 = words[3]!;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point

  function nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  }
  return function nextFloat64(): number {
    const hi = nextUint32() >>> 5; // 27 bits
    const lo = nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A child seed for stream `index` of `seed`, so that runs of an experiment get
 * independent, reproducible generators.
 */
export function deriveSeed(seed: number, index: number): number {
  checkSeed(seed);
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new RangeError(
      `Cannot derive a seed: index must be a non-negative safe integer, got ${index}`,
    );
  }
  const [, out] = splitMix64(
    (BigInt(seed) * 0x100000001b3n + BigInt(index) + 1n) & MASK64,
  );
  return Number(out & BigInt(MAX_SEED));
}
