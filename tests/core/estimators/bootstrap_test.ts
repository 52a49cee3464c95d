import assert from "node:assert/strict";
import { bootstrapStandardErrors } from "../../../core/estimators/bootstrap.ts";
import {
  defaultEstimatorCost,
  prepareFit,
} from "../../../core/estimators/mod.ts";
import type {
  Estimator,
  EstimatorResult,
} from "../../../core/estimators/types.ts";
import { fromRows, type Matrix } from "../../../core/linalg/matrix.ts";
import { createPrng, deriveSeed } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";

const W = fromRows([[1, 0], [0.5, 1]]);
const B = Float64Array.of(0.5, 0.3);

const paperFit = prepareFit({ method: "paper" });
const paper = paperFit.estimator;

function bytes(a: Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** A 1-d fit: b = column mean, Sigma = [[mean of squares]]. */
function meanFit(x: Matrix): EstimatorResult {
  let s = 0, s2 = 0;
  for (let i = 0; i < x.rows; i++) {
    const v = x.data[i * x.cols]!;
    s += v;
    s2 += v * v;
  }
  return {
    method: "fake",
    n: x.rows,
    d: 1,
    b: Float64Array.of(s / x.rows),
    sigma: { rows: 1, cols: 1, data: Float64Array.of(s2 / x.rows) },
    coordinates: [],
    diagnostics: {},
    warnings: [],
  };
}

function fakeEstimator(fit: (x: Matrix) => EstimatorResult): Estimator {
  return {
    name: "fake",
    description: "test double",
    assumptions: "none",
    cost: "O(n)",
    costOf: defaultEstimatorCost,
    options: [],
    fit,
  };
}

function sampleStd(values: readonly number[]): number {
  const m = values.reduce((a, v) => a + v, 0) / values.length;
  const ss = values.reduce((a, v) => a + (v - m) ** 2, 0);
  return Math.sqrt(ss / (values.length - 1));
}

Deno.test("bootstrapStandardErrors() gives the same bytes for the same seed and others for another", () => {
  const x = sampleRectifiedGaussian(W, B, 500, createPrng(7));
  const a = bootstrapStandardErrors(x, paperFit, { replicates: 10, seed: 3 });
  const again = bootstrapStandardErrors(x, paperFit, {
    replicates: 10,
    seed: 3,
  });
  const other = bootstrapStandardErrors(x, paperFit, {
    replicates: 10,
    seed: 4,
  });
  assert.deepEqual(bytes(again.b), bytes(a.b));
  assert.deepEqual(bytes(again.sigma.data), bytes(a.sigma.data));
  assert.notDeepEqual(bytes(other.b), bytes(a.b));
  assert.notDeepEqual(bytes(other.sigma.data), bytes(a.sigma.data));
  assert.equal(a.failed, 0);
  assert.equal(a.replicates, 10);
  assert.ok(a.b.every((v) => v > 0 && Number.isFinite(v)));
  assert.equal(a.sigma.rows, 2);
  // Sigma_hat is symmetric, so its standard errors are too.
  assert.equal(a.sigma.data[1], a.sigma.data[2]);
});

Deno.test("bootstrapStandardErrors() resamples replicate r from (seed, r) alone", () => {
  const x = fromRows(Array.from({ length: 30 }, (_, i) => [i]));
  const seen: string[][] = [[], []];
  for (const [k, replicates] of [[0, 3], [1, 6]] as const) {
    const estimator = fakeEstimator((xr) => {
      seen[k]!.push(Array.from(xr.data).join(","));
      return meanFit(xr);
    });
    bootstrapStandardErrors(x, { estimator, options: {}, seed: 0 }, {
      replicates,
      seed: 11,
    });
  }
  assert.deepEqual(seen[1]!.slice(0, 3), seen[0]);
  // Rows are drawn with replacement: some value repeats in a replicate of 30.
  assert.ok(seen[0]!.some((s) => new Set(s.split(",")).size < 30));
  // Replicate 0 matches a replay of its documented generator.
  const prng = createPrng(deriveSeed(11, 0));
  const replay = Array.from({ length: 30 }, () => Math.floor(prng() * 30));
  assert.equal(seen[0]![0], replay.join(","));
});

Deno.test("bootstrapStandardErrors() counts throwing, non-finite and rejected refits as failed", () => {
  const x = fromRows(Array.from({ length: 20 }, (_, i) => [i * 0.1]));
  let calls = 0;
  const kept: number[] = [];
  const estimator = fakeEstimator((xr) => {
    calls++;
    if (calls % 4 === 0) throw new RangeError("Cannot fit: every fourth");
    const fit = meanFit(xr);
    if (calls === 5) return { ...fit, b: Float64Array.of(NaN) };
    if (calls === 6) return { ...fit, diagnostics: { reject: true } };
    kept.push(fit.b[0]!);
    return fit;
  });
  const se = bootstrapStandardErrors(x, { estimator, options: {}, seed: 0 }, {
    replicates: 12,
    seed: 2,
    accept: (r) => r.diagnostics.reject ? "rejected by the caller" : undefined,
  });
  assert.equal(calls, 12);
  assert.equal(se.replicates, 12);
  // Calls 4, 8, 12 throw; 5 is NaN; 6 is rejected.
  assert.equal(se.failed, 5);
  assert.deepEqual(se.failureReasons, [
    "Cannot fit: every fourth",
    "the refit's b_hat has non-finite entries",
    "rejected by the caller",
  ]);
  // The standard error is the n − 1 std of the 7 kept refits.
  assert.equal(kept.length, 7);
  assert.ok(Math.abs(se.b[0]! - sampleStd(kept)) < 1e-15);
});

Deno.test("bootstrapStandardErrors() gives NaN when fewer than 2 refits succeed", () => {
  const x = fromRows([[1], [2], [3]]);
  let calls = 0;
  const estimator = fakeEstimator((xr) => {
    if (++calls > 1) throw new RangeError("Cannot fit: no");
    return meanFit(xr);
  });
  const se = bootstrapStandardErrors(x, { estimator, options: {}, seed: 0 }, {
    replicates: 4,
    seed: 0,
  });
  assert.equal(se.failed, 3);
  assert.ok(Number.isNaN(se.b[0]!));
  assert.ok(Number.isNaN(se.sigma.data[0]!));
});

Deno.test("bootstrapStandardErrors() rejects a bad replicate count, seed or empty data", () => {
  const x = fromRows([[1], [2]]);
  for (const replicates of [0, -1, 1.5, NaN]) {
    assert.throws(
      () => bootstrapStandardErrors(x, paperFit, { replicates, seed: 0 }),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message ===
          `Cannot bootstrap: replicates must be a positive integer, got ${replicates}`,
    );
  }
  assert.throws(
    () => bootstrapStandardErrors(x, paperFit, { replicates: 2, seed: -1 }),
    RangeError,
  );
  assert.throws(
    () =>
      bootstrapStandardErrors({ rows: 0, cols: 1, data: new Float64Array() }, {
        ...paperFit,
      }, { replicates: 2, seed: 0 }),
    /Cannot bootstrap: the data has no rows/,
  );
});

Deno.test("bootstrap standard errors of the paper method match the spread over data sets", () => {
  // R data sets of n samples from one truth; on each, the paper fit and a
  // bootstrap with K replicates. For each entry, compare s = std over data
  // sets of the estimate with m = mean over data sets of its bootstrap SE.
  //
  // Tolerance: s² has relative sd sqrt(2 / (R − 1)), so s has about
  // 1 / sqrt(2 (R − 1)); each bootstrap SE has relative sd about
  // 1 / sqrt(2 (K − 1)), and their mean over R data sets
  // 1 / sqrt(2 (K − 1) R). The ratio m / s then has relative sd
  // sqrt(1 / (2 (R − 1)) + 1 / (2 (K − 1) R)) = 0.036 for R = 400, K = 40;
  // we allow 3 of those, 0.11. (The sqrt of an unbiased variance is biased
  // low by about 1 / (4 (K − 1)) = 0.6%, and the bootstrap's own O(1/n)
  // bias is smaller still, both well inside the tolerance.)
  const R = 400, K = 40, n = 1000;
  const tolerance = 3 * Math.sqrt(1 / (2 * (R - 1)) + 1 / (2 * (K - 1) * R));
  const estimates: number[][] = [[], [], [], [], []];
  const meanSe = new Float64Array(5);
  for (let r = 0; r < R; r++) {
    const x = sampleRectifiedGaussian(W, B, n, createPrng(deriveSeed(99, r)));
    const fit = paper.fit(x, { seed: 0, options: paperFit.options });
    const se = bootstrapStandardErrors(x, paperFit, {
      replicates: K,
      seed: r,
    });
    assert.equal(se.failed, 0);
    // b_0, b_1, Sigma_00, Sigma_01, Sigma_11.
    const entries = [
      fit.b[0]!,
      fit.b[1]!,
      ...[0, 1, 3].map((k) => fit.sigma.data[k]!),
    ];
    const ses = [
      se.b[0]!,
      se.b[1]!,
      ...[0, 1, 3].map((k) => se.sigma.data[k]!),
    ];
    for (let k = 0; k < 5; k++) {
      estimates[k]!.push(entries[k]!);
      meanSe[k] += ses[k]! / R;
    }
  }
  const names = ["b_0", "b_1", "Sigma_00", "Sigma_01", "Sigma_11"];
  for (let k = 0; k < 5; k++) {
    const ratio = meanSe[k]! / sampleStd(estimates[k]!);
    assert.ok(
      Math.abs(ratio - 1) < tolerance,
      `${
        names[k]
      }: mean bootstrap SE / std over data sets = ${ratio}, tolerance ${tolerance}`,
    );
  }
});
