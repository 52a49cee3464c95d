/**
 * Sample files as users bring them, for the CLI and HTTP tests: a data frame
 * written by R's `write.csv` or pandas' `to_csv`, with a row-index column, a
 * date column and rows with missing values, around a clean matrix whose fit
 * they must reproduce.
 */
import { formatNumber } from "../../core/formats/csv.ts";
import type { Matrix } from "../../core/linalg/matrix.ts";
import { NAMES, plantedData } from "../core/check/_planted.ts";

/** The columns of the files, and those fitted (all but the date). */
export { NAMES };

/** A file and what reading it must give. */
export interface RealFile {
  readonly text: string;
  /** The matrix of the rows without missing values, columns `NAMES`. */
  readonly clean: Matrix;
  /** Rows with a missing value among `NAMES`. */
  readonly dropped: number;
}

/** Every `step`-th data row (from row 3) has a missing value in a column. */
const STEP = 17;

/**
 * `n` rows of the model (d = 3, `plantedData(n, seed)`) written as `style`,
 * with a date column and, after every 17th clean row, one more row with a
 * missing value in one of the three columns.
 *
 * - "r": R's `write.csv(df)`: header `"","date","rain","wind","sun"`, quoted
 *   row names "1", "2", …, dates quoted, `NA` for missing values.
 * - "pandas": `df.to_csv()`: header `,date,rain,wind,sun`, row index 0, 1,
 *   …, an empty cell for a missing value.
 */
export function realCsv(
  style: "r" | "pandas",
  n: number,
  seed: number,
): RealFile {
  const clean = plantedData(n, seed);
  const q = (s: string) => style === "r" ? `"${s}"` : s;
  const missing = style === "r" ? "NA" : "";
  const lines = [[q(""), ...["date", ...NAMES].map(q)].join(",")];
  let index = 0;
  const row = (values: string[]) => {
    const name = style === "r" ? q(String(index + 1)) : String(index);
    const day = new Date(Date.UTC(2024, 0, 1 + index)).toISOString();
    lines.push([name, q(day.slice(0, 10)), ...values].join(","));
    index++;
  };
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    const values = Array.from(
      clean.data.subarray(i * 3, i * 3 + 3),
      formatNumber,
    );
    row(values);
    if (i % STEP === 2) {
      values[dropped % 3] = missing;
      row(values);
      dropped++;
    }
  }
  return { text: lines.join("\n") + "\n", clean, dropped };
}
