/**
 * Sample matrices in NumPy's NPY format (what `numpy.save` writes).
 *
 * @see {@link https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html}
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { matrixTable, tableMode } from "./_table.ts";
import { checkSamples } from "./check.ts";
import { SampleFormatError } from "./errors.ts";
import type { SampleTable, SampleTableOptions } from "./table.ts";

/** How to read a sample NPY file. */
export interface NpyParseOptions {
  /**
   * Accept negative values (for matrices that are not samples of a ReLU).
   * @default {false}
   */
  readonly allowNegative?: boolean;
}

/** The six bytes every NPY file starts with: 0x93 then "NUMPY". */
export const NPY_MAGIC: Uint8Array = Uint8Array.of(
  0x93,
  0x4e,
  0x55,
  0x4d,
  0x50,
  0x59,
);

/** Whether `bytes` starts with the NPY magic string. */
export function hasNpyMagic(bytes: Uint8Array): boolean {
  if (bytes.length < NPY_MAGIC.length) return false;
  for (let i = 0; i < NPY_MAGIC.length; i++) {
    if (bytes[i] !== NPY_MAGIC[i]) return false;
  }
  return true;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** How one value of an NPY file is stored. */
export interface DType {
  readonly size: 4 | 8;
  readonly littleEndian: boolean;
}

const DTYPES: Readonly<Record<string, DType>> = {
  "<f8": { size: 8, littleEndian: true },
  "<f4": { size: 4, littleEndian: true },
  ">f8": { size: 8, littleEndian: false },
  ">f4": { size: 4, littleEndian: false },
};

/** What an NPY header says about the array. */
export interface NpyHeader {
  readonly dtype: DType;
  readonly rows: number;
  readonly cols: number;
  /** Byte offset of the data from the start of the file. */
  readonly dataOffset: number;
}

/**
 * The header of an NPY file from its first bytes (at least the header).
 *
 * @throws {SampleFormatError} as `parseNpy` does for a bad header.
 */
export function readNpyHeader(bytes: Uint8Array): NpyHeader {
  if (!hasNpyMagic(bytes)) {
    throw new SampleFormatError(
      "the data is not an NPY file: it does not start with \\x93NUMPY",
    );
  }
  if (bytes.length < 10) {
    throw new SampleFormatError("the NPY file is truncated inside its header");
  }
  const major = bytes[6]!, minor = bytes[7]!;
  if (major < 1 || major > 3) {
    throw new SampleFormatError(
      `NPY format version ${major}.${minor} is not supported (1.0, 2.0 and 3.0 are)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Version 1 stores the header length in 2 bytes, versions 2 and 3 in 4.
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) {
    throw new SampleFormatError("the NPY file is truncated inside its header");
  }
  const headerLength = major === 1
    ? view.getUint16(8, true)
    : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  const dataOffset = headerStart + headerLength;
  if (bytes.length < dataOffset) {
    throw new SampleFormatError(
      `the NPY file is truncated inside its header (${bytes.length} bytes, header ends at byte ${dataOffset})`,
    );
  }
  // Versions 1 and 2 use latin-1, version 3 UTF-8; the keys we read are ASCII.
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(
    bytes.subarray(headerStart, dataOffset),
  );

  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text);
  if (!descr) {
    throw new SampleFormatError(
      `the NPY header has no plain 'descr' (structured arrays are not supported): ${text.trim()}`,
    );
  }
  const dtype = DTYPES[descr[1]!];
  if (!dtype) {
    throw new SampleFormatError(
      `the NPY dtype is '${
        descr[1]
      }'; supported are <f8, <f4, >f8 and >f4 (save x.astype("float64"))`,
    );
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  if (!fortran) {
    throw new SampleFormatError(
      `the NPY header has no 'fortran_order': ${text.trim()}`,
    );
  }
  if (fortran[1] === "True") {
    throw new SampleFormatError(
      "the NPY array is in Fortran (column-major) order; save it in C order, e.g. numpy.save(path, numpy.ascontiguousarray(x))",
    );
  }
  const shapeMatch = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!shapeMatch) {
    throw new SampleFormatError(
      `the NPY header has no 'shape': ${text.trim()}`,
    );
  }
  const parts = shapeMatch[1]!.split(",").map((s) => s.trim()).filter((s) =>
    s !== ""
  );
  const shape = parts.map((s) => /^\d+L?$/.test(s) ? parseInt(s, 10) : NaN);
  if (shape.some((s) => !Number.isSafeInteger(s))) {
    throw new SampleFormatError(
      `the NPY shape (${shapeMatch[1]}) is not a tuple of sizes`,
    );
  }
  if (shape.length === 1) {
    const n = shape[0]!;
    throw new SampleFormatError(
      `the NPY array has shape (${n},) but must be 2-D (n samples, d coordinates); reshape it to (${n}, 1) for one coordinate or (1, ${n}) for one sample`,
    );
  }
  if (shape.length !== 2) {
    throw new SampleFormatError(
      `the NPY array has shape (${
        shape.join(", ")
      }) but must be 2-D (n samples, d coordinates)`,
    );
  }
  return { dtype, rows: shape[0]!, cols: shape[1]!, dataOffset };
}

