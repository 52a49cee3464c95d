/**
 * core/metrics against mathjs (tests/core/_mathjs_reference.ts): the
 * log-determinant, nearest PSD matrix and factor, the positive-definiteness
 * call, Gaussian KL, the TV bound and the parameter errors, each against the
 * same quantity computed by mathjs (BigNumber inverse, determinant and
 * products; Jacobi eigenvectors for the eigenvalue clipping), with
 * tolerances from the backward error of the eigendecomposition and the
 * conditioning of the matrices.
 */
import assert from "node:assert/strict";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import { prepareGaussian } from "../../../core/metrics/_gaussian.ts";
import {
  analyzeCovariance,
  positiveThreshold,
} from "../../../core/metrics/analyze_covariance.ts";
import { gaussianKl } from "../../../core/metrics/gaussian_kl.ts";
import { parameterErrors } from "../../../core/metrics/parameter_errors.ts";
import { tvUpperBound } from "../../../core/metrics/tv_bound.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { fillStandardNormal } from "../../../core/random/normal.ts";
import {
  big,
  bigDiag,
  bigInverse,
  bigLogDet,
  type BigMatrix,
  bigMul,
  bigOf,
  bigTrace,
  bigTranspose,
  C,
  EPS,
  frobenius,
  frobeniusDistance,
  jacobiEigen,
  spectralNorm,
  testMatrices,
  type TestMatrix,
  toBig,
} from "../_mathjs_reference.ts";

const MATRICES = testMatrices();

Deno.test("log-determinant from the spectrum matches mathjs's BigNumber det to C·d·ε·‖A‖₂·tr(A⁻¹)", async (t) => {
  for (const { name, a, kind } of MATRICES) {
    if (kind !== "spd") continue;
    await t.step(name, () => {
      // Σ ln λ̂_i moves by Σ |δλ_i| / λ_i ≤ C d ε ‖A‖₂ tr(A⁻¹).
      const d = a.rows;
      const g = prepareGaussian(new Float64Array(d), a, "A");
      const A = toBig(a);
      const norm = spectralNorm(jacobiEigen(a).values);
      const tol = C * d * EPS * norm * bigTrace(bigInverse(A));
      if (!g.defined) {
        // Only a matrix that is numerically singular at its scale may be
        // refused: smallest eigenvalue within tolerance of the threshold.
        const min = jacobiEigen(a).values[0]!;
        assert.ok(
          min <= d * EPS * norm + 2 * C * d * EPS * norm,
          `refused with smallest eigenvalue ${min}`,
        );
        return;
      }
      const exact = bigLogDet(A);
      assert.ok(
        Math.abs(g.logDet - exact) <= tol,
        `ln det ${g.logDet} vs ${exact}, tolerance ${tol}`,
      );
    });
  }
});

/** V diag(max(λ, 0)) Vᵀ from mathjs's Jacobi eigenvectors, in BigNumber. */
function referenceNearestPsd(a: Matrix): BigMatrix {
  const { values, vectors } = jacobiEigen(a);
  const v = vectors.map((row) => row.map(bigOf));
  return bigMul(
    bigMul(v, bigDiag(values.map((x) => Math.max(x, 0)))),
    bigTranspose(v),
  );
}

Deno.test("analyzeCovariance() nearest PSD matrix matches eigenvalue clipping by mathjs to C·d·ε·‖A‖_F", async (t) => {
  for (const { name, a } of MATRICES) {
    await t.step(name, () => {
      // Projection onto the PSD cone is 1-Lipschitz in the Frobenius norm,
      // so each side is within its backward error (C d ε ‖A‖_F) of the
      // exact projection, however close eigenvalues are.
      const d = a.rows;
      const analysis = analyzeCovariance(a);
      const A = toBig(a);
      const scale = C * d * EPS * frobenius(A);
      const distance = frobeniusDistance(
        toBig(analysis.nearestPsd),
        referenceNearestPsd(a),
      );
      assert.ok(distance <= 2 * scale, `distance ${distance}`);
      const f = toBig(analysis.factor);
      const factorError = frobeniusDistance(
        bigMul(f, bigTranspose(f)),
        toBig(analysis.nearestPsd),
      );
      assert.ok(factorError <= scale, `‖F Fᵀ − P‖_F = ${factorError}`);
    });
  }
});

Deno.test("analyzeCovariance() calls a matrix positive definite exactly when mathjs's eigenvalues say so", async (t) => {
  for (const { name, a, kind } of MATRICES) {
    await t.step(name, () => {
      const d = a.rows;
      const reference = jacobiEigen(a).values;
      const norm = spectralNorm(reference);
      const threshold = positiveThreshold(Float64Array.from(reference));
      const slack = 2 * C * d * EPS * norm;
      const analysis = analyzeCovariance(a);
      if (reference[0]! > threshold + slack) {
        assert.equal(analysis.positiveDefinite, true);
      }
      if (reference[0]! < threshold - slack) {
        assert.equal(analysis.positiveDefinite, false);
      }
      if (kind === "singular") assert.equal(analysis.positiveDefinite, false);
    });
  }
});

/** KL(N(mu0, S0) ‖ N(mu1, S1)) in BigNumber arithmetic, and its term sizes. */
function referenceKl(
  mu0: Float64Array,
  s0: Matrix,
  mu1: Float64Array,
  s1: Matrix,
): { kl: number; trace: number; quad: number } {
  const d = mu0.length;
  const S0 = toBig(s0), S1 = toBig(s1);
  const inv1 = bigInverse(S1);
  const trace = bigTrace(bigMul(inv1, S0));
  const delta = Array.from(mu1, (m, i) => [bigOf(m - mu0[i]!)]);
  const q = bigMul(bigMul(bigTranspose(delta), inv1), delta);
  const quad = big.number(q[0]![0]!) as number;
  const logDets = bigLogDet(S1) - bigLogDet(S0);
  return { kl: 0.5 * (trace + quad - d + logDets), trace, quad };
}

