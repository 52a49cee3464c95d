/**
 * Matrices as SVG heatmaps: rows and columns labelled with the data's column
 * names (as many as fit), a colour key of their own, a readout of the entry
 * under the pointer or the keyboard focus, the values in a table, and PNG /
 * SVG downloads.
 *
 * @module
 */
import { useId, useRef, useState } from "preact/hooks";
import { textWidth, thinCategories } from "../lib/axis.ts";
import { divergingColor } from "../lib/color_scale.ts";
import { Z95 } from "../lib/error_bars.ts";
import { formatEntry, formatMetric } from "../lib/format.ts";
import {
  type Cell,
  cellAt,
  entryReadout,
  moveCell,
} from "../lib/matrix_readout.ts";
import { ExportButtons, shorten } from "./plot.tsx";

/** The colour key drawn under a heatmap. */
export interface ColorKey {
  /** Colour at position t ∈ [0, 1] along the key. */
  readonly color: (t: number) => string;
  /** Labels at positions in [0, 1]. */
  readonly ticks: readonly { readonly at: number; readonly label: string }[];
  /** What the colour means, e.g. "adjusted p-value". */
  readonly title?: string;
}

/** The key of the diverging scale over [-scale, scale]. */
export function divergingKey(scale: number, title?: string): ColorKey {
  return {
    color: (t) => divergingColor(2 * t - 1),
    ticks: [
      { at: 0, label: formatMetric(-scale) },
      { at: 0.5, label: "0" },
      { at: 1, label: formatMetric(scale) },
    ],
    ...(title ? { title } : {}),
  };
}

/** Props of `Heatmap`. */
export interface HeatmapProps {
  readonly title: string;
  /** Rows of equal length; need not be square (e.g. A of a two-layer fit). */
  readonly matrix: readonly (readonly number[])[];
  /** Values map to colours over [-scale, scale] (unless `color` is given). */
  readonly scale: number;
  /** Colour of an entry; by default the diverging scale over ±`scale`. */
  readonly color?: (v: number) => string;
  /** The key under the map; by default the diverging scale's. */
  readonly colorKey?: ColorKey;
  /** Standard errors of the entries, same shape, shown in the readout. */
  readonly se?: readonly (readonly (number | null)[])[] | null;
  /** How the readout names an entry, e.g. "Σ̂" gives "Σ̂[1, 2]". */
  readonly symbol?: string;
  /** Names of the rows (e.g. the data's columns); 1, 2, … without. */
  readonly rowNames?: readonly string[] | null;
  /** Names of the columns; the row names (square maps) or 1, 2, … without. */
  readonly colNames?: readonly string[] | null;
  /** How entries are written in cells, readout and table. @default formatEntry */
  readonly format?: (v: number) => string;
  /** Entries drawn with a dark outline (e.g. flagged pairs). */
  readonly marked?: (i: number, j: number) => boolean;
  /** Side of the grid's longer edge in px; by default from the matrix size. */
  readonly size?: number;
  readonly testId?: string;
  /** File name of the downloads. */
  readonly exportName?: string;
}

const TICK = 11;

/** The grid side that keeps cells readable: 16 px a cell, 240 to 460 px. */
function defaultSize(n: number): number {
  return Math.max(240, Math.min(460, 16 * n));
}

/**
 * One matrix. Pointing at a cell, or focusing the map and moving with the
 * arrow keys, reads its value (± 1.96 SE when `se` is given) in the line
 * below; the full table is under "Values".
 */
