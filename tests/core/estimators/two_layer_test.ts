import assert from "node:assert/strict";
import {
  fitTwoLayer,
  separableFactor,
} from "../../../core/estimators/two_layer.ts";
import { getEstimator } from "../../../core/estimators/registry.ts";
import { fitSamples } from "../../../core/estimators/fit.ts";
import { randomTruth, type Truth } from "../../../core/experiments/truth.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";

interface TwoLayerCase {
  readonly truth: Truth;
  /** Hidden samples (n x m). */
  readonly h: Matrix;
  /** Mixing matrix (d x m). */
  readonly a: Float64Array;
  /** Row of A that anchors hidden coordinate j. */
  readonly anchorRow: number[];
  /** Scale s_j of that anchor row. */
  readonly scale: number[];
  readonly x: Matrix;
}

/**
 * A = [diag(s); random non-negative rows] with its rows shuffled, so the
 * anchors sit at random columns of x; h ~ D(W, b) from the paper's generator.
 */
function separableCase(
  m: number,
  d: number,
  n: number,
  seed: number,
  anchors = true,
): TwoLayerCase {
  const prng = createPrng(seed);
  const truth = randomTruth({ d: m, k: m, kappa: 1, bias: "relu" }, prng);
  const h = sampleRectifiedGaussian(truth.w, truth.b, n, prng);
  const order = [...Array(d).keys()];
  for (let i = d - 1; i > 0; i--) {
    const j = Math.floor(prng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const scale = Array.from({ length: m }, () => 0.5 + 2 * prng());
  const a = new Float64Array(d * m);
  for (let r = 0; r < d; r++) {
    const row = order[r]!;
    for (let j = 0; j < m; j++) {
      a[row * m + j] = anchors && r < m ? (r === j ? scale[j]! : 0) : prng();
    }
  }
  const x = new Float64Array(n * d);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < d; i++) {
      let v = 0;
      for (let j = 0; j < m; j++) v += a[i * m + j]! * h.data[s * m + j]!;
      x[s * d + i] = v;
    }
  }
  return {
    truth,
    h,
    a,
    anchorRow: order.slice(0, m),
    scale,
    x: { rows: n, cols: d, data: x },
  };
}

/** For each recovered coordinate, the true hidden coordinate it is. */
function permutationOf(c: TwoLayerCase, anchors: number[]): number[] {
  return anchors.map((col) => {
    const t = c.anchorRow.indexOf(col);
    assert.ok(t >= 0, `anchor ${col} is not a true anchor row`);
    return t;
  });
}

Deno.test("separableFactor() finds the anchors and A exactly on noise-free data", () => {
  for (const [m, d, seed] of [[3, 8, 1], [4, 10, 2], [5, 12, 3]]) {
    const c = separableCase(m!, d!, 50_000, seed!);
    for (const given of [m!, 0]) {
      const f = separableFactor(c.x, { m: given, tolerance: 1e-6 });
      assert.equal(f.anchors.length, m);
      assert.deepEqual(
        [...f.anchors].sort((p, q) => p - q),
        [...c.anchorRow].sort((p, q) => p - q),
      );
      const perm = permutationOf(c, f.anchors);
      // Convention h_j = x[anchor j] = s_t h_t, so Â[:, j] = A[:, t] / s_t.
      // Only rounding separates them: Gram entries carry ~1e-16 relative
      // error, amplified by the conditioning of the m x m normal equations.
      for (let i = 0; i < d!; i++) {
        for (let j = 0; j < m!; j++) {
          const t = perm[j]!;
          const want = c.a[i * m! + t]! / c.scale[t]!;
          const got = f.a.data[i * m! + j]!;
          assert.ok(
            Math.abs(got - want) < 1e-10,
            `m ${m} A[${i}][${j}] = ${got}, expected ${want}`,
          );
        }
      }
      assert.ok(f.fitResidual < 1e-7, `fit residual ${f.fitResidual}`);
      assert.ok(f.residualRatio < 1e-6, `residual ${f.residualRatio}`);
    }
  }
});

