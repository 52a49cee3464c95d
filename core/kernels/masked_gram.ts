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
 * entries once, regroups them by column, then visits the block column by
 * column: for column i, every row of the block with x_i > 0 adds its later
 * positives to the pair sums of i (one contiguous row of the triangle of
 * sums, in cache while i is visited), and the rows that count one-zero pairs
 * through i add to i's d · bins histogram counts. The pair sums run in a
 * WebAssembly SIMD kernel where available (wasm/pair_sums.wat), else in the
 * TypeScript loop; both form the same products. Each sum runs in row order,
 * so results do not depend on the blocking or the kernel. A row with fewer zeros than positives counts
 * its (zero, positive) pairs into the one-zero histograms directly; a row
 * with more zeros counts its (positive, positive) pairs negatively and its
 * positives into a per-column total, added back at the end: min(zeros,
 * positives) · positives histogram updates per row.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { type PairSumsArena, pairSumsArena } from "./wasm/pair_sums.ts";
import { checkStop } from "../stop/stop_check.ts";

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
   * (0 on the diagonal). 16-bit when every count fits (no column has 65536
   * positive entries, or, for large d² · bins, none has that many in one
   * bin), else 32-bit: d² · bins of them are most of the memory of a fit.
   */
  readonly zeroBins: HistogramCounts;
}

/** One-zero histogram counts: 16-bit when they fit, else 32-bit. */
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
  /**
   * The loop that adds the pair sums: "auto" takes the WebAssembly SIMD
   * kernel where available, "typescript" the TypeScript loop. Results are
   * the same bit for bit; the choice is there to compare them. @default {"auto"}
   */
  readonly pairKernel?: "auto" | "typescript";
}

/** Moments kept per column for the diagonal. */
const OWN = 6;
/** Entries of x listed per block of rows (about 10 MB of lists). */
const BLOCK_ENTRIES = 1 << 19;
/** Histogram counts from which halving their width is worth a pass over x. */
const LARGE_HISTOGRAMS = 1 << 22;
/** Fewest rows per block, so each column's accumulators are reused enough. */
const MIN_BLOCK_ROWS = 64;
/**
 * Most pair updates (rows · d²) per block: a block is added in one call, so
 * this bounds the work between two stop checks (tens of milliseconds).
 */
const BLOCK_PAIRS = 1 << 25;

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
 * when a column has 65536 positive entries or more, in one bin when
 * d² · bins ≥ 2²², at the cost of one more pass over x).
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
  const seen = new Float64Array(d);
  const positives = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    for (let j = 0; j < d; j++) {
      const v = data[o + j];
      positives[j] += Number(v > 0);
      if (v > seen[j]) seen[j] = v;
    }
  }
  const max = options.columnMax ?? seen;
  if (max.length !== d) {
    throw new RangeError(
      `Cannot compute masked Gram statistics: ${max.length} column maxima for ${d} columns`,
    );
  }
  const binWidth = new Float64Array(d);
  const inverseWidth = new Float64Array(d);
  let mostPositives = 0;
  for (let j = 0; j < d; j++) {
    binWidth[j] = max[j] > 0 ? max[j] / nb : 1;
    inverseWidth[j] = 1 / binWidth[j];
    mostPositives = Math.max(mostPositives, positives[j]);
  }
  const capacity = Math.min(
    Math.max(1, n),
    Math.max(
      MIN_BLOCK_ROWS,
      Math.min(
        Math.floor(BLOCK_ENTRIES / Math.max(1, d)),
        Math.floor(BLOCK_PAIRS / Math.max(1, d * d)),
      ),
    ),
  );
  const stride = higher ? 12 : 6;
  const arena = d > 1 && options.pairKernel !== "typescript"
    ? pairSumsArena(
      RowBlock.kernelBytes(d, capacity) + PairAccumulator.bytes(d, stride),
    )
    : undefined;
  const pairs = new PairAccumulator(d, stride, arena);
  // Diagonal: the column's own moments, [count, x, x², x²·x, x²·x·x, x²·x²].
  const own = new Float64Array(d * OWN);
  const columnBins = new Float64Array(d * nb);
  const binSum = new Float64Array(d * nb);
  // A one-zero count of column j in bin b never exceeds the positives of j
  // in b. Bounded by j's positives unless that allows 32-bit counts where
  // an extra pass over x could show that 16 bits suffice.
  const length = bins > 0 ? d * d * bins : 0;
  const countBound = mostPositives > 0xffff && length >= LARGE_HISTOGRAMS
    ? largestBin(data, n, d, inverseWidth, nb)
    : mostPositives;
  const zeroBins = histogramCounts(countBound, length);
  // Positives of the rows that count (positive, positive) pairs negatively.
  const addBack = new Int32Array(bins > 0 ? d * bins : 0);
  const block = new RowBlock(d, capacity, bins > 0, arena ?? PLAIN_ARRAYS);
  for (let start = 0; start < n; start += block.capacity) {
    checkStop();
    const rows = Math.min(block.capacity, n - start);
    block.fill(data, start, rows, inverseWidth, nb);
    for (let t = 0; t < rows; t++) {
      const zeroSide = block.zeroSide(t);
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
        if (bins > 0 && !zeroSide) addBack[j * bins + b]++;
      }
    }
    pairs.add(block, higher);
    if (bins > 0) countOneZero(block, zeroBins, bins);
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

