/**
 * The pieces sample statistics are made of: what a block of rows
 * contributes to each kernel's sums (column statistics, the Gram matrix,
 * joint exceedance counts, masked Gram statistics with histograms), and how
 * two blocks' pieces merge into those of their rows together.
 *
 * Counts, extremes and histogram counts merge exactly. Float sums (sums,
 * sums of squares, cross products, bin means) merge by addition (bin means
 * weighted by their counts), so different splits of the rows agree to the
 * rounding of sums of non-negative terms: a relative difference of at most
 * about (rows per summation chain) · 2⁻⁵³ per entry.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { type ColumnStats, columnStats } from "../kernels/column_stats.ts";
import { countJointExceedances } from "../kernels/cooccurrence.ts";
import { gram } from "../kernels/gram.ts";
import {
  histogramCounts,
  type MaskedGram,
  maskedGram,
} from "../kernels/masked_gram.ts";

/** One kernel's sums a pass collects from every block. */
export type PartRequest =
  /** Per-column counts, sums, sums of squares and extremes (`columnStats`). */
  | { readonly kind: "columns" }
  /** Σ x_i x_j over rows (`gram` times the rows). */
  | { readonly kind: "gram" }
  /** Rows with x_i > t_i and x_j > t_j (`countJointExceedances`). */
  | { readonly kind: "exceedances"; readonly thresholds: Float64Array }
  /**
   * `maskedGram` statistics; with `thresholds`, of x with every entry at or
   * below its column's threshold set to 0. With bins, `columnMax` (the
   * maxima of all rows) fixes the bins every block shares.
   */
  | {
    readonly kind: "masked";
    readonly bins: number;
    readonly higherMoments: boolean;
    readonly columnMax?: Float64Array;
    readonly thresholds?: Float64Array;
  };

/** Σ x_i x_j over the rows of a block (d × d, row-major). */
export interface GramSums {
  readonly d: number;
  readonly sums: Float64Array;
}

/** What a part holds, by the kind of its request. */
export type PartValue =
  | { readonly kind: "columns"; readonly value: ColumnStats }
  | { readonly kind: "gram"; readonly value: GramSums }
  | { readonly kind: "exceedances"; readonly value: Float64Array }
  | { readonly kind: "masked"; readonly value: MaskedGram };

/** Where a block's rows lie, for messages. */
export interface BlockContext {
  /** The action errors name: "Cannot <action>: …". */
  readonly action: string;
  /** The index of the block's first row among all rows. @default {0} */
  readonly firstRow?: number;
}

/**
 * A block's part. The "columns" part also checks every entry (finite,
 * ≥ 0), naming its row (counted from 0 over all rows) and column; the other
 * kernels assume it, so a pass that reads rows for the first time asks for
 * "columns" first.
 */
export function computePart(
  block: Matrix,
  request: PartRequest,
  context: BlockContext,
): PartValue {
  switch (request.kind) {
    case "columns":
      return {
        kind: "columns",
        value: columnStats(block, {
          action: context.action,
          firstRow: context.firstRow ?? 0,
        }),
      };
    case "gram":
      return { kind: "gram", value: gramSums(block) };
    case "exceedances":
      return {
        kind: "exceedances",
        value: countJointExceedances(block, request.thresholds),
      };
    case "masked": {
      const x = request.thresholds === undefined
        ? block
        : belowThresholdsZeroed(block, request.thresholds);
      return {
        kind: "masked",
        value: maskedGram(x, {
          bins: request.bins,
          higherMoments: request.higherMoments,
          ...(request.columnMax === undefined
            ? {}
            : { columnMax: request.columnMax }),
        }),
      };
    }
  }
}

/** Σ x_i x_j, as `gram` gives it times the rows (zeros for no rows). */
function gramSums(x: Matrix): GramSums {
  const d = x.cols;
  if (x.rows === 0) return { d, sums: new Float64Array(d * d) };
  const sums = gram(x).data;
  for (let i = 0; i < sums.length; i++) sums[i] *= x.rows;
  return { d, sums };
}

/** A copy of x with every entry at or below its column's threshold set to 0. */
function belowThresholdsZeroed(x: Matrix, thresholds: Float64Array): Matrix {
  const { rows, cols, data } = x;
  const out = new Float64Array(data.length);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[o + j];
      out[o + j] = v > thresholds[j] ? v : 0;
    }
  }
  return { rows, cols, data: out };
}

/**
 * The part of the rows of `a` and `b` together (same kind and request).
 * With `into`, the sums are added into `a`'s arrays (which `a`'s owner
 * gives up) instead of new ones, the same numbers with half the memory;
 * histogram counts that outgrow 16 bits still move to new 32-bit arrays.
 */
export function mergePart(
  a: PartValue,
  b: PartValue,
  into = false,
): PartValue {
  const added = into ? addedInto : addedNew;
  if (a.kind !== b.kind) {
    throw new RangeError(
      `Cannot merge statistics: a "${a.kind}" part with a "${b.kind}" part`,
    );
  }
  switch (a.kind) {
    case "columns":
      return {
        kind: "columns",
        value: mergeColumnStats(a.value, b.value as ColumnStats, into),
      };
    case "gram":
      return {
        kind: "gram",
        value: {
          d: a.value.d,
          sums: added(a.value.sums, (b.value as GramSums).sums),
        },
      };
    case "exceedances":
      return {
        kind: "exceedances",
        value: added(a.value, b.value as Float64Array),
      };
    case "masked":
      return {
        kind: "masked",
        value: mergeMaskedGram(a.value, b.value as MaskedGram, into),
      };
  }
}

