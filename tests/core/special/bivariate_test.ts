import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import {
  bivariateNormalCdf,
  bivariateNormalPdf,
  bivariateNormalUpper,
  orthantCorrelation,
  RHO_LIMIT,
} from "../../../core/special/bivariate.ts";
import { normCdf, normSf } from "../../../core/special/normal.ts";

// P(X > h, Y > k; ρ) by mpmath 1.3 at mp.dps = 40:
//   quad(lambda x: npdf(x) * (1 - ncdf((k - r*x)/sqrt(1 - r*r))), [h, …, inf])
// (breakpoints at h, ρk, 0, k, h+1, h+3, h+8; swapping h and k agrees to 1e-40).
// Cases cover both branches (|ρ| < 0.925 and ≥ 0.925) and both signs of ρ.
const REFERENCE: readonly (readonly number[])[] = [
  [0.3, -0.7, 0.2, 0.3130162259864858765836087],
  [1.5, 1.2, -0.5, 0.0004698169082027334950286618],
  [-1, -2, 0.9, 0.8410961870367745456717691],
  [2, 2, 0.95, 0.01602448370426652831140651],
  [0.5, -0.5, -0.95, 0.04455526590722349255337959],
  [-0.3, 0.4, 0.999, 0.3445782583896758250858795],
  [3, 3.5, 0.99, 0.0002326148269237363928442454],
  [1, -1, -0.999, 0.004317057996186692119552302],
  [-2, -2, -0.93, 0.9544997361036415855994347],
  [0.1, 0.2, 0.92, 0.3751712461299516561644606],
  [4, -3, 0.6, 0.00003167124183301391675954902],
  [-1.2, 0.7, 0.93, 0.2419636470655057203604978],
  [2.5, -2.4, -0.97, 0.001086014804932943307335832],
  [0, 0, 0.9999, 0.4977491904525954030000945],
];

Deno.test("bivariateNormalUpper() matches 40-digit quadrature to 1e-15", () => {
  for (const [h, k, rho, p] of REFERENCE) {
    assertClose(
      bivariateNormalUpper(h, k, rho),
      p,
      1e-15,
      `U(${h}, ${k}, ${rho})`,
    );
    // Relative accuracy too, down to probabilities of 3e-5.
    assertClose(
      bivariateNormalUpper(h, k, rho) / p,
      1,
      2e-11,
      `relative U(${h}, ${k}, ${rho})`,
    );
  }
});

Deno.test("bivariateNormalUpper() at the origin is 1/4 + asin(ρ)/(2π)", () => {
  for (let rho = -1; rho <= 1; rho += 0.0125) {
    const r = Math.max(-1, Math.min(1, rho));
    assertClose(
      bivariateNormalUpper(0, 0, r),
      0.25 + Math.asin(r) / (2 * Math.PI),
      2e-16 * 4,
      `rho = ${r}`,
    );
  }
});

Deno.test("bivariateNormalUpper() is the product of marginals at ρ = 0", () => {
  for (const h of [-3, -0.5, 0, 0.7, 2.2]) {
    for (const k of [-1.4, 0.1, 3.3]) {
      assertClose(
        bivariateNormalUpper(h, k, 0),
        normSf(h) * normSf(k),
        1e-16,
        `${h}, ${k}`,
      );
    }
  }
});

Deno.test("bivariateNormalUpper() has the exact limits at ρ = ±1", () => {
  for (const [h, k] of [[0.3, -0.2], [-1, 1.5], [1, 1], [2, -2.5]]) {
    assertClose(
      bivariateNormalUpper(h, k, 1),
      normSf(Math.max(h, k)),
      1e-16,
      "ρ = 1",
    );
    assertClose(
      bivariateNormalUpper(h, k, -1),
      Math.max(0, normCdf(-k) - normCdf(h)),
      1e-16,
      "ρ = −1",
    );
    // Continuity into the limits.
    assertClose(
      bivariateNormalUpper(h, k, 1 - 1e-12),
      normSf(Math.max(h, k)),
      1e-6,
      "ρ → 1",
    );
  }
});

