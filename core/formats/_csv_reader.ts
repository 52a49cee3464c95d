/**
 * The one CSV reader behind `parseCsv` and `parseCsvTable`: a single pass
 * over the text that writes the chosen cells straight into a Float64Array.
 *
 * This module is browser compatible.
 * @module
 */
import { parseNumberWord, scanDecimal } from "./_decimal.ts";
import {
  finishTable,
  leaveOutHint,
  missingValueError,
  planTable,
  type RawTable,
  type TableMode,
  type TablePlan,
} from "./_table.ts";
import { SampleFormatError } from "./errors.ts";
import type { SampleTable } from "./table.ts";
import { MISSING_VALUES } from "./table.ts";
import { checkStop } from "../stop/stop_check.ts";

const COMMA = 44, QUOTE = 34, CR = 13, LF = 10, SPACE = 32, TAB = 9;

const MISSING = new Set(["", ...MISSING_VALUES.map((s) => s.toLowerCase())]);

/** Whether a cell's text (trimmed, unquoted) spells a missing value. */
export function isMissingSpelling(field: string): boolean {
  return MISSING.has(field.toLowerCase());
}

const isSpace = (c: number) => c === SPACE || c === TAB;
const isLineEnd = (c: number) => c === CR || c === LF;

/**
 * Walks a CSV text field by field without cutting it up: after `next()`, the
 * field's content is `text.slice(start, stop)` (inside the quotes when
 * `quoted`; a quoted field with `escaped` set holds doubled quotes).
 * Fields are separated by commas and records by LF, CRLF or CR (RFC 4180);
 * spaces and tabs around a field are ignored; a quoted field may hold
 * commas, line breaks and doubled quotes.
 */
class Cursor {
  pos: number;
  /** 1-based line number at `pos`. */
  line: number;
  start = 0;
  stop = 0;
  quoted = false;
  escaped = false;
  /** Whether the last field ended its record. */
  recordEnd = false;

  constructor(
    readonly text: string,
    pos: number,
    readonly end: number,
    line: number,
  ) {
    this.pos = pos;
    this.line = line;
  }

  /** Reads the next field of the record starting on line `row`. */
  next(row: number, column: number): void {
    const { text, end } = this;
    let p = this.pos;
    while (p < end && isSpace(text.charCodeAt(p))) p++;
    if (p < end && text.charCodeAt(p) === QUOTE) {
      this.quoted = true;
      this.escaped = false;
      this.start = ++p;
      for (;;) {
        const q = text.indexOf('"', p);
        if (q < 0 || q >= end) {
          throw new SampleFormatError(
            `row ${row}, column ${column} opens a quote that is never closed`,
            { row, column },
          );
        }
        this.#countBreaks(p, q);
        if (q + 1 < end && text.charCodeAt(q + 1) === QUOTE) {
          this.escaped = true;
          p = q + 2;
          continue;
        }
        this.stop = q;
        p = q + 1;
        break;
      }
      while (p < end && isSpace(text.charCodeAt(p))) p++;
      if (p < end) {
        const c = text.charCodeAt(p);
        if (c !== COMMA && !isLineEnd(c)) {
          throw new SampleFormatError(
            `row ${row}, column ${column} has text after its closing quote`,
            { row, column },
          );
        }
      }
    } else {
      this.quoted = false;
      this.start = p;
      // The native search finds each separator once; see `#after`.
      this.#comma = this.#after(",", this.#comma, p);
      this.#lf = this.#after("\n", this.#lf, p);
      this.#cr = this.#after("\r", this.#cr, p);
      p = Math.min(this.#comma, this.#lf, this.#cr);
      let stop = p;
      while (stop > this.start && isSpace(text.charCodeAt(stop - 1))) stop--;
      this.stop = stop;
    }
    if (p < end && text.charCodeAt(p) === COMMA) {
      this.pos = p + 1;
      this.recordEnd = false;
      return;
    }
    this.recordEnd = true;
    if (p < end) {
      // A line end: CRLF counts once.
      p += text.charCodeAt(p) === CR && text.charCodeAt(p + 1) === LF ? 2 : 1;
      this.line++;
    }
    this.pos = p;
  }

  // The next comma, LF and CR at or after the position last searched from
  // (`end` when there is none): still the next one while it lies ahead.
  #comma = -1;
  #lf = -1;
  #cr = -1;

  #after(char: string, known: number, from: number): number {
    if (known >= from) return known;
    const found = this.text.indexOf(char, from);
    return found < 0 || found > this.end ? this.end : found;
  }

