import assert from "node:assert/strict";
import {
  assertClose,
  createPrng,
  fromRows,
  gramOfRows,
} from "../../_helpers.ts";
import { modelCheck } from "../../../core/check/model_check.ts";
import type { FittedModel } from "../../../core/check/parametric_refits.ts";
import { fitSamples } from "../../../core/estimators/fit.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import { deriveSeed } from "../../../core/random/prng.ts";
import { standardNormal } from "../../../core/random/normal.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { B, logNormalRain, NAMES, plantedData, W } from "./_planted.ts";

/** The censored method: Tobit marginals and orthant correlations, cheap to refit. */
function censoredFit(x: Matrix): FittedModel {
  return fitSamples(x, { method: "censored" });
}

Deno.test("modelCheck() keeps its false alarm rate on data from the model", () => {
  // 200 seeded data sets of D(W, b), n = 300, d = 3, each refitted by the
  // censored method with 39 refitted bootstrap replicates (p-values on the
  // grid k/40, so P(p ≤ 0.05) = 2/40 = 0.05 when calibrated). Tolerances:
  // 3 binomial standard errors at rate 0.05 over 200 data sets (0.046),
  // counting the 3 coordinates (or pairs) of a data set as one draw because
  // they are dependent; the family-wise rate must not exceed the level by
  // more than that either.
  const sets = 200, level = 0.05;
  const tol = 3 * Math.sqrt(level * (1 - level) / sets);
  let coordinateHits = 0, pairHits = 0, anyFlag = 0, plugInHits = 0;
  for (let s = 0; s < sets; s++) {
    const x = sampleRectifiedGaussian(W, B, 300, createPrng(deriveSeed(77, s)));
    const fit = censoredFit(x);
    const check = modelCheck(x, fit, {
      seed: s,
      replicates: 39,
      level,
      refit: censoredFit,
    });
    for (const c of check.coordinates) if (c.pValue! <= level) coordinateHits++;
    for (const c of check.pairs) if (c.pValue! <= level) pairHits++;
    if (!check.passed) anyFlag++;
    if (s < 60) {
      const plugIn = modelCheck(x, fit, { seed: s, replicates: 39, level });
      for (const c of plugIn.coordinates) if (c.pValue! <= level) plugInHits++;
    }
  }
  assertClose(
    coordinateHits / (3 * sets),
    level,
    tol,
    "coordinate rejection rate",
  );
  assertClose(pairHits / (3 * sets), level, tol, "pair rejection rate");
  assert.ok(
    anyFlag / sets <= level + tol,
    `family-wise rate ${anyFlag / sets}`,
  );
  // Without refits the fit is closer to its data than to fresh draws, so the
  // p-values are too large: fewer than 1% of 300 coordinate tests reject.
  assert.ok(
    plugInHits / 300 < 0.01,
    `plug-in rejection rate ${plugInHits / 300}`,
  );
});

Deno.test("modelCheck() flags a log-normal positive part by name", () => {
  // rain: zero with probability 0.4, else exp(N(0, 0.8²)), as daily rain is.
  const x = plantedData(2000, 11, logNormalRain);
  const check = modelCheck(x, censoredFit(x), {
    replicates: 99,
    refit: censoredFit,
    columns: NAMES,
  });
  assert.equal(check.coordinates[0].flagged, true);
  assert.equal(check.coordinates[0].pValue, 0.01);
  assert.equal(check.passed, false);
  const warning = check.warnings.find((w) => w.startsWith("rain: "));
  assert.ok(warning?.includes("median of the positive values"), warning);
  const c = check.coordinates[0];
  // The data's median of positives is e^0 = 1 (standard error ~0.03).
  assertClose(c.observedQuantiles[2]!, 1, 0.1, "observed median");
});

