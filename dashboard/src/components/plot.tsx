/**
 * The frame every chart of the dashboard is drawn in: an SVG with a title, a
 * legend, axes whose ticks are thinned to the room they have, and buttons
 * that save it as PNG or SVG. What is plotted inside comes from the caller,
 * which receives the two scales.
 *
 * @module
 */
import type { ComponentChildren, RefObject } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import {
  type AxisKind,
  formatTick,
  linearTicks,
  logTicks,
  makeScale,
  type Scale,
  textWidth,
  thinCategories,
} from "../lib/axis.ts";
import { savePng, saveSvg } from "../lib/chart_export.ts";

/** One axis of a plot. */
export interface AxisSpec {
  readonly label: string;
  /** @default "linear" */
  readonly kind?: AxisKind;
  /** Values at the ends of the axis (categories: 0.5 to count + 0.5). */
  readonly domain: readonly [number, number];
  /**
   * Names of categories placed at 1, 2, …, count; as many as fit are
   * labelled (every one, or every 2nd, 5th, 10th, …).
   */
  readonly categories?: readonly string[];
}

/** A legend entry drawn in the SVG (so that saved files have it). */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  /** @default "line" */
  readonly shape?: "line" | "dot" | "ring" | "band" | "bar";
  /** SVG dash pattern of a line, e.g. "6 4". */
  readonly dash?: string;
}

/** The scales handed to the plotted content. */
export interface PlotScales {
  readonly x: Scale;
  readonly y: Scale;
  /** `url(#…)` of the plot area's clip path. */
  readonly clip: string;
}

/** Props of `Plot`. */
export interface PlotProps {
  readonly title: string;
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  /** Height of the whole SVG in px. @default 320 */
  readonly height?: number;
  /** Fixed width in px; by default the chart fills its container. */
  readonly width?: number;
  readonly legend?: readonly LegendEntry[];
  /** File name (without extension) of the PNG and SVG downloads. */
  readonly exportName: string;
  /** What the chart shows, for screen readers. */
  readonly description: string;
  readonly testId?: string;
  /** Smaller type and margins, for small multiples. */
  readonly compact?: boolean;
  /** Room right of the plot area in px, for a caller's inset. */
  readonly rightMargin?: number;
  /** Extra class of the figure (e.g. to highlight it). */
  readonly class?: string;
  readonly children: (scales: PlotScales) => ComponentChildren;
  /** Shown under the chart (e.g. a values table). */
  readonly below?: ComponentChildren;
}

/** The width of the element `ref` points at, following resizes. */
export function useWidth(
  initial: number,
): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      if (w > 0) setWidth(w);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** "PNG" and "SVG" buttons saving the SVG inside `target`. */
export function ExportButtons(
  { target, name, label }: {
    target: RefObject<HTMLElement | null>;
    name: string;
    label: string;
  },
) {
  const svg = () => target.current?.querySelector("svg") ?? null;
  return (
    <span class="export" role="group" aria-label={`Save ${label}`}>
      <button
        type="button"
        class="link"
        onClick={() => {
          const el = svg();
          if (el) void savePng(el, name);
        }}
      >
        PNG
      </button>
      <button
        type="button"
        class="link"
        onClick={() => {
          const el = svg();
          if (el) saveSvg(el, name);
        }}
      >
        SVG
      </button>
    </span>
  );
}

const INK = "#1b1f24";
const MUTED = "#5b6470";
const GRID = "#e3e6ea";

interface Tick {
  readonly value: number;
  readonly label: string;
}

function numericTicks(axis: AxisSpec, max: number): Tick[] {
  const [lo, hi] = axis.domain;
  const values = axis.kind === "log"
    ? logTicks(lo, hi, max)
    : linearTicks(lo, hi, max);
  return values.filter((v) => axis.kind !== "log" || v > 0).map((value) => ({
    value,
    label: formatTick(value),
  }));
}

function categoryTicks(names: readonly string[], room: number): Tick[] {
  return thinCategories(names.length, room).map((i) => ({
    value: i + 1,
    label: names[i]!,
  }));
}

