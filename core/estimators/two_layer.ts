/**
 * Two-layer model x = A h, with A ≥ 0 (d x m) and h ~ D(W, b) a rectified
 * Gaussian in m dimensions: separable NMF finds A and h, then a one-layer
 * method estimates W Wᵀ and b of h.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { nnlsGram } from "../linalg/nnls.ts";
import { columnGram, successiveProjection } from "./_spa.ts";
import { defineEstimator, defineOptions, type OptionValues } from "./define.ts";
import { pairPass, squareMatrices } from "./_cost_terms.ts";
import { resolveOptions } from "./options.ts";
import type {
  CostTerm,
  DataShape,
  Estimator,
  EstimatorCost,
  EstimatorResult,
  ResolvedOptions,
} from "./types.ts";
import { checkStop } from "../stop/stop_check.ts";

/** How the rows of h are scaled: h_j is the data column at anchor j. */
export const TWO_LAYER_SCALE_CONVENTION =
  "h_j = x[anchors[j]], so A[anchors[j]][j] = 1; h is recovered up to permutation and positive scale of its coordinates, so sigma and b describe diag(s) h for the unknown scales s";

/** Pivots (relative residual norms) below this count as rank deficiency. */
const DEGENERATE_PIVOT = 1e-7;
/** A last pivot below this makes the anchors weak (nearly collinear). */
const WEAK_PIVOT = 1e-3;

/** The separable factorisation x ≈ h Aᵀ. */
export interface SeparableFactors {
  /** Mixing matrix A (d x m), A ≥ 0, with A[anchors[j]][j] = 1. */
  readonly a: Matrix;
  /** Recovered hidden samples (n x m): column j is column anchors[j] of x. */
  readonly h: Matrix;
  /** Column of x that anchors each coordinate of h, in pick order. */
  readonly anchors: number[];
  /** Relative residual norm of each SPA pick (1 for the first). */
  readonly pivots: number[];
  /** Largest relative residual of a column of x after the last pick. */
  readonly residualRatio: number;
  /** ‖x − h Aᵀ‖_F / ‖x‖_F after the non-negative least squares. */
  readonly fitResidual: number;
  /** NNLS steps summed over the rows of A. */
  readonly nnlsIterations: number;
}

/** How to factor the data. */
export interface SeparableOptions {
  /** Number of hidden coordinates; 0 picks anchors until the residual ratio is ≤ `tolerance`. */
  readonly m: number;
  /** Relative residual at which the columns of x count as explained. */
  readonly tolerance: number;
}

/**
 * Separable NMF of an (n, d) non-negative sample matrix: successive projection
 * on the columns of x scaled to unit sum picks m anchor columns (columns of x
 * that are positive multiples of one hidden coordinate each, i.e. rows of A
 * that are scaled unit vectors), and each row of A solves a non-negative least
 * squares problem against them. See Arora, Ge, Kannan and Moitra (2012) for
 * why separability makes NMF solvable, and Gillis and Vavasis (2014) for SPA.
 *
 * @throws {RangeError} for negative or non-finite entries, for m > d, or when
 *   x spans fewer than m directions.
 * Cost: O(n d²) time for the Gram matrix plus O(d m⁴) for NNLS; O(d² + n m)
 * memory.
 */