export function Heatmap(props: HeatmapProps) {
  const { title, matrix, scale, se, symbol = "", testId } = props;
  const figure = useRef<HTMLElement>(null);
  const gradientId = `grad-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const [active, setActive] = useState<Cell | null>(null);
  const rows = matrix.length;
  const cols = matrix[0]?.length ?? 0;
  const size = props.size ?? defaultSize(Math.max(rows, cols));
  const cell = size / Math.max(rows, cols, 1);
  const gridW = cols * cell;
  const gridH = rows * cell;
  const format = props.format ?? formatEntry;
  const color = props.color ?? ((v: number) => divergingColor(v / scale));
  const key = props.colorKey ?? divergingKey(scale);
  const rowNames = props.rowNames && props.rowNames.length === rows
    ? props.rowNames
    : null;
  const colNames = props.colNames && props.colNames.length === cols
    ? props.colNames
    : rows === cols
    ? rowNames
    : null;
  const rowLabels = (rowNames ?? matrix.map((_, i) => String(i + 1))).map((
    n,
  ) => shorten(n, 16));
  const colLabels = (colNames ?? (matrix[0] ?? []).map((_, j) => String(j + 1)))
    .map((n) => shorten(n, 16));

  // Labels: every one when cells are tall enough, else every 2nd, 5th, ….
  const shownRows = thinCategories(rows, gridH / (TICK + 3));
  const shownCols = thinCategories(cols, gridW / (TICK + 3));
  const widestCol = Math.max(...colLabels.map((n) => textWidth(n, TICK)), 6);
  const rotate = widestCol > cell * (shownCols.length < cols ? 2 : 1) - 4;
  const left = Math.ceil(
    Math.max(...rowLabels.map((n) => textWidth(n, TICK)), 6) + 8,
  );
  const top = Math.ceil(rotate ? widestCol * 0.72 + 10 : TICK + 8);
  const keyTop = top + gridH + 14;
  const keyWidth = Math.min(220, Math.max(140, gridW));
  const width = Math.max(left + gridW + 4, left + keyWidth + 24);
  const height = keyTop + 12 + (key.title ? 30 : 18);
  const cellText = cell >= 34;

  const name = symbol || title;
  const readout = active
    ? entryReadout(name, matrix, se, active, {
      rowNames,
      colNames,
      format,
    })
    : "";
  const pointAt = (e: MouseEvent) => {
    const svg = e.currentTarget as SVGSVGElement;
    const box = svg.getBoundingClientRect();
    const ratio = box.width / width || 1;
    setActive(
      cellAt(
        (e.clientX - box.left) / ratio - left,
        (e.clientY - box.top) / ratio - top,
        rows,
        cols,
        cell,
      ),
    );
  };
  const stops = Array.from({ length: 11 }, (_, s) => s / 10);

  return (
    <figure ref={figure} class="heatmap" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        tabIndex={0}
        role="img"
        font-size={TICK}
        fill="#1b1f24"
        aria-label={`${title}, ${rows} by ${cols} heatmap; arrow keys read entries, values in the table below`}
        onMouseMove={pointAt}
        onMouseLeave={() => setActive(null)}
        onFocus={() => setActive((c) => c ?? [0, 0])}
        onBlur={() => setActive(null)}
        onKeyDown={(e) => {
          const next = moveCell(active, e.key, rows, cols);
          if (next) {
            e.preventDefault();
            setActive(next);
          }
        }}
      >
        <title>{title}</title>
        <g class="cells">
          {matrix.map((row, i) =>
            row.map((v, j) => (
              <rect
                key={`${i}-${j}`}
                x={left + j * cell}
                y={top + i * cell}
                width={cell + 0.3}
                height={cell + 0.3}
                fill={color(v)}
              />
            ))
          )}
        </g>
        {cellText && (
          <g
            class="cell-values"
            text-anchor="middle"
            font-size={Math.min(13, cell / 3.2)}
          >
            {matrix.map((row, i) =>
              row.map((v, j) =>
                Number.isFinite(v) && (
                  <text
                    key={`${i}-${j}`}
                    x={left + (j + 0.5) * cell}
                    y={top + (i + 0.5) * cell}
                    dy="0.35em"
                    fill={isDark(color(v)) ? "#fff" : "#111"}
                  >
                    {format(v)}
                  </text>
                )
              )
            )}
          </g>
        )}
        {props.marked && (
          <g fill="none" stroke="#111" stroke-width={2}>
            {matrix.map((row, i) =>
              row.map((_, j) =>
                props.marked!(i, j) && (
                  <rect
                    key={`${i}-${j}`}
                    x={left + j * cell + 1}
                    y={top + i * cell + 1}
                    width={cell - 2}
                    height={cell - 2}
                  />
                )
              )
            )}
          </g>
        )}
        <rect
          x={left}
          y={top}
          width={gridW}
          height={gridH}
          fill="none"
          stroke="#d9dde3"
        />
        {active && (
          <rect
            x={left + active[1] * cell + 1}
            y={top + active[0] * cell + 1}
            width={cell - 2}
            height={cell - 2}
            fill="none"
            stroke="#f5a623"
            stroke-width={2.5}
          />
        )}
        <g class="row-labels" fill="#5b6470" text-anchor="end">
          {shownRows.map((i) => (
            <text
              key={i}
              x={left - 4}
              y={top + (i + 0.5) * cell}
              dy="0.35em"
            >
              {rowLabels[i]}
            </text>
          ))}
        </g>
        <g class="col-labels" fill="#5b6470">
          {shownCols.map((j) =>
            rotate
              ? (
                <text
                  key={j}
                  transform={`translate(${left + (j + 0.5) * cell}, ${
                    top - 4
                  }) rotate(-45)`}
                >
                  {colLabels[j]}
                </text>
              )
              : (
                <text
                  key={j}
                  x={left + (j + 0.5) * cell}
                  y={top - 5}
                  text-anchor="middle"
                >
                  {colLabels[j]}
                </text>
              )
          )}
        </g>
        <defs>
          <linearGradient id={gradientId}>
            {stops.map((t) => (
              <stop key={t} offset={t} stop-color={key.color(t)} />
            ))}
          </linearGradient>
        </defs>
        <rect
          x={left}
          y={keyTop}
          width={keyWidth}
          height={10}
          fill={`url(#${gradientId})`}
          stroke="#d9dde3"
        />
        <g fill="#5b6470" font-size={10.5}>
          {key.ticks.map((t, n) => (
            <text
              key={n}
              x={left + t.at * keyWidth}
              y={keyTop + 22}
              text-anchor={t.at <= 0 ? "start" : t.at >= 1 ? "end" : "middle"}
            >
              {t.label}
            </text>
          ))}
          {key.title && (
            <text x={left} y={keyTop + 36}>
              {key.title}
            </text>
          )}
        </g>
      </svg>
      <p
        class="readout"
        aria-live="polite"
        data-testid="heatmap-readout"
        style={{ maxWidth: `${Math.max(width, 240)}px` }}
      >
        {readout || (
          <span class="muted">
            Point at a cell or use the arrow keys{se
              ? " to read its value ± 1.96 SE"
              : ""}
          </span>
        )}
      </p>
      <div class="chart-tools">
        <ExportButtons
          target={figure}
          name={props.exportName ?? (testId || title)}
          label={title}
        />
      </div>
      <details>
        <summary>Values{se ? " (± 1.96 SE)" : ""}</summary>
        <div class="table-scroll">
          <table class="matrix">
            {(rowNames || colNames) && (
              <thead>
                <tr>
                  <th scope="col"></th>
                  {(colNames ?? colLabels).map((n, j) => (
                    <th scope="col" key={j}>{n}</th>
                  ))}
                </tr>
              </thead>
            )}
            <tbody>
              {matrix.map((row, i) => (
                <tr key={i}>
                  {(rowNames || colNames) && (
                    <th scope="row">{rowNames?.[i] ?? i + 1}</th>
                  )}
                  {row.map((x, j) => (
                    <td key={j}>
                      {Number.isFinite(x) ? format(x) : "–"}
                      {typeof se?.[i]?.[j] === "number" && (
                        <span class="se">
                          {` ± ${formatMetric(Z95 * se[i]![j]!)}`}
                        </span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** Whether text on `rgb(r, g, b)` should be white. */
function isDark(rgb: string): boolean {
  const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(rgb);
  if (!m) return false;
  const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return 0.299 * r + 0.587 * g + 0.114 * b < 140;
}
