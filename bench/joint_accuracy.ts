/**
 * What the joint pair refits of `pairwise-mle` gain, paired on the same
 * data: each seeded data set is fitted with the default (`jointAbove` 0.5,
 * every pair below d = 4), with every pair refitted (`jointAbove` 0) and
 * without refits (`jointAbove` 1, the two-step estimate). Prints per
 * setting the mean err_sigma and err_b ± standard error, the paired change
 * against the two-step estimate (%, ± standard error), the ratio to the
 * Cramér–Rao bound (mean errors for the exact bound; root mean squares for
 * per-entry bounds), the mean squared error of each parameter over the
 * bound's variance (d = 2), and the root mean square z-score of the
 * standard errors (b, diagonal, off-diagonal of Σ).
 *
 * Run: deno run -A bench/joint_accuracy.ts d2 RUNS [ρ ...]
 *        (the 12 reference settings at n = 200,000: b in (0.5, 0.5),
 *        (0, 0), (−0.5, −0.5), (1, 0) for each ρ)
 *      deno run -A bench/joint_accuracy.ts random D KAPPA N RUNS
 *        (random truths as the comparison draws them, relu bias)
 *      deno run -A bench/joint_accuracy.ts equi D RHO B N RUNS
 *        (unit variances, every correlation ρ, every b_i = B)
 */
import {
  fitPairwiseMle,
  pairwiseMleEstimator,
} from "../core/estimators/pairwise_mle.ts";
import { resolveOptions } from "../core/estimators/options.ts";
import { randomTruth } from "../core/experiments/truth.ts";
import { type CrbErrors, crbErrors } from "../core/fisher/crb_errors.ts";
import { fromRows, type Matrix } from "../core/linalg/matrix.ts";
import { analyzeCovariance } from "../core/metrics/analyze_covariance.ts";
import { parameterErrors } from "../core/metrics/parameter_errors.ts";
import { createPrng, deriveSeed } from "../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../core/sampling/rectified_gaussian.ts";

const VARIANTS = [1, 0.5, 0];
const BASE = resolveOptions(pairwiseMleEstimator);

interface Truth {
  readonly b: Float64Array;
  readonly sigma: Matrix;
  readonly w: Matrix;
}

/** One variant's errors over the runs. */
class Tally {
  readonly errSigma: number[] = [];
  readonly errB: number[] = [];
  readonly squares: Float64Array;
  /** Σ z² and counts for b, diagonal and off-diagonal entries. */
  readonly z2 = new Float64Array(3);
  readonly zCount = new Float64Array(3);
  refits = 0;
  constructor(parameters: number) {
    this.squares = new Float64Array(parameters);
  }
}

/** θ = (b, Σ11, Σ12, …, Σdd). */
function thetaOf(b: Float64Array, sigma: Matrix): number[] {
  const d = b.length;
  const out = [...b];
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) out.push(sigma.data[i * d + j]);
  }
  return out;
}

function fitAll(truth: Truth, n: number, seed: number, tallies: Tally[]) {
  const x = sampleRectifiedGaussian(truth.w, truth.b, n, createPrng(seed));
  const d = truth.b.length;
  const exact = thetaOf(truth.b, truth.sigma);
  VARIANTS.forEach((jointAbove, k) => {
    const fit = fitPairwiseMle(x, {
      seed: 0,
      options: { ...BASE, jointAbove },
    });
    const t = tallies[k]!;
    t.refits += fit.diagnostics.jointPairs as number;
    const e = parameterErrors(truth, fit);
    t.errSigma.push(e.errSigma);
    t.errB.push(e.errB);
    thetaOf(fit.b, fit.sigma).forEach((v, p) => {
      t.squares[p] += (v - exact[p]!) ** 2;
    });
    const se = fit.standardErrors!;
    for (let i = 0; i < d; i++) {
      const z = (fit.b[i] - truth.b[i]) / se.b[i];
      t.z2[0] += z * z;
      t.zCount[0]++;
      for (let j = i; j < d; j++) {
        const p = i * d + j;
        const zs = (fit.sigma.data[p] - truth.sigma.data[p]) / se.sigma.data[p];
        const group = i === j ? 1 : 2;
        t.z2[group] += zs * zs;
        t.zCount[group]++;
      }
    }
  });
}