export function separableFactor(
  x: Matrix,
  options: SeparableOptions,
): SeparableFactors {
  const { rows: n, cols: d, data } = x;
  const { m } = options;
  if (!Number.isInteger(m) || m < 0) {
    throw new RangeError(
      `Cannot factor x: m must be a non-negative integer, got ${m}`,
    );
  }
  if (m > d) {
    throw new RangeError(
      `Cannot factor x: m = ${m} hidden coordinates need at least ${m} columns, x has ${d}`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!(v >= 0) || v === Infinity) {
      throw new RangeError(
        `Cannot factor x: entry at row ${Math.floor(i / d)}, column ${
          i % d
        } is ${v}; the two-layer model needs finite non-negative data`,
      );
    }
  }
  const { gram, sums } = columnGram(x);
  // Unit-sum columns lie in the convex hull of the unit-sum anchor columns.
  const weights = new Float64Array(d);
  for (let i = 0; i < d; i++) weights[i] = sums[i]! > 0 ? 1 / sums[i]! : 0;
  const spa = successiveProjection(gram, weights, {
    count: m,
    tolerance: options.tolerance,
    degenerate: DEGENERATE_PIVOT,
  });
  const { anchors } = spa;
  const p = anchors.length;

  const h = new Float64Array(n * p);
  for (let s = 0; s < n; s++) {
    for (let j = 0; j < p; j++) h[s * p + j] = data[s * d + anchors[j]!]!;
  }

  // Row i of A minimises ‖x_i − h a‖² over a ≥ 0; with the Gram matrix this
  // is Q = G[anchors, anchors], c = G[anchors, i].
  const q = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let t = 0; t < p; t++) {
      q[j * p + t] = gram.data[anchors[j]! * d + anchors[t]!]!;
    }
  }
  const qm: Matrix = { rows: p, cols: p, data: q };
  const a = new Float64Array(d * p);
  const c = new Float64Array(p);
  let nnlsIterations = 0;
  let residual2 = 0;
  let total2 = 0;
  for (let i = 0; i < d; i++) {
    checkStop();
    for (let j = 0; j < p; j++) c[j] = gram.data[anchors[j]! * d + i]!;
    const anchorOf = anchors.indexOf(i);
    const gii = gram.data[i * d + i]!;
    total2 += gii;
    if (anchorOf >= 0) {
      a[i * p + anchorOf] = 1; // exact by the scale convention
      continue;
    }
    const sol = nnlsGram(qm, c);
    nnlsIterations += sol.iterations;
    // ‖x_i − h a‖² = G_ii − 2 aᵀc + aᵀQa
    let quad = 0;
    let lin = 0;
    for (let j = 0; j < p; j++) {
      const aj = sol.x[j]!;
      a[i * p + j] = aj;
      lin += aj * c[j]!;
      for (let t = 0; t < p; t++) quad += aj * q[j * p + t]! * sol.x[t]!;
    }
    residual2 += Math.max(0, gii - 2 * lin + quad);
  }
  return {
    a: { rows: d, cols: p, data: a },
    h: { rows: n, cols: p, data: h },
    anchors,
    pivots: spa.pivots,
    residualRatio: spa.residualRatio,
    fitResidual: total2 > 0 ? Math.sqrt(residual2 / total2) : 0,
    nnlsIterations,
  };
}

/** Everything {@linkcode fitTwoLayer} needs. */
export interface TwoLayerOptions extends SeparableOptions {
  /** The one-layer method run on the recovered h. */
  readonly inner: Estimator;
  /** Validated options of `inner`; its defaults when omitted. */
  readonly innerOptions?: ResolvedOptions;
  /** Seed passed to `inner`. @default 0 */
  readonly seed?: number;
}

/**
 * Fits the two-layer model x = A h, h ~ D(W, b): separable NMF recovers A and
 * h (see {@linkcode separableFactor}), then `inner` estimates W Wᵀ and b of h.
 *
 * The result's `sigma` (m x m) and `b` (length m) describe the hidden h, not
 * x, and `d` is m; `hidden` tells the rest: the data dimension `inputDim`,
 * the `anchors` and A (`a`). Because h is only identifiable up to
 * permutation and positive scaling of its coordinates, the estimates refer to
 * h_j = x at column `hidden.anchors[j]`: if the true anchor row of coordinate
 * j is s_j e_jᵀ, sigma estimates diag(s) W Wᵀ diag(s) and b estimates
 * diag(s) b. `hidden.a` is A in the same convention (A[anchors[j]][j] = 1).
 *
 * @throws {RangeError} as {@linkcode separableFactor} and `inner` do.
 * Cost: that of {@linkcode separableFactor} plus `inner` on (n, m) data.
 */
export function fitTwoLayer(
  x: Matrix,
  options: TwoLayerOptions,
): EstimatorResult {
  const { inner } = options;
  const factors = separableFactor(x, options);
  const m = factors.anchors.length;
  const innerOptions = options.innerOptions ?? resolveOptions(inner);
  const fit = inner.fit(factors.h, {
    seed: options.seed ?? 0,
    options: innerOptions,
  });

  const warnings: string[] = [];
  if (options.m > 0 && factors.residualRatio > options.tolerance) {
    warnings.push(
      `The data span more than ${m} directions (residual ratio ${
        factors.residualRatio.toExponential(2)
      } > ${options.tolerance}): m may be too small, so A and h are approximate`,
    );
  }
  if (factors.fitResidual > options.tolerance) {
    warnings.push(
      `The data are not a non-negative combination of the ${m} anchor columns (relative residual ${
        factors.fitResidual.toExponential(2)
      } > ${options.tolerance}): x does not look separable, so A and h are approximate`,
    );
  }
  if (options.m === 0 && m === x.cols && x.cols > 1) {
    warnings.push(
      `Every one of the ${m} columns was picked as an anchor: x does not look separable with fewer hidden coordinates`,
    );
  }
  const lastPivot = factors.pivots[m - 1] ?? 1;
  if (lastPivot < WEAK_PIVOT) {
    warnings.push(
      `The anchors are weak (last SPA residual ratio ${
        lastPivot.toExponential(2)
      }): the hidden coordinates are nearly collinear, so A and the scale of h are poorly determined`,
    );
  }
  if (m > 1) {
    warnings.push(
      `The ${m} hidden coordinates come in the order their anchors were picked (hidden.anchors: columns ${
        factors.anchors.map((a) => a + 1).join(", ")
      }), not in the order of the true h, which is identifiable only up to permutation and scale: match them to a known truth by their anchor columns`,
    );
  }
  for (const w of fit.warnings) {
    warnings.push(`Inner method ${inner.name}: ${w}`);
  }

  return {
    method: "two-layer",
    n: x.rows,
    d: m,
    b: fit.b,
    sigma: fit.sigma,
    coordinates: fit.coordinates,
    diagnostics: {
      pivots: factors.pivots,
      residualRatio: factors.residualRatio,
      fitResidual: factors.fitResidual,
      nnlsIterations: factors.nnlsIterations,
      innerDiagnostics: fit.diagnostics,
    },
    warnings,
    hidden: {
      inputDim: x.cols,
      anchors: factors.anchors,
      a: factors.a,
      scaleConvention: TWO_LAYER_SCALE_CONVENTION,
      inner: inner.name,
    },
    ...(fit.standardErrors ? { standardErrors: fit.standardErrors } : {}),
  };
}

