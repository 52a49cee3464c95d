import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import {
  orthantProbability,
  trivariateNormalCdf,
} from "../../../core/fisher/_orthant.ts";
import { bivariateNormalCdf } from "../../../core/special/bivariate.ts";
import { normCdf } from "../../../core/special/normal.ts";

// Φ3(h0, h1, h2; r01, r02, r12) by mpmath 1.3 at mp.dps = 25, as
//   quad(lambda t: npdf(t) * Φ2((h1 − r01 t)/s1, (h2 − r02 t)/s2; ρ12·0), [−inf, (0,) h0])
// with Φ2(a, b; ρ) = quad(lambda x: npdf(x) * ncdf((b − ρ x)/√(1 − ρ²)), [−inf, (0,) a]),
// s_i = √(1 − r0i²) and ρ12·0 = (r12 − r01 r02)/(s1 s2).
const REFERENCE: readonly (readonly number[])[] = [
  [0.3, -0.5, 1.0, 0.5, 0.2, -0.3, 0.20314914922598701662],
  [-1, -0.5, -1.5, 0.8, 0.6, 0.7, 0.037472039709114622402],
  [1.2, 0.4, -0.2, -0.6, 0.3, 0.1, 0.26382466597211578104],
  [0.5, 0.5, 0.5, 0.9, 0.85, 0.92, 0.59021483645050218919],
  [-2.0, 1.0, 0.0, 0.3, -0.4, 0.5, 0.0034742716424659094285],
];

Deno.test("trivariateNormalCdf() matches 25-digit quadrature to 1e-14", () => {
  for (const [h0, h1, h2, r01, r02, r12, p] of REFERENCE) {
    assertClose(
      trivariateNormalCdf(h0!, h1!, h2!, r01!, r02!, r12!),
      p!,
      1e-14,
      `Φ3(${h0}, ${h1}, ${h2}; ${r01}, ${r02}, ${r12})`,
    );
  }
});

Deno.test("trivariateNormalCdf() gives the closed-form orthant probability at the origin", () => {
  // P(X ≤ 0) = 1/8 + (asin r01 + asin r02 + asin r12) / (4π).
  const cases = [
    [0, 0, 0],
    [0.5, 0.5, 0.5],
    [0.9, 0.85, 0.92],
    [-0.4, -0.3, 0.2],
    [0.99, 0.98, 0.975],
    [-0.5, -0.5, 0.4],
  ];
  for (const [a, b, c] of cases) {
    const exact = 1 / 8 +
      (Math.asin(a!) + Math.asin(b!) + Math.asin(c!)) / (4 * Math.PI);
    assertClose(
      trivariateNormalCdf(0, 0, 0, a!, b!, c!),
      exact,
      1e-14,
      `orthant(${a}, ${b}, ${c})`,
    );
  }
});

Deno.test("trivariateNormalCdf() reduces to the bivariate CDF and to products", () => {
  assertClose(
    trivariateNormalCdf(0.4, -0.3, Infinity, 0.6, 0.2, 0.1),
    bivariateNormalCdf(0.4, -0.3, 0.6),
    1e-14,
    "h2 = +Infinity",
  );
  assertClose(
    trivariateNormalCdf(0.4, -1.3, 2, 0, 0, 0),
    normCdf(0.4) * normCdf(-1.3) * normCdf(2),
    1e-14,
    "independent",
  );
});

Deno.test("orthantProbability() standardises a covariance in 0 to 3 dimensions", () => {
  const c = Float64Array.of(0.5, -1, 2);
  assert.equal(orthantProbability(0, c, new Float64Array(0)), 1);
  assertClose(
    orthantProbability(1, c, Float64Array.of(4)),
    normCdf(0.25),
    1e-16,
    "k = 1",
  );
  // C = [[4, 1.2], [1.2, 1]]: ρ = 1.2 / 2 = 0.6.
  assertClose(
    orthantProbability(2, c, Float64Array.of(4, 1.2, 1.2, 1)),
    bivariateNormalCdf(0.25, -1, 0.6),
    1e-16,
    "k = 2",
  );
  const cov3 = Float64Array.of(4, 1.2, 0.8, 1.2, 1, -0.3, 0.8, -0.3, 9);
  assertClose(
    orthantProbability(3, c, cov3),
    trivariateNormalCdf(0.25, -1, 2 / 3, 0.6, 0.8 / 6, -0.1),
    1e-16,
    "k = 3",
  );
  assert.throws(() => orthantProbability(4, c, cov3), {
    name: "RangeError",
    message: /4 dimensions: at most 3/,
  });
});
