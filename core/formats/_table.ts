/**
 * The steps every sample-table reader shares: which columns to read, then,
 * once the chosen cells are in a Float64Array (NaN where a value is
 * missing), the row-index check, missing values and the sample check.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { checkSamples } from "./check.ts";
import { chooseColumns, type ColumnSpec } from "./columns.ts";
import { ColumnSelectionError, SampleFormatError } from "./errors.ts";
import type {
  IndexPolicy,
  NaPolicy,
  SampleTable,
  SampleTableOptions,
} from "./table.ts";

/**
 * Resolved reading options. `na: "none"` reads as the plain matrix parsers
 * always have: no spelling means "missing", and NaN is rejected as not
 * finite.
 */
export interface TableMode {
  readonly allowNegative: boolean;
  readonly columns: ColumnSpec | undefined;
  readonly na: NaPolicy | "none";
  readonly index: IndexPolicy;
}

/** The options of a sample table, with their defaults. */
export function tableMode(options: SampleTableOptions): TableMode {
  return {
    allowNegative: options.allowNegative ?? false,
    columns: options.columns,
    na: options.na ?? "drop",
    index: options.index ?? "auto",
  };
}

/** Every column, no missing values, no index: the plain matrix parsers. */
export function plainMode(allowNegative = false): TableMode {
  return { allowNegative, columns: undefined, na: "none", index: "keep" };
}

/** Which columns of a file to read, and what to say about them. */
export interface TablePlan {
  /** 0-based file position of each column to read, in output order. */
  readonly fileColumns: readonly number[];
  /** The name of each column to read. */
  readonly names: readonly string[];
  /** Whether a read file column 1 may be a numbered row index. */
  readonly mayBeIndex: boolean;
  /** The name of every file column: its header's, else `x1 … xd`. */
  readonly fileNames: readonly string[];
  /** Whether the names come from a header. */
  readonly hasHeader: boolean;
  /** Whether the selection listed the columns to keep (else all, or all but some). */
  readonly listed: boolean;
  /** Warnings so far (an unnamed first column left out). */
  readonly warnings: readonly string[];
}

/** The names `x1 … xd` of columns that have none. */
export function defaultNames(width: number): string[] {
  return Array.from({ length: width }, (_, j) => `x${j + 1}`);
}

/** A header cell that R's `write.csv` or pandas' `to_csv` leave for row names. */
function isIndexHeader(name: string): boolean {
  return name === "" || name === "Unnamed: 0";
}

/**
 * Decides which columns to read from the header (undefined when the data has
 * no names) and the options: the selection, then an unnamed first column left
 * out as a row index.
 *
 * @throws {ColumnSelectionError} for a selection that does not fit, or when
 *   nothing is left to read.
 */
export function planTable(
  header: readonly string[] | undefined,
  width: number,
  mode: TableMode,
): TablePlan {
  if (header !== undefined && header.length !== width) {
    throw new RangeError(
      `Cannot read samples: ${header.length} column names for ${width} columns`,
    );
  }
  const names = header === undefined
    ? defaultNames(width)
    : header.map((name, j) => name === "" ? `x${j + 1}` : name);
  const choice = chooseColumns(mode.columns, names);
  const firstListed = choice.listed && choice.columns.includes(0);
  const mayBeIndex = mode.index !== "keep" && !firstListed &&
    choice.columns.includes(0);
  const warnings: string[] = [];
  let fileColumns = choice.columns;
  if (mayBeIndex && header !== undefined && isIndexHeader(header[0]!)) {
    fileColumns = fileColumns.filter((j) => j !== 0);
    const named = header[0] === "" ? "has no name" : `is named "${header[0]}"`;
    warnings.push(
      `column 1 ${named}, as in files written with row names by R's write.csv or pandas' to_csv: it was read as a row index and left out (index "keep" fits it)`,
    );
    if (fileColumns.length === 0) {
      throw new ColumnSelectionError(
        `no column is left: column 1 ${named}, so it was read as a row index and left out (index "keep" fits it)`,
      );
    }
  }
  return {
    fileColumns,
    names: fileColumns.map((j) => names[j]!),
    mayBeIndex: mayBeIndex && fileColumns.includes(0),
    fileNames: names,
    hasHeader: header !== undefined,
    listed: choice.listed,
    warnings,
  };
}

/**
 * How to leave file column `j` (0-based) out of the fit, for the message on
 * a text cell in it (a date, a label): "; leave … out of columns" when the
 * selection lists the columns to keep, else how to set (or extend) the
 * selection with "-name" (by number when the name cannot be written in a
 * selection, or the file has no header).
 */
