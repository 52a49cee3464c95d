import assert from "node:assert/strict";
import {
  claim2Experiment,
  normalizeClaim2Spec,
} from "../../../core/experiments/claim2.ts";
import type { FitRequest } from "../../../core/estimators/fit.ts";
import type { FitResult } from "../../../core/estimators/types.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";

/** Φ(x) by Abramowitz–Stegun 7.1.26 (absolute error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 +
            t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * A reference estimator that knows σ = 1: b̂ solves Φ(b̂) = share of positive
 * samples. Its standard error sqrt(p(1 − p) / n) / φ(b) grows like
 * exp(b²/2) / sqrt(n) for b ≪ 0, which is the behaviour Claim 2 describes.
 */
function quantileFit(x: Matrix, request: FitRequest): FitResult {
  let positives = 0;
  for (let i = 0; i < x.rows; i++) if (x.data[i]! > 0) positives++;
  const p = Math.min(Math.max(positives / x.rows, 1e-12), 1 - 1e-12);
  let lo = -10, hi = 10;
  for (let it = 0; it < 80; it++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return {
    method: request.method ?? "quantile",
    n: x.rows,
    d: 1,
    columns: ["x1"],
    b: Float64Array.of((lo + hi) / 2),
    sigma: { rows: 1, cols: 1, data: Float64Array.of(1) },
    coordinates: [],
    diagnostics: {},
    warnings: [],
    seed: 0,
    options: {},
  };
}

Deno.test("claim2Experiment() shows samples needed growing with -b", () => {
  const result = claim2Experiment(
    { biases: [0, -2, -3.5], methods: ["quantile"], runs: 40, maxN: 256_000 },
    undefined,
    { fit: quantileFit },
  );
  const needed = result.rows.map((r) => r.nNeeded);
  // Target 0.1 in 80% of runs needs sd(b̂) ≤ 0.1 / 1.28, i.e.
  // n ≳ 164 p(1 − p) / φ(b)² with p = Φ(b): about 260, 1,250 and 50,000 for
  // b = 0, −2, −3.5, so the doubling grid from 1,000 gives 1,000, then
  // 1,000–4,000, then 16,000–128,000.
  // At b = −3.5 that normal approximation fails for small n: the positives
  // are Poisson(n Φ(−3.5)), and b̂ is within 0.1 only for counts in
  // [n Φ(−3.6), n Φ(−3.4)] — exactly one positive at n = 4,000 (probability
  // 0.37), three to five at 16,000 (0.55). With 40 runs the 80% criterion
  // passes at n ≤ 16,000 with probability about 1e-3, and by 128,000 (counts
  // 22–43, probability > 0.99 per run) almost surely.
  assert.equal(needed[0], 1000);
  assert.ok(needed[1]! >= 1000 && needed[1]! <= 4000, `${needed}`);
  assert.ok(needed[2]! >= 16_000 && needed[2]! <= 128_000, `${needed}`);
  const trend = result.trends[0]!;
  assert.equal(trend.points, 3);
  // ln(50,000 / 260) / 6.125 ≈ 0.86 from the formula; the grid blurs this.
  assert.ok(trend.slope! > 0.3 && trend.slope! < 1.5, `slope ${trend.slope}`);
});

Deno.test("claim2Experiment() reports the paper method's clamped bias as not reached", () => {
  const result = claim2Experiment({
    biases: [-1],
    methods: ["paper"],
    runs: 2,
    maxN: 4000,
  });
  const [row] = result.rows;
  // b̂ ≥ 0 always, so |b̂ − b| ≥ 1 > 0.1: never within target.
  assert.equal(row!.nNeeded, null);
  assert.equal(row!.lastN, 4000);
  assert.equal(row!.successes, 0);
  assert.ok(row!.medianAbsError! >= 1);
  assert.equal(result.trends[0]!.slope, null);
});

Deno.test("claim2Experiment() is reproducible from its seed", () => {
  const spec = { biases: [-0.5], methods: ["q"], runs: 3, maxN: 2000, seed: 9 };
  const a = claim2Experiment(spec, undefined, { fit: quantileFit });
  const b = claim2Experiment(spec, undefined, { fit: quantileFit });
  assert.deepEqual(a.rows, b.rows);
  const progress: number[] = [];
  claim2Experiment(spec, (p) => progress.push(p.n), { fit: quantileFit });
  assert.ok(progress.length >= 1 && progress[0] === 1000);
});

Deno.test("normalizeClaim2Spec() rejects bad settings by name", () => {
  assert.throws(
    () => normalizeClaim2Spec({ biases: [0], methods: ["paper"], runs: 0 }),
    {
      name: "RangeError",
      message:
        "Cannot run the Claim 2 experiment: runs must be an integer in [1, 1000], got 0",
    },
  );
  assert.throws(
    () => normalizeClaim2Spec({ biases: [0], methods: ["nope"] }),
    (e: unknown) =>
      e instanceof RangeError && e.message.includes('unknown method "nope"'),
  );
  assert.throws(
    () =>
      normalizeClaim2Spec({
        biases: [0],
        methods: ["paper"],
        startN: 1000,
        maxN: 500,
      }),
    (e: unknown) => e instanceof RangeError && e.message.includes("maxN"),
  );
});
