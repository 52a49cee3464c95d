import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import { fitCensoredNormal } from "../../../core/estimators/_censored_marginal.ts";
import type { ColumnSummary } from "../../../core/estimators/_marginal_fit.ts";
import { normLogCdf } from "../../../core/special/normal.ts";
import { population } from "./_censored_fixtures.ts";

/** Censored log-likelihood in (μ, σ) from a summary. */
function censoredLoglik(c: ColumnSummary, mu: number, sd: number): number {
  const r = c.mean - mu;
  return c.zeros * normLogCdf(-mu / sd) - c.positives * Math.log(sd) -
    (c.centeredSquares + c.positives * r * r) / (2 * sd * sd);
}

Deno.test("fitCensoredNormal() recovers (μ, σ) from population statistics", () => {
  for (
    const [mu, sd] of [[0.8, 1], [0, 0.3], [-0.5, 1], [-2.5, 2], [-4, 1], [
      3,
      0.5,
    ]]
  ) {
    const fit = fitCensoredNormal(population(mu, sd, 1e6));
    assertClose(fit.mu, mu, 1e-8 * sd, `mu for ${mu}, ${sd}`);
    assertClose(fit.scale, sd, 1e-8 * sd, `scale for ${mu}, ${sd}`);
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
  const best = censoredLoglik(c, fit.mu, fit.scale);
  for (
    const [dm, ds] of [[1e-4, 0], [-1e-4, 0], [0, 1e-4], [0, -1e-4], [
      1e-4,
      1e-4,
    ]]
  ) {
    assert.ok(
      censoredLoglik(c, fit.mu + dm, fit.scale + ds) < best,
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
  assertClose(fit.scale, 0.5, 1e-12, "population sd");
});
