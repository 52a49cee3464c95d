/**
 * The second-moment (Gram) matrix XᵀX / n of an (n, d) sample matrix, in one
 * pass over the rows.
 *
 * Rectified samples are about half zeros, so each row is first compacted to
 * its nonzero entries and only products of nonzeros are accumulated (about a
 * quarter of the d²/2 work at half sparsity). Rows are taken in chunks whose
 * compacted entries stay in cache; within a chunk the d × d accumulator is
 * visited tile by tile (TILE × TILE entries, 32 KiB), so large d does not
 * stream the whole accumulator once per row. Each chunk sums into its own
 * buffer before being added to the total, which also shortens the summation
 * chains (error grows with chunk length, not n).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { checkStop } from "../stop/stop_check.ts";

/** Columns per tile of the accumulator: 64 × 64 doubles = 32 KiB. */
const TILE = 64;
/** Target number of entries per chunk of rows (compacted values + indices ≈ 1.5 MiB at most). */
const CHUNK_ENTRIES = 1 << 17;

/**
 * XᵀX / n: entry (i, j) is the mean over rows of x_i x_j.
 *
 * @param x samples of shape (n, d), one per row, n ≥ 1.
 * @returns the symmetric d × d matrix of mean cross products.
 * @throws {RangeError} when x has no rows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gram } from "./gram.ts";
 * import { fromRows } from "../linalg/matrix.ts";
 * const g = gram(fromRows([[1, 2], [3, 0]]));
 * assert.deepEqual(Array.from(g.data), [5, 1, 1, 2]);
 * ```
 *
 * Cost: O(n · nnz_row²/2) multiply-adds (≤ n d²/2), one read of x;
 * memory O(d² + chunk).
 */
export function gram(x: Matrix): Matrix {
  const { rows: n, cols: d, data } = x;
  if (n < 1) {
    throw new RangeError(
      `Cannot compute the Gram matrix: the data has ${n} rows`,
    );
  }
  const total = new Float64Array(d * d);
  const acc = new Float64Array(d * d);
  const chunkRows = Math.max(1, Math.min(n, Math.floor(CHUNK_ENTRIES / d)));
  const nTiles = Math.ceil(d / TILE);
  const values = new Float64Array(chunkRows * d);
  const index = new Int32Array(chunkRows * d);
  // tileStart[r * (nTiles + 1) + t]: first compacted entry of row r in tile t.
  const tileStart = new Int32Array(chunkRows * (nTiles + 1));
  for (let r0 = 0; r0 < n; r0 += chunkRows) {
    checkStop();
    const rows = Math.min(chunkRows, n - r0);
    compactRows(data, d, r0, rows, nTiles, values, index, tileStart);
    acc.fill(0);
    for (let ti = 0; ti < nTiles; ti++) {
      for (let tj = ti; tj < nTiles; tj++) {
        for (let r = 0; r < rows; r++) {
          const base = r * (nTiles + 1);
          const aEnd = tileStart[base + ti + 1];
          const bStart = tileStart[base + tj];
          const bEnd = tileStart[base + tj + 1];
          for (let a = tileStart[base + ti]; a < aEnd; a++) {
            const va = values[a];
            const row = index[a] * d;
            // Within one tile only pairs with column j ≥ i (upper triangle).
            for (let b = ti === tj ? a : bStart; b < bEnd; b++) {
              acc[row + index[b]] += va * values[b];
            }
          }
        }
      }
    }
    for (let i = 0; i < d * d; i++) total[i] += acc[i];
  }
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = total[i * d + j] / n;
      out[i * d + j] = v;
      out[j * d + i] = v;
    }
  }
  return { rows: d, cols: d, data: out };
}

/** Writes the nonzeros of rows [r0, r0 + rows) compactly, with per-tile offsets. */
function compactRows(
  data: Float64Array,
  d: number,
  r0: number,
  rows: number,
  nTiles: number,
  values: Float64Array,
  index: Int32Array,
  tileStart: Int32Array,
): void {
  let p = 0;
  for (let r = 0; r < rows; r++) {
    const offset = (r0 + r) * d;
    const base = r * (nTiles + 1);
    for (let t = 0; t < nTiles; t++) {
      tileStart[base + t] = p;
      const end = Math.min(d, (t + 1) * TILE);
      for (let j = t * TILE; j < end; j++) {
        const v = data[offset + j];
        if (v !== 0) {
          values[p] = v;
          index[p] = j;
          p++;
        }
      }
    }
    tileStart[base + nTiles] = p;
  }
}
