/**
 * Matrices as canvas heatmaps on one diverging colour scale, with a legend and
 * the values in a table for keyboard and screen-reader users.
 *
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { Z95 } from "../lib/error_bars.ts";
import { formatEntry, formatMetric } from "../lib/format.ts";
import {
  type Cell,
  cellAt,
  entryReadout,
  moveCell,
} from "../lib/matrix_readout.ts";

/** Colour of `t` in [-1, 1]: blue below 0, white at 0, red above. */
export function divergingColor(t: number): string {
  const c = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const a = Math.abs(c);
  // Blend white towards #b2182b (positive) or #2166ac (negative).
  const [r, g, b] = c >= 0 ? [178, 24, 43] : [33, 102, 172];
  const mix = (x: number) => Math.round(255 + (x - 255) * a);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

/** Largest absolute entry over several matrices (the shared scale). */
export function sharedScale(
  matrices: readonly (readonly (readonly number[])[])[],
): number {
  let m = 0;
  for (const mat of matrices) {
    for (const row of mat) {
      for (const x of row) {
        if (Number.isFinite(x)) m = Math.max(m, Math.abs(x));
      }
    }
  }
  return m || 1;
}

/** Props of `Heatmap`. */
export interface HeatmapProps {
  readonly title: string;
  /** Rows of equal length; need not be square (e.g. A of a two-layer fit). */
  readonly matrix: readonly (readonly number[])[];
  /** Values map to colours over [-scale, scale]. */
  readonly scale: number;
  /** Standard errors of the entries, same shape, shown in the readout. */
  readonly se?: readonly (readonly (number | null)[])[] | null;
  /** How the readout names an entry, e.g. "Σ̂" gives "Σ̂[1, 2]". */
  readonly symbol?: string;
  /** Length of the longer side in CSS pixels. */
  readonly size?: number;
  readonly testId?: string;
}

/**
 * One matrix on a canvas. Pointing at a cell, or focusing the map and moving
 * with the arrow keys, reads its value (± 1.96 SE when `se` is given) aloud
 * in the line below; the full table is under "Values".
 */
export function Heatmap(
  { title, matrix, scale, se, symbol = "", size = 220, testId }: HeatmapProps,
) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [active, setActive] = useState<Cell | null>(null);
  const rows = matrix.length;
  const cols = matrix[0]?.length ?? 0;
  const cell = size / Math.max(rows, cols, 1);
  const width = cols * cell;
  const height = rows * cell;

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx) return;
    const ratio = globalThis.devicePixelRatio || 1;
    el.width = Math.round(width * ratio);
    el.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = `${
      Math.max(9, Math.min(14, cell / 3.5))
    }px system-ui, sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    const labels = cell >= 34;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = matrix[i][j];
        ctx.fillStyle = divergingColor(v / scale);
        ctx.fillRect(j * cell, i * cell, cell, cell);
        if (labels) {
          ctx.fillStyle = Math.abs(v / scale) > 0.6 ? "#fff" : "#111";
          ctx.fillText(formatEntry(v), (j + 0.5) * cell, (i + 0.5) * cell);
        }
      }
    }
    if (active) {
      ctx.strokeStyle = "#111";
      ctx.lineWidth = 2;
      ctx.strokeRect(
        active[1] * cell + 1,
        active[0] * cell + 1,
        cell - 2,
        cell - 2,
      );
    }
  }, [matrix, scale, size, active]);

  const name = symbol || title;
  const readout = active ? entryReadout(name, matrix, se, active) : "";
  const pointAt = (e: MouseEvent) => {
    const box = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    const scaleX = box.width / width || 1;
    setActive(
      cellAt(
        (e.clientX - box.left) / scaleX,
        (e.clientY - box.top) / scaleX,
        rows,
        cols,
        cell,
      ),
    );
  };

  return (
    <figure class="heatmap" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <canvas
        ref={canvas}
        tabIndex={0}
        style={{ width: `${width}px`, height: `${height}px` }}
        role="img"
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
      />
      <p
        class="readout"
        aria-live="polite"
        data-testid="heatmap-readout"
        style={{ maxWidth: `${Math.max(width, 220)}px` }}
      >
        {readout || (
          <span class="muted">
            Point at a cell or use the arrow keys{se
              ? " to read its value ± 1.96 SE"
              : ""}
          </span>
        )}
      </p>
      <details>
        <summary>Values{se ? " (± 1.96 SE)" : ""}</summary>
        <table class="matrix">
          <tbody>
            {matrix.map((row, i) => (
              <tr key={i}>
                {row.map((x, j) => (
                  <td key={j}>
                    {formatEntry(x)}
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
      </details>
    </figure>
  );
}

/** Gradient legend of the shared scale. */
export function ColorLegend({ scale }: { readonly scale: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx) return;
    el.width = 200;
    el.height = 12;
    for (let x = 0; x < 200; x++) {
      ctx.fillStyle = divergingColor((x / 199) * 2 - 1);
      ctx.fillRect(x, 0, 1, 12);
    }
  }, [scale]);
  return (
    <div
      class="color-legend"
      aria-label={`Colour scale from ${-scale} to ${scale}`}
    >
      <canvas
        ref={canvas}
        style={{ width: "200px", height: "12px" }}
        aria-hidden="true"
      />
      <div class="color-legend-ticks">
        <span>{formatMetric(-scale)}</span>
        <span>0</span>
        <span>{formatMetric(scale)}</span>
      </div>
    </div>
  );
}
