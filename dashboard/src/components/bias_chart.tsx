/**
 * b_hat against b per coordinate, with ±1.96 standard-error bars; the
 * coordinates are labelled with the data's column names, as many as fit.
 *
 * @module
 */
import { errorBars, paddedRange, Z95 } from "../lib/error_bars.ts";
import { formatEntry, formatMetric } from "../lib/format.ts";
import { Dots, IntervalBars } from "./marks.tsx";
import { type LegendEntry, Plot } from "./plot.tsx";

/** Props of `BiasChart`. */
export interface BiasChartProps {
  readonly bHat: readonly number[];
  readonly b?: readonly number[] | null;
  readonly se?: readonly (number | null)[] | null;
  /** Column names (length d); "1", "2", … when absent. */
  readonly names?: readonly string[] | null;
  /** File name of the PNG and SVG downloads. */
  readonly exportName?: string;
}

const HAT = "#0072B2";
const TRUE = "#D55E00";

/** Coordinates on x, values on y; points only. */
export function BiasChart(
  { bHat, b, se, names, exportName = "bias" }: BiasChartProps,
) {
  const d = bHat.length;
  const bars = se && se.length === d ? errorBars(bHat, se) : [];
  const labels = names && names.length === d
    ? names
    : Array.from({ length: d }, (_, i) => String(i + 1));
  const xs = labels.map((_, i) => i + 1);
  const [lo, hi] = paddedRange(bHat, bars, b ?? []);
  const legend: LegendEntry[] = [{
    label: se ? `b̂ ± ${Z95} SE (95% interval)` : "b̂",
    color: HAT,
    shape: "dot",
  }];
  if (b) legend.push({ label: "true b", color: TRUE, shape: "ring" });

  return (
    <Plot
      title="Bias b̂ per coordinate"
      x={{
        label: names ? "column" : "coordinate i",
        domain: [0.5, d + 0.5],
        categories: labels,
      }}
      y={{ label: "bias", domain: [lo, hi] }}
      height={300}
      legend={legend}
      exportName={exportName}
      testId="bias-chart"
      description="estimated bias b̂ per coordinate, with the true b when known"
      below={
        <details>
          <summary>Values</summary>
          <table class="matrix" data-testid="bias-values">
            <thead>
              <tr>
                <th scope="col">{names ? "column" : "i"}</th>
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
                    <th scope="row">{labels[i]}</th>
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
      }
    >
      {(s) => (
        <>
          {bars.length > 0 && (
            <IntervalBars
              s={s}
              xs={xs}
              lo={bars.map((bar) => bar?.lo ?? null)}
              hi={bars.map((bar) => bar?.hi ?? null)}
              color={HAT}
            />
          )}
          {b && (
            <Dots
              s={s}
              xs={xs}
              ys={b}
              color={TRUE}
              r={5}
              ring
              titles={labels.map((n, i) => `b[${n}] = ${formatEntry(b[i])}`)}
            />
          )}
          <Dots
            s={s}
            xs={xs}
            ys={bHat}
            color={HAT}
            r={4}
            titles={labels.map((n, i) =>
              `b̂[${n}] = ${formatEntry(bHat[i])}${
                bars[i]
                  ? ` (95%: ${formatEntry(bars[i]!.lo)} to ${
                    formatEntry(bars[i]!.hi)
                  })`
                  : ""
              }`
            )}
          />
        </>
      )}
    </Plot>
  );
}