Deno.test("fitTwoLayer() estimates Sigma_h and b_h as the inner method does on the true h", () => {
  const m = 4;
  const c = separableCase(m, 10, 50_000, 7);
  const paper = getEstimator("paper");
  const fit = fitTwoLayer(c.x, { m, tolerance: 1e-6, inner: paper, seed: 5 });
  assert.equal(fit.method, "two-layer");
  assert.equal(fit.d, m);
  assert.equal(fit.sigma.rows, m);
  assert.ok(fit.hidden, "a hidden-layer fit says so");
  assert.equal(fit.hidden.inputDim, 10);
  assert.equal(fit.hidden.inner, "paper");
  assert.equal("inputDim" in fit.diagnostics, false, "not in diagnostics");
  const perm = permutationOf(c, [...fit.hidden.anchors]);

  // The recovered h_j is s_t h_t exactly (x at an anchor column is s_t h_t
  // plus exact zeros), so the inner method on the permuted, scaled true h
  // must give the same numbers: this is what "recovered up to permutation and
  // scale" promises.
  const hs = new Float64Array(c.h.rows * m);
  for (let s = 0; s < c.h.rows; s++) {
    for (let j = 0; j < m; j++) {
      hs[s * m + j] = c.scale[perm[j]!]! * c.h.data[s * m + perm[j]!]!;
    }
  }
  const direct = paper.fit({ rows: c.h.rows, cols: m, data: hs }, {
    seed: 5,
    options: { B: 1, r: 3, lambda: 0.1, batch: 10 },
  });
  for (let i = 0; i < m * m; i++) {
    assert.ok(Math.abs(fit.sigma.data[i]! - direct.sigma.data[i]!) < 1e-12);
  }
  for (let j = 0; j < m; j++) {
    assert.ok(Math.abs(fit.b[j]! - direct.b[j]!) < 1e-12);
  }

  // Against the truth, after undoing the scale: s_t⁻¹ Σ̂ s_u⁻¹ and b̂ / s_t.
  let errSigma = 0, errB = 0;
  for (let j = 0; j < m; j++) {
    const t = perm[j]!;
    const bj = fit.b[j]! / c.scale[t]!;
    errB += (bj - c.truth.b[t]!) ** 2;
    for (let l = 0; l < m; l++) {
      const u = perm[l]!;
      const sjl = fit.sigma.data[j * m + l]! / (c.scale[t]! * c.scale[u]!);
      errSigma += (sjl - c.truth.sigma.data[t * m + u]!) ** 2;
    }
  }
  // ‖W‖_F² = m for the orthonormal truth: the paper's relative errors.
  errSigma = Math.sqrt(errSigma) / m;
  errB = Math.sqrt(errB / m);
  // Gross bound: the paper method's error at n = 50k is ~0.1 (relative), set by
  // the SGD bias estimate (≈ 0.05–0.1 per coordinate) that shifts each angle
  // count by about φ(0)·δb; 0.3 fails only on a broken recovery.
  assert.ok(errSigma < 0.3, `err_sigma ${errSigma}`);
  assert.ok(errB < 0.3, `err_b ${errB}`);
});

Deno.test("two-layer is registered and runs through fitSamples()", () => {
  const c = separableCase(3, 6, 20_000, 11);
  const fit = fitSamples(c.x, { method: "two-layer", options: { m: 3 } });
  assert.equal(fit.method, "two-layer");
  assert.equal(fit.b.length, 3);
  assert.deepEqual(fit.options, { m: 3, tolerance: 1e-6 });
  assert.ok(fit.hidden);
  assert.equal(fit.hidden.a.rows, 6);
  assert.equal(fit.hidden.a.cols, 3);
  for (const [j, row] of fit.hidden.anchors.entries()) {
    assert.equal(fit.hidden.a.data[row * 3 + j], 1, "A[anchors[j]][j] = 1");
  }
  assert.equal(typeof fit.hidden.scaleConvention, "string");
  // Separable data: no warning of the two-layer step itself but the note
  // that the hidden coordinates come in anchor order, not in a true order.
  assert.deepEqual(fit.warnings.filter((w) => !w.startsWith("Inner")), [
    `The 3 hidden coordinates come in the order their anchors were picked (hidden.anchors: columns ${
      fit.hidden.anchors.map((a) => a + 1).join(", ")
    }), not in the order of the true h, which is identifiable only up to permutation and scale: match them to a known truth by their anchor columns`,
  ]);
  // Their names are those of their anchor columns.
  assert.deepEqual(fit.columns, fit.hidden.anchors.map((a) => `x${a + 1}`));
});

Deno.test("fitTwoLayer() warns when the data are not separable with m anchors", () => {
  const c = separableCase(3, 8, 20_000, 13, false);
  const fit = fitTwoLayer(c.x, {
    m: 3,
    tolerance: 1e-6,
    inner: getEstimator("paper"),
  });
  assert.ok(
    fit.warnings.some((w) =>
      w.startsWith(
        "The data are not a non-negative combination of the 3 anchor columns",
      )
    ),
    fit.warnings.join("; "),
  );
  // Three hidden coordinates still span x: only the non-negative fit fails.
  assert.ok((fit.diagnostics.residualRatio as number) < 1e-6);
  assert.ok((fit.diagnostics.fitResidual as number) > 1e-3);
});

Deno.test("separableFactor() rejects bad m and unusable data", () => {
  const c = separableCase(2, 4, 1_000, 17);
  assert.throws(() => separableFactor(c.x, { m: 5, tolerance: 1e-6 }), {
    name: "RangeError",
    message:
      "Cannot factor x: m = 5 hidden coordinates need at least 5 columns, x has 4",
  });
  // Two hidden coordinates span only two directions.
  assert.throws(
    () => separableFactor(c.x, { m: 3, tolerance: 1e-6 }),
    (e: unknown) =>
      e instanceof RangeError &&
      e.message.startsWith(
        "Cannot pick 3 anchors: the columns of x span only 2 directions",
      ),
  );
  const bad = new Float64Array(c.x.data);
  bad[5] = -1;
  assert.throws(
    () =>
      separableFactor({ rows: c.x.rows, cols: 4, data: bad }, {
        m: 2,
        tolerance: 1e-6,
      }),
    {
      name: "RangeError",
      message:
        "Cannot factor x: entry at row 1, column 1 is -1; the two-layer model needs finite non-negative data",
    },
  );
});
