/**
 * The columns of a CSV file as the browser sees them before fitting: names
 * from the header, which columns hold numbers (a date or a label does not),
 * which one looks like a row index, and a few values of each. Reading the
 * numbers is left to core's `parseCsvTable` (the reader the server uses),
 * run on the first records; only the header's cells are split here.
 *
 * @module
 */
import { parseCsvTable } from "../../../core/formats/csv.ts";
import type { IndexPolicy } from "../../../core/formats/table.ts";

/** Records read to classify the columns. */
export const PREVIEW_RECORDS = 200;

/** One column of the file. */
export interface CsvColumn {
  /** 0-based position in the file. */
  readonly position: number;
  /** The header's name, or `x<j>` (as the server names it). */
  readonly name: string;
  /** The header has a cell here, but it is empty. */
  readonly unnamed: boolean;
  /** Whether its values (in the first records) are numbers ≥ 0 or missing. */
  readonly numeric: boolean;
  /** Why it cannot be fitted, when it is not numeric. */
  readonly problem?: string;
  /** The first column, read as a row index (no name, or 1, 2, …, n). */
  readonly indexLike: boolean;
  /** Its first few cells as written. */
  readonly preview: readonly string[];
}

/** What the browser knows of a CSV file's columns. */
export interface CsvColumns {
  readonly hasHeader: boolean;
  readonly columns: readonly CsvColumn[];
}

/** The query options that fit the chosen columns. */
export interface ColumnRequest {
  /** `-j,-k`: the file's columns to leave out (1-based); absent: none. */
  readonly columns?: string;
  /** What the server does with a first column that looks like an index. */
  readonly index?: IndexPolicy;
}

/**
 * The first `max` records of CSV text split into cells (RFC 4180 quoting:
 * commas, line breaks and doubled quotes inside quotes), with the offset
 * where the records after them begin.
 */
export function splitRecords(
  text: string,
  max: number,
): { records: string[][]; end: number } {
  const records: string[][] = [];
  let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  const endRecord = () => {
    record.push(cell.trim());
    cell = "";
    if (record.length > 1 || record[0] !== "") records.push(record);
    record = [];
  };
  for (; p < text.length && records.length < max; p++) {
    const c = text[p]!;
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[p + 1] === '"') {
        cell += '"';
        p++;
      } else quoted = false;
    } else if (c === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (c === ",") {
      record.push(cell.trim());
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[p + 1] === "\n") p++;
      endRecord();
    } else cell += c;
  }
  if (records.length < max && (cell !== "" || record.length > 0)) endRecord();
  return { records, end: p };
}

const isDefaultName = (name: string, j: number) => name === `x${j + 1}`;

/**
 * Reads the columns of CSV text: its header, and for each column whether
 * core's reader accepts its first `PREVIEW_RECORDS` records as samples, and
 * whether the first column is read as a row index.
 *
 * @throws {RangeError} when the text has no records.
 */
export function readCsvColumns(text: string): CsvColumns {
  const { records, end } = splitRecords(text, PREVIEW_RECORDS + 1);
  const first = records[0];
  if (!first) throw new RangeError("The file has no rows");
  const head = text.slice(0, end);
  const width = first.length;
  const names: string[] = [];
  const numeric: boolean[] = [];
  const problems: (string | undefined)[] = [];
  let header: boolean | null = null;
  for (let j = 0; j < width; j++) {
    try {
      const t = parseCsvTable(head, { columns: String(j + 1), index: "keep" });
      numeric.push(true);
      problems.push(undefined);
      names.push(t.columns[0]!);
      // A header with names shows in any column read with a name of its own.
      if (!isDefaultName(t.columns[0]!, j)) header = true;
    } catch (e) {
      numeric.push(false);
      problems.push((e as Error).message.replace(/^Cannot [a-z ]+: /, ""));
      names.push("");
    }
  }
  // Without a numeric column to tell, a first row of non-numbers is a header.
  const hasHeader = header ?? numeric.every((ok) => !ok);
  for (let j = 0; j < width; j++) {
    if (!numeric[j] || names[j] === "") {
      names[j] = hasHeader && first[j] ? first[j]! : `x${j + 1}`;
    }
  }
  const indexLike = numeric[0] === true && width > 1 &&
    isIndexColumn(head, numeric);
  const body = hasHeader ? records.slice(1) : records;
  return {
    hasHeader,
    columns: names.map((name, j) => ({
      position: j,
      name,
      unnamed: hasHeader && !first[j],
      numeric: numeric[j]!,
      ...(problems[j] ? { problem: problems[j] } : {}),
      indexLike: j === 0 && indexLike,
      preview: body.slice(0, 3).map((r) => r[j] ?? ""),
    })),
  };
}

/** Whether core's reader, asked to drop an index column, drops column 1. */
function isIndexColumn(head: string, numeric: readonly boolean[]): boolean {
  const others = numeric.flatMap((ok, j) => (ok ? [] : [`-${j + 1}`]));
  try {
    const t = parseCsvTable(head, {
      index: "drop",
      ...(others.length > 0 ? { columns: others.join(",") } : {}),
    });
    const kept = numeric.filter(Boolean).length;
    return t.columns.length === kept - 1;
  } catch {
    return false;
  }
}

/** The columns fitted unless the user says otherwise: numbers, no index. */
export function defaultColumns(info: CsvColumns): Set<number> {
  return new Set(
    info.columns.filter((c) => c.numeric && !c.indexLike).map((c) =>
      c.position
    ),
  );
}

/**
 * The query options that fit exactly the `chosen` columns (0-based file
 * positions): the others left out by number, and the index policy that
 * agrees with the choice (`drop` when an index-like first column is not
 * chosen, so that the server says it left it out; `keep` when it is).
 *
 * @throws {RangeError} when no column is chosen.
 */
export function columnRequest(
  info: CsvColumns,
  chosen: ReadonlySet<number>,
): ColumnRequest {
  if (![...chosen].some((j) => j < info.columns.length)) {
    throw new RangeError("Choose at least one column to fit");
  }
  const index = info.columns[0]?.indexLike
    ? chosen.has(0) ? "keep" : "drop"
    : undefined;
  const dropped = info.columns.filter((c) =>
    !chosen.has(c.position) && !(c.indexLike && index === "drop")
  ).map((c) => `-${c.position + 1}`);
  return {
    ...(dropped.length > 0 ? { columns: dropped.join(",") } : {}),
    ...(index ? { index } : {}),
  };
}
