/**
 * The data's column names as a fit's result shows them, and the notes on
 * how the data were read (a row-index column left out, rows with missing
 * values left out) apart from the fit's other warnings.
 *
 * @module
 */
import type { FitResponse } from "../api/types.ts";
import { hiddenInputDim } from "./fit_detail.ts";

/** The names the answer or the browser's reading of the data give. */
interface NameSources {
  /** A fit answer, or a stored fit (older ones have no `columns`). */
  readonly fit: Omit<FitResponse, "columns"> & { columns?: string[] };
  readonly data?: { readonly columns: readonly string[] } | null;
}

/**
 * The name of each coordinate of b_hat and Sigma_hat: the answer's
 * `columns` (or its model check's names), else the names the browser read
 * from the same data; for a hidden-layer fit, `h<j> (name of its anchor
 * column)`. Null when none of them knows.
 */
export function coordinateNames(o: NameSources): string[] | null {
  const { fit } = o;
  const inputDim = hiddenInputDim(fit);
  const width = inputDim ?? fit.d;
  const checked = fit.check?.coordinates.map((c) => c.name);
  const names = fit.columns?.length === width
    ? fit.columns
    : inputDim === null && checked?.length === width
    ? checked
    : o.data?.columns.length === width
    ? o.data.columns
    : null;
  if (inputDim === null) return names ? [...names] : null;
  const anchors = fit.hidden?.anchors;
  return Array.from({ length: fit.d }, (_, j) => {
    const anchor = anchors?.[j];
    const name = anchor !== undefined ? names?.[anchor] : undefined;
    return name ? `h${j + 1} (${name})` : `h${j + 1}`;
  });
}

/** Warnings about reading the data (index column, missing values). */
const READING = /row index|looks like an index|missing value/i;

/**
 * The answer's warnings split into notes on how the data were read (a
 * row-index column left out or kept, rows with missing values left out; a
 * sentence for `droppedRows` when no warning gives it) and the rest.
 */
export function splitDataNotes(
  fit: FitResponse,
  warnings: readonly string[],
): { notes: string[]; others: string[] } {
  const notes = warnings.filter((w) => READING.test(w));
  const others = warnings.filter((w) => !READING.test(w));
  const dropped = fit.droppedRows ?? 0;
  if (dropped > 0 && !notes.some((w) => /missing value/i.test(w))) {
    notes.push(
      `${dropped.toLocaleString("en-US")} row${
        dropped === 1 ? " was" : "s were"
      } left out for a missing value`,
    );
  }
  return { notes, others };
}
