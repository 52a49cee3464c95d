/**
 * Digests of seeded random streams and special-function values, for the
 * test that they are the same bytes on every runtime. Pure module (no
 * runtime APIs), so it also runs bundled under Node.
 */
import { createPrng, fillStandardNormal } from "../../core/random/mod.ts";
import {
  fillStandardNormalAbove,
  sampleRectifiedGaussian,
} from "../../core/sampling/mod.ts";
import { randomTruth, type TruthSpec } from "../../core/experiments/truth.ts";
import { fitSamples, methodNames } from "../../core/estimators/mod.ts";
import {
  erfc,
  erfcx,
  inverseMillsRatio,
  normCdf,
  normInv,
  normLogCdf,
  normPdf,
} from "../../core/special/normal.ts";

/** 64-bit FNV-1a over the bytes of `values`, as 16 hex digits. */
export function digest(values: Float64Array): string {
  const bytes = new Uint8Array(
    values.buffer,
    values.byteOffset,
    values.byteLength,
  );
  // Two 32-bit halves of the 64-bit state; prime 2^40 + 2^8 + 0xb3.
  let hi = 0xcbf29ce4, lo = 0x84222325;
  for (let i = 0; i < bytes.length; i++) {
    lo ^= bytes[i]!;
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    const newHi = (Math.imul(hi, 0x1b3) + Math.imul(lo, 0x100) + carry) >>> 0;
    lo = loMul >>> 0;
    hi = newHi;
  }
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
}

/** A random truth and n samples of it, both from one seeded stream. */
function seededSample(spec: TruthSpec, seed: number, n: number) {
  const prng = createPrng(seed);
  const truth = randomTruth(spec, prng);
  return { truth, x: sampleRectifiedGaussian(truth.w, truth.b, n, prng) };
}

/** Stream name to digest; every stream is seeded. */
export function streamDigests(): Record<string, string> {
  const out: Record<string, string> = {};
  const uniform = createPrng(1);
  const u = new Float64Array(10_000);
  for (let i = 0; i < u.length; i++) u[i] = uniform();
  out.uniforms = digest(u);
  // 200,000 normals reach the wedges about 2,400 times and the tail about 60.
  out.normals = digest(
    fillStandardNormal(createPrng(2), new Float64Array(200_000)),
  );
  for (const a of [-1, 0.1, 0.5, 2, 30]) {
    out[`normalsAbove(${a})`] = digest(
      fillStandardNormalAbove(createPrng(3), a, new Float64Array(10_000)),
    );
  }
  const truths = [
    { d: 5, k: 5, kappa: 7, bias: "relu" },
    { d: 6, k: 3, kappa: 3, bias: "negative" },
  ] as const;
  truths.forEach((spec, t) => {
    const { truth, x } = seededSample(spec, 4 + t, 2_000);
    out[`truth(${t})`] = digest(truth.w.data);
    out[`samples(${t})`] = digest(x.data);
  });
  const n = 2_000;
  const grid = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    grid[i] = -40 + 50 * ((i * 0.6180339887498949) % 1);
  }
  const apply = (f: (x: number) => number, scale = 1) =>
    digest(grid.map((x) => f(x * scale)));
  out.normCdf = apply(normCdf);
  out.normLogCdf = apply(normLogCdf);
  out.normPdf = apply(normPdf);
  out.erfc = apply(erfc, 0.5);
  out.erfcx = apply(erfcx, 0.5);
  out.inverseMillsRatio = apply(inverseMillsRatio);
  // Probabilities from 1e-300 to 1/2, scaled by halving (exact).
  const ps = new Float64Array(n);
  for (let i = 0, p = 0.5; i < n; i++, p *= 0.7071067811865476) {
    ps[i] = p < 1e-300 ? grid[i]! / 80 + 0.5 : p;
  }
  out.normInv = digest(ps.map(normInv));
  return out;
}

/**
 * Sigma_hat and b_hat of every registered method on seeded data, for the
 * test that fits agree closely (not to the bit) across runtimes.
 */
export function fitValues(): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const specs = [
    { d: 5, k: 5, kappa: 1, bias: "relu" },
    { d: 8, k: 8, kappa: 7, bias: "negative" },
    { d: 6, k: 3, kappa: 3, bias: "relu" },
  ] as const;
  specs.forEach((spec, t) => {
    const { x } = seededSample(spec, 10 + t, 5_000);
    for (const method of methodNames()) {
      const fit = fitSamples(x, { method, seed: 3 });
      out[`${method} on truth ${t}`] = [...fit.b, ...fit.sigma.data];
    }
  });
  return out;
}