/**
 * The shape an NPY file's header declares, read from the header alone (the
 * data after it is not read, and need not be there).
 *
 * @param bytes the file, or at least its header.
 * @returns rows and columns of the 2-D array.
 * @throws {SampleFormatError} for a missing magic string, an unsupported
 *   version or dtype, Fortran order, or a shape that is not 2-D.
 */
export function readNpyShape(
  bytes: Uint8Array,
): { rows: number; cols: number } {
  const { rows, cols } = readNpyHeader(bytes);
  return { rows, cols };
}

/**
 * Reads an NPY file holding a 2-D float array into an (n, d) matrix.
 *
 * Supported: format versions 1.0, 2.0 and 3.0; dtypes `<f8`, `<f4`, `>f8`
 * and `>f4` (float32 values are widened exactly); C (row-major) order.
 * Rows and columns in errors are 1-based (the first sample is row 1).
 *
 * @param bytes the whole file.
 * @param options whether negative values are allowed.
 * @returns the samples, one per row, as float64.
 * @throws {SampleFormatError} for a missing magic string, an unsupported
 *   version or dtype, Fortran order, a shape that is not 2-D, data shorter or
 *   longer than the shape says, an empty array, or a non-finite or (unless
 *   allowed) negative value.
 *
 * @example Round trip
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseNpy, writeNpy } from "./npy.ts";
 * const m = { rows: 2, cols: 1, data: new Float64Array([0.5, 2]) };
 * assert.deepEqual(Array.from(parseNpy(writeNpy(m)).data), [0.5, 2]);
 * ```
 */
export function parseNpy(
  bytes: Uint8Array,
  options: NpyParseOptions = {},
): Matrix {
  return checkSamples(readNpy(bytes), {
    allowNegative: options.allowNegative ?? false,
  });
}

/**
 * Reads an NPY file as a sample table: the data as `parseNpy` reads it, with
 * columns named `x1 … xd`, chosen by name or number, NaN read as a missing
 * value (its row left out, or an error under `na: "error"`) and a first
 * column counting 1…n or 0…n−1 reported as a likely index (see
 * `IndexPolicy`). Rows count from 1.
 *
 * @param bytes the whole file.
 * @param options columns, missing values, index column, negatives.
 * @returns the matrix of chosen columns, their names and warnings.
 * @throws {ColumnSelectionError} for a selection that does not fit.
 * @throws {SampleFormatError} as `parseNpy` does (but NaN is missing, not
 *   an error, unless `na: "error"`), and when every row has a NaN.
 *
 * @example
 * ```ts
 * import { parseNpyTable, writeNpy } from "./npy.ts";
 * const m = { rows: 2, cols: 2, data: Float64Array.of(0.5, NaN, 1, 2) };
 * const t = parseNpyTable(writeNpy(m));
 * console.log(t.columns, Array.from(t.matrix.data)); // ["x1", "x2"] [1, 2]
 * ```
 */
