import assert from "node:assert/strict";
import { createPrng, deriveSeed, MAX_SEED } from "../../../core/random/prng.ts";

const N = 1_000_000;

Deno.test("createPrng() gives the same stream for the same seed", () => {
  const a = createPrng(123), b = createPrng(123);
  for (let i = 0; i < 10_000; i++) assert.equal(a(), b());
  const c = createPrng(124);
  let same = 0;
  const d = createPrng(123);
  for (let i = 0; i < 1000; i++) if (c() === d()) same++;
  assert.equal(same, 0);
});

Deno.test("createPrng() regression anchor: first draws of seed 42 and seed 0", () => {
  // Recorded once from this implementation; it guards the stream's stability
  // (runs are reproduced from their seed). The statistical tests below are
  // what says the stream is any good.
  const p = createPrng(42);
  assert.deepEqual([p(), p(), p(), p()], [
    0.4137016681565887,
    0.003983993377814743,
    0.6500837027638867,
    0.6846020186141416,
  ]);
  const q = createPrng(0);
  assert.deepEqual([q(), q()], [0.870254774404272, 0.6697971505310978]);
  assert.deepEqual(
    [deriveSeed(42, 0), deriveSeed(42, 1), deriveSeed(0, 0)],
    [7550750684674727, 8276901396916289, 2865243701271745],
  );
});

Deno.test("createPrng() draws lie in [0, 1) with 53-bit resolution", () => {
  const p = createPrng(2024);
  let oddLowBit = 0;
  let min = 1, max = 0;
  for (let i = 0; i < N; i++) {
    const u = p();
    if (u < min) min = u;
    if (u > max) max = u;
    const scaled = u * 2 ** 53;
    assert.ok(Number.isInteger(scaled));
    if (scaled % 2 === 1) oddLowBit++;
  }
  assert.ok(min >= 0 && max < 1, `range [${min}, ${max}]`);
  // With 1e6 draws min and max fall within ~1e-5 of the ends (P(miss) ≈ e^-10).
  assert.ok(min < 1e-5 && max > 1 - 1e-5, `range [${min}, ${max}]`);
  // The lowest of the 53 bits is a fair coin: mean 1/2, SE 0.5/√n = 5e-4.
  assert.ok(Math.abs(oddLowBit / N - 0.5) < 5 * 5e-4, `low bit ${oddLowBit}`);
});

Deno.test("createPrng() mean, variance and lag-1 correlation match U(0, 1)", () => {
  const p = createPrng(99);
  let s1 = 0, s2 = 0, lag = 0, prev = p();
  for (let i = 0; i < N; i++) {
    const u = p();
    s1 += u;
    s2 += u * u;
    lag += (u - 0.5) * (prev - 0.5);
    prev = u;
  }
  const mean = s1 / N;
  const variance = s2 / N - mean * mean;
  // U(0,1): mean 1/2, variance 1/12. SE(mean) = √(1/12 / n) = 2.89e-4;
  // SE(variance) = √((μ4 − σ⁴) / n) with μ4 = 1/80, σ⁴ = 1/144 → 7.45e-5.
  assert.ok(Math.abs(mean - 0.5) < 5 * 2.89e-4, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1 / 12) < 5 * 7.45e-5, `variance ${variance}`);
  // Products of independent centred uniforms: mean 0, SD 1/12, so
  // SE(lag / n) = (1/12) / √n = 8.3e-5.
  assert.ok(Math.abs(lag / N) < 5 * 8.3e-5, `lag-1 covariance ${lag / N}`);
});

Deno.test("deriveSeed() gives distinct, uncorrelated streams", () => {
  const seeds = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const s = deriveSeed(7, i);
    assert.ok(Number.isSafeInteger(s) && s >= 0 && s <= MAX_SEED);
    seeds.add(s);
  }
  assert.equal(seeds.size, 10_000);
  // Neighbouring parents do not collide either.
  assert.notEqual(deriveSeed(7, 1), deriveSeed(8, 0));
  assert.equal(deriveSeed(7, 3), deriveSeed(7, 3));
  // Two child streams are uncorrelated: sample correlation of n pairs has
  // SE 1/√n = 1e-3 under independence.
  const a = createPrng(deriveSeed(7, 0)), b = createPrng(deriveSeed(7, 1));
  let sab = 0;
  for (let i = 0; i < N; i++) sab += (a() - 0.5) * (b() - 0.5);
  const correlation = (sab / N) * 12;
  assert.ok(Math.abs(correlation) < 5e-3, `correlation ${correlation}`);
});

Deno.test("createPrng() and deriveSeed() reject bad seeds with RangeError", () => {
  for (const bad of [-1, 1.5, NaN, Infinity, MAX_SEED + 1, 2 ** 64]) {
    assert.throws(() => createPrng(bad), {
      name: "RangeError",
      message:
        `Cannot seed the generator: seed must be an integer in [0, ${MAX_SEED}], got ${bad}`,
    });
    assert.throws(() => deriveSeed(bad, 0), RangeError);
  }
  for (const badIndex of [-1, 1.5, NaN, Infinity]) {
    assert.throws(() => deriveSeed(1, badIndex), {
      name: "RangeError",
      message:
        `Cannot derive a seed: index must be a non-negative safe integer, got ${badIndex}`,
    });
  }
  // The edges are accepted.
  deriveSeed(MAX_SEED, Number.MAX_SAFE_INTEGER);
  createPrng(0);
  createPrng(MAX_SEED);
});
