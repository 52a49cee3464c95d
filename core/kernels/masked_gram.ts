/**
 * Statistics of every pair of columns over the rows where both are positive,
 * plus binned counts of each column's positive values, in one pass.
 *
 * A pairwise censored likelihood splits the rows of a pair (i, j) into four
 * regions by which coordinates are zero. Where both are positive it needs
 * only counts, sums, sums of squares and cross products (a masked Gram);
 * where x_i = 0 < x_j its terms depend on each x_j through a nonlinear
 * function, so the values of x_j there are kept as a histogram with fixed
 * bins per column. Counts over "x_i = 0" follow by subtraction from the
 * column's own histogram, so only products of nonzeros are visited. The
 * higher cross moments (x_i² x_j, x_i³ x_j, x_i² x_j²) serve the standard
 * errors, whose influence functions are polynomials in x on each region.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";

/** Pair statistics over the rows where both coordinates are positive. */
export interface MaskedGram {
  readonly n: number;
  readonly d: number;
  /** Bins per column (0: no histograms were collected). */
  readonly bins: number;
  /** Width of column j's bins: bin b holds (b·w, (b + 1)·w], the last also beyond. */
  readonly binWidth: Float64Array;
  /** count[i·d + j]: rows with x_i > 0 and x_j > 0 (symmetric; diagonal: x_i > 0). */
  readonly count: Float64Array;
  /** sum[i·d + j]: Σ x_i over rows with x_i > 0 and x_j > 0 (not symmetric). */
  readonly sum: Float64Array;
  /** sumSquares[i·d + j]: Σ x_i² over those rows (not symmetric). */
  readonly sumSquares: Float64Array;
  /** cross[i·d + j]: Σ x_i x_j over all rows (symmetric). */
  readonly cross: Float64Array;
  /** squareCross[i·d + j]: Σ x_i² x_j (not symmetric); 0 unless `higherMoments`. */
  readonly squareCross: Float64Array;
  /** cubeCross[i·d + j]: Σ x_i³ x_j (not symmetric). */
  readonly cubeCross: Float64Array;
  /** squareSquare[i·d + j]: Σ x_i² x_j² (symmetric). */
  readonly squareSquare: Float64Array;
  /** columnBins[j·bins + b]: positive entries of column j in bin b. */
  readonly columnBins: Float64Array;
  /** binMean[j·bins + b]: mean of those entries (bin midpoint when empty). */
  readonly binMean: Float64Array;
  /**
   * pairBins[(i·d + j)·bins + b]: rows with x_i > 0 and x_j > 0, x_j in bin b.
   * Rows with x_i = 0 < x_j in bin b: columnBins[j·bins + b] − this.
   */
  readonly pairBins: Int32Array;
}

/** What `maskedGram` collects besides the masked Gram itself. */
export interface MaskedGramOptions {
  /** Bins per column for the conditional histograms; 0 skips them. @default {0} */
  readonly bins?: number;
  /** Also collect x_i² x_j, x_i³ x_j and x_i² x_j² (for standard errors). @default {false} */
  readonly higherMoments?: boolean;
}

/**
 * Masked Gram statistics and conditional histograms of `x`.
 *
 * @param x samples of shape (n, d), entries ≥ 0 and finite (not checked here).
 * @param options histogram bins (column j's bins split (0, max_j] evenly)
 *   and whether to collect the higher cross moments (else left at 0).
 * @returns the statistics; diagonal entries of count/sum/sumSquares/cross
 *   are the column's own positive count, sum, sum of squares.
 * @throws {RangeError} when `bins` is not a non-negative integer.
 *
 * @example
 * ```ts
 * import { maskedGram } from "./masked_gram.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const g = maskedGram(fromRows([[1, 2], [3, 0], [0, 4]]), { bins: 4 });
 * console.log(g.count[1], g.sum[1], g.cross[1]); // 1 1 2
 * ```
 *
 * Cost: O(n · nnz_row²) time, per ordered pair of nonzeros in a row 4
 * updates (7 with higher moments) of one interleaved accumulator, plus one
 * histogram count; one read of x; memory 4–7 d² doubles + d² · bins 32-bit
 * counts.
 */
