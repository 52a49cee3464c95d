/**
 * Mean ± std curves on a uPlot chart: one colour per method, a dash pattern
 * per run, and a shaded band for the spread.
 *
 * @module
 */
import uPlot from "uplot";
import { withAlpha } from "../lib/palette.ts";
import { useResponsiveChart } from "./use_responsive_chart.ts";

/** A curve to draw. */
export interface ChartCurve {
  readonly label: string;
  readonly color: string;
  /** Dash pattern in px, e.g. [6, 4]; solid when absent. */
  readonly dash?: number[];
  readonly mean: (number | null)[];
  /** Band edges; no band when absent. */
  readonly lower?: (number | null)[];
  readonly upper?: (number | null)[];
  /** Draw points only (reference values). */
  readonly pointsOnly?: boolean;
}

/** Props of `LineChart`. */
export interface LineChartProps {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xs: readonly number[];
  readonly curves: readonly ChartCurve[];
  readonly height?: number;
  /** For tests and screen readers. */
  readonly testId?: string;
}

const noPath = () => null;

function buildOptions(p: LineChartProps, width: number): uPlot.Options {
  const series: uPlot.Series[] = [{ label: p.xLabel }];
  const bands: uPlot.Band[] = [];
  for (const c of p.curves) {
    series.push({
      label: c.label,
      stroke: c.color,
      width: c.pointsOnly ? 0 : 2,
      dash: c.dash,
      paths: c.pointsOnly ? noPath : undefined,
      points: { show: true, size: c.pointsOnly ? 9 : 6, fill: c.color },
      spanGaps: false,
    });
    if (c.lower && c.upper) {
      const hi = series.length;
      series.push({
        label: `${c.label} +std`,
        stroke: "transparent",
        points: { show: false },
      });
      series.push({
        label: `${c.label} −std`,
        stroke: "transparent",
        points: { show: false },
      });
      bands.push({ series: [hi, hi + 1], fill: withAlpha(c.color, 0.15) });
    }
  }
  return {
    title: p.title,
    width,
    height: p.height ?? 260,
    series,
    bands,
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: false } },
    axes: [
      { label: p.xLabel, stroke: "#333" },
      { label: p.yLabel, stroke: "#333", size: 60 },
    ],
  };
}

function buildData(p: LineChartProps): uPlot.AlignedData {
  const cols: (number | null)[][] = [];
  for (const c of p.curves) {
    cols.push(c.mean);
    if (c.lower && c.upper) cols.push(c.upper, c.lower);
  }
  return [p.xs as number[], ...cols] as unknown as uPlot.AlignedData;
}

/** A responsive uPlot chart with an HTML legend below it. */
export function LineChart(props: LineChartProps) {
  const host = useResponsiveChart(
    JSON.stringify([props.title, props.xs, props.curves]),
    props.height ?? 260,
    (el, width) => new uPlot(buildOptions(props, width), buildData(props), el),
  );

  return (
    <figure class="chart" data-testid={props.testId}>
      <div
        ref={host}
        class="chart-canvas"
        role="img"
        aria-label={`${props.title}: ${props.yLabel} against ${props.xLabel}`}
      />
      <figcaption>
        <ul class="legend">
          {props.curves.map((c) => (
            <li key={c.label}>
              <span
                class={c.pointsOnly ? "swatch dot" : "swatch"}
                style={{
                  background: c.pointsOnly ? c.color : undefined,
                  borderTopColor: c.color,
                  borderTopStyle: c.dash ? "dashed" : "solid",
                }}
              />
              {c.label}
            </li>
          ))}
          {props.curves.some((c) => c.lower) && (
            <li class="muted">shaded: ± 1 std over runs</li>
          )}
        </ul>
      </figcaption>
    </figure>
  );
}
