/**
 * Sample tables read piece by piece, for data beyond memory: bytes of a CSV
 * or NPY file go in as they arrive, blocks of checked rows come out, and the
 * columns, rows left out and warnings are those `parseSampleTable` gives for
 * the whole file (same column choice, missing values, index column, checks
 * and messages: the same code reads both ways).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import {
  CSV_ROW_CONVENTION,
  CsvBlockReader,
  type CsvReaderState,
} from "./_csv_reader.ts";
import {
  type IndexColumn,
  planTable,
  type RawTable,
  TableFinisher,
  type TableMode,
  tableMode,
  type TablePlan,
  type TableSummary,
} from "./_table.ts";
import { SampleFormatError } from "./errors.ts";
import {
  checkNpyLength,
  decodeNpyValues,
  type NpyHeader,
  readNpyHeader,
} from "./npy.ts";
import { NOT_UTF8 } from "./parse.ts";
import type { SampleTableOptions } from "./table.ts";

export type { IndexColumn, RawTable, TableSummary } from "./_table.ts";
export type { CsvReaderState } from "./_csv_reader.ts";

const LF = 10, CR = 13, SPACE = 32, TAB = 9, QUOTE = 34, COMMA = 44;

/**
 * CSV bytes read in another thread (`readCsvPiece`): whole records that
 * start on line `state.line` (cut at `csvPieceEnd`).
 */
export interface CsvPieceJob {
  readonly bytes: Uint8Array;
  readonly mode: TableMode;
  readonly state: CsvReaderState;
}

/** Reads pieces of CSV (e.g. in a Web Worker): `readCsvPiece`, elsewhere. */
export interface CsvPieceReader {
  /** `readCsvPiece(job)`, or its error (same class and message). */
  readPiece(job: CsvPieceJob): Promise<RawTable>;
}

/**
 * The records of a piece of CSV (`SampleTableReader.pieceJob`), read as the
 * reader that made the job would have read them: same numbers, row numbers
 * and errors.
 */
export function readCsvPiece(job: CsvPieceJob): RawTable {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
      .decode(job.bytes);
  } catch {
    throw new SampleFormatError(NOT_UTF8);
  }
  return CsvBlockReader.resume(job.mode, job.state).read(text, true).raw;
}

/**
 * Where CSV bytes that start a record may be cut so that each side reads as
 * part of the whole: just after the last LF outside quoted fields that ends
 * a line whose last character is not a space (so no blank record ends the
 * piece), or 0 when there is none. A quote opens a field only at the field's
 * start (after spaces), as the CSV reader has it; elsewhere it is text. From
 * a quoted field that is still open at the end of the bytes, or that has
 * text after its closing quote (the reader fails there), nothing is cut.
 *
 * @param fileStart whether the bytes start the file (a BOM may come first).
 */
export function csvPieceEnd(bytes: Uint8Array, fileStart = false): number {
  const n = bytes.length;
  const from = fileStart && bytes[0] === 0xef && bytes[1] === 0xbb &&
      bytes[2] === 0xbf
    ? 3
    : 0;
  // Quoted fields that hold an LF: no cut inside them.
  const spans: number[] = [];
  let limit = n;
  let lf = -1;
  for (let p = from;;) {
    const q = bytes.indexOf(QUOTE, p);
    if (q < 0) break;
    if (!fieldStart(bytes, q, from)) {
      p = q + 1;
      continue;
    }
    let close = -1;
    for (let r = q + 1;;) {
      const c = bytes.indexOf(QUOTE, r);
      if (c < 0 || c + 1 === n) break; // open, or maybe a doubled quote
      if (bytes[c + 1] === QUOTE) r = c + 2;
      else {
        close = c;
        break;
      }
    }
    let after = close + 1;
    while (after < n && (bytes[after] === SPACE || bytes[after] === TAB)) {
      after++;
    }
    const next = bytes[after];
    if (
      close < 0 ||
      (after < n && next !== COMMA && next !== LF && next !== CR)
    ) {
      limit = q;
      break;
    }
    if (lf < q) {
      lf = bytes.indexOf(LF, q);
      if (lf < 0) lf = n;
    }
    if (lf < close) spans.push(q, close);
    p = close + 1;
  }
  let span = spans.length - 2;
  for (
    let p = limit === 0 ? -1 : bytes.lastIndexOf(LF, limit - 1);
    p > 0;
    p = bytes.lastIndexOf(LF, p - 1)
  ) {
    while (span >= 0 && spans[span]! > p) span -= 2;
    if (span >= 0 && p < spans[span + 1]!) {
      // Inside a quoted field: look before it.
      p = spans[span]!;
      if (p === 0) break;
      continue;
    }
    const q = bytes[p - 1] === CR ? p - 2 : p - 1;
    if (q < 0) continue;
    const c = bytes[q];
    if (c !== LF && c !== CR && c !== SPACE && c !== TAB) return p + 1;
  }
  return 0;
}

