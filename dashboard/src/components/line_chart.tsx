/**
 * Mean ± std curves: one colour per method, a dash pattern per run, a shaded
 * band for the spread, on linear or logarithmic axes.
 *
 * @module
 */
import type { AxisKind } from "../lib/axis.ts";
import { dataDomain } from "../lib/axis.ts";
import { formatMetric, formatValue } from "../lib/format.ts";
import { Band, Dots, Line } from "./marks.tsx";
import { type LegendEntry, Plot } from "./plot.tsx";

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
  /** @default "linear" */
  readonly xScale?: AxisKind;
  /** @default "linear" */
  readonly yScale?: AxisKind;
  /** For tests and the saved file's name. */
  readonly testId?: string;
}

/** A chart of curves against one parameter, with its legend in the SVG. */
export function LineChart(props: LineChartProps) {
  const xKind = props.xScale ?? "linear";
  const yKind = props.yScale ?? "linear";
  // Nothing to draw: an empty axis that the scale can show.
  const empty: [number, number] = [0.1, 1];
  const xDomain = dataDomain(props.xs, xKind) ?? empty;
  const yValues = props.curves.flatMap((c) => [
    ...c.mean,
    ...(c.upper ?? []),
    // A log axis does not stretch down to a band edge at or below 0.
    ...(yKind === "log" ? [] : c.lower ?? []),
  ]);
  const yDomain = dataDomain(yValues, yKind, true) ?? empty;
  const hidden = yKind === "log"
    ? props.curves.reduce(
      (s, c) => s + c.mean.filter((v) => v !== null && !(v > 0)).length,
      0,
    )
    : 0;
  const legend: LegendEntry[] = props.curves.map((c) => ({
    label: c.label,
    color: c.color,
    shape: c.pointsOnly ? "dot" : "line",
    dash: c.dash?.join(" "),
  }));
  if (props.curves.some((c) => c.lower)) {
    legend.push({
      label: "± 1 std over runs",
      color: "#5b6470",
      shape: "band",
    });
  }

  return (
    <Plot
      title={props.title}
      x={{ label: props.xLabel, kind: xKind, domain: xDomain }}
      y={{ label: props.yLabel, kind: yKind, domain: yDomain }}
      height={props.height ?? 340}
      legend={legend}
      exportName={props.testId ?? props.title}
      testId={props.testId}
      description={`${props.yLabel} against ${props.xLabel}${
        xKind === "log" || yKind === "log" ? ", logarithmic axes" : ""
      }; values in the table of the run`}
      below={hidden > 0 && (
        <p class="muted chart-note">
          {hidden} value{hidden === 1 ? " is" : "s are"}{" "}
          0 and cannot be drawn on a log axis.
        </p>
      )}
    >
      {(s) => (
        <>
          {props.curves.map((c) =>
            c.lower && c.upper && (
              <Band
                key={`band-${c.label}`}
                s={s}
                xs={props.xs}
                lower={c.lower}
                upper={c.upper}
                color={c.color}
              />
            )
          )}
          {props.curves.map((c) =>
            !c.pointsOnly && (
              <Line
                key={`line-${c.label}`}
                s={s}
                xs={props.xs}
                ys={c.mean}
                color={c.color}
                dash={c.dash?.join(" ")}
              />
            )
          )}
          {props.curves.map((c) => (
            <Dots
              key={`dots-${c.label}`}
              s={s}
              xs={props.xs}
              ys={c.mean}
              color={c.color}
              r={c.pointsOnly ? 5 : 3.5}
              titles={props.xs.map((x, i) =>
                `${c.label}, ${props.xLabel} = ${formatValue(x)}: ${
                  formatMetric(c.mean[i])
                }`
              )}
            />
          ))}
        </>
      )}
    </Plot>
  );
}
