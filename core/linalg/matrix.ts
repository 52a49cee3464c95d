/**
 * Dense row-major matrices on `Float64Array`.
 *
 * This module is browser compatible.
 * @module
 */

/** Row-major dense matrix: entry (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A zero matrix of shape (rows, cols). */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Wraps `data` as a (rows, cols) matrix after checking its length. */
export function matrix(rows: number, cols: number, data: Float64Array): Matrix {
  if (data.length !== rows * cols) {
    throw new RangeError(
      `Cannot build a ${rows} x ${cols} matrix: data has ${data.length} entries`,
    );
  }
  return { rows, cols, data };
}

/** Builds a matrix from nested arrays; every row must have the same length. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    if (row.length !== c) {
      throw new RangeError(
        `Cannot build a matrix: row ${i} has ${row.length} entries, expected ${c}`,
      );
    }
    for (let j = 0; j < c; j++) data[i * c + j] = row[j]!;
  }
  return { rows: r, cols: c, data };
}

/** Nested plain arrays, for JSON. */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    out[i] = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
  }
  return out;
}

/** The product A Aᵀ (rows x rows). */
export function gramOfRows(a: Matrix): Matrix {
  const { rows: d, cols: k, data } = a;
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += data[i * k + t]! * data[j * k + t]!;
      out[i * d + j] = s;
      out[j * d + i] = s;
    }
  }
  return { rows: d, cols: d, data: out };
}
