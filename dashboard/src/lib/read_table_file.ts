/**
 * A CSV or NPY file read into a sample table piece by piece, with core's
 * `SampleTableReader` (the reader the server streams with): the same
 * columns, missing values, index column and messages as the server's, and
 * progress by bytes read.
 *
 * @module
 */
import {
  type BlockFormat,
  SampleTableReader,
  type SampleTableReaderOptions,
} from "../../../core/formats/blocks.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import type {
  SampleTable,
  SampleTableOptions,
} from "../../../core/formats/table.ts";

/** Bytes read at a time (a slice of the file, then one progress report). */
export const PIECE_BYTES = 1 << 20;

/**
 * Reads `file` as `format` with `options`, calling `onProgress(bytesRead,
 * size)` after each piece. A first column found to be a row index only at
 * the end (under `index: "drop"`) is left out by a second read.
 *
 * @throws {SampleFormatError} or {ColumnSelectionError} as the server's
 *   reader does (with row and column).
 */
export async function readTableFile(
  file: Blob,
  format: BlockFormat,
  options: SampleTableOptions = {},
  onProgress?: (done: number, total: number) => void,
): Promise<SampleTable> {
  const first = await readOnce(file, format, options, onProgress);
  if (!first.readAgain) return first.table;
  const again = await readOnce(
    file,
    format,
    { ...options, indexColumn: first.readAgain },
    onProgress,
  );
  return again.table;
}

async function readOnce(
  file: Blob,
  format: BlockFormat,
  options: SampleTableReaderOptions,
  onProgress?: (done: number, total: number) => void,
) {
  const reader = new SampleTableReader(format, {
    ...options,
    size: file.size,
    reuse: true,
  });
  const rows = new RowBuffer();
  for (let start = 0; start < file.size; start += PIECE_BYTES) {
    const end = Math.min(file.size, start + PIECE_BYTES);
    const piece = new Uint8Array(await file.slice(start, end).arrayBuffer());
    rows.append(reader.push(piece));
    onProgress?.(end, file.size);
  }
  rows.append(reader.end());
  const { readAgain, ...summary } = reader.finish();
  return { table: { matrix: rows.matrix(), ...summary }, readAgain };
}

/** Rows appended block by block into one growing Float64Array. */
class RowBuffer {
  #data = new Float64Array(1 << 16);
  #length = 0;
  #cols = 0;

  append(blocks: readonly Matrix[]): void {
    for (const block of blocks) {
      this.#cols = block.cols;
      const need = this.#length + block.rows * block.cols;
      if (need > this.#data.length) {
        const grown = new Float64Array(Math.max(need, 2 * this.#data.length));
        grown.set(this.#data.subarray(0, this.#length));
        this.#data = grown;
      }
      this.#data.set(
        block.data.subarray(0, block.rows * block.cols),
        this.#length,
      );
      this.#length = need;
    }
  }

  /** The rows as a matrix of its own (an exact buffer, to transfer). */
  matrix(): Matrix {
    const cols = this.#cols;
    const data = this.#data.slice(0, this.#length);
    return { rows: cols === 0 ? 0 : this.#length / cols, cols, data };
  }
}