export function leaveOutHint(
  plan: TablePlan,
  mode: TableMode,
  j: number,
): string {
  const name = plan.fileNames[j]!;
  const byName = plan.hasHeader && name !== "" && name === name.trim() &&
    !name.includes(",") && !name.startsWith("-") && !/^\d+$/.test(name);
  const ref = byName ? name : String(j + 1);
  if (plan.listed) {
    return `; leave ${JSON.stringify(ref)} out of columns`;
  }
  return mode.columns === undefined
    ? `; if it is not a coordinate (e.g. dates or labels), leave it out with columns ${
      JSON.stringify(`-${ref}`)
    }`
    : `; to leave it out too, add ${JSON.stringify(`-${ref}`)} to columns`;
}

/** The error for a missing value under `na: "error"`. */
export function missingValueError(
  what: string,
  row: number,
  column: number,
): SampleFormatError {
  return new SampleFormatError(
    `row ${row}, column ${column} is ${what}, a missing value`,
    { row, column },
  );
}

/** Chosen cells read into memory, before missing values and checks. */
export interface RawTable {
  /** Row-major, `rows × width`; NaN marks a missing value. */
  readonly data: Float64Array;
  readonly rows: number;
  readonly width: number;
  /** For each planned column (output order), its column in `data`. */
  readonly rawColumns: readonly number[];
  /** The user's number for each row; default row i is i + 1. */
  readonly rowNumbers?: ArrayLike<number>;
  /** How rows are numbered, said after row numbers in messages. */
  readonly rowConvention?: string;
  /** Whether `data` may be overwritten to avoid a copy. */
  readonly owned?: boolean;
  /**
   * Whether `data` is reused for the next rows, so the kept rows may stay
   * in it (as a view) instead of a trimmed copy.
   */
  readonly transient?: boolean;
}

/** Shown row numbers in a warning; the rest are counted. */
const ROWS_SHOWN = 5;

/**
 * A first column that counts like a row index: it holds start, start + 1,
 * …, start + rows − 1 in order (start 0 or 1, rows ≥ 3), over every row read
 * (before rows with missing values are left out).
 */
export interface IndexColumn {
  readonly start: number;
  readonly rows: number;
}

/** "row 4", "rows 4 and 7", "rows 4, 7, 9, 12, 15, …": the rows shown. */
function listRows(numbers: readonly number[], total: number): string {
  if (total === 1) return `row ${numbers[0]}`;
  if (total === 2) return `rows ${numbers[0]} and ${numbers[1]}`;
  const more = total > numbers.length ? ", …" : "";
  return `rows ${numbers.join(", ")}${more}`;
}

/** What a finished table says besides its rows. */
export interface TableSummary {
  readonly columns: readonly string[];
  readonly droppedRows: number;
  readonly warnings: readonly string[];
  /**
   * A first column found to count like a row index only after its rows were
   * read, under `index: "drop"`: the rows must be read again with it known
   * (`TableFinisher`'s `index`), which leaves it out.
   */
  readonly readAgain?: IndexColumn;
}

/**
 * Finishes a table block by block of raw rows: a first column counting 1…n
 * (or 0…n−1) is reported or left out, rows with a missing value are dropped
 * (or the first one is an error), then `checkSamples` runs on what is left,
 * with the user's row and column numbers in its messages; `finish` gives the
 * columns and the warnings, and fails when no row is left.
 *
 * Whether the first column counts is known before the rows (`index`, an
 * `IndexColumn` or null) when all rows are in memory; otherwise
 * (`"track"`) it is followed across the blocks and decided at the end.
 */
export class TableFinisher {
  readonly #plan: TablePlan;
  readonly #mode: TableMode;
  readonly #keep: number[];
  readonly #indexWarnings: string[] = [];
  /** Planned position of file column 1 when it is followed, else -1. */
  readonly #tracked: number;
  #counting = true;
  #start = NaN;
  #rows = 0;
  #kept = 0;
  #dropped = 0;
  readonly #shown: number[] = [];
  readonly #gaps: Float64Array;

