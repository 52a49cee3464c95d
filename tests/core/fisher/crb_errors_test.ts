import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import { censoredFisherInformation } from "../../../core/fisher/censored_information.ts";
import { cramerRaoBound } from "../../../core/fisher/cramer_rao.ts";
import { crbErrors } from "../../../core/fisher/crb_errors.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { createPrng, deriveSeed } from "../../../core/random/prng.ts";
import { randomTruth } from "../../../core/experiments/truth.ts";
import { D3, sigmaEntry } from "./_fixtures.ts";

function unit2(rho: number) {
  return fromRows([[1, rho], [rho, 1]]);
}

Deno.test("crbErrors() reproduces the reference d = 2 table of CRB-implied mean errors (n = 200,000)", () => {
  // Reference table of CRB-implied mean errors (an independent computation
  // by quadrature, cross-checked by Monte Carlo to 0.7%), unit variances:
  // b1, b2, ρ, err_sigma, err_b.
  // Tolerance: half a unit in the table's last digit (its rounding) plus
  // 0.2% (tighter than the 0.7% the reference states for d = 2).
  const table = [
    [0.5, 0.5, 0, 0.00309, 0.00212],
    [0.5, 0.5, 0.5, 0.00314, 0.00209],
    [0.5, 0.5, 0.9, 0.00322, 0.00198],
    [0, 0, 0, 0.00369, 0.00244],
    [0, 0, 0.5, 0.00376, 0.00241],
    [0, 0, 0.9, 0.00389, 0.00228],
    [-0.5, -0.5, 0, 0.00481, 0.00337],
    [-0.5, -0.5, 0.5, 0.00489, 0.00334],
    [-0.5, -0.5, 0.9, 0.0051, 0.00315],
    [1, 0, 0, 0.00325, 0.00224],
    [1, 0, 0.5, 0.0033, 0.0022],
    [1, 0, 0.9, 0.00324, 0.00206],
  ];
  for (const [b1, b2, rho, errSigma, errB] of table) {
    const crb = crbErrors(
      { b: Float64Array.of(b1!, b2!), sigma: unit2(rho!) },
      200_000,
    );
    const what = `b = (${b1}, ${b2}), rho = ${rho}`;
    assert.equal(crb.kind, "exact");
    assertClose(
      crb.errSigma.mean!,
      errSigma!,
      5e-6 + 0.002 * errSigma!,
      `${what}: err_sigma`,
    );
    assertClose(crb.errB.mean!, errB!, 5e-6 + 0.002 * errB!, `${what}: err_b`);
    assert.ok(crb.errSigma.mean! < crb.errSigma.rms);
    assert.ok(crb.quadratureChange < 1e-8);
  }
});

Deno.test("crbErrors() at d = 5, kappa = 1 matches the reference average over random truths", () => {
  // The reference (the same independent computation) averages 50 truths
  // b_i = max(0, N(0, 1)), Σ = I. We average 200 of our own; the difference of the two averages has standard
  // error √(se² + se_ref²), se_ref ≈ our per-truth sd / √50. Tolerance: 3 of
  // those plus half a unit of the table's last digit.
  const reference = [
    [20_000, 0.00948, 0.00774],
    [200_000, 0.003, 0.00245],
  ];
  const truths = 200;
  for (const [n, refSigma, refB] of reference) {
    const es: number[] = [], eb: number[] = [];
    for (let r = 0; r < truths; r++) {
      const truth = randomTruth(
        { d: 5, k: 5, kappa: 1, bias: "relu" },
        createPrng(deriveSeed(41, r)),
      );
      const crb = crbErrors(truth, n!);
      assert.equal(crb.kind, "exact", "Σ = I up to rounding is diagonal");
      es.push(crb.errSigma.mean!);
      eb.push(crb.errB.mean!);
    }
    for (
      const [xs, ref, what] of [[es, refSigma!, "err_sigma"], [
        eb,
        refB!,
        "err_b",
      ]] as const
    ) {
      const mean = xs.reduce((s, x) => s + x, 0) / truths;
      const sd = Math.sqrt(
        xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (truths - 1),
      );
      const se = Math.sqrt(sd * sd / truths + sd * sd / 50);
      assertClose(mean, ref, 3 * se + 5e-6, `n = ${n}: ${what}`);
    }
  }
});