/** Cuts a long name to `chars` characters with an ellipsis. */
export function shorten(name: string, chars: number): string {
  return name.length > chars ? `${name.slice(0, chars - 1)}…` : name;
}

/** Wraps legend entries into rows that fit `width`. */
function legendRows(
  entries: readonly LegendEntry[],
  width: number,
  size: number,
): LegendEntry[][] {
  const rows: LegendEntry[][] = [];
  let row: LegendEntry[] = [];
  let used = 0;
  for (const e of entries) {
    const w = 30 + textWidth(e.label, size) + 16;
    if (row.length > 0 && used + w > width) {
      rows.push(row);
      row = [];
      used = 0;
    }
    row.push(e);
    used += w;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

function LegendMark({ e, size }: { e: LegendEntry; size: number }) {
  const mid = -size * 0.35;
  switch (e.shape ?? "line") {
    case "dot":
      return <circle cx={11} cy={mid} r={4.5} fill={e.color} />;
    case "ring":
      return (
        <circle
          cx={11}
          cy={mid}
          r={4.5}
          fill="#fff"
          stroke={e.color}
          stroke-width={2}
        />
      );
    case "band":
    case "bar":
      return (
        <rect
          x={2}
          y={mid - 5}
          width={18}
          height={10}
          fill={e.color}
          fill-opacity={e.shape === "band" ? 0.25 : 0.6}
          stroke={e.shape === "bar" ? e.color : "none"}
        />
      );
    default:
      return (
        <line
          x1={0}
          x2={22}
          y1={mid}
          y2={mid}
          stroke={e.color}
          stroke-width={2.5}
          stroke-dasharray={e.dash}
        />
      );
  }
}

/** A chart: title, legend, axes and the caller's content, savable as PNG/SVG. */
export function Plot(p: PlotProps) {
  const [host, measured] = useWidth(p.width ?? 560);
  const figure = useRef<HTMLElement>(null);
  const clipId = `clip-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const width = Math.max(220, p.width ?? measured);
  const height = p.height ?? 320;
  const compact = p.compact ?? false;
  const tickSize = compact ? 10.5 : 12;
  const labelSize = compact ? 11 : 13;
  const titleSize = compact ? 12 : 14;

  const rows = legendRows(p.legend ?? [], width - 20, tickSize);
  const top = titleSize + 10 + rows.length * (tickSize + 8) + 8;

  // y ticks first: their labels set the left margin.
  const roughPlotHeight = height - top - (compact ? 34 : 48);
  const yTicks = p.y.categories
    ? categoryTicks(
      p.y.categories.map((n) => shorten(n, 26)),
      roughPlotHeight / (tickSize + 4),
    )
    : numericTicks(p.y, Math.max(2, Math.floor(roughPlotHeight / 34)));
  const yLabelWidth = Math.max(
    ...yTicks.map((t) => textWidth(t.label, tickSize)),
    10,
  );
  const left = Math.ceil(yLabelWidth + (compact ? 22 : 30));
  const right = p.rightMargin ?? (compact ? 8 : 16);
  const plotWidth = Math.max(40, width - left - right);

  let xTicks: Tick[];
  let rotate = false;
  if (p.x.categories) {
    const names = p.x.categories.map((n) => shorten(n, 16));
    const widest = Math.max(...names.map((n) => textWidth(n, tickSize)), 8);
    const horizontal = plotWidth / (widest + 10);
    if (horizontal >= Math.min(names.length, 8) || widest < 14) {
      xTicks = categoryTicks(names, horizontal);
    } else {
      rotate = true;
      xTicks = categoryTicks(names, plotWidth / (tickSize + 6));
    }
  } else {
    const sample = formatTick(p.x.domain[1]).length + 2;
    xTicks = numericTicks(
      p.x,
      Math.max(2, Math.floor(plotWidth / (sample * tickSize * 0.6 + 18))),
    );
  }
  const xLabelDepth = rotate
    ? Math.max(...xTicks.map((t) => textWidth(t.label, tickSize))) * 0.72 + 8
    : tickSize + 6;
  const bottom = Math.ceil(xLabelDepth + (compact ? 20 : 26));
  const plotHeight = Math.max(40, height - top - bottom);

  const x = makeScale(p.x.kind ?? "linear", p.x.domain, [
    left,
    left + plotWidth,
  ]);
  const y = makeScale(p.y.kind ?? "linear", p.y.domain, [
    top + plotHeight,
    top,
  ]);
  const scales: PlotScales = { x, y, clip: `url(#${clipId})` };
  const axisNote = (a: AxisSpec) =>
    a.kind === "log" ? `${a.label} (log scale)` : a.label;

  return (
    <figure
      ref={figure}
      class={`chart${p.class ? ` ${p.class}` : ""}`}
      data-testid={p.testId}
      data-x-scale={p.x.kind ?? "linear"}
      data-y-scale={p.y.kind ?? "linear"}
    >
      <div ref={host} class="chart-host">
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={`${p.title}: ${p.description}`}
          font-size={tickSize}
          fill={INK}
        >
          <text
            x={left}
            y={titleSize + 2}
            font-size={titleSize}
            font-weight={600}
          >
            {p.title}
          </text>
          {rows.map((row, r) => {
            let at = left;
            return row.map((e) => {
              const gx = at;
              at += 30 + textWidth(e.label, tickSize) + 16;
              return (
                <g
                  key={`${r}-${e.label}`}
                  transform={`translate(${gx}, ${
                    titleSize + 10 + (r + 1) * (tickSize + 8) - 2
                  })`}
                >
                  <LegendMark e={e} size={tickSize} />
                  <text x={28}>{e.label}</text>
                </g>
              );
            });
          })}
          <defs>
            <clipPath id={clipId}>
              <rect
                x={left}
                y={top}
                width={plotWidth}
                height={plotHeight}
              />
            </clipPath>
          </defs>
          <g class="grid">
            {yTicks.map((t) => (
              <line
                key={`gy${t.value}`}
                x1={left}
                x2={left + plotWidth}
                y1={y(t.value)}
                y2={y(t.value)}
                stroke={GRID}
              />
            ))}
            {xTicks.map((t) => (
              <line
                key={`gx${t.value}`}
                x1={x(t.value)}
                x2={x(t.value)}
                y1={top}
                y2={top + plotHeight}
                stroke={GRID}
              />
            ))}
          </g>
          <g>{p.children(scales)}</g>
          <rect
            x={left}
            y={top}
            width={plotWidth}
            height={plotHeight}
            fill="none"
            stroke="#9aa3ae"
          />
          <g class="y-ticks" fill={MUTED} text-anchor="end">
            {yTicks.map((t) => (
              <text
                key={`ty${t.value}`}
                x={left - 6}
                y={y(t.value)}
                dy="0.35em"
              >
                {t.label}
              </text>
            ))}
          </g>
          <g class="x-ticks" fill={MUTED}>
            {xTicks.map((t) =>
              rotate
                ? (
                  <text
                    key={`tx${t.value}`}
                    text-anchor="end"
                    transform={`translate(${x(t.value)}, ${
                      top + plotHeight + 8
                    }) rotate(-45)`}
                    dy="0.35em"
                  >
                    {t.label}
                  </text>
                )
                : (
                  <text
                    key={`tx${t.value}`}
                    x={x(t.value)}
                    y={top + plotHeight + tickSize + 4}
                    text-anchor="middle"
                  >
                    {t.label}
                  </text>
                )
            )}
          </g>
          <text
            x={left + plotWidth / 2}
            y={height - 6}
            text-anchor="middle"
            font-size={labelSize}
          >
            {axisNote(p.x)}
          </text>
          <text
            transform={`translate(${labelSize}, ${
              top + plotHeight / 2
            }) rotate(-90)`}
            text-anchor="middle"
            font-size={labelSize}
          >
            {axisNote(p.y)}
          </text>
        </svg>
      </div>
      <div class="chart-tools">
        <ExportButtons target={figure} name={p.exportName} label={p.title} />
      </div>
      {p.below}
    </figure>
  );
}
