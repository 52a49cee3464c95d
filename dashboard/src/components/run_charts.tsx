/**
 * Error-versus-parameter charts for one or more runs: colour = method,
 * dash = run, band = ± std.
 *
 * @module
 */
import { useState } from "preact/hooks";
import type { RunRecord } from "../api/types.ts";
import type { AxisKind } from "../lib/axis.ts";
import { methodColor } from "../lib/palette.ts";
import {
  curveAxes,
  curvesOf,
  metricOf,
  pointsOf,
  RUN_METRICS,
  type RunMetricKey,
  sweepOf,
  valuesOf,
} from "../lib/run_points.ts";
import { type ChartCurve, LineChart } from "./line_chart.tsx";

const DASHES: (number[] | undefined)[] = [undefined, [8, 4], [2, 3], [
  10,
  3,
  2,
  3,
]];

/** Extra points drawn on a chart (e.g. the paper's reference values). */
export interface ExtraCurve {
  readonly metric: RunMetricKey;
  readonly curve: (xs: readonly number[]) => ChartCurve | null;
}

/** Props of `RunCharts`. */
export interface RunChartsProps {
  readonly runs: readonly RunRecord[];
  readonly methods: readonly string[];
  readonly metrics?: readonly RunMetricKey[];
  readonly extra?: readonly ExtraCurve[];
  readonly height?: number;
}

/** Radio buttons switching the charts between log–log and linear axes. */
export function AxesToggle(
  { name, value, onChange, labels = {} }: {
    name: string;
    value: AxisKind;
    onChange: (kind: AxisKind) => void;
    /** What each choice is called; "log–log" and "linear" by default. */
    labels?: Partial<Record<AxisKind, string>>;
  },
) {
  const options: [AxisKind, string][] = [
    ["log", labels.log ?? "log–log"],
    ["linear", labels.linear ?? "linear"],
  ];
  return (
    <fieldset class="axes-toggle">
      <legend>Axes</legend>
      {options.map(([kind, label]) => (
        <label key={kind} class="check">
          <input
            type="radio"
            name={name}
            value={kind}
            checked={value === kind}
            onChange={() => onChange(kind)}
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}

/** One chart per metric, with a switch between log–log and linear axes. */
export function RunCharts(
  { runs, methods, metrics, extra = [], height }: RunChartsProps,
) {
  const all = runs.flatMap((r) => pointsOf(r));
  const parameter = all.length > 0 ? sweepOf(runs[0]) : "n";
  const [axes, setAxes] = useState<AxisKind | null>(null);
  if (all.length === 0) return null;
  const kind = axes ?? "log";
  const scales = curveAxes(parameter, kind);
  const xs = valuesOf(all);
  const shown = RUN_METRICS.filter((m) =>
    (metrics ?? ["errSigma", "errB", "tv"]).includes(m.key) &&
    all.some((p) => Number.isFinite(metricOf(p, m.key)?.mean ?? NaN))
  );
  return (
    <div class="run-charts">
      <AxesToggle
        name={`axes-${runs.map((r) => r.id).join("-")}`}
        value={kind}
        onChange={setAxes}
        labels={{ log: parameter === "n" ? "log–log" : "log y" }}
      />
      <div class="charts">
        {shown.map((m) => {
          const curves: ChartCurve[] = runs.flatMap((run, r) =>
            curvesOf(
              pointsOf(run),
              m.key,
              xs,
              runs.length > 1 ? `run ${r + 1} · ` : "",
            )
              .map((c) => ({
                ...c,
                color: methodColor(c.method, methods),
                dash: DASHES[r % DASHES.length],
              }))
          );
          for (const e of extra) {
            if (e.metric !== m.key) continue;
            const c = e.curve(xs);
            if (c) curves.push(c);
          }
          return (
            <LineChart
              key={m.key}
              title={`${m.label} vs ${parameter}`}
              xLabel={parameter}
              yLabel={m.label}
              xs={xs}
              curves={curves}
              height={height}
              xScale={scales.x}
              yScale={scales.y}
              testId={`chart-${m.key}`}
            />
          );
        })}
      </div>
    </div>
  );
}