/** Whether the quote at `q` starts a field (spaces before it aside). */
function fieldStart(bytes: Uint8Array, q: number, from: number): boolean {
  let p = q - 1;
  while (p >= from && (bytes[p] === SPACE || bytes[p] === TAB)) p--;
  if (p < from) return true;
  const c = bytes[p];
  return c === COMMA || c === LF || c === CR;
}

/** Line breaks (LF, CRLF or CR) in `bytes`, as the CSV reader counts them. */
function countBreaks(bytes: Uint8Array): number {
  let n = 0;
  for (let p = bytes.indexOf(LF); p >= 0; p = bytes.indexOf(LF, p + 1)) n++;
  for (let p = bytes.indexOf(CR); p >= 0; p = bytes.indexOf(CR, p + 1)) {
    if (bytes[p + 1] !== LF) n++;
  }
  return n;
}

/** The formats a `SampleTableReader` reads. */
export type BlockFormat = "csv" | "npy";

/** What a reader knows of the data besides the options. */
export interface SampleTableReaderOptions extends SampleTableOptions {
  /** The size of the whole file in bytes, when known (NPY: checked against the header). */
  readonly size?: number;
  /**
   * A first column found to count like a row index by an earlier read of the
   * same data (`TableSummary.readAgain`): handled from the first row.
   */
  readonly indexColumn?: IndexColumn;
  /**
   * Whether a block may share memory with the reader, valid only until the
   * next `push` or `end`: set it when each block is used at once (e.g. summed
   * into statistics), to read without allocating per block.
   * @default {false}
   */
  readonly reuse?: boolean;
}

/**
 * Reads a sample table from bytes given piece by piece.
 *
 * @example Two pieces of a CSV file
 * ```ts
 * import assert from "node:assert/strict";
 * import { SampleTableReader } from "./blocks.ts";
 * const bytes = new TextEncoder().encode("a,b\n1,2\n3,NA\n4,5\n");
 * const reader = new SampleTableReader("csv");
 * const blocks = [...reader.push(bytes.subarray(0, 9)), ...reader.end(bytes.subarray(9))];
 * assert.deepEqual(blocks.flatMap((m) => Array.from(m.data)), [1, 2, 4, 5]);
 * assert.deepEqual(reader.finish().columns, ["a", "b"]);
 * ```
 */
export class SampleTableReader {
  readonly #format: BlockFormat;
  readonly #mode: TableMode;
  readonly #options: SampleTableReaderOptions;
  #finisher: TableFinisher | undefined;
  // CSV
  readonly #decoder = new TextDecoder("utf-8", { fatal: true });
  #csv: CsvBlockReader | undefined;
  #text = "";
  // NPY
  #header: NpyHeader | undefined;
  #pending = new Uint8Array(0);
  #bytes = 0;

  constructor(format: BlockFormat, options: SampleTableReaderOptions = {}) {
    this.#format = format;
    this.#options = options;
    this.#mode = tableMode(options);
    if (format === "csv") {
      this.#csv = new CsvBlockReader(this.#mode);
      this.#csv.reuse = options.reuse ?? false;
    }
  }

  /** The number of columns the blocks have, once known (after the first rows). */
  get columns(): number | undefined {
    return this.#finisher?.width;
  }

  /**
   * The blocks of rows completed by the next piece of the data (maybe none).
   *
   * @throws {SampleFormatError} or {ColumnSelectionError} as
   *   `parseSampleTable` does, for the rows read so far.
   */
  push(bytes: Uint8Array): Matrix[] {
    return this.#read(bytes, false);
  }

  /** The blocks completed by the last piece of the data, which ends it. */
  end(bytes: Uint8Array = new Uint8Array(0)): Matrix[] {
    return this.#read(bytes, true);
  }