/** Pairs of SPD matrices: a test matrix, and it perturbed or rescaled. */
function klPairs(): { name: string; s0: Matrix; s1: Matrix }[] {
  const prng = createPrng(77);
  const spd = MATRICES.filter((m: TestMatrix) =>
    m.kind === "spd" && m.a.rows <= 12
  );
  const out: { name: string; s0: Matrix; s1: Matrix }[] = [];
  for (const { name, a } of spd) {
    const d = a.rows;
    // S1 = S0 + G Gᵀ / (10 d): a PSD perturbation, so S1 ≥ S0.
    const g = fillStandardNormal(prng, new Float64Array(d * d));
    const data = new Float64Array(a.data);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += g[i * d + k]! * g[j * d + k]!;
        data[i * d + j] = data[i * d + j]! + s / (10 * d);
      }
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) {
        data[i * d + j] = data[j * d + i] = 0.5 *
          (data[i * d + j]! + data[j * d + i]!);
      }
    }
    out.push({
      name: `${name}, perturbed`,
      s0: a,
      s1: { rows: d, cols: d, data },
    });
    out.push({
      name: `${name}, against 2 I`,
      s0: a,
      s1: {
        rows: d,
        cols: d,
        data: Float64Array.from(a.data, (_, k) => k % (d + 1) === 0 ? 2 : 0),
      },
    });
  }
  return out;
}

Deno.test("gaussianKl() and tvUpperBound() match mathjs's BigNumber formula", async (t) => {
  const prng = createPrng(78);
  for (const { name, s0, s1 } of klPairs()) {
    await t.step(name, () => {
      const d = s0.rows;
      const mu0 = Float64Array.from({ length: d }, () => prng() - 0.5);
      const mu1 = Float64Array.from({ length: d }, () => prng() - 0.5);
      const result = gaussianKl(mu0, s0, mu1, s1);
      const g0 = prepareGaussian(mu0, s0, "S0"),
        g1 = prepareGaussian(mu1, s1, "S1");
      if (!g0.defined || !g1.defined) {
        assert.equal(result.defined, false);
        return;
      }
      assert.ok(result.defined);
      const ref = referenceKl(mu0, s0, mu1, s1);
      // The trace and quadratic terms go through S1⁻¹ (relative error
      // C d ε κ(S1)); each log-determinant is within C d ε ‖S‖₂ tr(S⁻¹).
      const S0 = toBig(s0), S1 = toBig(s1);
      const inv0 = bigInverse(S0), inv1 = bigInverse(S1);
      const kappa1 = frobenius(S1) * frobenius(inv1);
      const norm0 = spectralNorm(jacobiEigen(s0).values);
      const norm1 = spectralNorm(jacobiEigen(s1).values);
      const tol = C * d * EPS *
        (kappa1 * (ref.trace + ref.quad) + norm0 * bigTrace(inv0) +
          norm1 * bigTrace(inv1) + d);
      assert.ok(
        Math.abs(result.value - ref.kl) <= tol,
        `KL ${result.value} vs ${ref.kl}, tolerance ${tol}`,
      );
      const back = referenceKl(mu1, s1, mu0, s0);
      const tv = tvUpperBound({ sigma: s0, b: mu0 }, { sigma: s1, b: mu1 });
      assert.ok(tv.defined);
      const smaller = Math.min(ref.kl, back.kl);
      // |δ√(x/2)| = |δx| / (2√(2x)).
      assert.ok(
        Math.abs(tv.rawBound - Math.sqrt(smaller / 2)) <=
          2 * tol / (2 * Math.sqrt(2 * smaller)),
        `raw TV bound ${tv.rawBound} vs ${Math.sqrt(smaller / 2)}`,
      );
    });
  }
});

Deno.test("parameterErrors() matches mathjs's BigNumber norms", () => {
  const prng = createPrng(79);
  for (const { a } of MATRICES) {
    const d = a.rows;
    const truth = {
      sigma: a,
      b: Float64Array.from({ length: d }, () => prng()),
    };
    let diagonal = 0;
    for (let i = 0; i < d; i++) diagonal += a.data[i * d + i]!;
    if (!(diagonal > 0)) continue; // trace(W Wᵀ) must be positive
    const estimate = {
      sigma: {
        rows: d,
        cols: d,
        data: Float64Array.from(a.data, (x) => x * (1 + 0.01 * (prng() - 0.5))),
      },
      b: Float64Array.from(truth.b, (x) => x + 0.01 * (prng() - 0.5)),
    };
    const errors = parameterErrors(truth, estimate);
    const S = toBig(truth.sigma);
    const trace = bigTrace(S);
    const errSigma = frobeniusDistance(toBig(estimate.sigma), S) / trace;
    const bDiff = Array.from(estimate.b, (x, i) => [bigOf(x - truth.b[i]!)]);
    const errB = frobenius(bDiff) / Math.sqrt(trace);
    // Sums of d² squares and a trace of d terms: relative error ≤ 2 d² ε.
    assert.ok(
      Math.abs(errors.errSigma - errSigma) <= 2 * d * d * EPS * errSigma,
    );
    assert.ok(Math.abs(errors.errB - errB) <= 2 * d * d * EPS * errB);
  }
});
