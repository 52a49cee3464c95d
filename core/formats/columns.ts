/**
 * Which columns of a sample table to fit: a list of names or 1-based
 * numbers, or a list of ones to leave out, each with a leading `-`.
 *
 * This module is browser compatible.
 * @module
 */
import { ColumnSelectionError } from "./errors.ts";

/**
 * A column selection as users write it: `"a,b"` or `"2,3"` keeps those
 * columns in that order; `"-1"` or `"-id,-date"` keeps all but those, in
 * file order. As a string it is split at commas; as an array each entry is
 * one name or number (so a name may contain a comma).
 */
export type ColumnSpec = string | readonly string[];

/** The columns a selection picks. */
export interface ColumnChoice {
  /** 0-based positions in the file of the chosen columns, in output order. */
  readonly columns: readonly number[];
  /**
   * Whether the selection listed the columns to keep. False when it only
   * left columns out, or when there was none (every column is chosen).
   */
  readonly listed: boolean;
}

const MAX_NAMES_SHOWN = 12;

function showNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES_SHOWN).map((n) => JSON.stringify(n));
  const more = names.length > MAX_NAMES_SHOWN
    ? `, … (${names.length} in all)`
    : "";
  return shown.join(", ") + more;
}

/** The 0-based file position one entry (without its `-`) refers to. */
function findColumn(entry: string, names: readonly string[]): number {
  if (/^\d+$/.test(entry)) {
    const number = Number(entry);
    if (number < 1 || number > names.length) {
      throw new ColumnSelectionError(
        `column ${entry} does not exist: the data has ${names.length} column${
          names.length === 1 ? "" : "s"
        }, numbered from 1`,
      );
    }
    return number - 1;
  }
  const found: number[] = [];
  for (let j = 0; j < names.length; j++) {
    if (names[j] === entry) found.push(j);
  }
  if (found.length === 0) {
    throw new ColumnSelectionError(
      `no column is named ${JSON.stringify(entry)}; the columns are ${
        showNames(names)
      }`,
    );
  }
  if (found.length > 1) {
    throw new ColumnSelectionError(
      `${found.length} columns are named ${JSON.stringify(entry)} (columns ${
        found.map((j) => j + 1).join(", ")
      }); select one by its number`,
    );
  }
  return found[0]!;
}

/**
 * Resolves a column selection against the names of a table's columns.
 *
 * Each entry is a column name, or a column number counted from 1 (an entry
 * of digits only is always a number). A leading `-` leaves the column out.
 * Spaces around entries are ignored. Either every entry keeps a column or
 * every entry leaves one out; a column may appear only once.
 *
 * @param spec the selection; `undefined` chooses every column.
 * @param names the name of every column in the file, in file order.
 * @returns the chosen columns, in output order.
 * @throws {ColumnSelectionError} for an empty entry, an unknown or ambiguous
 *   name, a number out of range, a column listed twice, a mix of kept and
 *   left-out columns, or a selection that leaves no column.
 *
 * @example
 * ```ts
 * import { chooseColumns } from "./columns.ts";
 * const names = ["id", "a", "date", "b"];
 * console.log(chooseColumns("b,a", names).columns); // [3, 1]
 * console.log(chooseColumns("-id,-3", names).columns); // [1, 3]
 * ```
 */
export function chooseColumns(
  spec: ColumnSpec | undefined,
  names: readonly string[],
): ColumnChoice {
  const all = () => Array.from(names, (_, j) => j);
  if (spec === undefined) return { columns: all(), listed: false };
  const entries = typeof spec === "string" ? spec.split(",") : spec;
  if (entries.length === 0 || (entries.length === 1 && !entries[0]!.trim())) {
    throw new ColumnSelectionError("the column list is empty");
  }
  const picked: number[] = [];
  const seen = new Set<number>();
  let keeps = 0;
  for (const raw of entries) {
    const entry = raw.trim();
    const leaveOut = entry.startsWith("-");
    const target = leaveOut ? entry.slice(1).trim() : entry;
    if (target === "") {
      throw new ColumnSelectionError(
        `the column list ${
          JSON.stringify(typeof spec === "string" ? spec : spec.join(","))
        } has an empty entry`,
      );
    }
    const j = findColumn(target, names);
    if (seen.has(j)) {
      throw new ColumnSelectionError(
        `column ${j + 1} (${JSON.stringify(names[j])}) is listed twice`,
      );
    }
    seen.add(j);
    picked.push(j);
    if (!leaveOut) keeps++;
  }
  if (keeps > 0 && keeps < picked.length) {
    throw new ColumnSelectionError(
      "the column list mixes columns to keep and columns to leave out (with -); give only one kind",
    );
  }
  if (keeps > 0) return { columns: picked, listed: true };
  const columns = all().filter((j) => !seen.has(j));
  if (columns.length === 0) {
    throw new ColumnSelectionError("the column list leaves out every column");
  }
  return { columns, listed: false };
}