Deno.test("modelCheck() flags an excess of zeros", () => {
  // wind: 30% of its values set to 0 on top of the model's zeros (zero share
  // 0.31 → 0.52). A Tobit fit absorbs part of that by lowering b, and the
  // orthant correlations absorb the zeros that fall on rows where rain is
  // positive, so the misfit can show in wind's column or in its pairs: some
  // check involving wind was flagged in 20 of 20 seeded data sets tried (the
  // column itself in 18), and 3 of 10 with 20% extra zeros at this n.
  const x = plantedData(2000, 12, (row, prng) => {
    if (prng() < 0.3) row[1] = 0;
  });
  const check = modelCheck(x, censoredFit(x), {
    replicates: 99,
    refit: censoredFit,
    columns: NAMES,
  });
  assert.equal(check.passed, false);
  const flagged = [
    ...check.coordinates.filter((c) => c.flagged).map((c) => [c.name]),
    ...check.pairs.filter((c) => c.flagged).map((c) => c.names),
  ];
  assert.ok(
    flagged.every((names) => names.includes("wind")),
    JSON.stringify(flagged),
  );
  assert.ok(check.warnings.some((w) => w.includes("wind")));
  // The column's raw p-value is small even when the family-wise flag goes
  // to a pair.
  assert.ok(check.coordinates[1].pValue! <= 0.05);
});

Deno.test("modelCheck() flags a pair whose zeros come together while its marginals fit", () => {
  // rain = u, wind = sign(u) |v| with u, v independent N(0, 1): each is
  // exactly N(0, 1) rectified, but they are zero on the same rows (both-zero
  // share 1/2, which a Gaussian pair reaches only with correlation 1) while
  // their positive parts are independent.
  const x = plantedData(1000, 13, (row, prng) => {
    const u = standardNormal(prng);
    const v = Math.abs(standardNormal(prng));
    row[0] = Math.max(u, 0);
    row[1] = u > 0 ? v : 0;
  });
  const check = modelCheck(x, censoredFit(x), {
    replicates: 99,
    refit: censoredFit,
    columns: NAMES,
  });
  const pair = check.pairs[0];
  assert.deepEqual(pair.names, ["rain", "wind"]);
  assert.equal(pair.flagged, true);
  assertClose(pair.observedBothZero, 0.5, 0.05, "both-zero share");
  assert.ok(Math.abs(pair.observedPositiveCorrelation!) < 0.15);
  assert.ok(check.warnings.some((w) => w.startsWith("rain and wind: ")));
  assert.equal(check.coordinates[0].flagged, false);
  assert.equal(check.coordinates[1].flagged, false);
});

Deno.test("modelCheck() flags the default fit of Seattle-like daily weather", () => {
  // A year of days shaped like the Seattle example: rain is zero on
  // 57% of days and log-normal otherwise (median 3.8 mm, log-sd 1.1); wind is
  // about 3 m/s, a little higher on wet days. The default method's censored
  // normal puts the median of positive rain near 8 mm.
  const n = 1461;
  const prng = createPrng(2012);
  const x = { rows: n, cols: 2, data: new Float64Array(2 * n) };
  for (let r = 0; r < n; r++) {
    const wet = standardNormal(prng) > 0.187; // P(wet) = 0.426
    x.data[2 * r] = wet ? 3.8 * Math.exp(1.1 * standardNormal(prng)) : 0;
    x.data[2 * r + 1] = Math.max(
      0,
      3 + (wet ? 0.5 : 0) + 1.3 * standardNormal(prng),
    );
  }
  const refit = (data: Matrix) => fitSamples(data); // the default method
  const check = modelCheck(x, refit(x), {
    refit,
    replicates: 99,
    columns: ["precipitation", "wind"],
  });
  const rain = check.coordinates[0];
  assert.equal(rain.flagged, true);
  assert.ok(rain.fittedQuantiles[2]! > 1.5 * rain.observedQuantiles[2]!);
  assert.ok(check.warnings.some((w) => w.startsWith("precipitation: ")));
});

