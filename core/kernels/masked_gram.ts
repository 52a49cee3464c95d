/**
 * Statistics of every pair of columns over the rows where both are positive,
 * plus binned counts of each column's positive values, in one pass.
 *
 * A pairwise censored likelihood splits the rows of a pair (i, j) into four
 * regions by which coordinates are zero. Where both are positive it needs
 * only counts, sums, sums of squares and cross products (a masked Gram);
 * where x_i = 0 < x_j its terms depend on each x_j through a nonlinear
 * function, so the values of x_j there are kept as a histogram with fixed
 * bins per column. The higher cross moments (x_i² x_j, x_i³ x_j, x_i² x_j²)
 * serve the standard errors, whose influence functions are polynomials in x
 * on each region.
 *
 * The pass reads x in blocks of rows, lists each row's positive and zero
 * entries once, then visits the block tile by tile of columns so that the
 * accumulators of a tile stay in cache. Sums run in row order, so results
 * do not depend on the tiling. A row with fewer zeros than positives counts
 * its (zero, positive) pairs into the one-zero histograms directly; a row
 * with more zeros counts its (positive, positive) pairs negatively and its
 * positives into a per-column total, added back at the end: min(zeros,
 * positives) · positives histogram updates per row.
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
   * zeroBins[(i·d + j)·bins + b]: rows with x_i = 0 < x_j and x_j in bin b
   * (0 on the diagonal). 16-bit when every count fits (n < 65536), else
   * 32-bit: d² · bins of them are most of the memory of a fit.
   */
  readonly zeroBins: HistogramCounts;
}

/** One-zero histogram counts: 16-bit when n < 65536 rows, else 32-bit. */
export type HistogramCounts = Uint16Array | Uint32Array;

/** What `maskedGram` collects besides the masked Gram itself. */
export interface MaskedGramOptions {
  /** Bins per column for the conditional histograms; 0 skips them. @default {0} */
  readonly bins?: number;
  /** Also collect x_i² x_j, x_i³ x_j and x_i² x_j² (for standard errors). @default {false} */
  readonly higherMoments?: boolean;
  /**
   * The largest entry of each column (length d), when known from elsewhere:
   * the bins split (0, columnMax[j]] instead of (0, max of x's column j], so
   * blocks of rows read with the maxima of all rows share their bins and
   * their statistics can be merged. Entries above it fall in the last bin.
   * @default {the maxima of x}
   */
  readonly columnMax?: Float64Array;
}

