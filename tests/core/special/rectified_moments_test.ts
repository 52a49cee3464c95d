import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import {
  type NormalPair,
  rectifiedCorrelation,
  rectifiedCrossMoment,
  rectifiedCrossMomentSlope,
  rectifiedMean,
  rectifiedSecondMoment,
} from "../../../core/special/rectified_moments.ts";
import { RHO_LIMIT } from "../../../core/special/bivariate.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { standardNormal } from "../../../core/random/normal.ts";

function pair(values: readonly number[]): NormalPair {
  return {
    mu1: values[0],
    sigma1: values[1],
    mu2: values[2],
    sigma2: values[3],
  };
}

// [μ1, σ1, μ2, σ2, ρ, E[ReLU(y1) ReLU(y2)]] by mpmath 1.3 at mp.dps = 40,
// integrating out y2 in closed form (v | u ~ N(ρu, 1 − ρ²)):
//   quad(lambda u: npdf(u) * (mu1 + s1*u) * relu_mean(mu2 + s2*r*u, s2*sqrt(1 - r*r)),
//        [h, h+2, h+6, h+12, inf]),  h = −μ1/σ1,  relu_mean(m, s) = m ncdf(m/s) + s npdf(m/s).
const REFERENCE: readonly (readonly number[])[] = [
  [0.3, 1.2, -0.4, 0.7, 0.6, 0.1847795052667255720073],
  [0, 1, 0, 1, -0.5, 0.0544988905221146790445],
  [-0.8, 0.5, 1.1, 2.0, 0.95, 0.06484240949266975947502],
  [1.5, 1, 0.2, 0.3, -0.97, 0.1757814239688948257439],
  [-1.0, 1.0, -1.5, 1.0, 0.3, 0.007245080197699518998664],
  [2.0, 0.5, -0.1, 1.5, -0.2, 1.02847692869335243926],
];

Deno.test("rectifiedCrossMoment() matches 40-digit quadrature", () => {
  for (const row of REFERENCE) {
    const m = rectifiedCrossMoment(pair(row), row[4]);
    assertClose(
      m,
      row[5],
      1e-14 * Math.max(1, row[5]),
      `case ${row.join(", ")}`,
    );
  }
});

Deno.test("rectifiedCrossMoment() agrees with Monte Carlo within 4 standard errors", () => {
  // 200,000 seeded draws per case; the tolerance is 4 times the standard error
  // of the sample mean estimated from the same draws (a false alarm has
  // probability ~6e-5 per case, and the seed is fixed).
  const prng = createPrng(20240611);
  const n = 200_000;
  for (const row of REFERENCE.slice(0, 4)) {
    const p = pair(row);
    const rho = row[4];
    const s = Math.sqrt(1 - rho * rho);
    let sum = 0;
    let sumSq = 0;
    for (let t = 0; t < n; t++) {
      const u = standardNormal(prng);
      const v = rho * u + s * standardNormal(prng);
      const y1 = p.mu1 + p.sigma1 * u;
      const y2 = p.mu2 + p.sigma2 * v;
      const prod = (y1 > 0 ? y1 : 0) * (y2 > 0 ? y2 : 0);
      sum += prod;
      sumSq += prod * prod;
    }
    const mean = sum / n;
    const se = Math.sqrt((sumSq / n - mean * mean) / n);
    assertClose(
      rectifiedCrossMoment(p, rho),
      mean,
      4 * se,
      `MC ${row.join(", ")}`,
    );
  }
});