export function parseNpyTable(
  bytes: Uint8Array,
  options: SampleTableOptions = {},
): SampleTable {
  return matrixTable(readNpy(bytes), undefined, tableMode(options), true);
}

/** The array in an NPY file, unchecked. */
function readNpy(bytes: Uint8Array): Matrix {
  const header = readNpyHeader(bytes);
  const { dtype, rows, cols, dataOffset } = header;
  const expected = checkNpyLength(header, bytes.length);
  const data = decodeNpyValues(
    bytes.subarray(dataOffset, dataOffset + expected),
    dtype,
  );
  return { rows, cols, data };
}

/**
 * The bytes of data an NPY file of `length` bytes with this header holds.
 *
 * @throws {SampleFormatError} when the file is shorter or longer than the
 *   header's shape says.
 */
export function checkNpyLength(header: NpyHeader, length: number): number {
  const { dtype, rows, cols, dataOffset } = header;
  const expected = rows * cols * dtype.size;
  const found = length - dataOffset;
  if (found < expected) {
    throw new SampleFormatError(
      `the NPY data is truncated: shape (${rows}, ${cols}) needs ${expected} bytes, the file has ${found}`,
    );
  }
  if (found > expected) {
    throw new SampleFormatError(
      `the NPY file has ${
        found - expected
      } bytes after the data of shape (${rows}, ${cols})`,
    );
  }
  return expected;
}

/**
 * The values stored in `bytes` (a whole number of values of `dtype`), as
 * float64: float32 values are widened exactly.
 */
export function decodeNpyValues(
  bytes: Uint8Array,
  dtype: DType,
): Float64Array {
  const count = bytes.length / dtype.size;
  const data = new Float64Array(count);
  if (dtype.littleEndian === LITTLE_ENDIAN_HOST) {
    // Copying to a fresh buffer fixes alignment, then the host reads it as is.
    const raw = bytes.slice().buffer;
    if (dtype.size === 8) data.set(new Float64Array(raw));
    else data.set(new Float32Array(raw));
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const little = dtype.littleEndian;
    if (dtype.size === 8) {
      for (let k = 0; k < count; k++) data[k] = view.getFloat64(8 * k, little);
    } else {
      for (let k = 0; k < count; k++) data[k] = view.getFloat32(4 * k, little);
    }
  }
  return data;
}

/**
 * Writes a matrix as an NPY version 1.0 file: dtype `<f8`, C order, shape
 * (rows, cols), header padded with spaces and ended by a newline so the data
 * starts at a multiple of 64 bytes, as the format specifies.
 *
 * @param m the matrix to write.
 * @returns the file's bytes; `numpy.load` reads them as a float64 array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeNpy } from "./npy.ts";
 * const bytes = writeNpy({ rows: 1, cols: 2, data: new Float64Array([1, 2]) });
 * assert.equal(bytes.length, 128 + 16); // header padded to 64-byte blocks, then data
 * ```
 */
export function writeNpy(m: Matrix): Uint8Array {
  const dict =
    `{'descr': '<f8', 'fortran_order': False, 'shape': (${m.rows}, ${m.cols}), }`;
  // magic (6) + version (2) + length (2) + dict + padding + "\n" ≡ 0 mod 64.
  const unpadded = 10 + dict.length + 1;
  const headerLength = dict.length + 1 + ((64 - (unpadded % 64)) % 64);
  const header = dict.padEnd(headerLength - 1, " ") + "\n";
  const dataOffset = 10 + headerLength;
  const out = new Uint8Array(dataOffset + 8 * m.data.length);
  out.set(NPY_MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, headerLength, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  if (LITTLE_ENDIAN_HOST) {
    // dataOffset is a multiple of 64, so the view is aligned.
    new Float64Array(out.buffer, dataOffset, m.data.length).set(m.data);
  } else {
    for (let k = 0; k < m.data.length; k++) {
      view.setFloat64(dataOffset + 8 * k, m.data[k]!, true);
    }
  }
  return out;
}