const OPTIONS = defineOptions({
  m: {
    kind: "integer",
    default: 0,
    min: 0,
    max: 10_000,
    description:
      "Number of hidden coordinates (columns of A); 0 chooses it: anchors are picked until every column of x is explained to within `tolerance`",
  },
  tolerance: {
    kind: "number",
    default: 1e-6,
    min: 0,
    max: 1,
    description:
      "Relative residual at which the anchors explain x; used to choose m when m = 0, and to warn when the span or the non-negative fit leaves more",
  },
});

/** Options of the two-layer method, as its fit receives them. */
export type TwoLayerEstimatorOptions = OptionValues<typeof OPTIONS>;

/**
 * Work and memory of a two-layer fit (see `EstimatorCost`): the Gram matrix,
 * one NNLS of m unknowns per column, and the inner method with its defaults
 * on (n, m) data, with m = d when it is chosen from the data (the most it
 * can be).
 */
function twoLayerCost(
  { n, d }: DataShape,
  { m: asked }: TwoLayerEstimatorOptions,
  inner: Estimator,
): EstimatorCost {
  const m = asked > 0 ? Math.min(asked, d) : d;
  // A two-layer inner method cannot fit (see the estimator): no cost of its own.
  const innerCost: EstimatorCost = inner.name === "two-layer"
    ? { work: [], memory: [] }
    : inner.costOf({ n, d: m }, resolveOptions(inner));
  const innerTerm = (term: CostTerm): CostTerm => ({
    ...term,
    label: `inner ${inner.name}: ${term.label}`,
    reduce: `${term.reduce} (d and m here)`,
  });
  return {
    work: [
      pairPass(n, d, 2, "Gram pass (n · d²/2 pairs)"),
      {
        label: "non-negative least squares (d · m³)",
        amount: 20 * d * m * m * m,
        reduce: "d or the m option",
      },
      ...innerCost.work.map(innerTerm),
    ],
    memory: [
      squareMatrices(d, 1, "d x d Gram matrix"),
      { label: "hidden layer h (n · m)", amount: 8 * n * m, reduce: "n or m" },
      ...innerCost.memory.map(innerTerm),
    ],
  };
}

/**
 * The `two-layer` estimator with `innerEstimator()` as its one-layer method.
 * The inner method is looked up at fit time, so the registry can pass a
 * function that reads itself without an import cycle. (Estimator options are
 * numbers and booleans only, so the inner method is fixed per estimator.)
 */
export function createTwoLayerEstimator(
  innerEstimator: () => Estimator,
): Estimator<TwoLayerEstimatorOptions> {
  return defineEstimator({
    name: "two-layer",
    description:
      "Two-layer model x = A h: separable NMF (successive projection + NNLS) recovers A ≥ 0 and h, then the default one-layer method estimates W Wᵀ and b of h (m x m and m, not d)",
    assumptions:
      "x = A h exactly with A ≥ 0 separable (each hidden coordinate has an anchor: a row of A that is a positive multiple of a unit vector) and h ~ D(W, b) in m dimensions; plus the inner method's assumptions; h is recovered up to permutation and positive scale",
    cost:
      "O(n d²) time for the Gram matrix, O(d m⁴) for NNLS, plus the inner method on (n, m) data; O(d² + n m) extra memory",
    costOf: (shape, options) => twoLayerCost(shape, options, innerEstimator()),
    options: OPTIONS,
    fit(x, { seed, options }) {
      const inner = innerEstimator();
      if (inner.name === "two-layer") {
        throw new RangeError(
          'Cannot fit with method "two-layer": its inner method cannot be two-layer itself',
        );
      }
      return fitTwoLayer(x, { ...options, inner, seed });
    },
  });
}
