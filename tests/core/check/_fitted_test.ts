import assert from "node:assert/strict";
import { assertClose, createPrng } from "../../_helpers.ts";
import {
  bothZeroShare,
  positivePartCorrelation,
  positivePartQuantile,
} from "../../../core/check/_fitted.ts";
import { normCdf } from "../../../core/special/normal.ts";
import { standardNormal } from "../../../core/random/normal.ts";

// [b, sd, p, quantile of N(b, sd²) given > 0] by mpmath 1.3 at mp.dps = 40:
//   a = -b/sd; solve log Q(z) = log((1 - p) Q(a)) with findroot (tol 1e-35),
//   Q(x) = erfc(x/sqrt(2))/2; quantile = b + sd z.
const QUANTILES: readonly (readonly number[])[] = [
  [0.5, 1, 0.5, 0.8968711750895445383608],
  [-0.3, 2, 0.1, 0.2256430249047165589135],
  [-0.3, 2, 0.9, 3.111265674776136150325],
  [3, 0.5, 0.25, 2.66275512606620595589],
  [-5, 1, 0.5, 0.1320183320442984583155],
  [-40, 1, 0.5, 0.01731412676465110613599],
  [-40, 1, 0.99, 0.114892634811597879591],
  [10, 1, 0.999999, 14.75342430881708776569],
  [-1, 1, 1e-9, 6.556795426337563436948e-10],
];

Deno.test("positivePartQuantile() matches 40-digit references, tails included", () => {
  for (const [b, sd, p, expected] of QUANTILES) {
    const q = positivePartQuantile(b, sd, p);
    // z = Φ⁻¹(·) has full relative accuracy; forming b + sd·z can cancel
    // (b = −40, z ≈ 40 gives 0.017), so the error is a few ε · (|b| + sd |z|).
    const tol = 1e-14 * (Math.abs(b) + sd + expected) * 10;
    assertClose(q, expected, tol, `b = ${b}, sd = ${sd}, p = ${p}`);
  }
});

Deno.test("positivePartQuantile() is increasing in p and never negative", () => {
  for (const [b, sd] of [[0.2, 1], [-3, 0.5], [-45, 1]]) {
    let last = -1;
    for (let p = 0.01; p < 1; p += 0.01) {
      const q = positivePartQuantile(b, sd, p);
      assert.ok(q >= 0 && q > last, `b = ${b}, p = ${p}: ${q} after ${last}`);
      last = q;
    }
  }
});

// [h, k, ρ, corr(u, v | u > h, v > k)] by mpmath 1.3 at mp.dps = 40:
// moments E[u^a v^c 1{u>h, v>k}] as quad over u of npdf(u) times the closed
// form of E[v^c 1{v>k} | u] (v | u ~ N(ρu, 1 − ρ²)), on [h, h+2, h+6, h+14, inf].
const CORRELATIONS: readonly (readonly number[])[] = [
  [0, 0, 0.5, 0.26874730039337976161],
  [-0.5, 0.3, 0.8, 0.58922314957230566034],
  [1.2, -0.4, -0.6, -0.10340725052950444517],
  [2.5, 2.0, 0.9, 0.51969773607246215017],
  [-1, -1, -0.95, -0.85098204106934262187],
  [0.3, 0.7, 0.0, 0],
];

Deno.test("positivePartCorrelation() matches 40-digit quadrature", () => {
  for (const [h, k, rho, expected] of CORRELATIONS) {
    assertClose(
      positivePartCorrelation(h, k, rho),
      expected,
      1e-12,
      `h = ${h}, k = ${k}, rho = ${rho}`,
    );
  }
});

Deno.test("positivePartCorrelation() agrees with seeded Monte Carlo", () => {
  // 200,000 pairs; about 60,000 land in the orthant, so the sample
  // correlation's standard error is below (1 − r²)/√60000 ≈ 0.004; 0.02 is
  // five of them.
  const h = -0.2, k = 0.4, rho = 0.7;
  const prng = createPrng(91);
  let n = 0, su = 0, sv = 0, suu = 0, svv = 0, suv = 0;
  const s = Math.sqrt(1 - rho * rho);
  for (let t = 0; t < 200_000; t++) {
    const u = standardNormal(prng);
    const v = rho * u + s * standardNormal(prng);
    if (u > h && v > k) {
      n++;
      su += u;
      sv += v;
      suu += u * u;
      svv += v * v;
      suv += u * v;
    }
  }
  const cov = suv / n - (su / n) * (sv / n);
  const r = cov /
    Math.sqrt((suu / n - (su / n) ** 2) * (svv / n - (sv / n) ** 2));
  assertClose(positivePartCorrelation(h, k, rho), r, 0.02, "Monte Carlo");
});

Deno.test("positivePartCorrelation() is NaN where the orthant has no mass", () => {
  assert.ok(Number.isNaN(positivePartCorrelation(40, 40, 0.1)));
});

Deno.test("bothZeroShare() is the product of the zero shares without correlation", () => {
  assertClose(
    bothZeroShare(0.3, -0.5, 0),
    normCdf(0.3) * normCdf(-0.5),
    1e-15,
    "independent",
  );
  // ρ = 1 (clamped just inside): both zero when the larger threshold is not reached.
  assertClose(bothZeroShare(0.3, -0.5, 1), normCdf(-0.5), 1e-6, "rho = 1");
});
