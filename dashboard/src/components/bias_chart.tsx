/**
 * b_hat against b per coordinate on a uPlot chart, with ±1.96 standard-error
 * bars drawn on the chart's canvas.
 *
 * @module
 */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

/** Props of `BiasChart`. */
export interface BiasChartProps {
  readonly bHat: readonly number[];
  readonly b?: readonly number[] | null;
  readonly se?: readonly number[] | null;
}

const HAT = "#0072B2";
const TRUE = "#D55E00";
const noPath = () => null;

/** Coordinates on x, values on y; points only. */
export function BiasChart({ bHat, b, se }: BiasChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const key = JSON.stringify([bHat, b, se]);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const d = bHat.length;
    const xs = Array.from({ length: d }, (_, i) => i + 1);
    const half = (i: number) => (se ? 1.96 * se[i] : 0);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < d; i++) {
      lo = Math.min(lo, bHat[i] - half(i), b ? b[i] : Infinity);
      hi = Math.max(hi, bHat[i] + half(i), b ? b[i] : -Infinity);
    }
    const pad = (hi - lo) * 0.1 || 0.5;
    const series: uPlot.Series[] = [
      { label: "coordinate" },
      {
        label: "b̂",
        stroke: HAT,
        paths: noPath,
        points: { show: true, size: 9, fill: HAT },
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
      if (!se) return;
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = HAT;
      ctx.lineWidth = 1.5 * (globalThis.devicePixelRatio || 1);
      for (let i = 0; i < d; i++) {
        const x = u.valToPos(xs[i], "x", true);
        const y0 = u.valToPos(bHat[i] - half(i), "y", true);
        const y1 = u.valToPos(bHat[i] + half(i), "y", true);
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
    const width = () => Math.max(260, el.clientWidth);
    const chart = new uPlot(
      {
        width: width(),
        height: 220,
        series,
        legend: { show: false },
        scales: {
          x: { time: false, range: [0.5, d + 0.5] },
          y: { range: [lo - pad, hi + pad] },
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
    const observer = new ResizeObserver(() =>
      chart.setSize({ width: width(), height: 220 })
    );
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [key]);

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
              ? " ± 1.96 SE"
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
    </figure>
  );
}