Deno.test("modelCheck() reports observed and fitted shares and quantiles", () => {
  // The truth as the fit, n = 20,000. Tolerances, about 4 standard errors:
  // zero shares √(p(1 − p)/n) ≤ 0.0035; quantiles of ~10,000 positives
  // ≤ 0.015 (0.9-quantile: √(0.09/10⁴) over a density ≥ 0.2); correlations
  // over ~5,000–10,000 rows ≤ 0.015.
  const x = sampleRectifiedGaussian(W, B, 20_000, createPrng(3));
  const check = modelCheck(x, { b: B, sigma: gramOfRows(W) }, {
    replicates: 19,
  });
  assert.deepEqual(check.coordinates.map((c) => c.name), ["x1", "x2", "x3"]);
  assert.deepEqual(check.quantiles, [0.1, 0.25, 0.5, 0.75, 0.9]);
  const agree = (
    observed: number | null,
    fitted: number | null,
    tol: number,
    what: string,
  ) => assertClose(observed!, fitted!, tol, what);
  for (const c of check.coordinates) {
    agree(
      c.observedZeroShare,
      c.fittedZeroShare,
      0.014,
      `${c.name} zero share`,
    );
    c.observedQuantiles.forEach((q, t) =>
      agree(q, c.fittedQuantiles[t], 0.05, `${c.name} quantile ${t}`)
    );
  }
  for (const p of check.pairs) {
    agree(p.observedBothZero, p.fittedBothZero, 0.014, `${p.names} both zero`);
    agree(
      p.observedPositiveCorrelation,
      p.fittedPositiveCorrelation,
      0.06,
      `${p.names} correlation`,
    );
  }
  assert.equal(check.calibration, "plug-in");
  assert.ok(check.warnings.some((w) => w.startsWith("P-values compare")));
});

Deno.test("modelCheck() is reproducible from its seed", () => {
  const x = sampleRectifiedGaussian(W, B, 300, createPrng(8));
  const fit = censoredFit(x);
  const a = modelCheck(x, fit, { seed: 4, replicates: 19, refit: censoredFit });
  const b = modelCheck(x, fit, { seed: 4, replicates: 19, refit: censoredFit });
  const c = modelCheck(x, fit, { seed: 5, replicates: 19, refit: censoredFit });
  assert.deepEqual(a, b);
  assert.notDeepEqual(
    a.coordinates.map((k) => k.pValue),
    c.coordinates.map((k) => k.pValue),
  );
});

Deno.test("modelCheck() checks a seeded sample of pairs above maxPairs", () => {
  const d = 12;
  const w = fromRows(
    Array.from(
      { length: d },
      (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)),
    ),
  );
  const b = new Float64Array(d).fill(0.3);
  const x = sampleRectifiedGaussian(w, b, 200, createPrng(1));
  const fit = {
    b,
    sigma: fromRows(
      Array.from(
        { length: d },
        (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)),
      ),
    ),
  };
  const one = modelCheck(x, fit, { replicates: 19, maxPairs: 10, seed: 3 });
  assert.equal(one.pairsTotal, 66);
  assert.equal(one.pairSelection, "sample");
  assert.equal(one.pairs.length, 10);
  const keys = one.pairs.map((p) => p.indices[0] * d + p.indices[1]);
  assert.deepEqual(keys, [...new Set(keys)].sort((p, q) => p - q));
  for (const p of one.pairs) {
    assert.ok(p.indices[0] < p.indices[1] && p.indices[1] < d);
  }
  const again = modelCheck(x, fit, { replicates: 19, maxPairs: 10, seed: 3 });
  assert.deepEqual(
    again.pairs.map((p) => p.indices),
    one.pairs.map((p) => p.indices),
  );
  const all = modelCheck(x, fit, { replicates: 19 });
  assert.equal(all.pairSelection, "all");
  assert.equal(all.pairs.length, 66);
  assert.deepEqual(all.pairs[11].indices, [1, 2]);
  assert.equal(
    modelCheck(x, fit, { replicates: 19, maxPairs: 0 }).pairs.length,
    0,
  );
});

