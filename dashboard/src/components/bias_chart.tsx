/**
 * b_hat against b per coordinate on a uPlot chart, with ±1.96 standard-error
 * bars drawn on the chart's canvas.
 *
 * @module
 */
import uPlot from "uplot";
import { errorBars, paddedRange, Z95 } from "../lib/error_bars.ts";
import { formatEntry, formatMetric } from "../lib/format.ts";
import { useResponsiveChart } from "./use_responsive_chart.ts";

/** Props of `BiasChart`. */
export interface BiasChartProps {
  readonly bHat: readonly number[];
  readonly b?: readonly number[] | null;
  readonly se?: readonly (number | null)[] | null;
}

const HAT = "#0072B2";
const TRUE = "#D55E00";
const noPath = () => null;

/** Coordinates on x, values on y; points only. */
export function BiasChart({ bHat, b, se }: BiasChartProps) {
  const bars = se && se.length === bHat.length ? errorBars(bHat, se) : [];

  const host = useResponsiveChart(
    JSON.stringify([bHat, b, se]),
    220,
    (el, width) => {
      const d = bHat.length;
      const xs = Array.from({ length: d }, (_, i) => i + 1);
      const [lo, hi] = paddedRange(bHat, bars, b ?? []);
      const series: uPlot.Series[] = [
        { label: "coordinate" },
        {
          label: "b̂",
          stroke: HAT,
          paths: noPath,
          points: { show: true, size: 7, fill: HAT },
        },
      ];
      const data: (number | null)[][] = [xs, [...bHat]];
      if (b) {
        series.push({
          label: "b",
          stroke: TRUE,
          paths: noPath,
          points: { show: true, size: 9, fill: "#fff" },
        });
        data.push([...b]);
      }
      const drawBars = (u: uPlot) => {
        if (bars.length === 0) return;
        const ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = HAT;
        ctx.lineWidth = 1.5 * (globalThis.devicePixelRatio || 1);
        for (let i = 0; i < d; i++) {
          const bar = bars[i];
          if (!bar) continue;
          const x = u.valToPos(xs[i], "x", true);
          const y0 = u.valToPos(bar.lo, "y", true);
          const y1 = u.valToPos(bar.hi, "y", true);
          const w = 5 * (globalThis.devicePixelRatio || 1);
          ctx.beginPath();
          ctx.moveTo(x, y0);
          ctx.lineTo(x, y1);
          ctx.moveTo(x - w, y0);
          ctx.lineTo(x + w, y0);
          ctx.moveTo(x - w, y1);
          ctx.lineTo(x + w, y1);
          ctx.stroke();
        }
        ctx.restore();
      };
      return new uPlot(
        {
          width,
          height: 220,
          series,
          legend: { show: false },
          scales: {
            x: { time: false, range: [0.5, d + 0.5] },
            y: { range: [lo, hi] },
          },
          axes: [
            {
              label: "coordinate i",
              splits: () => xs,
              values: (_u, v) => v.map(String),
            },
            { label: "bias", size: 60 },
          ],
          hooks: { draw: [drawBars] },
        },
        data as unknown as uPlot.AlignedData,
        el,
      );
    },
  );

  return (
    <figure class="chart">
      <div
        ref={host}
        role="img"
        aria-label="Estimated bias b̂ per coordinate, with the true b when known"
      />
      <figcaption>
        <ul class="legend">
          <li>
            <span class="swatch dot" style={{ background: HAT }} />b̂{se
              ? ` ± ${Z95} SE (95% interval)`
              : ""}
          </li>
          {b && (
            <li>
              <span class="swatch dot ring" style={{ borderColor: TRUE }} />true
              b
            </li>
          )}
        </ul>
      </figcaption>
      <details>
        <summary>Values</summary>
        <table class="matrix" data-testid="bias-values">
          <thead>
            <tr>
              <th scope="col">i</th>
              <th scope="col">b̂</th>
              {se && <th scope="col">SE</th>}
              {se && <th scope="col">95% interval</th>}
              {b && <th scope="col">b</th>}
            </tr>
          </thead>
          <tbody>
            {bHat.map((v, i) => {
              const bar = bars[i];
              return (
                <tr key={i}>
                  <th scope="row">{i + 1}</th>
                  <td>{formatEntry(v)}</td>
                  {se && <td>{formatMetric(se[i])}</td>}
                  {se && (
                    <td>
                      {bar
                        ? `${formatEntry(bar.lo)} to ${formatEntry(bar.hi)}`
                        : "–"}
                    </td>
                  )}
                  {b && <td>{formatEntry(b[i])}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
