import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import { censoredFisherInformation } from "../../../core/fisher/censored_information.ts";
import { censoredModel } from "../../../core/fisher/censored_model.ts";
import { cramerRaoBound } from "../../../core/fisher/cramer_rao.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { analyzeCovariance } from "../../../core/metrics/analyze_covariance.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { normCdf, normPdf } from "../../../core/special/normal.ts";
import { D2, D3, type Params } from "./_fixtures.ts";

Deno.test("censoredFisherInformation() at d = 1 is Amemiya's closed-form Tobit information", () => {
  // Amemiya (1973, Econometrica 41), intercept-only Tobit in (b, σ²), with
  // z = b/σ, φ = φ(z), Φ = Φ(z):
  //   I_bb   = −(zφ − φ²/(1−Φ) − Φ) / σ²
  //   I_bσ²  = (z²φ + φ − zφ²/(1−Φ)) / (2σ³)
  //   I_σ²σ² = −(z³φ + zφ − z²φ²/(1−Φ) − 2Φ) / (4σ⁴)
  for (const [b, s2] of [[0, 1], [-1, 1], [0.7, 2.5], [-2, 0.5], [3, 1]]) {
    const info = censoredFisherInformation(
      Float64Array.of(b!),
      fromRows([[s2!]]),
    );
    const s = Math.sqrt(s2!), z = b! / s, f = normPdf(z), F = normCdf(z);
    const mills = f * f / (1 - F);
    const expected = [
      -(z * f - mills - F) / s2!,
      (z * z * f + f - z * mills) / (2 * s ** 3),
      -(z ** 3 * f + z * f - z * z * mills - 2 * F) / (4 * s2! * s2!),
    ];
    const got = info.matrix.data;
    const what = `b = ${b}, σ² = ${s2}`;
    assertClose(got[0]!, expected[0]!, 1e-10 * expected[0]!, `${what}: I_bb`);
    assertClose(got[1]!, expected[1]!, 1e-10 * expected[0]!, `${what}: I_bs`);
    assertClose(got[2]!, got[1]!, 0, `${what}: symmetric`);
    assertClose(got[3]!, expected[2]!, 1e-10 * expected[2]!, `${what}: I_ss`);
  }
});

Deno.test("censoredFisherInformation() reproduces the reference Tobit table (d = 1, n = 200,000)", () => {
  // Reference table of the bound (an independent computation by quadrature,
  // cross-checked by Monte Carlo to 0.2%): sd(b̂), its ratio to the latent
  // σ/√n, sd(σ̂²), its ratio to the latent σ²√(2/n), at σ = 1. Tolerance:
  // half a unit in the table's last digit (its rounding) plus 0.2% (the
  // accuracy it states for d = 1).
  const table = [
    [-1, 0.0065, 2.91, 0.00955, 3.02],
    [-0.5, 0.0038, 1.70, 0.0066, 2.09],
    [0, 0.00275, 1.23, 0.00498, 1.58],
    [0.5, 0.0024, 1.07, 0.00408, 1.29],
    [1, 0.00228, 1.02, 0.00359, 1.13],
  ];
  const n = 200_000;
  for (const [b, sdB, ratioB, sdS, ratioS] of table) {
    const crb = cramerRaoBound(
      censoredFisherInformation(Float64Array.of(b!), fromRows([[1]])),
      n,
    );
    const within = (got: number, ref: number, unit: number, what: string) =>
      assertClose(got, ref, unit / 2 + 0.002 * ref, `b = ${b}: ${what}`);
    within(crb.sd[0]!, sdB!, 1e-5, "sd(b)");
    within(crb.sd[0]! * Math.sqrt(n), ratioB!, 0.01, "sd(b) / latent");
    within(crb.sd[1]!, sdS!, 1e-5, "sd(sigma^2)");
    within(
      crb.sd[1]! / Math.sqrt(2 / n),
      ratioS!,
      0.01,
      "sd(sigma^2) / latent",
    );
  }
});

/**
 * The information against a seeded Monte Carlo average of the score's outer
 * product over samples of the model: each entry within 4 standard errors of
 * that average (SE from the sample variance of s_a s_b), and the mean score
 * within 4 standard errors of 0.
 */
function checkAgainstMonteCarlo(p: Params, nSamples: number, seed: number) {
  const info = censoredFisherInformation(p.b, p.sigma);
  const model = censoredModel(p.b, p.sigma);
  const q = model.names.length, d = p.b.length;
  const w = analyzeCovariance(p.sigma).factor;
  const x = sampleRectifiedGaussian(w, p.b, nSamples, createPrng(seed));
  const s = new Float64Array(q);
  const sum = new Float64Array(q), sumSq = new Float64Array(q);
  const outer = new Float64Array(q * q), outerSq = new Float64Array(q * q);
  for (let r = 0; r < nSamples; r++) {
    model.score(x.data.subarray(r * d, (r + 1) * d), s);
    for (let a = 0; a < q; a++) {
      sum[a]! += s[a]!;
      sumSq[a]! += s[a]! ** 2;
      for (let c = 0; c < q; c++) {
        const v = s[a]! * s[c]!;
        outer[a * q + c]! += v;
        outerSq[a * q + c]! += v * v;
      }
    }
  }
  const se = (total: number, totalSq: number) => {
    const mean = total / nSamples;
    return Math.sqrt((totalSq / nSamples - mean * mean) / nSamples);
  };
  for (let a = 0; a < q; a++) {
    assertClose(
      sum[a]! / nSamples,
      0,
      4 * se(sum[a]!, sumSq[a]!),
      `E[score ${model.names[a]}]`,
    );
    for (let c = a; c < q; c++) {
      const k = a * q + c;
      assertClose(
        info.matrix.data[k]!,
        outer[k]! / nSamples,
        4 * se(outer[k]!, outerSq[k]!),
        `I(${model.names[a]}, ${model.names[c]})`,
      );
    }
  }
}