Deno.test("modelCheck() counts failed refits and keeps the good ones on request", () => {
  const x = sampleRectifiedGaussian(W, B, 200, createPrng(9));
  let calls = 0;
  const flaky = (data: Matrix): FittedModel => {
    calls++;
    if (calls % 4 === 0) throw new RangeError("Cannot fit: flaky");
    return censoredFit(data);
  };
  const check = modelCheck(x, censoredFit(x), {
    replicates: 40,
    refit: flaky,
    keepRefits: true,
  });
  assert.equal(check.failedReplicates, 10);
  assert.equal(check.refits?.length, 30);
  assert.ok(
    check.warnings.some((w) =>
      w.startsWith("10 of 40 bootstrap refits failed (Cannot fit: flaky)")
    ),
  );
});

Deno.test("modelCheck() leaves a coordinate without variance unchecked", () => {
  const x = fromRows([[0, 1], [0, 2], [0, 0.5], [0, 3]]);
  const fit = { b: Float64Array.of(0, 1), sigma: fromRows([[0, 0], [0, 1]]) };
  const check = modelCheck(x, fit, { replicates: 10 });
  const [zero, one] = check.coordinates;
  assert.equal(zero.checked, false);
  assert.equal(zero.pValue, null);
  assert.equal(zero.fittedZeroShare, null);
  assert.equal(one.checked, true);
  assert.equal(check.pairs[0].checked, false);
  assert.ok(check.warnings.some((w) => w.startsWith("x1 not checked")));
  // 10 replicates cannot reach p ≤ 0.05, and the check says so.
  assert.ok(check.warnings.some((w) => w.includes("nothing can be flagged")));
});

Deno.test("modelCheck() samples an indefinite Sigma_hat through its nearest PSD matrix", () => {
  const x = sampleRectifiedGaussian(W, B, 200, createPrng(10));
  const fit = { b: B, sigma: fromRows([[1, 1.2, 0], [1.2, 1, 0], [0, 0, 1]]) };
  const check = modelCheck(x, fit, { replicates: 19 });
  assert.ok(
    check.warnings.some((w) =>
      w.startsWith("Sigma_hat is not positive semidefinite")
    ),
  );
});

Deno.test("modelCheck() rejects bad input with messages that name the problem", () => {
  const x = fromRows([[0, 1], [2, -1]]);
  const fit = { b: Float64Array.of(0, 0), sigma: fromRows([[1, 0], [0, 1]]) };
  assert.throws(() => modelCheck(x, fit), {
    name: "RangeError",
    message:
      "Cannot check the model: entry at row 1, column 1 is -1; samples must be finite and non-negative",
  });
  const ok = fromRows([[0, 1], [2, 1]]);
  assert.throws(
    () => modelCheck(ok, { b: Float64Array.of(0), sigma: fit.sigma }),
    /b of length 1/,
  );
  assert.throws(
    () => modelCheck(ok, fit, { replicates: 0 }),
    /replicates must be an integer in \[1, 1000\], got 0/,
  );
  assert.throws(
    () => modelCheck(ok, fit, { level: 1 }),
    /level must lie in \(0, 1\), got 1/,
  );
  assert.throws(
    () => modelCheck(ok, fit, { columns: ["a"] }),
    /1 column names for 2 columns/,
  );
  assert.throws(
    () => modelCheck(ok, fit, { quantiles: [0.5, 1] }),
    /quantile probabilities must lie in \(0, 1\), got 1/,
  );
  assert.throws(() => modelCheck(fromRows([[1, 1]]), fit), /at least 2 rows/);
  assert.throws(
    () => modelCheck(ok, { b: fit.b, sigma: fromRows([[1, NaN], [0, 1]]) }),
    /the fit has non-finite entries/,
  );
});
