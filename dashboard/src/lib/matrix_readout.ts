/**
 * Reading single entries of a heatmap: which cell a pointer is over, where an
 * arrow key moves the selection, and the text the readout shows (with the
 * entry's standard error when the fit has one).
 *
 * @module
 */
import { Z95 } from "./error_bars.ts";
import { formatEntry, formatMetric } from "./format.ts";

/** A cell position, 0-based (row i, column j). */
export type Cell = readonly [number, number];

/**
 * The cell under the point (x, y), in CSS pixels from the map's top left
 * corner, on a grid of `rows` x `cols` square cells of side `cell`; null
 * outside the grid.
 */
export function cellAt(
  x: number,
  y: number,
  rows: number,
  cols: number,
  cell: number,
): Cell | null {
  const i = Math.floor(y / cell);
  const j = Math.floor(x / cell);
  if (i < 0 || j < 0 || i >= rows || j >= cols) return null;
  return [i, j];
}

const MOVES: Readonly<Record<string, Cell>> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/** The cell an arrow key moves to (clamped to the grid); null for other keys. */
export function moveCell(
  from: Cell | null,
  key: string,
  rows: number,
  cols: number,
): Cell | null {
  if (key === "Home") return [0, 0];
  if (key === "End") return [rows - 1, cols - 1];
  const step = MOVES[key];
  if (!step) return null;
  if (!from) return [0, 0];
  const [i, j] = from;
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
  return [clamp(i + step[0], rows), clamp(j + step[1], cols)];
}

/** How `entryReadout` names and formats an entry. */
export interface ReadoutOptions {
  /** Row names (e.g. the data's columns); 1-based numbers without. */
  readonly rowNames?: readonly string[] | null;
  /** Column names; the row names, or 1-based numbers, without. */
  readonly colNames?: readonly string[] | null;
  /** @default formatEntry */
  readonly format?: (x: number) => string;
}

/**
 * "Σ̂[1, 2] = 0.512 ± 0.0314 (SE 0.016)": 1-based indices as the paper writes
 * them (or the rows' and columns' names), and ± 1.96 SE only when `se` has
 * the entry.
 */
export function entryReadout(
  symbol: string,
  matrix: readonly (readonly number[])[],
  se: readonly (readonly (number | null)[])[] | null | undefined,
  [i, j]: Cell,
  options: ReadoutOptions = {},
): string {
  const value = matrix[i]?.[j];
  if (value === undefined) return "";
  const rows = options.rowNames;
  const cols = options.colNames ?? rows;
  const format = options.format ?? formatEntry;
  const s = se?.[i]?.[j];
  const head = `${symbol}[${rows?.[i] ?? i + 1}, ${cols?.[j] ?? j + 1}] = `;
  if (s === undefined || s === null || !Number.isFinite(s)) {
    return head + format(value);
  }
  return `${head}${format(value)} ± ${formatMetric(Z95 * s)} (SE ${
    formatMetric(s)
  })`;
}