Deno.test("rectifiedCrossMoment() reduces to known closed forms", async (t) => {
  await t.step("μ = 0: the first-order arc-cosine kernel", () => {
    for (const rho of [-0.9, -0.3, 0, 0.4, 0.99]) {
      const theta = Math.acos(rho);
      const expected = (1.3 * 0.6 / (2 * Math.PI)) *
        (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta));
      assertClose(
        rectifiedCrossMoment({ mu1: 0, sigma1: 1.3, mu2: 0, sigma2: 0.6 }, rho),
        expected,
        1e-15,
        `rho = ${rho}`,
      );
    }
  });
  await t.step("ρ = 0: product of rectified means", () => {
    const p = { mu1: 0.7, sigma1: 1.1, mu2: -0.9, sigma2: 0.8 };
    assertClose(
      rectifiedCrossMoment(p, 0),
      rectifiedMean(0.7, 1.1) * rectifiedMean(-0.9, 0.8),
      1e-16,
      "product",
    );
  });
  await t.step(
    "ρ = 1 with equal marginals: the rectified second moment",
    () => {
      for (const mu of [-1.2, 0, 0.8]) {
        const p = { mu1: mu, sigma1: 0.9, mu2: mu, sigma2: 0.9 };
        assertClose(
          rectifiedCrossMoment(p, 1),
          rectifiedSecondMoment(mu, 0.9),
          1e-15,
          `mu = ${mu}`,
        );
        assertClose(
          rectifiedCrossMoment(p, 1 - 1e-12),
          rectifiedSecondMoment(mu, 0.9),
          1e-6,
          "ρ → 1",
        );
      }
    },
  );
  await t.step("ρ = −1 with symmetric means: disjoint supports give 0", () => {
    const p = { mu1: -0.5, sigma1: 1, mu2: -0.5, sigma2: 1 };
    assertClose(rectifiedCrossMoment(p, -1), 0, 0, "disjoint");
  });
  await t.step("the univariate moments match their integrals at μ = 0", () => {
    assertClose(rectifiedMean(0, 2), 2 / Math.sqrt(2 * Math.PI), 1e-16, "mean");
    assertClose(rectifiedSecondMoment(0, 2), 2, 1e-15, "second moment");
  });
});

Deno.test("rectifiedCrossMomentSlope() is the ρ-derivative (Price's theorem)", () => {
  const eps = 1e-5;
  for (const row of REFERENCE) {
    const p = pair(row);
    const rho = Math.max(-0.9, Math.min(0.9, row[4]));
    const fd = (rectifiedCrossMoment(p, rho + eps) -
      rectifiedCrossMoment(p, rho - eps)) / (2 * eps);
    // Central difference: truncation ~eps² M''' ≲ 1e-9, rounding ~1e-16/eps.
    assertClose(
      rectifiedCrossMomentSlope(p, rho),
      fd,
      2e-9,
      `case ${row.join(", ")}`,
    );
  }
});

Deno.test("rectifiedCorrelation() inverts the cross moment and clamps", () => {
  for (const row of REFERENCE) {
    const p = pair(row);
    for (const rho of [-0.95, -0.4, 0, 0.5, 0.97]) {
      const solved = rectifiedCorrelation(p, rectifiedCrossMoment(p, rho));
      assert.equal(solved.clamped, 0);
      // Where the moment is flat in ρ (P(y1 > 0, y2 > 0) ≈ 0) rounding of the
      // moment moves the root by ~ε M / slope: allow for that conditioning.
      const slope = rectifiedCrossMomentSlope(p, rho);
      const m = rectifiedCrossMoment(p, rho);
      assertClose(
        solved.rho,
        rho,
        1e-9 + 1e-15 * Math.max(1, m) / slope,
        `ρ = ${rho} for ${row.join(", ")}`,
      );
    }
  }
  const p = pair(REFERENCE[0]);
  const top = rectifiedCorrelation(p, rectifiedCrossMoment(p, 1) * 1.01);
  assert.deepEqual([top.rho, top.clamped], [RHO_LIMIT, 1]);
  const bottom = rectifiedCorrelation(p, -1);
  assert.deepEqual([bottom.rho, bottom.clamped], [-RHO_LIMIT, -1]);
  assert.throws(() => rectifiedCorrelation({ ...p, sigma1: 0 }, 0.1), {
    name: "RangeError",
    message: /Cannot solve for a correlation/,
  });
});