  constructor(
    plan: TablePlan,
    mode: TableMode,
    index: IndexColumn | null | "track",
  ) {
    this.#plan = plan;
    this.#mode = mode;
    let keep = plan.fileColumns.map((_, o) => o);
    const o = plan.mayBeIndex ? plan.fileColumns.indexOf(0) : -1;
    this.#tracked = index === "track" ? o : -1;
    if (o >= 0 && index !== null && index !== "track") {
      const warning = this.#indexWarning(o, index);
      if (mode.index === "drop") {
        keep = keep.filter((k) => k !== o);
        if (keep.length === 0) {
          throw new ColumnSelectionError(
            `no column is left: ${warning}, so it was left out (index "keep" fits it)`,
          );
        }
        this.#indexWarnings.push(`${warning}: it was left out`);
      } else {
        this.#indexWarnings.push(
          `${warning}, yet it is fitted as a coordinate; leave it out with columns "-1" or index "drop"`,
        );
      }
    }
    this.#keep = keep;
    this.#gaps = new Float64Array(keep.length);
  }

  /** The plan the rows are read by. */
  get plan(): TablePlan {
    return this.#plan;
  }

  /** Columns of the blocks of kept rows. */
  get width(): number {
    return this.#keep.length;
  }

  /** "column 1 ("id") holds 1, 2, …, n in order, like a row index". */
  #indexWarning(o: number, index: IndexColumn): string {
    const { start, rows } = index;
    return `column 1 (${JSON.stringify(this.#plan.names[o])}) holds ${start}, ${
      start + 1
    }, …, ${start + rows - 1} in order, like a row index`;
  }

  /**
   * The kept rows of a block of raw rows (read after the blocks before it),
   * checked; a new matrix unless `raw.owned` lets the rows be packed within
   * `raw.data`.
   *
   * @throws {SampleFormatError} for a missing value under `na: "error"` or
   *   a value that fails the check.
   */
  block(raw: RawTable): Matrix {
    const { data, rows, width } = raw;
    const plan = this.#plan;
    const mode = this.#mode;
    const keep = this.#keep;
    const before = this.#rows;
    const rowNumber = (i: number) => raw.rowNumbers?.[i] ?? before + i + 1;
    if (this.#tracked >= 0 && this.#counting) this.#follow(raw);
    const cols = keep.length;
    const from = keep.map((o) => raw.rawColumns[o]!);
    const identity = cols === width && from.every((c, o) => c === o);
    // Kept row ≤ row read, and output column o ≤ from[o] with from increasing:
    // every write lands at or before the value it copies and after every value
    // read before it, so the rows can be packed within `data` itself.
    const inPlace = raw.owned === true &&
      from.every((c, o) => o === 0 || c > from[o - 1]!);
    let out = identity || inPlace ? data : new Float64Array(rows * cols);
    const droppedAt: number[] = []; // indices in `raw`, ascending
    const gaps = this.#gaps;
    let kept = 0;
    for (let i = 0; i < rows; i++) {
      const base = i * width;
      let missing = -1;
      if (mode.na !== "none") {
        for (let o = 0; o < cols; o++) {
          const v = data[base + from[o]!]!;
          if (v !== v) {
            missing = o;
            break;
          }
        }
      }
      if (missing >= 0) {
        if (mode.na === "error") {
          throw missingValueError(
            "NaN",
            rowNumber(i),
            plan.fileColumns[keep[missing]!]! + 1,
          );
        }
        droppedAt.push(i);
        if (this.#shown.length < ROWS_SHOWN) this.#shown.push(rowNumber(i));
        for (let o = missing; o < cols; o++) {
          const v = data[base + from[o]!]!;
          if (v !== v) gaps[o]!++;
        }
        continue;
      }
      if (!identity || kept !== i) {
        if (out === data && !inPlace) {
          // The caller's data, unchanged so far: copy the rows kept before.
          out = new Float64Array(rows * cols);
          out.set(data.subarray(0, kept * cols));
        }
        const target = kept * cols;
        for (let o = 0; o < cols; o++) out[target + o] = data[base + from[o]!]!;
      }
      kept++;
    }
    this.#rows += rows;
    this.#kept += kept;
    this.#dropped += droppedAt.length;
    const used = kept * cols;
    const result = out.length === used
      ? out
      : raw.transient && out === data
      ? out.subarray(0, used)
      : out.slice(0, used);
    /** The row in `raw` that kept row i came from. */
    const rawRow = (i: number) => {
      let r = i;
      for (const d of droppedAt) {
        if (d > r) break;
        r++;
      }
      return r;
    };
    const matrix = { rows: kept, cols, data: result };
    if (kept > 0) {
      checkSamples(matrix, {
        allowNegative: mode.allowNegative,
        columnNumbers: keep.map((o) => plan.fileColumns[o]! + 1),
        rowNumber: (i) => rowNumber(rawRow(i)),
      });
    }
    return matrix;
  }

  /** Follows whether file column 1 still counts over the rows of `raw`. */
  #follow(raw: RawTable): void {
    const c = raw.rawColumns[this.#tracked]!;
    const { data, rows, width } = raw;
    if (this.#rows === 0 && rows > 0) {
      this.#start = data[c]!;
      if (this.#start !== 0 && this.#start !== 1) this.#counting = false;
    }
    for (let i = 0; i < rows && this.#counting; i++) {
      if (data[i * width + c] !== this.#start + this.#rows + i) {
        this.#counting = false;
      }
    }
  }

  /**
   * The columns, rows left out and warnings of every block so far.
   *
   * @throws {SampleFormatError} when no row is left (every row had a missing
   *   value, or there were none).
   */
  finish(rowConvention?: string): TableSummary {
    const plan = this.#plan;
    const keep = this.#keep;
    const warnings = [...plan.warnings, ...this.#indexWarnings];
    let readAgain: IndexColumn | undefined;
    if (this.#tracked >= 0 && this.#counting && this.#rows >= 3) {
      const index = { start: this.#start, rows: this.#rows };
      if (this.#mode.index === "drop") readAgain = index;
      else {
        warnings.push(
          `${
            this.#indexWarning(this.#tracked, index)
          }, yet it is fitted as a coordinate; leave it out with columns "-1" or index "drop"`,
        );
      }
    }
    const droppedRows = this.#dropped;
    const rows = this.#rows;
    if (droppedRows > 0) {
      const cols = keep.length;
      const gaps = this.#gaps;
      const where = `${listRows(this.#shown, droppedRows)} (${
        rowConvention ?? "numbered from 1 for the first sample"
      })`;
      let worst = 0;
      for (let o = 1; o < cols; o++) if (gaps[o]! > gaps[worst]!) worst = o;
      const number = plan.fileColumns[keep[worst]!]! + 1;
      const column = `column ${number} (${
        JSON.stringify(plan.names[keep[worst]!])
      })`;
      if (this.#kept === 0) {
        const hint = gaps[worst] === rows
          ? `${column} has no value in any row; leave it out with columns "-${number}"`
          : `${column} lacks a value in ${gaps[worst]} of them`;
        throw new SampleFormatError(
          `every row has a missing value in a column used: ${where}; ${hint}`,
        );
      }
      const most = cols > 1 && droppedRows > 1
        ? `; ${column} lacks a value in ${gaps[worst]} of them`
        : "";
      warnings.push(
        `left out ${droppedRows} of ${rows} rows with a missing value in a column used: ${where}${most}`,
      );
    }
    if (this.#kept === 0) {
      throw new SampleFormatError("the input has no rows of numbers");
    }
    return {
      columns: keep.map((o) => plan.names[o]!),
      droppedRows,
      warnings,
      ...(readAgain === undefined ? {} : { readAgain }),
    };
  }
}

/**
 * Whether column `c` of `raw` holds first, first + 1, … in order, with
 * first 0 or 1, over at least 3 rows.
 */
function countingColumn(raw: RawTable, c: number): IndexColumn | null {
  const { data, rows, width } = raw;
  if (rows < 3) return null;
  const first = data[c]!;
  if (first !== 0 && first !== 1) return null;
  for (let i = 1; i < rows; i++) {
    if (data[i * width + c] !== first + i) return null;
  }
  return { start: first, rows };
}

/**
 * Finishes a table whose raw rows are all in memory (see `TableFinisher`).
 */
export function finishTable(
  raw: RawTable,
  plan: TablePlan,
  mode: TableMode,
): SampleTable {
  const o = plan.mayBeIndex ? plan.fileColumns.indexOf(0) : -1;
  const index = o >= 0 ? countingColumn(raw, raw.rawColumns[o]!) : null;
  const finisher = new TableFinisher(plan, mode, index);
  const matrix = finisher.block(raw);
  const { columns, droppedRows, warnings } = finisher.finish(
    raw.rowConvention,
  );
  return { matrix, columns, droppedRows, warnings };
}

/**
 * A table from a whole matrix in which NaN marks a missing value (NPY data,
 * or a caller's matrix); `owned` lets it pack rows within `m.data`.
 */
export function matrixTable(
  m: Matrix,
  names: readonly string[] | undefined,
  mode: TableMode,
  owned: boolean,
): SampleTable {
  // No cells: fail before naming 10^15 columns or passing over 10^15 rows
  // of none, as an NPY header of shape (0, 10^15) or (10^15, 0) would have.
  if (m.rows === 0 || m.cols === 0) checkSamples(m);
  const plan = planTable(names, m.cols, mode);
  return finishTable(
    {
      data: m.data,
      rows: m.rows,
      width: m.cols,
      rawColumns: plan.fileColumns,
      owned,
    },
    plan,
    mode,
  );
}