Deno.test("censoredFisherInformation() agrees with the Monte Carlo mean of score outer products (d = 2)", () => {
  checkAgainstMonteCarlo(D2, 20_000, 11);
});

Deno.test("censoredFisherInformation() agrees with the Monte Carlo mean of score outer products (d = 3)", () => {
  checkAgainstMonteCarlo(D3, 20_000, 12);
});

Deno.test("censoredFisherInformation() at d = 3 splits like the model when coordinate 3 is independent", () => {
  // Σ13 = Σ23 = 0: (y1, y2) and y3 are independent, so the (1, 2) block is
  // the d = 2 information, (b3, Σ33) the Tobit one, and the score of Σ_i3
  // is (Σ12⁻¹-weighted b-score of i) × (b-score of 3): I(Σ_i3, Σ_j3) =
  // I2(b_i, b_j) · I1(b3), with every other cross term 0.
  const b = Float64Array.of(0.2, -0.4, 0.6);
  const s12 = [[1, 0.7], [0.7, 1.4]];
  const i3 = censoredFisherInformation(
    b,
    fromRows([[1, 0.7, 0], [0.7, 1.4, 0], [0, 0, 0.9]]),
  );
  const i2 = censoredFisherInformation(b.subarray(0, 2), fromRows(s12));
  const i1 = censoredFisherInformation(b.subarray(2), fromRows([[0.9]]));
  // θ3 = (b1, b2, b3, S11, S12, S13, S22, S23, S33); θ2 = (b1, b2, S11, S12, S22).
  const in3 = [0, 1, 3, 4, 6];
  const tobit3 = [2, 8];
  const expected = new Float64Array(81);
  for (let a = 0; a < 5; a++) {
    for (let c = 0; c < 5; c++) {
      expected[in3[a]! * 9 + in3[c]!] = i2.matrix.data[a * 5 + c]!;
    }
  }
  for (let a = 0; a < 2; a++) {
    for (let c = 0; c < 2; c++) {
      expected[tobit3[a]! * 9 + tobit3[c]!] = i1.matrix.data[a * 2 + c]!;
    }
  }
  const cross = [5, 7]; // S13, S23
  for (let a = 0; a < 2; a++) {
    for (let c = 0; c < 2; c++) {
      expected[cross[a]! * 9 + cross[c]!] = i2.matrix.data[a * 5 + c]! *
        i1.matrix.data[0]!;
    }
  }
  for (let k = 0; k < 81; k++) {
    const scale = Math.sqrt(
      i3.matrix.data[Math.floor(k / 9) * 10]! * i3.matrix.data[(k % 9) * 10]!,
    );
    assertClose(
      i3.matrix.data[k]!,
      expected[k]!,
      1e-8 * scale,
      `I(${i3.names[Math.floor(k / 9)]}, ${i3.names[k % 9]})`,
    );
  }
});

Deno.test("censoredFisherInformation() refines its rule until the tolerance is met", () => {
  const start = { panelWidth: 6 };
  const coarse = censoredFisherInformation(D2.b, D2.sigma, {
    ...start,
    tolerance: 1e-4,
  });
  const fine = censoredFisherInformation(D2.b, D2.sigma, {
    ...start,
    tolerance: 1e-10,
  });
  assert.ok(coarse.quadratureChange <= 1e-4, `${coarse.quadratureChange}`);
  assert.ok(fine.quadratureChange <= 1e-10, `${fine.quadratureChange}`);
  assert.ok(fine.panelWidth < coarse.panelWidth);
  for (let k = 0; k < 25; k++) {
    const a = Math.floor(k / 5), c = k % 5;
    const scale = Math.sqrt(
      fine.matrix.data[a * 6]! * fine.matrix.data[c * 6]!,
    );
    assertClose(
      coarse.matrix.data[k]!,
      fine.matrix.data[k]!,
      1e-4 * scale,
      `entry ${k}`,
    );
  }
  assert.deepEqual(fine.names, ["b1", "b2", "Sigma11", "Sigma12", "Sigma22"]);
});

Deno.test("censoredFisherInformation() rejects bad options and parameters", () => {
  const one = fromRows([[1]]);
  const b = Float64Array.of(0);
  assert.throws(() => censoredFisherInformation(b, one, { tolerance: 0 }), {
    name: "RangeError",
    message: /tolerance must be positive, got 0/,
  });
  assert.throws(() => censoredFisherInformation(b, one, { panelWidth: -1 }), {
    name: "RangeError",
    message: /panelWidth must be in \(0, 18\], got -1/,
  });
  assert.throws(
    () => censoredFisherInformation(b, one, { nodesPerPanel: 0 }),
    { name: "RangeError", message: /nodesPerPanel must be a positive integer/ },
  );
  assert.throws(
    () => censoredFisherInformation(b, one, { maxRefinements: 1.5 }),
    { name: "RangeError", message: /maxRefinements must be a non-negative/ },
  );
  assert.throws(
    () => censoredFisherInformation(Float64Array.of(0, 1), one),
    { name: "RangeError", message: /Sigma is 1 x 1 but b has 2 entries/ },
  );
});