/**
 * The bin of a positive value: bin b holds (b·w, (b + 1)·w]; the ceiling
 * keeps v = max in the last.
 */
function binOf(v: number, inverseWidth: number, nb: number): number {
  return Math.min(nb - 1, Math.ceil(v * inverseWidth) - 1);
}

/** The largest number of positive entries of any column in any one bin. */
function largestBin(
  data: Float64Array,
  n: number,
  d: number,
  inverseWidth: Float64Array,
  nb: number,
): number {
  const counts = new Int32Array(d * nb);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    for (let j = 0; j < d; j++) {
      const v = data[o + j];
      if (v > 0) counts[j * nb + binOf(v, inverseWidth[j], nb)]++;
    }
  }
  return counts.reduce((a, b) => Math.max(a, b), 0);
}

/**
 * Zeroed counts that never exceed `n`: 16-bit when n fits, else 32-bit. The
 * counting adds and subtracts (see `countOneZero`), so intermediate counts
 * may wrap below 0; unsigned arithmetic is modular, and the final counts lie
 * in [0, n], so they come out exact.
 */
export function histogramCounts(n: number, length: number): HistogramCounts {
  return n <= 0xffff ? new Uint16Array(length) : new Uint32Array(length);
}

/** Where arrays are allocated: the kernel's memory or the ordinary heap. */
type Arrays = Pick<PairSumsArena, "int32" | "float64">;

const PLAIN_ARRAYS: Arrays = {
  int32: (length) => new Int32Array(length),
  float64: (length) => new Float64Array(length),
};

/**
 * Positive and zero entries of a block of rows, row by row in column order,
 * and the same positives regrouped by column (in row order), so that the
 * pair sums of one column are all updated while its accumulators are in
 * cache.
 */
class RowBlock {
  readonly capacity: number;
  readonly d: number;
  /** posStart[t]..posStart[t + 1]: row t's positives in posIndex/value/bin. */
  readonly posStart: Int32Array;
  readonly posIndex: Int32Array;
  readonly value: Float64Array;
  readonly bin: Int32Array;
  /** slot[p] = column · bins + bin of entry p: its place in a histogram row. */
  readonly slot: Int32Array;
  /** rowStep[t]: +1 for a zero-side row, −1 for the others (see `countOneZero`). */
  readonly rowStep: Int32Array;
  /** rowEnd[p]: end of the row-major list of the row that entry p is in. */
  readonly rowEnd: Int32Array;
  readonly zeroStart: Int32Array;
  /**
   * columnStart[i]..columnStart[i + 1]: positions p (in row-major order) of
   * column i's positive entries, in `columnEntry`.
   */
  readonly columnStart: Int32Array;
  readonly columnEntry: Int32Array;
  /**
   * sideStart[i]..sideStart[i + 1]: the rows that count their one-zero pairs
   * through column i, in `sideRow`: zero-side rows where x_i = 0, other rows
   * where x_i > 0 (see `countOneZero`).
   */
  readonly sideStart: Int32Array;
  readonly sideRow: Int32Array;
  /** Scratch: the zero columns of the rows, before regrouping. */
  readonly zeroIndex: Int32Array;
  readonly histograms: boolean;