  /** Goes back to `pos`, on line `line`. */
  rewind(pos: number, line: number): void {
    this.pos = pos;
    this.line = line;
    this.#comma = this.#lf = this.#cr = -1;
  }

  /** Counts the line breaks in `text[from, to)` (inside a quoted field). */
  #countBreaks(from: number, to: number): void {
    const { text } = this;
    for (let p = from; p < to; p++) {
      const c = text.charCodeAt(p);
      if (c === LF || (c === CR && text.charCodeAt(p + 1) !== LF)) this.line++;
    }
  }

  /** Whether the text is used up. */
  get done(): boolean {
    return this.pos >= this.end;
  }

  /** The field's content as a string, quotes undone. */
  field(): string {
    const raw = this.text.slice(this.start, this.stop);
    return this.escaped ? raw.replaceAll('""', '"') : raw;
  }

  /** Whether the field is an empty cell not in quotes. */
  get blank(): boolean {
    return !this.quoted && this.start === this.stop;
  }

  /** The field as a decimal number, or undefined when it is not one. */
  decimal(): number | undefined {
    let { start, stop } = this;
    if (this.quoted) {
      // A quoted number is still a number; spaces inside the quotes too.
      if (this.escaped) return undefined;
      const { text } = this;
      while (start < stop && isSpace(text.charCodeAt(start))) start++;
      while (stop > start && isSpace(text.charCodeAt(stop - 1))) stop--;
    }
    return scanDecimal(this.text, start, stop);
  }

  /** Skips the rest of the record and returns how many fields it had. */
  finishRecord(row: number, counted: number): number {
    let fields = counted;
    while (!this.recordEnd) this.next(row, ++fields);
    return fields;
  }
}

function describeField(field: string): string {
  if (field === "") return "empty";
  const shown = field.length > 40 ? `${field.slice(0, 40)}…` : field;
  return JSON.stringify(shown);
}

/** "1;2" or "1\t2": numbers joined by another separator, not a column name. */
function isOtherlySeparated(field: string): boolean {
  return /[\t;]/.test(field) &&
    field.split(/[\t;]/).every((part) =>
      parseNumberWord(part.trim()) !== undefined
    );
}

/** Whether the first record is a header: no field is a number. */
function isHeader(fields: readonly string[], mode: TableMode): boolean {
  const names = fields.every((f) =>
    parseNumberWord(f.trim()) === undefined && !isOtherlySeparated(f)
  );
  // A first row of missing values only is data (all of it missing).
  return names &&
    (mode.na === "none" || !fields.every((f) => isMissingSpelling(f.trim())));
}

/** Upper bound on the records in `text[from, to)`, for preallocation. */
function countLines(text: string, from: number, to: number): number {
  let lf = 0, cr = 0;
  for (
    let p = text.indexOf("\n", from);
    p >= 0 && p < to;
    p = text.indexOf("\n", p + 1)
  ) lf++;
  for (
    let p = text.indexOf("\r", from);
    p >= 0 && p < to;
    p = text.indexOf("\r", p + 1)
  ) cr++;
  return Math.max(lf, cr) + 1;
}

/**
 * Reads CSV text into a sample table: header (if the first record is one),
 * the plan of columns, then every record, parsing only the chosen cells.
 * Rows are numbered by the line a record starts on.
 */
export function readCsvTable(input: string, mode: TableMode): SampleTable {
  const reader = new CsvBlockReader(mode);
  const raw = reader.read(input, true).raw;
  return finishTable(raw, reader.plan!, mode);
}

/** How rows of CSV text are numbered in messages. */
export const CSV_ROW_CONVENTION = "numbered as lines of the file";

/** The records read from a piece of CSV text. */
export interface CsvBlock {
  /** The chosen cells of the complete records read (maybe none). */
  readonly raw: RawTable;
  /**
   * How many characters of the text were read: the rest (an incomplete last
   * record, trailing blank lines) must start the next call's text.
   */
  readonly consumed: number;
}

/**
 * Where a `CsvBlockReader` stands between two pieces of text: enough to read
 * the next piece elsewhere (another thread) as this reader would.
 */
export interface CsvReaderState {
  readonly plan: TablePlan;
  readonly width: number;
  readonly firstLine: number;
  /** Line number of the next piece's first character. */
  readonly line: number;
  readonly readRecord: boolean;
}

/**
 * Reads CSV text piece by piece, with the same header rule, column plan,
 * quoting, numbers, messages and row numbers as reading it whole. Give each
 * call the text left over from the last (`text.slice(consumed)`) followed by
 * the next piece; the last call has `final` set.
 */
