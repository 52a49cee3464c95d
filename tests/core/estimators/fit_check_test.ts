import assert from "node:assert/strict";
import { assertClose, createPrng, fromRows } from "../../_helpers.ts";
import {
  FitRequestError,
  fitSamples,
  MAX_CHECK_ROWS,
} from "../../../core/estimators/mod.ts";
import { symmetricEigen } from "../../../core/linalg/eigen.ts";
import { gramOfRows, type Matrix } from "../../../core/linalg/matrix.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { logNormalRain, NAMES, plantedData } from "../check/_planted.ts";

/** A censored fit with a check of `replicates` refitted data sets. */
function checkedFit(x: Matrix, replicates: number, rank = 0) {
  return fitSamples(
    x,
    { method: "censored", check: true, checkReplicates: replicates, rank },
    { columns: NAMES },
  );
}

Deno.test("fitSamples() with check passes data from the model", () => {
  // 39 refitted replicates put the smallest adjusted p-value at 1/40, below
  // the level 0.05; data from the model get a flag with probability ≤ 0.05.
  const fit = checkedFit(plantedData(1000, 21), 39);
  assert.ok(fit.check);
  assert.equal(fit.check.passed, true, fit.warnings.join("; "));
  assert.equal(fit.check.calibration, "refit");
  assert.equal(fit.check.replicates, 39);
  assert.equal(fit.check.n, 1000);
  assert.equal(fit.check.dataRows, 1000);
  assert.deepEqual(fit.check.coordinates.map((c) => c.name), NAMES);
  assert.deepEqual(fit.check.pairs.map((p) => p.names), [
    ["rain", "wind"],
    ["rain", "sun"],
    ["wind", "sun"],
  ]);
  assert.ok(!fit.warnings.some((w) => w.startsWith("Model check:")));
  assert.equal("refits" in fit.check, false, "the refits stay out");
});

Deno.test("fitSamples() with check names a planted misfit in the warnings", () => {
  const fit = checkedFit(plantedData(1000, 22, logNormalRain), 39);
  assert.ok(fit.check);
  assert.equal(fit.check.passed, false);
  const rain = fit.check.coordinates[0];
  assert.equal(rain.flagged, true);
  // Rank 1 of 40: the observed distance beats every replicate's.
  assert.equal(rain.pValue, 1 / 40);
  assert.ok(
    fit.warnings.some((w) =>
      w.startsWith(
        "Model check: rain: the fitted model does not describe this column",
      )
    ),
    fit.warnings.join("; "),
  );
  // The same warnings, without the prefix, in the check itself.
  assert.ok(fit.check.warnings.some((w) => w.startsWith("rain: ")));
});

Deno.test("fitSamples() with check analyses the rank of Sigma_hat from the check's refits", () => {
  // Rank 2 in d = 3: the third eigenvalue of Sigma is 0.
  const w = fromRows([[1, 0], [0.6, 0.8], [0.2, -0.9]]);
  const x = sampleRectifiedGaussian(
    w,
    Float64Array.of(0.3, 0.1, 0.2),
    4000,
    createPrng(5),
  );
  const fit = checkedFit(x, 39);
  assert.ok(fit.rank);
  const expected = Array.from(symmetricEigen(fit.sigma).values).reverse();
  assert.deepEqual(fit.rank.eigenvalues, expected);
  assert.equal(fit.rank.noiseFloorFrom, "bootstrap");
  assert.equal(fit.rank.replicates, 39 - fit.check!.failedReplicates);
  assert.equal(fit.rank.suggested, 2);

  // With 4 times more rows than the check uses, the refits' spread is that
  // of 5000 rows, scaled down by √(5000 / 20000) = 1/2: the noise floor is
  // about half the one of the 4000-row data above (ratio √(4000/20000)
  // = 0.45 for the error of Sigma_hat; 0.3 to 0.7 allows for the bootstrap
  // quantile's own spread over 39 replicates), and k is still found.
  const large = sampleRectifiedGaussian(
    w,
    Float64Array.of(0.3, 0.1, 0.2),
    20_000,
    createPrng(6),
  );
  const big = checkedFit(large, 39);
  assert.equal(big.check!.n, MAX_CHECK_ROWS);
  assert.equal(big.rank!.suggested, 2);
  const ratio = big.rank!.noiseFloor / fit.rank.noiseFloor;
  assert.ok(ratio > 0.3 && ratio < 0.7, `noise floor ratio ${ratio}`);
});