Deno.test("crbErrors() for d > 3 at a diagonal Sigma is the exact joint bound (block structure)", () => {
  // At diagonal Σ the coordinates are independent, so the bound of any
  // entry does not depend on the other coordinates: d = 4 (block formula)
  // must agree with d = 3 (full quadrature) on the first three coordinates.
  const variances = [1, 2, 0.5, 1.5];
  const b = Float64Array.of(0.3, -0.5, 0.8, 0);
  const diag = (k: number) =>
    fromRows(
      Array.from({ length: k }, (_, i) =>
        Array.from({ length: k }, (_, j) => (i === j ? variances[i]! : 0))),
    );
  const four = crbErrors({ b, sigma: diag(4) }, 1000);
  const three = crbErrors({ b: b.subarray(0, 3), sigma: diag(3) }, 1000);
  assert.equal(four.kind, "exact");
  for (let k = 0; k < three.names.length; k++) {
    const name = three.names[k]!;
    const at = four.names.indexOf(name);
    assertClose(four.sd[at]!, three.sd[k]!, 1e-8 * three.sd[k]!, name);
  }
});

Deno.test("crbErrors() for d > 3 and correlated Sigma bounds each entry from its own columns", () => {
  const sigma = fromRows([
    [1, 0.5, 0.2, 0],
    [0.5, 1.5, 0.3, 0.1],
    [0.2, 0.3, 0.8, -0.2],
    [0, 0.1, -0.2, 1.2],
  ]);
  const b = Float64Array.of(0.3, -0.2, 0.5, 0.1);
  const n = 5000;
  const crb = crbErrors({ b, sigma }, n);
  assert.equal(crb.kind, "per-entry");
  assert.equal(crb.errSigma.mean, null);
  assert.equal(crb.errB.mean, null);
  const s = sigma.data;
  // b_i and Σ_ii: the Tobit bound of column i.
  for (let i = 0; i < 4; i++) {
    const tobit = cramerRaoBound(
      censoredFisherInformation(b.subarray(i, i + 1), fromRows([[s[i * 5]!]])),
      n,
    );
    assertClose(crb.sd[i]!, tobit.sd[0]!, 1e-12, `b${i + 1}`);
    const at = crb.names.indexOf(`Sigma${i + 1}${i + 1}`);
    assertClose(crb.sd[at]!, tobit.sd[1]!, 1e-12, `Sigma${i + 1}${i + 1}`);
  }
  // Σ_24: the d = 2 bound of columns 2 and 4.
  const pair = cramerRaoBound(
    censoredFisherInformation(
      Float64Array.of(b[1]!, b[3]!),
      fromRows([[1.5, 0.1], [0.1, 1.2]]),
    ),
    n,
  );
  assertClose(
    crb.sd[crb.names.indexOf("Sigma24")]!,
    pair.sd[3]!,
    1e-12,
    "Sigma24",
  );
  // rms: √(Σ weighted variances), off-diagonals counted twice in ‖·‖_F.
  const trace = 4.5;
  let sumS = 0, sumB = 0;
  for (let k = 0; k < crb.names.length; k++) {
    const [i, j] = k < 4 ? [0, 0] : sigmaEntry(4, k);
    if (k < 4) sumB += crb.sd[k]! ** 2;
    else sumS += (i === j ? 1 : 2) * crb.sd[k]! ** 2;
  }
  assertClose(
    crb.errSigma.rms,
    Math.sqrt(sumS) / trace,
    1e-15,
    "rms err_sigma",
  );
  assertClose(crb.errB.rms, Math.sqrt(sumB / trace), 1e-15, "rms err_b");
});

Deno.test("crbErrors() joint bound at d = 3 is below the bounds from fewer columns", () => {
  // More columns carry at least as much information, so the joint sd of each
  // entry is at most its sd from its own pair (or column) alone.
  const n = 1000;
  const joint = crbErrors(D3, n);
  const s = D3.sigma.data;
  for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) {
    const pair = cramerRaoBound(
      censoredFisherInformation(
        Float64Array.of(D3.b[i]!, D3.b[j]!),
        fromRows([[s[i * 4]!, s[i * 3 + j]!], [s[i * 3 + j]!, s[j * 4]!]]),
      ),
      n,
    );
    const name = `Sigma${i + 1}${j + 1}`;
    const sd = joint.sd[joint.names.indexOf(name)]!;
    assert.ok(sd <= pair.sd[3]!, `${name}: joint ${sd} > pair ${pair.sd[3]}`);
    assert.ok(joint.sd[i]! <= pair.sd[0]!, `b${i + 1}`);
  }
});

Deno.test("crbErrors() rejects a bad n and bad parameters", () => {
  assert.throws(() => crbErrors(D3, -1), {
    name: "RangeError",
    message: /n must be a positive number, got -1/,
  });
  assert.throws(
    () => crbErrors({ b: Float64Array.of(0, 0), sigma: unit2(1.2) }, 10),
    { name: "RangeError", message: /Sigma is not positive definite/ },
  );
});
