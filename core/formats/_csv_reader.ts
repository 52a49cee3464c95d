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
  missingValueError,
  planTable,
  type TableMode,
} from "./_table.ts";
import { SampleFormatError } from "./errors.ts";
import type { SampleTable } from "./table.ts";
import { MISSING_VALUES } from "./table.ts";

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
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  // Blank lines (and spaces) before and after the data are ignored.
  let begin = 0;
  let line = 1;
  for (; begin < text.length; begin++) {
    const c = text.charCodeAt(begin);
    if (c === LF || (c === CR && text.charCodeAt(begin + 1) !== LF)) line++;
    else if (!isSpace(c) && c !== CR) break;
  }
  let end = text.length;
  while (end > begin) {
    const c = text.charCodeAt(end - 1);
    if (!isSpace(c) && !isLineEnd(c)) break;
    end--;
  }
  if (begin === end) {
    throw new SampleFormatError("the input has no rows of numbers");
  }

  const cursor = new Cursor(text, begin, end, line);
  const firstLine = line;
  const first: string[] = [];
  do {
    cursor.next(firstLine, first.length + 1);
    first.push(cursor.field());
  } while (!cursor.recordEnd);
  const width = first.length;
  const header = isHeader(first, mode) ? first : undefined;
  if (header === undefined) cursor.rewind(begin, firstLine);
  const plan = planTable(header, width, mode);
  const cols = plan.fileColumns.length;
  /** Matrix column of each file column, -1 when it is not read. */
  const target = new Int32Array(width).fill(-1);
  plan.fileColumns.forEach((j, o) => target[j] = o);

  let capacity = countLines(text, cursor.pos, end);
  let data = new Float64Array(capacity * cols);
  let rowNumbers = new Uint32Array(capacity);
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
    const hint = /[\t;]/.test(field) ? "; separate values with commas" : "";
    throw new SampleFormatError(
      `row ${row}, column ${column} is ${
        describeField(field.trim())
      }, not a number${hint}`,
      { row, column },
    );
  };

  while (!cursor.done) {
    const row = cursor.line;
    if (rows === capacity) {
      capacity *= 2;
      const grown = new Float64Array(capacity * cols);
      grown.set(data);
      data = grown;
      const grownRows = new Uint32Array(capacity);
      grownRows.set(rowNumbers);
      rowNumbers = grownRows;
    }
    const base = rows * cols;
    let j = 0;
    do {
      cursor.next(row, j + 1);
      const o = j < width ? target[j]! : -1;
      j++;
      if (o < 0) continue;
      let v = cursor.decimal();
      if (v === undefined) {
        const field = cursor.field().trim();
        const blankLine = cursor.blank && cursor.recordEnd && j === 1;
        if (missing && !(blankLine && width > 1) && isMissingSpelling(field)) {
          if (mode.na === "error") fail(row, j, j);
          v = NaN;
        } else {
          v = parseNumberWord(field) ?? fail(row, j, j);
        }
      }
      data[base + o] = v;
    } while (!cursor.recordEnd);
    if (j !== width) fail(row, j, j);
    rowNumbers[rows++] = row;
  }
  return finishTable(
    {
      data,
      rows,
      width: cols,
      rawColumns: plan.fileColumns.map((_, o) => o),
      rowNumbers,
      rowConvention: "numbered as lines of the file",
      owned: true,
    },
    plan,
    mode,
  );
}
