/**
 * Error-versus-parameter charts for one or more runs: colour = method,
 * dash = run, band = ± std.
 *
 * @module
 */
import type { RunRecord } from "../api/types.ts";
import { methodColor } from "../lib/palette.ts";
import {
  curvesOf,
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

/** One chart per metric. */
export function RunCharts(
  { runs, methods, metrics, extra = [], height }: RunChartsProps,
) {
  const all = runs.flatMap((r) => pointsOf(r));
  if (all.length === 0) return null;
  const xs = valuesOf(all);
  const parameter = sweepOf(runs[0]);
  const shown = RUN_METRICS.filter((m) =>
    (metrics ?? ["errSigma", "errB", "tv"]).includes(m.key) &&
    all.some((p) => p[m.key] && typeof p[m.key] === "object")
  );
  return (
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
            testId={`chart-${m.key}`}
          />
        );
      })}
    </div>
  );
}
