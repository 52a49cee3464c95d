/**
 * Matrices as canvas heatmaps on one diverging colour scale, with a legend and
 * the values in a table for keyboard and screen-reader users.
 *
 * @module
 */
import { useEffect, useRef } from "preact/hooks";
import { formatEntry, formatMetric } from "../lib/format.ts";

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
  readonly matrix: readonly (readonly number[])[];
  /** Values map to colours over [-scale, scale]. */
  readonly scale: number;
  readonly size?: number;
}

/** One matrix on a canvas. */
export function Heatmap({ title, matrix, scale, size = 220 }: HeatmapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx) return;
    const ratio = globalThis.devicePixelRatio || 1;
    el.width = size * ratio;
    el.height = size * ratio;
    ctx.scale(ratio, ratio);
    const d = matrix.length;
    const cell = size / d;
    ctx.font = `${
      Math.max(9, Math.min(14, cell / 3.5))
    }px system-ui, sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const v = matrix[i][j];
        ctx.fillStyle = divergingColor(v / scale);
        ctx.fillRect(j * cell, i * cell, cell, cell);
        if (d <= 6) {
          ctx.fillStyle = Math.abs(v / scale) > 0.6 ? "#fff" : "#111";
          ctx.fillText(formatEntry(v), (j + 0.5) * cell, (i + 0.5) * cell);
        }
      }
    }
  }, [matrix, scale, size]);

  return (
    <figure class="heatmap">
      <figcaption>{title}</figcaption>
      <canvas
        ref={canvas}
        style={{ width: `${size}px`, height: `${size}px` }}
        role="img"
        aria-label={`${title}, ${matrix.length} by ${matrix.length} heatmap; values in the table below`}
      />
      <details>
        <summary>Values</summary>
        <table class="matrix">
          <tbody>
            {matrix.map((row, i) => (
              <tr key={i}>
                {row.map((x, j) => <td key={j}>{formatEntry(x)}</td>)}
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
