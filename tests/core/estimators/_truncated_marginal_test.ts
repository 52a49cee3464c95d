import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import {
  fitTruncatedNormal,
  truncatedMeanToSd,
} from "../../../core/estimators/_truncated_marginal.ts";
import { population } from "./_censored_fixtures.ts";

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
  for (const [mu, sd] of [[0.5, 1], [2, 0.7], [0.05, 1.5]]) {
    const fit = fitTruncatedNormal(population(mu, sd, 1e5));
    assert.equal(fit.clamped, false);
    assertClose(fit.mu, mu, 1e-9, `mu for ${mu}`);
    assertClose(fit.scale, sd, 1e-9, `scale for ${mu}`);
  }
  // True μ < 0: the maximum over μ ≥ 0 is μ = 0 with σ² = mean of x².
  const c = population(-0.4, 1, 1e5);
  const fit = fitTruncatedNormal(c);
  assert.equal(fit.clamped, true);
  assert.equal(fit.mu, 0);
  assertClose(
    fit.scale ** 2,
    c.mean ** 2 + c.centeredSquares / c.positives,
    1e-12,
    "scale²",
  );
});