  /** Bytes of the arrays the pair sums read (`arrays` holds them). */
  static kernelBytes(d: number, capacity: number): number {
    return 4 * (d + 1) + 20 * capacity * d + 5 * 16;
  }

  constructor(
    d: number,
    capacity: number,
    histograms: boolean,
    arrays: Arrays,
  ) {
    this.capacity = capacity;
    this.d = d;
    this.histograms = histograms;
    this.posStart = new Int32Array(capacity + 1);
    this.zeroStart = new Int32Array(capacity + 1);
    this.posIndex = arrays.int32(capacity * d);
    this.value = arrays.float64(capacity * d);
    this.bin = new Int32Array(capacity * d);
    this.slot = new Int32Array(histograms ? capacity * d : 0);
    this.rowStep = new Int32Array(histograms ? capacity : 0);
    this.rowEnd = arrays.int32(capacity * d);
    this.zeroIndex = new Int32Array(capacity * d);
    this.columnStart = arrays.int32(d + 1);
    this.columnEntry = arrays.int32(capacity * d);
    this.sideStart = new Int32Array(histograms ? d + 1 : 0);
    // A row lists min(zeros, positives) ≤ d / 2 columns.
    this.sideRow = new Int32Array(
      histograms ? capacity * Math.floor(d / 2) : 0,
    );
  }

  fill(
    data: Float64Array,
    start: number,
    rows: number,
    inverseWidth: Float64Array,
    nb: number,
  ): void {
    const d = this.d;
    const { posIndex, value, bin, rowEnd, zeroIndex, columnStart } = this;
    let p = 0;
    let z = 0;
    columnStart.fill(0);
    for (let t = 0; t < rows; t++) {
      this.posStart[t] = p;
      this.zeroStart[t] = z;
      const o = (start + t) * d;
      for (let j = 0; j < d; j++) {
        const v = data[o + j];
        if (v > 0) {
          const b = binOf(v, inverseWidth[j], nb);
          bin[p] = b;
          if (this.histograms) this.slot[p] = j * nb + b;
          value[p] = v;
          columnStart[j + 1]++;
          posIndex[p++] = j;
        } else {
          zeroIndex[z++] = j;
        }
      }
      for (let e = this.posStart[t]; e < p; e++) rowEnd[e] = p;
    }
    this.posStart[rows] = p;
    this.zeroStart[rows] = z;
    // Regroup by column (a counting sort that keeps the row order).
    for (let j = 0; j < d; j++) columnStart[j + 1] += columnStart[j];
    const next = this.columnEntry;
    for (let e = 0; e < p; e++) next[columnStart[posIndex[e]]++] = e;
    for (let j = d; j > 0; j--) columnStart[j] = columnStart[j - 1];
    columnStart[0] = 0;
    if (this.histograms) this.groupSides(rows);
  }

  /** Whether row t counts its one-zero pairs directly (fewer zeros than positives). */
  zeroSide(t: number): boolean {
    return this.zeroStart[t + 1] - this.zeroStart[t] <
      this.posStart[t + 1] - this.posStart[t];
  }

