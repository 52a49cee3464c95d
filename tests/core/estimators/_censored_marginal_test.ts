import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import {
  type ColumnSummary,
  fitCensoredNormal,
  fitMarginals,
} from "../../../core/estimators/_censored_marginal.ts";
import {
  fitTruncatedNormal,
  truncatedMeanToSd,
} from "../../../core/estimators/_truncated_marginal.ts";
import { columnStats } from "../../../core/kernels/column_stats.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import {
  inverseMillsRatio,
  normCdf,
  normLogCdf,
} from "../../../core/special/normal.ts";

/**
 * The statistics n samples of ReLU(N(μ, σ²)) have in expectation. The MLE is
 * consistent, so fed its own population statistics it must return (μ, σ).
 */
function population(mu: number, sigma: number, n: number): ColumnSummary {
  const alpha = -mu / sigma;
  const lambda = inverseMillsRatio(alpha);
  const positives = n * normCdf(-alpha);
  return {
    zeros: n - positives,
    positives,
    mean: mu + sigma * lambda,
    centeredSquares: positives * sigma * sigma *
      (1 + alpha * lambda - lambda * lambda),
    constantPositives: false,
  };
}

/** Censored log-likelihood in (μ, σ) from a summary. */
function censoredLoglik(c: ColumnSummary, mu: number, sigma: number): number {
  const r = c.mean - mu;
  return c.zeros * normLogCdf(-mu / sigma) - c.positives * Math.log(sigma) -
    (c.centeredSquares + c.positives * r * r) / (2 * sigma * sigma);
}

Deno.test("fitCensoredNormal() recovers (μ, σ) from population statistics", () => {
  for (
    const [mu, sigma] of [[0.8, 1], [0, 0.3], [-0.5, 1], [-2.5, 2], [-4, 1], [
      3,
      0.5,
    ]]
  ) {
    const fit = fitCensoredNormal(population(mu, sigma, 1e6));
    assertClose(fit.mu, mu, 1e-8 * sigma, `mu for ${mu}, ${sigma}`);
    assertClose(fit.sigma, sigma, 1e-8 * sigma, `sigma for ${mu}, ${sigma}`);
  }
});

Deno.test("fitCensoredNormal() maximises the censored likelihood of sample statistics", () => {
  // Statistics that no (μ, σ) fits exactly: the fit must still be a maximum.
  const c: ColumnSummary = {
    zeros: 420,
    positives: 580,
    mean: 0.9,
    centeredSquares: 580 * 0.45,
    constantPositives: false,
  };
  const fit = fitCensoredNormal(c);
  const best = censoredLoglik(c, fit.mu, fit.sigma);
  for (
    const [dm, ds] of [[1e-4, 0], [-1e-4, 0], [0, 1e-4], [0, -1e-4], [
      1e-4,
      1e-4,
    ]]
  ) {
    assert.ok(
      censoredLoglik(c, fit.mu + dm, fit.sigma + ds) < best,
      `moving by (${dm}, ${ds}) increased the likelihood`,
    );
  }
});

Deno.test("fitCensoredNormal() without zeros is the normal MLE of the positives", () => {
  const fit = fitCensoredNormal({
    zeros: 0,
    positives: 100,
    mean: 5,
    centeredSquares: 100 * 0.25,
    constantPositives: false,
  });
  assertClose(fit.mu, 5, 1e-12, "mean");
  assertClose(fit.sigma, 0.5, 1e-12, "population sd");
});

Deno.test("truncatedMeanToSd() decreases from large values to 1", () => {
  let previous = Infinity;
  for (let alpha = -6; alpha <= 6; alpha += 0.05) {
    const r = truncatedMeanToSd(alpha);
    assert.ok(r < previous && r > 1, `r(${alpha}) = ${r} after ${previous}`);
    previous = r;
  }
  assertClose(
    truncatedMeanToSd(0),
    Math.sqrt(2 / (Math.PI - 2)),
    1e-15,
    "r(0)",
  );
});

Deno.test("fitTruncatedNormal() recovers μ ≥ 0 and clamps μ < 0 to the half-normal fit", () => {
  for (const [mu, sigma] of [[0.5, 1], [2, 0.7], [0.05, 1.5]]) {
    const fit = fitTruncatedNormal(population(mu, sigma, 1e5));
    assert.equal(fit.clamped, false);
    assertClose(fit.mu, mu, 1e-9, `mu for ${mu}`);
    assertClose(fit.sigma, sigma, 1e-9, `sigma for ${mu}`);
  }
  // True μ < 0: the maximum over μ ≥ 0 is μ = 0 with σ² = mean of x².
  const c = population(-0.4, 1, 1e5);
  const fit = fitTruncatedNormal(c);
  assert.equal(fit.clamped, true);
  assert.equal(fit.mu, 0);
  assertClose(
    fit.sigma ** 2,
    c.mean ** 2 + c.centeredSquares / c.positives,
    1e-12,
    "sigma²",
  );
});

Deno.test("fitMarginals() reports degenerate columns without NaN", () => {
  // Columns: all zeros; constant 0.7; one positive among zeros; regular.
  const x = fromRows([
    [0, 0.7, 0, 1.0],
    [0, 0.7, 0, 0],
    [0, 0.7, 2, 0.3],
    [0, 0.7, 0, 2.2],
  ]);
  const m = fitMarginals(columnStats(x), fitCensoredNormal);
  assert.deepEqual(Array.from(m.fitted), [0, 0, 0, 1]);
  assert.deepEqual(Array.from(m.mu.subarray(0, 3)), [0, 0.7, 0]);
  assert.deepEqual(Array.from(m.sigma.subarray(0, 3)), [0, 0, 0]);
  assert.ok(Number.isFinite(m.mu[3]) && m.sigma[3] > 0);
  assert.deepEqual(m.coordinates.map((c) => c.degenerate === true), [
    true,
    true,
    true,
    false,
  ]);
  assert.equal(m.warnings.length, 4);
  // Warnings count coordinates from 1, as users (and row/column errors) do.
  assert.match(m.warnings[0], /Coordinate 1 had only zeros/);
  assert.match(m.warnings[1], /Coordinate 2 had one constant positive value/);
  assert.match(m.warnings[2], /Coordinate 3 had fewer than 2 distinct/);
  // The regular column is fitted from 3 positives: fitted, but flagged.
  assert.match(m.warnings[3], /Coordinate 4 had fewer than 30 positive values/);
});