export class CsvBlockReader {
  readonly #mode: TableMode;
  /** The column plan, known once the first record is read. */
  plan: TablePlan | undefined;
  #width = 0;
  #firstLine = 1;
  #target = new Int32Array(0);
  /** Line number of the next text's first character. */
  #line = 1;
  /** Whether a data record was read whole (in this piece or before). */
  #readRecord = false;
  /**
   * Whether each call's rows may overwrite the last call's (the arrays are
   * kept and reused): set when every block is used before the next is read.
   */
  reuse = false;
  #data: Float64Array = new Float64Array(0);
  #rowNumbers: Uint32Array = new Uint32Array(0);

  constructor(mode: TableMode) {
    this.#mode = mode;
  }

  /** A reader that goes on from `state` (`CsvBlockReader.state`). */
  static resume(mode: TableMode, state: CsvReaderState): CsvBlockReader {
    const reader = new CsvBlockReader(mode);
    reader.plan = state.plan;
    reader.#width = state.width;
    reader.#firstLine = state.firstLine;
    reader.#line = state.line;
    reader.#readRecord = state.readRecord;
    reader.#target = new Int32Array(state.width).fill(-1);
    state.plan.fileColumns.forEach((j, o) => reader.#target[j] = o);
    return reader;
  }

  /** Where the reader stands, once the first record was read. */
  get state(): CsvReaderState | undefined {
    if (this.plan === undefined) return undefined;
    return {
      plan: this.plan,
      width: this.#width,
      firstLine: this.#firstLine,
      line: this.#line,
      readRecord: this.#readRecord,
    };
  }

  /**
   * Goes on at line `line` after a piece that held a record (read here with
   * `final` set, whose trailing line end is not counted, or elsewhere with
   * `resume` from the state before; `readRecord` false when it held the
   * header only).
   */
  goTo(line: number, readRecord = true): void {
    this.#line = line;
    this.#readRecord = readRecord;
  }

  /**
   * Reads the complete records of `input`.
   *
   * @param final whether `input` ends the text.
   * @throws {SampleFormatError} as `parseCsvTable` does; for a record cut by
   *   the end of a piece that is not final, nothing (it is left unread).
   */
  read(input: string, final: boolean): CsvBlock {
    const mode = this.#mode;
    const first = this.plan === undefined;
    const bom = first && input.charCodeAt(0) === 0xfeff ? 1 : 0;
    const text = input;
    // Blank lines (and spaces) before and after the data are ignored.
    let begin = bom;
    let line = this.#line;
    if (first) {
      for (; begin < text.length; begin++) {
        const c = text.charCodeAt(begin);
        if (c === LF || (c === CR && text.charCodeAt(begin + 1) !== LF)) line++;
        else if (!isSpace(c) && c !== CR) break;
      }
    }
    let end = text.length;
    while (end > begin) {
      const c = text.charCodeAt(end - 1);
      if (!isSpace(c) && !isLineEnd(c)) break;
      end--;
    }
    if (!final) {
      // Only records that end at a line end before the trailing blanks, that
      // line end included (a blank record before it is read, and fails).
      const cut = Math.max(
        text.lastIndexOf("\n", end - 1),
        text.lastIndexOf("\r", end - 1),
      );
      end = cut < begin ? begin : cut + 1;
    }
    if (first && final && begin === end) {
      throw new SampleFormatError("the input has no rows of numbers");
    }
    const consumedAll = final ? text.length : end;
    const cursor = new Cursor(text, begin, end, line);
    const unread = (pos: number, at: number): CsvBlock => {
      this.#line = at;
      return {
        raw: this.#raw(new Float64Array(0), new Uint32Array(0), 0),
        consumed: pos,
      };
    };
    if (first) {
      if (begin === end) return unread(0, this.#line);
      const firstLine = line;
      const fields: string[] = [];
      try {
        do {
          cursor.next(firstLine, fields.length + 1);
          fields.push(cursor.field());
        } while (!cursor.recordEnd);
      } catch (e) {
        if (final) throw e;
        return unread(0, this.#line);
      }
      const width = fields.length;
      const header = isHeader(fields, mode) ? fields : undefined;
      if (header === undefined) cursor.rewind(begin, firstLine);
      this.plan = planTable(header, width, mode);
      this.#width = width;
      this.#firstLine = firstLine;
      /** Matrix column of each file column, -1 when it is not read. */
      this.#target = new Int32Array(width).fill(-1);
      this.plan.fileColumns.forEach((j, o) => this.#target[j] = o);
    }
    const plan = this.plan!;
    const width = this.#width;
    const firstLine = this.#firstLine;
    const target = this.#target;
    const cols = plan.fileColumns.length;

    // Pieces reuse their arrays (see `reuse`); the whole text gets its own.
    let capacity = countLines(text, cursor.pos, end);
    let data: Float64Array;
    let rowNumbers: Uint32Array;
    if (this.reuse) {
      if (this.#rowNumbers.length < capacity) {
        this.#data = new Float64Array(capacity * cols);
        this.#rowNumbers = new Uint32Array(capacity);
      }
      data = this.#data;
      rowNumbers = this.#rowNumbers;
      capacity = rowNumbers.length;
    } else {
      data = new Float64Array(capacity * cols);
      rowNumbers = new Uint32Array(capacity);
    }
    let rows = 0;
    const missing = mode.na !== "none";

    /** A blank line, ragged record or bad cell at (row, column), as an error. */
    const fail = (row: number, column: number, counted: number): never => {
      const blank = cursor.blank && cursor.recordEnd && counted === 1;
      const field = cursor.field();
      const fields = cursor.finishRecord(row, counted);
      if (blank && (width > 1 || !missing)) {
        throw new SampleFormatError(`row ${row} is blank`, { row });
      }
      if (fields !== width) {
        throw new SampleFormatError(
          `row ${row} has ${fields} values, expected ${width} as in row ${firstLine}`,
          { row, column: Math.min(fields, width) + 1 },
        );
      }
      if (missing && isMissingSpelling(field.trim())) {
        throw missingValueError(describeField(field.trim()), row, column);
      }
      // Text in the first data record: likely a column of text (dates,
      // labels), not a slip in a column of numbers.
      const hint = /[\t;]/.test(field)
        ? "; separate values with commas"
        : field.trim() === "" || this.#readRecord
        ? ""
        : leaveOutHint(plan, mode, column - 1);
      throw new SampleFormatError(
        `row ${row}, column ${column} is ${
          describeField(field.trim())
        }, not a number${hint}`,
        { row, column },
      );
    };

    while (!cursor.done) {
      if ((rows & 1023) === 0) checkStop();
      const row = cursor.line;
      const recordStart = cursor.pos;
      if (rows === capacity) {
        capacity *= 2;
        const grown = new Float64Array(capacity * cols);
        grown.set(data);
        data = grown;
        const grownRows = new Uint32Array(capacity);
        grownRows.set(rowNumbers);
        rowNumbers = grownRows;
        if (this.reuse) {
          this.#data = data;
          this.#rowNumbers = rowNumbers;
        }
      }
      const base = rows * cols;
      let j = 0;
      try {
        do {
          cursor.next(row, j + 1);
          const o = j < width ? target[j]! : -1;
          j++;
          if (o < 0) continue;
          let v = cursor.decimal();
          if (v === undefined) {
            const field = cursor.field().trim();
            const blankLine = cursor.blank && cursor.recordEnd && j === 1;
            if (
              missing && !(blankLine && width > 1) && isMissingSpelling(field)
            ) {
              if (mode.na === "error") fail(row, j, j);
              v = NaN;
            } else {
              v = parseNumberWord(field) ?? fail(row, j, j);
            }
          }
          data[base + o] = v;
        } while (!cursor.recordEnd);
      } catch (e) {
        // A quoted field that runs past the end of a piece: read it next time.
        if (final || !(e instanceof SampleFormatError) || !isOpenQuote(e)) {
          throw e;
        }
        this.#line = row;
        return {
          raw: this.#raw(data, rowNumbers, rows),
          consumed: recordStart,
        };
      }
      if (j !== width) fail(row, j, j);
      rowNumbers[rows++] = row;
      this.#readRecord = true;
    }
    this.#line = cursor.line;
    return { raw: this.#raw(data, rowNumbers, rows), consumed: consumedAll };
  }

  #raw(data: Float64Array, rowNumbers: Uint32Array, rows: number): RawTable {
    const cols = this.plan?.fileColumns.length ?? 0;
    return {
      data,
      rows,
      width: cols,
      rawColumns: Array.from({ length: cols }, (_, o) => o),
      rowNumbers,
      rowConvention: CSV_ROW_CONVENTION,
      owned: true,
      transient: this.reuse,
    };
  }
}

function isOpenQuote(e: SampleFormatError): boolean {
  return e.message.endsWith("opens a quote that is never closed");
}