  /** Fills sideStart/sideRow from each row's shorter list, in row order. */
  private groupSides(rows: number): void {
    const { sideStart, sideRow, posIndex, zeroIndex, d } = this;
    sideStart.fill(0);
    for (let pass = 0; pass < 2; pass++) {
      for (let t = 0; t < rows; t++) {
        const zeroSide = this.zeroSide(t);
        const list = zeroSide ? zeroIndex : posIndex;
        const l0 = zeroSide ? this.zeroStart[t] : this.posStart[t];
        const l1 = zeroSide ? this.zeroStart[t + 1] : this.posStart[t + 1];
        if (pass === 0) {
          this.rowStep[t] = zeroSide ? 1 : -1;
          for (let a = l0; a < l1; a++) sideStart[list[a] + 1]++;
        } else {
          for (let a = l0; a < l1; a++) sideRow[sideStart[list[a]]++] = t;
        }
      }
      if (pass === 0) {
        for (let j = 0; j < d; j++) sideStart[j + 1] += sideStart[j];
      }
    }
    for (let j = d; j > 0; j--) sideStart[j] = sideStart[j - 1];
    sideStart[0] = 0;
  }
}

/**
 * Adds one block's one-zero counts, column i by column i (so that i's d ·
 * bins counts stay in cache): +1 per (zero i, positive j) on zero-side rows,
 * −1 per (positive i, positive j) on the others (modulo the counts' width).
 */
function countOneZero(
  block: RowBlock,
  zeroBins: HistogramCounts,
  bins: number,
): void {
  const { posStart, slot, rowStep, sideStart, sideRow, d } = block;
  for (let i = 0; i < d; i++) {
    const base = i * d * bins;
    for (let s = sideStart[i]; s < sideStart[i + 1]; s++) {
      const t = sideRow[s];
      const step = rowStep[t];
      const c1 = posStart[t + 1];
      for (let c = posStart[t]; c < c1; c++) {
        zeroBins[base + slot[c]] += step;
      }
    }
  }
}

/**
 * Sums over unordered pairs i < j of positives, `stride` doubles per pair,
 * stored row by row of the upper triangle (pair (i, j) at `start(i) + j ·
 * stride`), so that one column's sums are contiguous. Fields: count, x_i,
 * x_j, x_i², x_j², x_i x_j, then (stride 12) x_i² x_j, x_j² x_i, x_i³ x_j,
 * x_j³ x_i, x_i² x_j² and one unused, so that the WebAssembly kernel adds
 * them two by two.
 */
class PairAccumulator {
  readonly d: number;
  readonly fields: number;
  readonly acc: Float64Array;
  readonly arena: PairSumsArena | undefined;

  /** Bytes of the sums. */
  static bytes(d: number, stride: number): number {
    return 8 * (d * (d - 1) / 2) * stride;
  }

  constructor(d: number, stride: number, arena: PairSumsArena | undefined) {
    this.d = d;
    this.fields = stride;
    this.arena = arena;
    this.acc = (arena ?? PLAIN_ARRAYS).float64((d * (d - 1) / 2) * stride);
  }

  /** Offset such that pair (i, j), i < j, starts at start(i) + j · stride. */
  start(i: number): number {
    return (i * this.d - i * (i + 1) / 2 - i - 1) * this.fields;
  }

  /**
   * Adds one block's pairs, column i by column i: for each row with
   * x_i > 0 (in row order), the positives after i in that row. Every pair's
   * sums still run in row order.
   */
  add(block: RowBlock, higher: boolean): void {
    const { posIndex, value, rowEnd, columnStart, columnEntry } = block;
    const acc = this.acc;
    if (this.arena !== undefined) {
      this.arena.pairSums(this.d, higher, block, acc);
      return;
    }
    const f = this.fields;
    for (let i = 0; i < this.d; i++) {
      const row = this.start(i);
      const e1 = columnStart[i + 1];
      for (let e = columnStart[i]; e < e1; e++) {
        const a = columnEntry[e];
        const c1 = rowEnd[a];
        const va = value[a];
        const qa = va * va;
        if (higher) {
          const ca = qa * va;
          for (let c = a + 1; c < c1; c++) {
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
          for (let c = a + 1; c < c1; c++) {
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
    const out = () => new Float64Array(d * d);
    const count = out(), sum = out(), sumSquares = out(), cross = out();
    const squareCross = out(), cubeCross = out(), squareSquare = out();
    const a = this.acc;
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
      const row = this.start(i);
      for (let j = i + 1; j < d; j++) {
        const p = row + j * f;
        const ij = i * d + j;
        const ji = j * d + i;
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