export function maskedGram(
  x: Matrix,
  options: MaskedGramOptions = {},
): MaskedGram {
  const { rows: n, cols: d, data } = x;
  const bins = options.bins ?? 0;
  const higher = options.higherMoments ?? false;
  if (!(Number.isInteger(bins) && bins >= 0)) {
    throw new RangeError(
      `Cannot compute masked Gram statistics: bins must be a non-negative integer, got ${bins}`,
    );
  }
  const nb = Math.max(bins, 1);
  const max = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    for (let j = 0; j < d; j++) if (data[o + j] > max[j]) max[j] = data[o + j];
  }
  const binWidth = new Float64Array(d);
  const inverseWidth = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    binWidth[j] = max[j] > 0 ? max[j] / nb : 1;
    inverseWidth[j] = 1 / binWidth[j];
  }
  // One interleaved accumulator: all updates of a pair share a cache line.
  const stride = higher ? 8 : 4;
  const acc = new Float64Array(d * d * stride);
  const columnBins = new Float64Array(d * nb);
  const binSum = new Float64Array(d * nb);
  const pairBins = new Int32Array(bins > 0 ? d * d * bins : 0);
  const values = new Float64Array(d);
  const squares = new Float64Array(d);
  const index = new Int32Array(d);
  const bin = new Int32Array(d);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    let m = 0;
    for (let j = 0; j < d; j++) {
      const v = data[o + j];
      if (v > 0) {
        // Bin b holds (b·w, (b + 1)·w]; the ceiling keeps v = max in the last.
        const b = Math.min(nb - 1, Math.ceil(v * inverseWidth[j]) - 1);
        values[m] = v;
        squares[m] = v * v;
        index[m] = j;
        bin[m] = b;
        columnBins[j * nb + b]++;
        binSum[j * nb + b] += v;
        m++;
      }
    }
    for (let a = 0; a < m; a++) {
      const va = values[a];
      const qa = squares[a];
      const row = index[a] * d;
      if (higher) {
        const ca = qa * va;
        for (let c = 0; c < m; c++) {
          const p = (row + index[c]) * 8;
          const vc = values[c];
          acc[p]++;
          acc[p + 1] += va;
          acc[p + 2] += qa;
          acc[p + 3] += va * vc;
          acc[p + 4] += qa * vc;
          acc[p + 5] += ca * vc;
          acc[p + 6] += qa * squares[c];
        }
      } else {
        for (let c = 0; c < m; c++) {
          const p = (row + index[c]) * 4;
          acc[p]++;
          acc[p + 1] += va;
          acc[p + 2] += qa;
          acc[p + 3] += va * values[c];
        }
      }
      if (bins > 0) {
        for (let c = 0; c < m; c++) {
          pairBins[(row + index[c]) * bins + bin[c]]++;
        }
      }
    }
  }
  const field = (k: number) => {
    const out = new Float64Array(d * d);
    if (k < stride) {
      for (let p = 0; p < d * d; p++) out[p] = acc[p * stride + k];
    }
    return out;
  };
  const binMean = new Float64Array(d * nb);
  for (let j = 0; j < d; j++) {
    for (let b = 0; b < nb; b++) {
      const q = j * nb + b;
      binMean[q] = columnBins[q] > 0
        ? binSum[q] / columnBins[q]
        : (b + 0.5) * binWidth[j];
    }
  }
  return {
    n,
    d,
    bins,
    binWidth,
    count: field(0),
    sum: field(1),
    sumSquares: field(2),
    cross: field(3),
    squareCross: higher ? field(4) : new Float64Array(d * d),
    cubeCross: higher ? field(5) : new Float64Array(d * d),
    squareSquare: higher ? field(6) : new Float64Array(d * d),
    columnBins,
    binMean,
    pairBins,
  };
}