/** Element-wise a + b into a new array. */
function addedNew(a: Float64Array, b: Float64Array): Float64Array {
  return addedInto(a, b, new Float64Array(a.length));
}

/** Element-wise a + b into `out` (a itself by default). */
function addedInto(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array = a,
): Float64Array {
  if (a.length !== b.length) {
    throw new RangeError(
      `Cannot merge statistics: ${a.length} entries against ${b.length}`,
    );
  }
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}

/** Element-wise min (or max) of a and b into a new array (or into a). */
function extreme(
  a: Float64Array,
  b: Float64Array,
  max: boolean,
  into = false,
): Float64Array {
  const out = into ? a : new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    out[i] = max ? Math.max(a[i], b[i]) : Math.min(a[i], b[i]);
  }
  return out;
}

/**
 * Column statistics of the rows of `a` and `b` together: counts and sums
 * added, extremes combined (into `a`'s arrays with `into`).
 */
export function mergeColumnStats(
  a: ColumnStats,
  b: ColumnStats,
  into = false,
): ColumnStats {
  const added = into ? addedInto : addedNew;
  if (a.d !== b.d) {
    throw new RangeError(
      `Cannot merge statistics: ${a.d} columns against ${b.d}`,
    );
  }
  return {
    n: a.n + b.n,
    d: a.d,
    zeros: added(a.zeros, b.zeros),
    positives: added(a.positives, b.positives),
    sum: added(a.sum, b.sum),
    sumSquares: added(a.sumSquares, b.sumSquares),
    min: extreme(a.min, b.min, false, into),
    max: extreme(a.max, b.max, true, into),
    minPositive: extreme(a.minPositive, b.minPositive, false, into),
  };
}

/**
 * Masked Gram statistics of the rows of `a` and `b` together. Both must
 * have the same bins (`columnMax` from the same rows) when they have any.
 * Bin means are weighted by their counts; a bin empty on one side keeps the
 * other side's mean exactly. With `into`, into `a`'s arrays.
 */
export function mergeMaskedGram(
  a: MaskedGram,
  b: MaskedGram,
  into = false,
): MaskedGram {
  const added = into ? addedInto : addedNew;
  if (a.d !== b.d || a.bins !== b.bins) {
    throw new RangeError(
      `Cannot merge masked Gram statistics: ${a.d} columns and ${a.bins} bins against ${b.d} and ${b.bins}`,
    );
  }
  const { d, bins } = a;
  const nb = Math.max(bins, 1);
  const binWidth = into ? a.binWidth : new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const wa = a.binWidth[j], wb = b.binWidth[j];
    if (bins > 0 && wa !== wb) {
      throw new RangeError(
        `Cannot merge masked Gram statistics: column ${
          j + 1
        } has bins of width ${wa} in one and ${wb} in the other; read every block with the same column maxima`,
      );
    }
    // Without histograms the one bin spans the column's positives.
    binWidth[j] = bins > 0 || b.columnBins[j] === 0
      ? wa
      : a.columnBins[j] === 0
      ? wb
      : Math.max(wa, wb);
  }
  const binMean = into ? a.binMean : new Float64Array(d * nb);
  for (let q = 0; q < d * nb; q++) {
    const ca = a.columnBins[q], cb = b.columnBins[q];
    binMean[q] = cb === 0
      ? a.binMean[q]
      : ca === 0
      ? b.binMean[q]
      : (a.binMean[q] * ca + b.binMean[q] * cb) / (ca + cb);
  }
  const columnBins = added(a.columnBins, b.columnBins);
  const n = a.n + b.n;
  if (n > 0xffffffff) {
    throw new RangeError(
      `Cannot merge masked Gram statistics: ${n} rows are more than the histogram counts hold (2³² − 1)`,
    );
  }
  const fresh = histogramCounts(n, 0);
  const zeroBins = into && fresh.constructor === a.zeroBins.constructor
    ? a.zeroBins
    : histogramCounts(n, a.zeroBins.length);
  for (let i = 0; i < zeroBins.length; i++) {
    zeroBins[i] = a.zeroBins[i] + b.zeroBins[i];
  }
  return {
    n,
    d,
    bins,
    binWidth,
    count: added(a.count, b.count),
    sum: added(a.sum, b.sum),
    sumSquares: added(a.sumSquares, b.sumSquares),
    cross: added(a.cross, b.cross),
    squareCross: added(a.squareCross, b.squareCross),
    cubeCross: added(a.cubeCross, b.cubeCross),
    squareSquare: added(a.squareSquare, b.squareSquare),
    columnBins,
    binMean,
    zeroBins,
  };
}

/** Whether two requests ask for the same sums (same kind and numbers). */
export function sameRequest(a: PartRequest, b: PartRequest): boolean {
  return JSON.stringify(requestJson(a)) === JSON.stringify(requestJson(b));
}

/** A request with its arrays as plain arrays. */
function requestJson(r: PartRequest): unknown {
  return Object.fromEntries(
    Object.entries(r).map(([k, v]) => [
      k,
      v instanceof Float64Array ? Array.from(v, String) : v,
    ]),
  );
}