Deno.test("bivariateNormalUpper() obeys symmetry and complement identities", () => {
  for (const [h, k] of [[0.3, -0.7], [1.1, 2.0], [-2.2, 0.4]]) {
    for (const rho of [-0.99, -0.93, -0.5, 0.1, 0.924, 0.926, 0.97]) {
      const u = bivariateNormalUpper(h, k, rho);
      assertClose(bivariateNormalUpper(k, h, rho), u, 1e-15, "swap h, k");
      // P(X > h, Y > k; ρ) + P(X > h, −Y > −k; −ρ) = P(X > h).
      assertClose(
        u + bivariateNormalUpper(h, -k, -rho),
        normSf(h),
        2e-15,
        "complement",
      );
      assertClose(
        bivariateNormalCdf(-h, -k, rho),
        u,
        0,
        "lower CDF at (−h, −k)",
      );
    }
  }
});

Deno.test("bivariateNormalUpper() handles infinite thresholds and bad input", () => {
  assert.equal(bivariateNormalUpper(Infinity, 0, 0.3), 0);
  assertClose(
    bivariateNormalUpper(-Infinity, 0.5, 0.3),
    normSf(0.5),
    0,
    "h = −∞",
  );
  assertClose(
    bivariateNormalUpper(0.5, -Infinity, 0.3),
    normSf(0.5),
    0,
    "k = −∞",
  );
  assert.ok(Number.isNaN(bivariateNormalUpper(0, 0, 1.5)));
  assert.ok(Number.isNaN(bivariateNormalUpper(NaN, 0, 0.5)));
});

Deno.test("bivariateNormalPdf() is the ρ-derivative of the orthant probability (Plackett)", () => {
  const eps = 1e-5;
  for (
    const [h, k, rho] of [[0.3, -0.7, 0.2], [1, 1.5, -0.6], [-0.5, 0.2, 0.95]]
  ) {
    const fd = (bivariateNormalUpper(h, k, rho + eps) -
      bivariateNormalUpper(h, k, rho - eps)) / (2 * eps);
    // Central difference error ~ eps² f''' ≈ 1e-10, rounding ~1e-16/eps.
    assertClose(bivariateNormalPdf(h, k, rho), fd, 1e-9, `${h}, ${k}, ${rho}`);
  }
});

Deno.test("orthantCorrelation() inverts the orthant probability", () => {
  for (const [h, k] of [[0, 0], [0.4, -0.3], [-1.2, 0.8], [1.5, 1.5]]) {
    for (const rho of [-0.98, -0.6, 0, 0.35, 0.9, 0.995]) {
      const p = bivariateNormalUpper(h, k, rho);
      const solved = orthantCorrelation(h, k, p);
      // Where P is flat in ρ (ρ → 1 with h ≠ k) a rounding error of p moves
      // the root by ~1e-16 / slope (it may even clamp): that is the
      // conditioning, not the solver.
      const slope = bivariateNormalPdf(h, k, rho);
      if (slope > 1e-6) assert.equal(solved.clamped, 0);
      assertClose(solved.rho, rho, 1e-9 + 1e-15 / slope, `ρ at ${h}, ${k}`);
    }
  }
});

Deno.test("orthantCorrelation() clamps unreachable probabilities and rejects NaN", () => {
  const high = orthantCorrelation(0.5, 0.5, 0.9);
  assert.equal(high.clamped, 1);
  assert.equal(high.rho, RHO_LIMIT);
  const low = orthantCorrelation(0, 0, 0);
  assert.equal(low.clamped, -1);
  assert.equal(low.rho, -RHO_LIMIT);
  assert.throws(() => orthantCorrelation(0, 0, NaN), {
    name: "RangeError",
    message: /Cannot solve for a correlation/,
  });
});