const mean = (a: readonly number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const rms = (a: readonly number[]) => Math.sqrt(mean(a.map((v) => v * v)));
const se = (a: readonly number[]) => {
  const m = mean(a);
  const v = a.reduce((s, x) => s + (x - m) ** 2, 0) / (a.length - 1);
  return Math.sqrt(v / a.length);
};
const p3 = (v: number) => v.toPrecision(3);

function report(label: string, tallies: Tally[], crb?: CrbErrors) {
  console.log(label);
  const runs = tallies[0]!.errSigma.length;
  const off = tallies[0]!;
  tallies.forEach((t, k) => {
    const parts = [
      `  jointAbove ${VARIANTS[k]}: err_sigma ${p3(mean(t.errSigma))} ± ${
        p3(se(t.errSigma))
      }, err_b ${p3(mean(t.errB))} ± ${p3(se(t.errB))}`,
    ];
    if (k > 0) {
      const change = (a: number[], b: number[]) => {
        const diff = a.map((v, r) => v - b[r]!);
        const m = mean(b);
        return `${(100 * mean(diff) / m).toFixed(2)}% ± ${
          (100 * se(diff) / m).toFixed(2)
        }`;
      };
      parts.push(
        `paired change err_sigma ${change(t.errSigma, off.errSigma)}, err_b ${
          change(t.errB, off.errB)
        }`,
      );
    }
    if (crb) {
      const exact = crb.kind === "exact";
      const of = (a: number[], m: { mean: number | null; rms: number }) =>
        (exact ? mean(a) / m.mean! : rms(a) / m.rms).toFixed(3);
      parts.push(
        `/CRB (${exact ? "mean" : "per-entry rms"}) ${
          of(t.errSigma, crb.errSigma)
        } / ${of(t.errB, crb.errB)}`,
      );
      if (crb.d === 2) {
        const ratios = Array.from(
          t.squares,
          (s, p) => (s / runs / crb.sd[p]! ** 2).toFixed(3),
        );
        parts.push(`MSE/CRB ${ratios.join(", ")}`);
      }
    }
    const z = Array.from(t.z2, (s, g) => Math.sqrt(s / t.zCount[g]!));
    parts.push(`rms z ${z.map((v) => v.toFixed(3)).join(" / ")}`);
    parts.push(`${(t.refits / runs).toFixed(1)} refits per fit`);
    console.log(parts.join("; "));
  });
}

const tallies = (d: number) =>
  VARIANTS.map(() => new Tally(d + d * (d + 1) / 2));

/** Unit variances and every correlation `rho`, with its factor. */
function equicorrelated(d: number, rho: number, b: number): Truth {
  const data = new Float64Array(d * d).fill(rho);
  for (let i = 0; i < d; i++) data[i * d + i] = 1;
  const sigma = { rows: d, cols: d, data };
  return {
    b: new Float64Array(d).fill(b),
    sigma,
    w: analyzeCovariance(sigma).factor,
  };
}

const [mode, ...rest] = Deno.args;
if (mode === "d2") {
  const runs = Number(rest[0]);
  const rhos = rest.slice(1).map(Number);
  const biases = [[0.5, 0.5], [0, 0], [-0.5, -0.5], [1, 0]];
  for (const rho of rhos) {
    for (const bias of biases) {
      const truth = {
        b: new Float64Array(bias),
        sigma: fromRows([[1, rho], [rho, 1]]),
        w: fromRows([[1, 0], [rho, Math.sqrt(1 - rho * rho)]]),
      };
      const t = tallies(2);
      for (let r = 0; r < runs; r++) {
        fitAll(truth, 200_000, deriveSeed(7, r), t);
      }
      report(
        `b = (${bias}), rho = ${rho}, n = 200000, ${runs} runs`,
        t,
        crbErrors(truth, 200_000),
      );
    }
  }
} else if (mode === "random") {
  const [d, kappa, n, runs] = rest.map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const t = tallies(d);
  for (let r = 0; r < runs; r++) {
    const truth = randomTruth(
      { d, k: d, kappa, bias: "relu" },
      createPrng(deriveSeed(11, r)),
    );
    fitAll(truth, n, deriveSeed(12, r), t);
  }
  report(`d = ${d}, kappa = ${kappa}, relu, n = ${n}, ${runs} runs`, t);
} else if (mode === "equi") {
  const [d, rho, b, n, runs] = rest.map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const truth = equicorrelated(d, rho, b);
  const t = tallies(d);
  for (let r = 0; r < runs; r++) fitAll(truth, n, deriveSeed(13, r), t);
  report(
    `d = ${d}, every rho = ${rho}, b = ${b}, n = ${n}, ${runs} runs`,
    t,
    crbErrors(truth, n),
  );
} else {
  console.error(
    "usage: d2 RUNS [rho ...] | random D KAPPA N RUNS | equi D RHO B N RUNS",
  );
  Deno.exit(2);
}