Deno.test("fitSamples() checks a seeded subsample of larger data against its own fit", () => {
  const n = MAX_CHECK_ROWS + 1000;
  const x = plantedData(n, 23);
  const fit = checkedFit(x, 19);
  assert.ok(fit.check);
  assert.equal(fit.check.n, MAX_CHECK_ROWS);
  assert.equal(fit.check.dataRows, n);
  assert.ok(
    fit.warnings.includes(
      `The model check used a seeded subsample of ${MAX_CHECK_ROWS} of the ${n} rows with its own fit, to bound its cost: it has the power of ${MAX_CHECK_ROWS} rows`,
    ),
  );
  // The subsample's zero shares are close to the data's (binomial standard
  // error at most 0.5/√5000 = 0.007; 4 of them).
  for (let j = 0; j < 3; j++) {
    let zeros = 0;
    for (let i = 0; i < n; i++) if (x.data[i * 3 + j] === 0) zeros++;
    assertClose(
      fit.check.coordinates[j].observedZeroShare,
      zeros / n,
      0.028,
      `zero share of ${NAMES[j]}`,
    );
  }
  // Seeded: the same request gives the same check.
  assert.deepEqual(checkedFit(x, 19).check, fit.check);
});

Deno.test("fitSamples() does not check a hidden-layer fit, and says so", () => {
  const fit = fitSamples(plantedData(500, 24), {
    method: "two-layer",
    options: { m: 2 },
    check: true,
    checkReplicates: 19,
  });
  assert.equal(fit.check, undefined);
  assert.equal(fit.rank, undefined);
  assert.ok(
    fit.warnings.includes(
      "The model check was not run: this fit describes a hidden layer h (x = A h), not the data's columns",
    ),
  );
});

Deno.test("fitSamples() adds a rank-k fit whose factor gives its Sigma", () => {
  const x = plantedData(1000, 25);
  const fit = fitSamples(x, { method: "censored", rank: 2 });
  assert.ok(fit.rankK);
  assert.equal(fit.rankK.k, 2);
  assert.deepEqual([fit.rankK.w.rows, fit.rankK.w.cols], [3, 2]);
  assert.deepEqual(fit.rankK.sigma, gramOfRows(fit.rankK.w));
  assert.equal("b" in fit.rankK, false, "b is the fit's own");
  const values = Array.from(symmetricEigen(fit.sigma).values).reverse();
  assert.deepEqual(fit.rankK.eigenvalues, values.slice(0, 2));
  assert.equal(fit.check, undefined, "no check unless asked");

  assert.throws(
    () => fitSamples(x, { method: "censored", rank: 4 }),
    (e: unknown) =>
      e instanceof FitRequestError && e.field === "rank" &&
      e.message ===
        "Cannot fit rank 4: k must be at most the number of columns, 3",
  );
});

Deno.test("fitSamples() names the columns, and checks their count", () => {
  const x = plantedData(200, 26);
  assert.deepEqual(fitSamples(x, { method: "censored" }).columns, [
    "x1",
    "x2",
    "x3",
  ]);
  assert.deepEqual(
    fitSamples(x, { method: "censored" }, { columns: NAMES }).columns,
    NAMES,
  );
  assert.throws(
    () => fitSamples(x, { method: "censored" }, { columns: ["a"] }),
    { name: "RangeError", message: "Cannot fit: 1 column names for 3 columns" },
  );
});