/** Moments kept per column for the diagonal. */
const OWN = 6;
/** Entries of x listed per block of rows (about 512 KB of lists). */
const BLOCK_ENTRIES = 32768;
/** Columns per tile of the pair statistics (tile: 64² pairs, ≤ 360 KB). */
const STATS_TILE = 64;
/** Bytes of histogram counts per tile of column pairs. */
const HISTOGRAM_TILE_BYTES = 524288;

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
 * import assert from "node:assert/strict";
 * import { maskedGram } from "./masked_gram.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const g = maskedGram(fromRows([[1, 2], [3, 0], [0, 4]]), { bins: 4 });
 * assert.deepEqual([g.count[1], g.sum[1], g.cross[1]], [1, 1, 2]);
 * ```
 *
 * Cost: O(n · nnz_row²) time: per unordered pair of nonzeros in a row 6
 * updates (11 with higher moments), plus min(zeros, nonzeros) · nonzeros
 * histogram counts per row; two reads of x; memory 4–7 d² doubles for the
 * results, 6–11 · d²/2 for accumulators, d² · bins 16-bit counts (32-bit
 * when n ≥ 65536).
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
  const max = options.columnMax ?? columnMaxima(x);
  if (max.length !== d) {
    throw new RangeError(
      `Cannot compute masked Gram statistics: ${max.length} column maxima for ${d} columns`,
    );
  }
  const binWidth = new Float64Array(d);
  const inverseWidth = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    binWidth[j] = max[j] > 0 ? max[j] / nb : 1;
    inverseWidth[j] = 1 / binWidth[j];
  }
  const fields = higher ? 11 : 6;
  const pairs = new PairAccumulator(d, fields);
  // Diagonal: the column's own moments, [count, x, x², x²·x, x²·x·x, x²·x²].
  const own = new Float64Array(d * OWN);
  const columnBins = new Float64Array(d * nb);
  const binSum = new Float64Array(d * nb);
  const zeroBins = histogramCounts(n, bins > 0 ? d * d * bins : 0);
  // Positives of the rows that count (positive, positive) pairs negatively.
  const addBack = new Int32Array(bins > 0 ? d * bins : 0);
  const block = new RowBlock(d, Math.max(1, Math.floor(BLOCK_ENTRIES / d)));
  const histogramTile = Math.max(
    1,
    Math.floor(
      Math.sqrt(HISTOGRAM_TILE_BYTES / zeroBins.BYTES_PER_ELEMENT / nb),
    ),
  );
  for (let start = 0; start < n; start += block.capacity) {
    const rows = Math.min(block.capacity, n - start);
    block.fill(data, start, rows, inverseWidth, nb);
    for (let t = 0; t < rows; t++) {
      for (let e = block.posStart[t]; e < block.posStart[t + 1]; e++) {
        const j = block.posIndex[e];
        const v = block.value[e];
        const q = v * v;
        const b = block.bin[e];
        const o = j * OWN;
        own[o]++;
        own[o + 1] += v;
        own[o + 2] += q;
        own[o + 3] += q * v;
        own[o + 4] += q * v * v;
        own[o + 5] += q * q;
        columnBins[j * nb + b]++;
        binSum[j * nb + b] += v;
        if (bins > 0 && !block.zeroSide(t)) addBack[j * bins + b]++;
      }
    }
    for (let i0 = 0; i0 < d; i0 += STATS_TILE) {
      for (let j0 = i0; j0 < d; j0 += STATS_TILE) {
        pairs.addTile(block, rows, i0, j0, STATS_TILE, higher);
      }
    }
    if (bins > 0) {
      for (let i0 = 0; i0 < d; i0 += histogramTile) {
        for (let j0 = 0; j0 < d; j0 += histogramTile) {
          countTile(block, rows, i0, j0, histogramTile, zeroBins, bins);
        }
      }
    }
  }
  if (bins > 0) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const o = (i * d + j) * bins;
        for (let b = 0; b < bins; b++) {
          zeroBins[o + b] = i === j
            ? 0
            : zeroBins[o + b] + addBack[j * bins + b];
        }
      }
    }
  }
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
    ...pairs.unpack(own, higher),
    columnBins,
    binMean,
    zeroBins,
  };
}

/** The largest entry of each column of `x`, at least 0. */
function columnMaxima(x: Matrix): Float64Array {
  const { rows: n, cols: d, data } = x;
  const max = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    for (let j = 0; j < d; j++) if (data[o + j] > max[j]) max[j] = data[o + j];
  }
  return max;
}

/**
 * Zeroed counts of `n` rows at most: 16-bit when n fits, else 32-bit. The
 * counting adds and subtracts (see `countTile`), so intermediate counts may
 * wrap below 0; unsigned arithmetic is modular, and the final counts lie in
 * [0, n], so they come out exact.
 */
export function histogramCounts(n: number, length: number): HistogramCounts {
  return n <= 0xffff ? new Uint16Array(length) : new Uint32Array(length);
}

/**
 * Positive and zero entries of a block of rows, in column order, with the
 * start of every tile of `STATS_TILE` columns found by search when needed.
 */
class RowBlock {
  readonly capacity: number;
  readonly d: number;
  /** posStart[t]..posStart[t + 1]: row t's positives in posIndex/value/bin. */
  readonly posStart: Int32Array;
  readonly posIndex: Int32Array;
  readonly value: Float64Array;
  readonly bin: Int32Array;
  readonly zeroStart: Int32Array;
  readonly zeroIndex: Int32Array;

  constructor(d: number, capacity: number) {
    this.capacity = capacity;
    this.d = d;
    this.posStart = new Int32Array(capacity + 1);
    this.zeroStart = new Int32Array(capacity + 1);
    this.posIndex = new Int32Array(capacity * d);
    this.value = new Float64Array(capacity * d);
    this.bin = new Int32Array(capacity * d);
    this.zeroIndex = new Int32Array(capacity * d);
  }

  fill(
    data: Float64Array,
    start: number,
    rows: number,
    inverseWidth: Float64Array,
    nb: number,
  ): void {
    const d = this.d;
    let p = 0;
    let z = 0;
    for (let t = 0; t < rows; t++) {
      this.posStart[t] = p;
      this.zeroStart[t] = z;
      const o = (start + t) * d;
      for (let j = 0; j < d; j++) {
        const v = data[o + j];
        if (v > 0) {
          // Bin b holds (b·w, (b + 1)·w]; the ceiling keeps v = max in the last.
          this.bin[p] = Math.min(nb - 1, Math.ceil(v * inverseWidth[j]) - 1);
          this.value[p] = v;
          this.posIndex[p++] = j;
        } else {
          this.zeroIndex[z++] = j;
        }
      }
    }
    this.posStart[rows] = p;
    this.zeroStart[rows] = z;
  }

  /** Whether row t counts its one-zero pairs directly (fewer zeros than positives). */
  zeroSide(t: number): boolean {
    return this.zeroStart[t + 1] - this.zeroStart[t] <
      this.posStart[t + 1] - this.posStart[t];
  }
}

/** First position in index[from, to) holding a column ≥ `column`. */
function lowerBound(
  index: Int32Array,
  from: number,
  to: number,
  column: number,
): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index[mid] < column) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Adds one block's one-zero counts for rows i in [i0, i0 + w), columns j in
 * [j0, j0 + w): +1 per (zero i, positive j) on zero-side rows, −1 per
 * (positive i, positive j) on the others (modulo the counts' width).
 */
function countTile(
  block: RowBlock,
  rows: number,
  i0: number,
  j0: number,
  w: number,
  zeroBins: HistogramCounts,
  bins: number,
): void {
  const { posIndex, bin, zeroIndex, d } = block;
  const i1 = i0 + w;
  const j1 = j0 + w;
  for (let t = 0; t < rows; t++) {
    const p0 = block.posStart[t];
    const p1 = block.posStart[t + 1];
    const c0 = lowerBound(posIndex, p0, p1, j0);
    const c1 = lowerBound(posIndex, c0, p1, j1);
    if (c0 === c1) continue;
    const zeroSide = block.zeroSide(t);
    const list = zeroSide ? zeroIndex : posIndex;
    const l0 = zeroSide ? block.zeroStart[t] : p0;
    const l1 = zeroSide ? block.zeroStart[t + 1] : p1;
    const a1 = lowerBound(list, l0, l1, i1);
    const step = zeroSide ? 1 : -1;
    for (let a = lowerBound(list, l0, a1, i0); a < a1; a++) {
      const row = list[a] * d;
      for (let c = c0; c < c1; c++) {
        zeroBins[(row + posIndex[c]) * bins + bin[c]] += step;
      }
    }
  }
}

/**
 * Sums over unordered pairs i < j of positives, `fields` per pair, stored
 * tile by tile so one tile's sums are contiguous. Fields: count, x_i, x_j,
 * x_i², x_j², x_i x_j, then x_i² x_j, x_j² x_i, x_i³ x_j, x_j³ x_i, x_i² x_j².
 */
class PairAccumulator {
  readonly d: number;
  readonly fields: number;
  readonly tiles: number;
  readonly acc: Float64Array;

  constructor(d: number, fields: number) {
    this.d = d;
    this.fields = fields;
    this.tiles = Math.ceil(d / STATS_TILE);
    const tilePairs = this.tiles * (this.tiles + 1) / 2;
    this.acc = new Float64Array(tilePairs * STATS_TILE * STATS_TILE * fields);
  }

  /** Start of tile pair (I, J), I ≤ J, in `acc`. */
  offset(ti: number, tj: number): number {
    const rank = ti * this.tiles - ti * (ti - 1) / 2 + (tj - ti);
    return rank * STATS_TILE * STATS_TILE * this.fields;
  }

  addTile(
    block: RowBlock,
    rows: number,
    i0: number,
    j0: number,
    w: number,
    higher: boolean,
  ): void {
    const { posIndex, value } = block;
    const acc = this.acc;
    const f = this.fields;
    const base = this.offset(i0 / w, j0 / w);
    const diagonal = i0 === j0;
    for (let t = 0; t < rows; t++) {
      const p0 = block.posStart[t];
      const p1 = block.posStart[t + 1];
      const a0 = lowerBound(posIndex, p0, p1, i0);
      const a1 = lowerBound(posIndex, a0, p1, i0 + w);
      if (a0 === a1) continue;
      const c0 = diagonal ? a0 : lowerBound(posIndex, a1, p1, j0);
      const c1 = diagonal ? a1 : lowerBound(posIndex, c0, p1, j0 + w);
      for (let a = a0; a < a1; a++) {
        const va = value[a];
        const qa = va * va;
        const row = base + (posIndex[a] - i0) * w * f - j0 * f;
        if (higher) {
          const ca = qa * va;
          for (let c = diagonal ? a + 1 : c0; c < c1; c++) {
            const p = row + posIndex[c] * f;
            const vc = value[c];
            const qc = vc * vc;
            acc[p]++;
            acc[p + 1] += va;
            acc[p + 2] += vc;
            acc[p + 3] += qa;
            acc[p + 4] += qc;
            acc[p + 5] += va * vc;
            acc[p + 6] += qa * vc;
            acc[p + 7] += qc * va;
            acc[p + 8] += ca * vc;
            acc[p + 9] += qc * vc * va;
            acc[p + 10] += qa * qc;
          }
        } else {
          for (let c = diagonal ? a + 1 : c0; c < c1; c++) {
            const p = row + posIndex[c] * f;
            const vc = value[c];
            acc[p]++;
            acc[p + 1] += va;
            acc[p + 2] += vc;
            acc[p + 3] += qa;
            acc[p + 4] += vc * vc;
            acc[p + 5] += va * vc;
          }
        }
      }
    }
  }

  /** The d × d result arrays, with the diagonal from the columns' own moments. */
  unpack(own: Float64Array, higher: boolean) {
    const { d, fields: f } = this;
    const w = STATS_TILE;
    const out = () => new Float64Array(d * d);
    const count = out(), sum = out(), sumSquares = out(), cross = out();
    const squareCross = out(), cubeCross = out(), squareSquare = out();
    for (let i = 0; i < d; i++) {
      const o = i * OWN;
      const ii = i * d + i;
      count[ii] = own[o];
      sum[ii] = own[o + 1];
      sumSquares[ii] = own[o + 2];
      cross[ii] = own[o + 2];
      if (higher) {
        squareCross[ii] = own[o + 3];
        cubeCross[ii] = own[o + 4];
        squareSquare[ii] = own[o + 5];
      }
      for (let j = i + 1; j < d; j++) {
        const ti = Math.floor(i / w);
        const tj = Math.floor(j / w);
        const p = this.offset(ti, tj) + ((i - ti * w) * w + (j - tj * w)) * f;
        const ij = i * d + j;
        const ji = j * d + i;
        const a = this.acc;
        count[ij] = count[ji] = a[p];
        sum[ij] = a[p + 1];
        sum[ji] = a[p + 2];
        sumSquares[ij] = a[p + 3];
        sumSquares[ji] = a[p + 4];
        cross[ij] = cross[ji] = a[p + 5];
        if (higher) {
          squareCross[ij] = a[p + 6];
          squareCross[ji] = a[p + 7];
          cubeCross[ij] = a[p + 8];
          cubeCross[ji] = a[p + 9];
          squareSquare[ij] = squareSquare[ji] = a[p + 10];
        }
      }
    }
    return {
      count,
      sum,
      sumSquares,
      cross,
      squareCross,
      cubeCross,
      squareSquare,
    };
  }
}
