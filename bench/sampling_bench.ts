/**
 * Timing of the samplers: the standard normal generator, the truncated normal
 * at a body, a middle and a far-tail truncation point, and D(W, b) at the
 * sizes the project targets. Each group has a baseline in the same run, so
 * ratios survive a busy machine.
 *
 * Run: deno bench -A bench/sampling_bench.ts
 */
import { createPrng, type Prng } from "../core/random/prng.ts";
import { fillStandardNormal, standardNormal } from "../core/random/normal.ts";
import {
  fillStandardNormalAbove,
  standardNormalAbove,
} from "../core/sampling/truncated_normal.ts";
import { sampleRectifiedGaussian } from "../core/sampling/rectified_gaussian.ts";
import { randomTruth } from "../core/experiments/truth.ts";
import { lazy } from "./_data.ts";

/** Draws per iteration of the generator groups. */
const DRAWS = 1_000_000;
const buffer = new Float64Array(DRAWS);
let sink = 0;

/** Uniforms only: the floor of any generator built on the Prng. */
function fillUniforms(prng: Prng, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = prng();
}

/**
 * Marsaglia's polar method, both values of each pair kept: the generator the
 * project used before, kept here as a reference point for the timings.
 */
function fillPolar(prng: Prng, out: Float64Array): void {
  let i = 0;
  while (i < out.length) {
    const u = 2 * prng() - 1;
    const v = 2 * prng() - 1;
    const s = u * u + v * v;
    if (s <= 0 || s >= 1) continue;
    const f = Math.sqrt(-2 * Math.log(s) / s);
    out[i++] = u * f;
    if (i < out.length) out[i++] = v * f;
  }
}

Deno.bench({
  name: "1M uniforms (prng)",
  group: "normal 1M",
  baseline: true,
  fn: () => fillUniforms(createPrng(1), buffer),
});
Deno.bench({
  name: "1M normals, polar method (reference)",
  group: "normal 1M",
  fn: () => fillPolar(createPrng(1), buffer),
});
Deno.bench({
  name: "1M normals, fillStandardNormal",
  group: "normal 1M",
  fn: () => void fillStandardNormal(createPrng(1), buffer),
});
Deno.bench({
  name: "1M normals, standardNormal one at a time",
  group: "normal 1M",
  fn: () => {
    const prng = createPrng(1);
    for (let i = 0; i < DRAWS; i++) buffer[i] = standardNormal(prng);
  },
});

for (const a of [-0.5, 0, 2, 30]) {
  const group = `truncated normal 1M, a = ${a}`;
  Deno.bench({
    name: "1M normals, fillStandardNormal",
    group,
    baseline: true,
    fn: () => void fillStandardNormal(createPrng(1), buffer),
  });
  Deno.bench({
    name: `1M draws of Z | Z > ${a}`,
    group,
    fn: () => {
      const prng = createPrng(1);
      for (let i = 0; i < DRAWS; i++) buffer[i] = standardNormalAbove(prng, a);
    },
  });
  Deno.bench({
    name: `1M draws of Z | Z > ${a}, fillStandardNormalAbove in tens`,
    group,
    fn: () => {
      // Ten at a time, as the paper method's SGD steps draw them.
      const prng = createPrng(1);
      for (let i = 0; i < DRAWS; i += 10) {
        fillStandardNormalAbove(prng, a, buffer.subarray(i, i + 10));
      }
    },
  });
}

/** Figure 1 model: d = k = 25, kappa = 1, relu bias. */
const figureTruth = lazy(() =>
  randomTruth({ d: 25, k: 25, kappa: 1, bias: "relu" }, createPrng(1))
);

/** A full d × d model with d = 100. */
const wideTruth = lazy(() =>
  randomTruth({ d: 100, k: 100, kappa: 1, bias: "relu" }, createPrng(2))
);

const normalsScratch = lazy(() => new Float64Array(100_000 * 100));

Deno.bench({
  name: "12.5M normals (n k for n = 500k, k = 25)",
  group: "D(W, b) n=500k d=k=25",
  baseline: true,
  n: 5,
  warmup: 1,
  fn: () => {
    const out = new Float64Array(500_000 * 25);
    fillStandardNormal(createPrng(1), out);
    sink += out[0];
  },
});
Deno.bench({
  name: "sampleRectifiedGaussian, n = 500k, d = k = 25",
  group: "D(W, b) n=500k d=k=25",
  n: 5,
  warmup: 1,
  fn: () => {
    const t = figureTruth();
    sink += sampleRectifiedGaussian(t.w, t.b, 500_000, createPrng(1)).data[0];
  },
});

Deno.bench({
  name: "10M normals (n k for n = 100k, k = 100)",
  group: "D(W, b) n=100k d=k=100",
  baseline: true,
  n: 5,
  warmup: 1,
  fn: () => {
    const out = normalsScratch();
    fillStandardNormal(createPrng(1), out);
    sink += out[0];
  },
});
Deno.bench({
  name: "sampleRectifiedGaussian, n = 100k, d = k = 100",
  group: "D(W, b) n=100k d=k=100",
  n: 5,
  warmup: 1,
  fn: () => {
    const t = wideTruth();
    sink += sampleRectifiedGaussian(t.w, t.b, 100_000, createPrng(1)).data[0];
  },
});

// Keeps the results observable so the loops are not optimised away.
globalThis.addEventListener("unload", () => {
  if (Number.isNaN(sink + buffer[0])) console.log("sink is NaN");
});
