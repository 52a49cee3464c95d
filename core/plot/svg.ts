/**
 * A small line chart with error bars as an SVG string: no DOM, no
 * dependencies, so the CLI can write it to a file.
 *
 * This module is browser compatible.
 * @module
 */

/** One point of a series; `err` draws a bar from y − err to y + err. */
export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  readonly err?: number;
}

/** A named line. Points with a non-finite x or y are skipped. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
  /** CSS colour. @default a colour from a fixed palette */
  readonly color?: string;
  /** SVG stroke-dasharray, e.g. "6 3". @default solid */
  readonly dash?: string;
}

/** Layout and axes of a chart. */
export interface LineChartOptions {
  readonly title?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Log-scale y axis with ticks at powers of 10. @default {false} */
  readonly logY?: boolean;
  /** Where to put x ticks. @default the distinct x values of the data */
  readonly xTicks?: readonly number[];
  /** @default {820} */
  readonly width?: number;
  /** @default {460} */
  readonly height?: number;
}

const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
];

/**
 * An SVG document with one `<path>` per series that has a finite point,
 * a circle at each point, error bars as `<line>`s, axes with ticks, axis
 * labels, a title and a legend (right of the plot). On a log axis, bars
 * reaching 0 or below are cut at the bottom of the plot.
 *
 * @example A one-series chart
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineChartSvg } from "./svg.ts";
 * const svg = lineChartSvg(
 *   [{ name: "err", points: [{ x: 1, y: 0.1, err: 0.02 }, { x: 2, y: 0.05 }] }],
 *   { xLabel: "n", yLabel: "error", logY: true },
 * );
 * assert.ok(svg.startsWith("<svg"));
 * ```
 */
