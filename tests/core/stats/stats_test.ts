import assert from "node:assert/strict";
import { FitRequestError } from "../../../core/estimators/errors.ts";
import { fitSamples } from "../../../core/estimators/fit.ts";
import { prepareFit } from "../../../core/estimators/prepare.ts";
import { fromRows, type Matrix } from "../../../core/linalg/matrix.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import {
  blockStats,
  decodeStats,
  encodeStats,
  fitFromStats,
  mergeStats,
  restateFirstPass,
  sameFirstPass,
  type SampleStats,
  statsMethods,
  statsPlan,
} from "../../../core/stats/mod.ts";
import { relativeDifference, rowsOf, splitFit } from "./_split.ts";

/** d = 6 samples with b of both signs and correlated coordinates. */
function samples(n: number, seed: number): Matrix {
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

/** Every method that fits from statistics, with each way its options change the statistics. */
const CASES = [
  ["trunc-mle", {}],
  ["censored", { standardErrors: false }],
  ["censored", { standardErrors: true }],
  ["censored-moment", { standardErrors: false }],
  ["censored-moment", { standardErrors: true }],
  ["pairwise-mle", { standardErrors: false, bins: 16 }],
  ["pairwise-mle", { standardErrors: true }],
] as const;

// Every sum over rows is of non-negative terms (counts, x, x², x_i x_j, …),
// so a merged sum differs from the one-block sum by its rounding, about
// (rows per summation chain) · 2⁻⁵³ relative. b and Sigma come out of
// well-conditioned solves of such sums: differences of about 1e-13 are seen,
// 1e-12 is allowed. Standard errors are square roots of variances of
// influence functions, built from centred moments that cancel (about 7e-12
// is seen): 1e-10 is allowed.
const FIT_TOLERANCE = 1e-12;
const ERROR_TOLERANCE = 1e-10;

Deno.test("statsMethods() lists the methods that fit from statistics", () => {
  assert.deepEqual(statsMethods().sort(), [
    "censored",
    "censored-moment",
    "pairwise-mle",
    "trunc-mle",
  ]);
});

for (const [method, options] of CASES) {
  Deno.test(`${method} ${JSON.stringify(options)}: random splits and merge orders give the fit of all rows`, () => {
    const x = samples(6000, 11);
    const prepared = prepareFit({ method, options });
    const whole = fitSamples(x, prepared);
    for (const [blocks, seed] of [[2, 1], [7, 2], [40, 3]]) {
      const split = splitFit(x, prepared, blocks, seed);
      const where = `${blocks} blocks, seed ${seed}`;
      assert.equal(split.n, whole.n);
      assert.deepEqual(split.coordinates, whole.coordinates, where);
      assert.deepEqual(split.warnings, whole.warnings, where);
      assert.ok(
        relativeDifference(whole.b, split.b) <= FIT_TOLERANCE,
        `b, ${where}: ${relativeDifference(whole.b, split.b)}`,
      );
      const ds = relativeDifference(whole.sigma.data, split.sigma.data);
      assert.ok(ds <= FIT_TOLERANCE, `Sigma, ${where}: ${ds}`);
      if (whole.standardErrors === undefined) {
        assert.equal(split.standardErrors, undefined);
        continue;
      }
      const se = split.standardErrors!;
      const de = Math.max(
        relativeDifference(whole.standardErrors.b, se.b),
        relativeDifference(whole.standardErrors.sigma.data, se.sigma.data),
      );
      assert.ok(de <= ERROR_TOLERANCE, `standard errors, ${where}: ${de}`);
    }
  });
}

Deno.test("blocks of one row (and empty blocks) merge to the fit of all rows", () => {
  const x = samples(150, 5);
  for (const method of ["pairwise-mle", "censored"]) {
    const prepared = prepareFit({ method, options: { standardErrors: true } });
    const whole = fitSamples(x, prepared);
    const split = splitFit(x, prepared, 300, 9);
    assert.ok(relativeDifference(whole.b, split.b) <= FIT_TOLERANCE, method);
    assert.ok(
      relativeDifference(whole.sigma.data, split.sigma.data) <= FIT_TOLERANCE,
      method,
    );
  }
});

Deno.test("one block of every row fits exactly as fitSamples, with the rank-k fit", () => {
  const x = samples(3000, 2);
  const prepared = prepareFit({ method: "pairwise-mle", rank: 2 });
  const plan = statsPlan(prepared, x.cols);
  let stats: SampleStats | null = null;
  for (let pass = 0; pass < plan.passes; pass++) {
    stats = blockStats(x, plan, pass, stats);
  }
  const names = ["a", "b", "c", "d", "e", "f"];
  assert.deepEqual(
    fitFromStats(stats!, prepared, { columns: names }),
    fitSamples(x, prepared, { columns: names }),
  );
});

Deno.test("encodeStats() and decodeStats() round-trip every pass exactly", () => {
  const x = samples(2000, 3);
  for (const [method, options] of CASES) {
    const prepared = prepareFit({ method, options });
    const plan = statsPlan(prepared, x.cols);
    let stats: SampleStats | null = null;
    for (let pass = 0; pass < plan.passes; pass++) {
      const a = blockStats(rowsOf(x, 0, 700), plan, pass, stats);
      const b = blockStats(rowsOf(x, 700, 2000), plan, pass, stats);
      const merged = mergeStats(a, b);
      const decoded = decodeStats(encodeStats(merged));
      assert.deepEqual(decoded, merged, `${method}, pass ${pass}`);
      // Blocks of the next pass may follow the decoded statistics.
      stats = decoded;
    }
    const direct = fitSamples(x, prepared);
    const fromBytes = fitFromStats(stats!, prepared);
    assert.ok(relativeDifference(direct.b, fromBytes.b) <= FIT_TOLERANCE);
  }
});

Deno.test("decodeStats() rejects bytes that are not statistics", () => {
  assert.throws(
    () => decodeStats(new TextEncoder().encode("x1,x2\n1,2\n")),
    /Cannot decode statistics: the bytes do not start with "RGSTATS1"/,
  );
  const bytes = encodeStats(
    blockStats(fromRows([[1, 2]]), statsPlan(prepareFit({}), 2)),
  );
  assert.throws(
    () => decodeStats(bytes.subarray(0, bytes.length - 8)),
    /cut short/,
  );
});

Deno.test("statsPlan() refuses fits that need the rows themselves, naming what works", () => {
  const works =
    /work with methods trunc-mle, censored, censored-moment, pairwise-mle, without bootstrap or check/;
  for (
    const [request, field] of [
      [{ method: "paper" }, "method"],
      [{ method: "two-layer" }, "method"],
      [{ method: "pairwise-mle", bootstrap: 10 }, "bootstrap"],
      [{ method: "censored", check: true }, "check"],
    ] as const
  ) {
    assert.throws(
      () => statsPlan(prepareFit(request), 3),
      (e: unknown) =>
        e instanceof FitRequestError && e.field === field &&
        works.test(e.message),
      JSON.stringify(request),
    );
  }
  assert.throws(
    () => statsPlan(prepareFit({ rank: 4 }), 3),
    /k must be at most the number of columns, 3/,
  );
});

Deno.test("statistics that do not belong together are not merged or fitted", () => {
  const x = samples(400, 4);
  const prepared = prepareFit({ method: "trunc-mle" });
  const plan = statsPlan(prepared, x.cols);
  const first = blockStats(x, plan, 0);
  const second = blockStats(x, plan, 1, first);
  assert.throws(() => mergeStats(first, second), /pass 0 against pass 1/);
  // Pass 2 at thresholds fitted from other rows.
  const other = blockStats(rowsOf(x, 0, 200), plan, 0);
  assert.throws(
    () => mergeStats(second, blockStats(x, plan, 1, other)),
    /followed different statistics of pass 0/,
  );
  assert.throws(
    () => mergeStats(first, blockStats(x, statsPlan(prepareFit({}), 6), 0)),
    /method "trunc-mle" with 6 columns against "pairwise-mle"/,
  );
  assert.throws(
    () => fitFromStats(first, prepared),
    /needs 2 passes over the rows, these are of pass 1/,
  );
  const short = blockStats(rowsOf(x, 0, 300), plan, 1, first);
  assert.throws(
    () => fitFromStats(short, prepared),
    /pass 2 summed 300 rows but pass 1 summed 400; every pass must read the same rows/,
  );
  assert.throws(
    () => fitFromStats(second, prepareFit({ method: "censored" })),
    /collected for method "trunc-mle"/,
  );
  assert.throws(
    () => blockStats(x, plan, 1),
    /pass 1 of method "trunc-mle" needs the merged statistics of pass 0/,
  );
  assert.throws(() => blockStats(x, plan, 2, second), /pass must be 0 to 1/);
  assert.throws(
    () => blockStats(rowsOf(x, 0, 2), statsPlan(prepared, 5), 0),
    /the block has 6 columns, the plan 5/,
  );
});

Deno.test("blockStats() names a bad entry by its row among all rows", () => {
  const plan = statsPlan(prepareFit({}), 2);
  assert.throws(
    () =>
      blockStats(fromRows([[1, 2], [0, -3]]), plan, 0, null, {
        firstRow: 100,
      }),
    /Cannot fit with method "pairwise-mle": entry at row 101, column 1 is -3/,
  );
});

Deno.test("sameFirstPass() and restateFirstPass(): column statistics serve every method whose first pass reads only them", () => {
  const x = samples(500, 4);
  const plan = (method: string, options = {}) =>
    statsPlan(prepareFit({ method, options }), x.cols);
  const stored = plan("pairwise-mle");
  const first = blockStats(x, stored);
  for (
    const [method, options, same] of [
      ["pairwise-mle", { bins: 16 }, true],
      ["trunc-mle", {}, true],
      ["censored", {}, true],
      ["censored", { standardErrors: true }, false],
      ["censored-moment", {}, false],
    ] as const
  ) {
    const other = plan(method, options);
    assert.equal(sameFirstPass(stored, other), same, method);
    const restated = restateFirstPass(first, other);
    if (!same) {
      assert.equal(restated, null, method);
      continue;
    }
    // Restated, they are what the method's own first pass collects.
    assert.deepEqual(restated, blockStats(x, other), method);
  }
  // Statistics of a later pass, or of another width, are never restated.
  const second = blockStats(x, stored, 1, first);
  assert.equal(restateFirstPass(second, plan("trunc-mle")), null);
  assert.equal(
    restateFirstPass(first, statsPlan(prepareFit({}), x.cols + 1)),
    null,
  );
});
