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
    warnings,
  };
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
}

/** Shown row numbers in a warning; the rest are counted. */
const ROWS_SHOWN = 5;

/**
 * Whether column `c` of `raw` holds first, first + 1, … in order, with
 * first 0 or 1, over at least 3 rows.
 */
function isCounting(raw: RawTable, c: number): boolean {
  const { data, rows, width } = raw;
  if (rows < 3) return false;
  const first = data[c]!;
  if (first !== 0 && first !== 1) return false;
  for (let i = 1; i < rows; i++) {
    if (data[i * width + c] !== first + i) return false;
  }
  return true;
}

/** "row 4", "rows 4 and 7", "rows 4, 7, 9, 12, 15, …": the rows shown. */
function listRows(numbers: readonly number[], total: number): string {
  if (total === 1) return `row ${numbers[0]}`;
  if (total === 2) return `rows ${numbers[0]} and ${numbers[1]}`;
  const more = total > numbers.length ? ", …" : "";
  return `rows ${numbers.join(", ")}${more}`;
}

/**
 * Finishes a table: a first column counting 1…n (or 0…n−1) is reported or
 * left out, rows with a missing value are dropped (or the first one is an
 * error), then `checkSamples` runs on what is left, with the user's row and
 * column numbers in its messages.
 */
export function finishTable(
  raw: RawTable,
  plan: TablePlan,
  mode: TableMode,
): SampleTable {
  const { data, rows, width } = raw;
  const rowNumber = (i: number) => raw.rowNumbers?.[i] ?? i + 1;
  const warnings = [...plan.warnings];
  let keep = plan.fileColumns.map((_, o) => o);

  if (plan.mayBeIndex) {
    const o = plan.fileColumns.indexOf(0);
    const c = raw.rawColumns[o]!;
    if (isCounting(raw, c)) {
      const start = data[c]!;
      const counts = `holds ${start}, ${start + 1}, …, ${
        start + rows - 1
      } in order, like a row index`;
      const name = JSON.stringify(plan.names[o]);
      if (mode.index === "drop") {
        keep = keep.filter((k) => k !== o);
        warnings.push(`column 1 (${name}) ${counts}: it was left out`);
        if (keep.length === 0) {
          throw new ColumnSelectionError(
            `no column is left: column 1 (${name}) ${counts}, so it was left out (index "keep" fits it)`,
          );
        }
      } else {
        warnings.push(
          `column 1 (${name}) ${counts}, yet it is fitted as a coordinate; leave it out with columns "-1" or index "drop"`,
        );
      }
    }
  }

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
  const gaps = new Float64Array(cols); // missing values per column
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
  const droppedRows = droppedAt.length;
  if (droppedRows > 0) {
    const shown = droppedAt.slice(0, ROWS_SHOWN).map(rowNumber);
    const where = `${listRows(shown, droppedRows)} (${
      raw.rowConvention ?? "numbered from 1 for the first sample"
    })`;
    let worst = 0;
    for (let o = 1; o < cols; o++) if (gaps[o]! > gaps[worst]!) worst = o;
    const number = plan.fileColumns[keep[worst]!]! + 1;
    const column = `column ${number} (${
      JSON.stringify(plan.names[keep[worst]!])
    })`;
    if (kept === 0) {
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
  const used = kept * cols;
  const result = out.length === used ? out : out.slice(0, used);
  /** The row in `raw` that kept row i came from. */
  const rawRow = (i: number) => {
    let r = i;
    for (const d of droppedAt) {
      if (d > r) break;
      r++;
    }
    return r;
  };
  checkSamples({ rows: kept, cols, data: result }, {
    allowNegative: mode.allowNegative,
    columnNumbers: keep.map((o) => plan.fileColumns[o]! + 1),
    rowNumber: (i) => rowNumber(rawRow(i)),
  });
  return {
    matrix: { rows: kept, cols, data: result },
    columns: keep.map((o) => plan.names[o]!),
    droppedRows,
    warnings,
  };
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