export function lineChartSvg(
  series: readonly ChartSeries[],
  options: LineChartOptions,
): string {
  const width = options.width ?? 820;
  const height = options.height ?? 460;
  const logY = options.logY ?? false;
  const legendWidth = 250;
  const plot = {
    left: 70,
    top: options.title ? 40 : 20,
    right: width - legendWidth - 10,
    bottom: height - 55,
  };

  const finite = series.map((s) =>
    s.points.filter((p) =>
      Number.isFinite(p.x) && Number.isFinite(p.y) && (!logY || p.y > 0)
    )
  );
  const xs = finite.flat().map((p) => p.x);
  const ysLow: number[] = [], ysHigh: number[] = [];
  for (const p of finite.flat()) {
    const err = Number.isFinite(p.err) ? Math.abs(p.err!) : 0;
    ysHigh.push(p.y + err);
    const low = p.y - err;
    ysLow.push(logY && low <= 0 ? p.y : low);
  }
  const [xMin, xMax] = padRange(
    xs.length ? Math.min(...xs) : 0,
    xs.length ? Math.max(...xs) : 1,
  );
  const yScale = logY
    ? logScale(ysLow, ysHigh, plot.bottom, plot.top)
    : linearScale(ysLow, ysHigh, plot.bottom, plot.top);
  const sx = (x: number) =>
    plot.left + ((x - xMin) / (xMax - xMin)) * (plot.right - plot.left);
  const sy = yScale.map;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`,
  );
  if (options.title) {
    parts.push(
      `<text x="${
        (plot.left + plot.right) / 2
      }" y="24" text-anchor="middle" font-size="14" font-weight="bold">${
        escapeXml(options.title)
      }</text>`,
    );
  }
  // Grid and y ticks.
  for (const t of yScale.ticks) {
    const y = fmt(sy(t));
    parts.push(
      `<line x1="${plot.left}" y1="${y}" x2="${plot.right}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${
        plot.left - 6
      }" y="${y}" text-anchor="end" dominant-baseline="middle">${
        escapeXml(formatTick(t))
      }</text>`,
    );
  }
  const xTicks = options.xTicks ?? [...new Set(xs)].sort((a, b) => a - b);
  for (const t of xTicks) {
    const x = fmt(sx(t));
    parts.push(
      `<line x1="${x}" y1="${plot.bottom}" x2="${x}" y2="${
        plot.bottom + 5
      }" stroke="black"/>`,
      `<text x="${x}" y="${plot.bottom + 18}" text-anchor="middle">${
        escapeXml(formatTick(t))
      }</text>`,
    );
  }
  parts.push(
    `<rect x="${plot.left}" y="${plot.top}" width="${
      plot.right - plot.left
    }" height="${plot.bottom - plot.top}" fill="none" stroke="black"/>`,
    `<text x="${(plot.left + plot.right) / 2}" y="${
      height - 15
    }" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(18 ${
      (plot.top + plot.bottom) / 2
    }) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`,
  );

  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length]!;
    const dash = s.dash ? ` stroke-dasharray="${escapeXml(s.dash)}"` : "";
    const points = [...finite[i]!].sort((a, b) => a.x - b.x);
    const group: string[] = [];
    if (points.length > 0) {
      const d = points.map((p, j) =>
        `${j === 0 ? "M" : "L"}${fmt(sx(p.x))} ${fmt(sy(p.y))}`
      ).join(" ");
      group.push(
        `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`,
      );
    }
    for (const p of points) {
      const x = fmt(sx(p.x));
      if (Number.isFinite(p.err) && p.err !== 0) {
        const err = Math.abs(p.err!);
        const hi = fmt(sy(p.y + err));
        const lo = fmt(
          logY && p.y - err <= 0 ? plot.bottom : sy(p.y - err),
        );
        group.push(
          `<line x1="${x}" y1="${lo}" x2="${x}" y2="${hi}" stroke="${color}"/>`,
          `<line x1="${fmt(sx(p.x) - 4)}" y1="${hi}" x2="${
            fmt(sx(p.x) + 4)
          }" y2="${hi}" stroke="${color}"/>`,
          `<line x1="${fmt(sx(p.x) - 4)}" y1="${lo}" x2="${
            fmt(sx(p.x) + 4)
          }" y2="${lo}" stroke="${color}"/>`,
        );
      }
      group.push(
        `<circle cx="${x}" cy="${fmt(sy(p.y))}" r="3" fill="${color}"/>`,
      );
    }
    parts.push(
      `<g class="series"><title>${escapeXml(s.name)}</title>${
        group.join("")
      }</g>`,
    );
    // Legend entry.
    const ly = plot.top + 10 + i * 20;
    const lx = plot.right + 15;
    parts.push(
      `<line x1="${lx}" y1="${ly}" x2="${
        lx + 28
      }" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 34}" y="${ly}" dominant-baseline="middle">${
        escapeXml(points.length > 0 ? s.name : `${s.name} (no data)`)
      }</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

interface Scale {
  readonly map: (v: number) => number;
  readonly ticks: number[];
}

function padRange(lo: number, hi: number): [number, number] {
  if (hi > lo) {
    const pad = (hi - lo) * 0.05;
    return [lo - pad, hi + pad];
  }
  const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [lo - pad, hi + pad];
}

function logScale(
  lows: number[],
  highs: number[],
  bottom: number,
  top: number,
): Scale {
  const positives = [...lows, ...highs].filter((v) => v > 0);
  let lo = positives.length
    ? Math.floor(Math.log10(Math.min(...positives)))
    : -2;
  let hi = positives.length ? Math.ceil(Math.log10(Math.max(...positives))) : 0;
  if (hi <= lo) hi = lo + 1;
  // Keep at most about 12 decades so labels stay legible.
  lo = Math.max(lo, hi - 12);
  // Decades only; with two decades or fewer also 2 and 5 times each.
  const ticks: number[] = [];
  const steps = hi - lo <= 2 ? [1, 2, 5] : [1];
  for (let e = lo; e <= hi; e++) {
    for (const m of steps) {
      if (e < hi || m === 1) ticks.push(m * 10 ** e);
    }
  }
  return {
    map: (v) => {
      const t = (Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo);
      return bottom - t * (bottom - top);
    },
    ticks,
  };
}

function linearScale(
  lows: number[],
  highs: number[],
  bottom: number,
  top: number,
): Scale {
  const all = [...lows, ...highs];
  let lo = all.length ? Math.min(0, ...all) : 0;
  let hi = all.length ? Math.max(...all) : 1;
  if (hi <= lo) hi = lo + 1;
  const step = niceStep((hi - lo) / 5);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(v);
  return {
    map: (v) => bottom - ((v - lo) / (hi - lo)) * (bottom - top),
    ticks,
  };
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function formatTick(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6 && a < 1e9) return `${trim(v / 1e6)}M`;
  if (a >= 1e4 && a < 1e6) return `${trim(v / 1e3)}k`;
  if (a !== 0 && (a < 1e-3 || a >= 1e9)) return v.toExponential(0);
  return trim(v);
}

function trim(v: number): string {
  return String(Number(v.toPrecision(4)));
}

function fmt(v: number): string {
  return v.toFixed(1);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