  /**
   * The columns' names, the rows left out and the warnings, once `end` was
   * called.
   *
   * @throws {SampleFormatError} when no row is left.
   */
  finish(): TableSummary {
    if (this.#finisher === undefined) {
      throw new SampleFormatError("the input has no rows of numbers");
    }
    return this.#finisher.finish(
      this.#format === "csv" ? CSV_ROW_CONVENTION : undefined,
    );
  }

  /**
   * CSV: the blocks of whole records `bytes` (cut at `pieceEnd`, or the
   * rest of the data), read here in place of `push`.
   */
  piece(bytes: Uint8Array): Matrix[] {
    let text: string;
    try {
      text = new TextDecoder("utf-8", {
        fatal: true,
        ignoreBOM: this.#csv!.plan !== undefined,
      }).decode(bytes);
    } catch {
      throw new SampleFormatError(NOT_UTF8);
    }
    const reader = this.#csv!;
    const line = reader.state?.line ?? 1;
    const { raw } = reader.read(text, true);
    reader.goTo(line + countBreaks(bytes), reader.state!.readRecord);
    return this.rows(raw);
  }

  /**
   * CSV, once a `piece` was read here: the job of reading the next piece
   * elsewhere (`readCsvPiece`); the reader goes past it. Give the rows back
   * in order to `rows`.
   */
  pieceJob(bytes: Uint8Array): CsvPieceJob {
    const reader = this.#csv!;
    const state = reader.state!;
    reader.goTo(state.line + countBreaks(bytes));
    return { bytes, mode: this.#mode, state };
  }

  /** The blocks of records read elsewhere (`readCsvPiece`), in order. */
  rows(raw: RawTable): Matrix[] {
    const plan = this.#csv!.plan;
    if (plan === undefined || raw.rows === 0) return [];
    return [this.#finisherFor(plan).block(raw)];
  }

  /**
   * CSV: where bytes that go on from the last piece (or start the file) may
   * be cut into whole records (`csvPieceEnd`).
   */
  pieceEnd(bytes: Uint8Array): number {
    return csvPieceEnd(bytes, !this.pieces);
  }

  /** Whether a `piece` was read here, so that `pieceJob` may follow. */
  get pieces(): boolean {
    return this.#csv?.plan !== undefined;
  }

  #read(bytes: Uint8Array, final: boolean): Matrix[] {
    return this.#format === "csv"
      ? this.#readCsv(bytes, final)
      : this.#readNpy(bytes, final);
  }

  #finisherFor(plan: TablePlan): TableFinisher {
    this.#finisher ??= new TableFinisher(
      plan,
      this.#mode,
      this.#options.indexColumn ?? "track",
    );
    return this.#finisher;
  }

  #readCsv(bytes: Uint8Array, final: boolean): Matrix[] {
    let piece: string;
    try {
      piece = this.#decoder.decode(bytes, { stream: !final });
    } catch {
      throw new SampleFormatError(NOT_UTF8);
    }
    const text = this.#text.length === 0 ? piece : this.#text + piece;
    const reader = this.#csv!;
    const { raw, consumed } = reader.read(text, final);
    this.#text = text.slice(consumed);
    if (reader.plan === undefined) return [];
    const finisher = this.#finisherFor(reader.plan);
    return raw.rows === 0 ? [] : [finisher.block(raw)];
  }

  #readNpy(bytes: Uint8Array, final: boolean): Matrix[] {
    this.#bytes += bytes.length;
    let data = this.#pending.length === 0
      ? bytes
      : concat(this.#pending, bytes);
    if (this.#header === undefined) {
      const header = tryHeader(data, final);
      if (header === undefined) {
        this.#pending = data.slice();
        return [];
      }
      this.#header = header;
      if (this.#options.size !== undefined) {
        checkNpyLength(header, this.#options.size);
      }
      data = data.subarray(header.dataOffset);
    }
    const header = this.#header;
    const rowBytes = header.cols * header.dtype.size;
    const rows = rowBytes === 0 ? 0 : Math.floor(data.length / rowBytes);
    const used = rows * rowBytes;
    this.#pending = data.slice(used);
    if (final) {
      checkNpyLength(header, this.#options.size ?? this.#bytes);
    }
    const finisher = this.#finisher ??
      this.#finisherFor(planTable(undefined, header.cols, this.#mode));
    const plan = finisher.plan;
    if (rows === 0) return [];
    return [finisher.block({
      data: decodeNpyValues(data.subarray(0, used), header.dtype),
      rows,
      width: header.cols,
      rawColumns: plan.fileColumns,
      owned: true,
    })];
  }
}

/** The NPY header once `data` holds all of it (undefined before, unless final). */
function tryHeader(data: Uint8Array, final: boolean): NpyHeader | undefined {
  // Magic, version and the header's length come first.
  if (!final && data.length < 12) return undefined;
  try {
    return readNpyHeader(data);
  } catch (e) {
    if (final || !(e instanceof SampleFormatError)) throw e;
    if (/truncated inside its header/.test(e.message)) return undefined;
    throw e;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
