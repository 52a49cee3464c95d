/**
 * Does the fitted model describe the data? The model check of a fit: a
 * verdict, one small chart per column (the positive values' histogram with
 * the fitted density, or fitted against observed quantiles; zero shares
 * beside them), misfits marked with their p-values, and the pairs as a map
 * and a table of adjusted p-values.
 *
 * @module
 */
import { useState } from "preact/hooks";
import type { CoordinateCheck, ModelCheckReport } from "../api/types.ts";
import type { SampleTable } from "../../../core/formats/table.ts";
import {
  adjustedPValueMatrix,
  column,
  describePValues,
  fittedDensity,
  flaggedCells,
  formatP,
  pairsToShow,
  positiveHistogram,
} from "../lib/check_plots.ts";
import { P_VALUE_FLOOR, pValueColor, pValueShade } from "../lib/color_scale.ts";
import { dataDomain } from "../lib/axis.ts";
import { formatEntry } from "../lib/format.ts";
import { Heatmap } from "./heatmap.tsx";
import { Dots, Line } from "./marks.tsx";
import { Plot, type PlotScales } from "./plot.tsx";

const DATA = "#56B4E9";
const FITTED = "#D55E00";
const MISFIT = "#b3261e";

/** Width of the zero shares' inset right of each column's plot. */
const ZERO_INSET = 62;

/** Pairs listed in the table (flagged and smallest p-values first). */
const PAIRS_LISTED = 12;

/** Props of `ModelCheckView`. */
export interface ModelCheckViewProps {
  readonly check: ModelCheckReport;
  readonly b: readonly number[];
  readonly sigma: readonly (readonly number[])[];
  /** The data as the browser read it (for histograms); QQ plots without. */
  readonly data?: SampleTable | null;
  readonly exportBase: string;
}

const percent = (x: number | null | undefined) =>
  typeof x === "number" && Number.isFinite(x)
    ? `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`
    : "–";

/** The verdict line: passed, or which columns and pairs do not fit. */
function verdict(check: ModelCheckReport): string {
  const tests = check.coordinates.filter((c) => c.checked).length +
    check.pairs.filter((p) => p.checked).length;
  const how = `${check.replicates} ${
    check.calibration === "refit" ? "refitted" : "plug-in"
  } bootstrap replicates, level ${check.level}, adjusted over ${tests} tests`;
  if (check.passed) {
    return `✓ No misfit found: every column and pair is consistent with the model (${how}).`;
  }
  const columns = check.coordinates.filter((c) => c.flagged).map((c) => c.name);
  const pairs = check.pairs.filter((p) => p.flagged).map((p) =>
    `${p.names[0]} × ${p.names[1]}`
  );
  const parts = [
    columns.length > 0 &&
    `${columns.length} column${columns.length === 1 ? "" : "s"} (${
      columns.join(", ")
    })`,
    pairs.length > 0 &&
    `${pairs.length} pair${pairs.length === 1 ? "" : "s"} (${
      pairs.slice(0, 6).join(", ")
    }${pairs.length > 6 ? ", …" : ""})`,
  ].filter(Boolean);
  return `✗ The model does not fit ${parts.join(" and ")} (${how}).`;
}

/** Observed and fitted zero shares as two small bars in the plot's corner. */
function ZeroShares(
  { s, observed, fitted }: {
    s: PlotScales;
    observed: number;
    fitted: number | null;
  },
) {
  // Drawn in the margin right of the plot area (`ZERO_INSET` px wide).
  const right = s.x.range[1] + ZERO_INSET;
  const top = s.y.range[1];
  const h = 34;
  const bar = (share: number, x: number, color: string, name: string) => (
    <g>
      <rect
        x={x}
        y={top + 12 + h * (1 - share)}
        width={16}
        height={h * share}
        fill={color}
        fill-opacity={0.75}
      />
      <rect
        x={x}
        y={top + 12}
        width={16}
        height={h}
        fill="none"
        stroke="#9aa3ae"
      />
      <text x={x + 8} y={top + 9} text-anchor="middle" font-size={9.5}>
        {percent(share)}
      </text>
      <text
        x={x + 8}
        y={top + 12 + h + 10}
        text-anchor="middle"
        font-size={9.5}
        fill="#5b6470"
      >
        {name}
      </text>
    </g>
  );
  return (
    <g data-testid="zero-shares">
      <text
        x={right - 27}
        y={top + 12 + h + 24}
        text-anchor="middle"
        font-size={9.5}
        fill="#5b6470"
      >
        <tspan x={right - 27}>share</tspan>
        <tspan x={right - 27} dy="1.1em">of zeros</tspan>
      </text>
      {bar(observed, right - 50, DATA, "data")}
      {fitted !== null && bar(fitted, right - 22, FITTED, "fit")}
    </g>
  );
}

/** What every column's chart shares: title, size, room for the zero shares. */
function panelFrame(c: CoordinateCheck, exportName: string) {
  const title = c.checked
    ? `${c.name}${c.flagged ? " ✗ misfit" : ""}, adj. p = ${
      formatP(c.adjustedPValue)
    }`
    : `${c.name}: not checked`;
  return {
    compact: true,
    title,
    height: 260,
    rightMargin: ZERO_INSET + 6,
    exportName,
    ...(c.flagged ? { class: "flagged" } : {}),
  };
}

/** One column: histogram of positives with the fitted density. */
function HistogramPanel(
  { c, values, b, s, exportName }: {
    c: CoordinateCheck;
    values: Float64Array;
    b: number;
    s: number;
    exportName: string;
  },
) {
  const fitted = c.checked && s > 0 ? { b, s } : null;
  const h = positiveHistogram(values, fitted);
  const upper = h.edges[h.edges.length - 1]!;
  const curve = fitted
    ? fittedDensity(b, s, upper)
    : { xs: [] as number[], ys: [] as number[] };
  const top = Math.max(...h.density, ...curve.ys, 1e-12);
  return (
    <Plot
      {...panelFrame(c, exportName)}
      x={{ label: `${c.name} (> 0)`, domain: [0, upper] }}
      y={{ label: "density", domain: [0, top * 1.15] }}
      legend={[
        { label: "data", color: DATA, shape: "bar" },
        ...(fitted
          ? [{ label: "fitted", color: FITTED, shape: "line" as const }]
          : []),
      ]}
      description={`histogram of the positive values of ${c.name} with the fitted density; zero shares ${
        percent(c.observedZeroShare)
      } observed, ${percent(c.fittedZeroShare)} fitted`}
    >
      {(sc) => (
        <>
          <g fill={DATA} fill-opacity={0.55} stroke={DATA}>
            {h.density.map((v, i) => {
              const x0 = sc.x(h.edges[i]!), x1 = sc.x(h.edges[i + 1]!);
              const y = sc.y(v);
              return (
                <rect
                  key={i}
                  x={x0}
                  y={y}
                  width={Math.max(0, x1 - x0 - 0.5)}
                  height={Math.max(0, sc.y.range[0] - y)}
                />
              );
            })}
          </g>
          {fitted && (
            <Line
              s={sc}
              xs={curve.xs}
              ys={curve.ys}
              color={FITTED}
              width={2.2}
            />
          )}
          <ZeroShares
            s={sc}
            observed={c.observedZeroShare}
            fitted={c.fittedZeroShare}
          />
        </>
      )}
    </Plot>
  );
}

/** One column: fitted against observed quantiles of the positive values. */
function QuantilePanel(
  { c, probabilities, exportName }: {
    c: CoordinateCheck;
    probabilities: readonly number[];
    exportName: string;
  },
) {
  const all = [...c.observedQuantiles, ...c.fittedQuantiles];
  const domain = dataDomain([0, ...all], "linear") ?? [0, 1];
  const lo = Math.max(0, domain[0]);
  return (
    <Plot
      {...panelFrame(c, exportName)}
      x={{ label: "fitted quantile", domain: [lo, domain[1]] }}
      y={{ label: "data quantile", domain: [lo, domain[1]] }}
      legend={[
        { label: "quantiles of x > 0", color: DATA, shape: "dot" },
        { label: "equal", color: "#9aa3ae", dash: "4 3" },
      ]}
      description={`quantiles of the positive values of ${c.name}, fitted against observed`}
    >
      {(s) => (
        <>
          <Line
            s={s}
            xs={[lo, domain[1]]}
            ys={[lo, domain[1]]}
            color="#9aa3ae"
            width={1.5}
            dash="4 3"
          />
          <Dots
            s={s}
            xs={c.fittedQuantiles}
            ys={c.observedQuantiles}
            color={c.flagged ? MISFIT : DATA}
            r={4}
            titles={probabilities.map((p, i) =>
              `${Math.round(100 * p)}th percentile: fitted ${
                formatEntry(c.fittedQuantiles[i] ?? NaN)
              }, data ${formatEntry(c.observedQuantiles[i] ?? NaN)}`
            )}
          />
          <ZeroShares
            s={s}
            observed={c.observedZeroShare}
            fitted={c.fittedZeroShare}
          />
        </>
      )}
    </Plot>
  );
}

/** The model check of one fit. */
export function ModelCheckView(p: ModelCheckViewProps) {
  const { check } = p;
  const data = p.data && p.data.matrix.cols === check.d ? p.data : null;
  const [mode, setMode] = useState<"histogram" | "quantiles">(
    data ? "histogram" : "quantiles",
  );
  const shown = data ? mode : "quantiles";
  const names = check.coordinates.map((c) => c.name);
  const pairs = pairsToShow(check.pairs, PAIRS_LISTED);
  const pMatrix = adjustedPValueMatrix(check);

  return (
    <section
      class="model-check"
      data-testid="model-check"
      data-passed={String(check.passed)}
      aria-labelledby={`${p.exportBase}-check-h`}
    >
      <h4 id={`${p.exportBase}-check-h`}>Model check: does the model fit?</h4>
      <p
        class={check.passed ? "verdict passed" : "verdict failed"}
        data-testid="check-verdict"
      >
        {verdict(check)}
      </p>
      {check.warnings.length > 0 && (
        <ul class="warnings" aria-label="Model check warnings">
          {check.warnings.map((w) => <li key={w}>⚠ {w}</li>)}
        </ul>
      )}
      <p class="muted">
        Per column: the share of zeros and the positive values, data against the
        fitted censored normal. Misfits are framed in red; p-values are from the
        bootstrap, adjusted for testing every column and pair.
      </p>
      {data && (
        <fieldset class="axes-toggle">
          <legend>Columns as</legend>
          {(["histogram", "quantiles"] as const).map((m) => (
            <label class="check" key={m}>
              <input
                type="radio"
                name={`${p.exportBase}-check-mode`}
                checked={shown === m}
                onChange={() =>
                  setMode(m)}
              />
              {m === "histogram"
                ? "histograms with the fitted density"
                : "quantiles, fitted against data"}
            </label>
          ))}
        </fieldset>
      )}
      <div class="small-multiples">
        {check.coordinates.map((c) => (
          <div
            key={c.index}
            data-testid="check-coordinate"
            data-name={c.name}
            data-flagged={String(c.flagged)}
            class={c.flagged ? "coordinate flagged" : "coordinate"}
          >
            {shown === "histogram" && data
              ? (
                <HistogramPanel
                  c={c}
                  values={column(data.matrix, c.index)}
                  b={p.b[c.index] ?? 0}
                  s={Math.sqrt(Math.max(0, p.sigma[c.index]?.[c.index] ?? 0))}
                  exportName={`${p.exportBase}-check-${c.name}`}
                />
              )
              : (
                <QuantilePanel
                  c={c}
                  probabilities={check.quantiles}
                  exportName={`${p.exportBase}-check-${c.name}`}
                />
              )}
            <p class="coordinate-numbers" data-testid="check-p">
              zeros {percent(c.observedZeroShare)} in the data,{" "}
              {percent(c.fittedZeroShare)} fitted ·{" "}
              {describePValues(c.pValue, c.adjustedPValue)}
            </p>
          </div>
        ))}
      </div>
      {check.d > 1 && (
        <div class="check-pairs">
          <Heatmap
            title={`Adjusted p-values (${
              check.pairSelection === "all"
                ? "all pairs"
                : `${check.pairs.length} of ${check.pairsTotal} pairs`
            }; columns on the diagonal)`}
            symbol="p"
            matrix={pMatrix}
            scale={1}
            color={pValueColor}
            colorKey={{
              color: (t) => pValueColor(10 ** (t * Math.log10(P_VALUE_FLOOR))),
              ticks: [
                { at: 0, label: "1" },
                { at: pValueShade(0.05), label: "0.05" },
                { at: 1, label: `≤ ${P_VALUE_FLOOR}` },
              ],
              title: "adjusted p-value (framed: flagged)",
            }}
            format={formatP}
            rowNames={names}
            marked={flaggedCells(check)}
            testId="check-pvalues"
            exportName={`${p.exportBase}-check-pvalues`}
          />
          {pairs.length > 0 && (
            <div class="table-scroll">
              <table class="points" data-testid="check-pairs">
                <caption>
                  Pairs{check.pairs.length > pairs.length
                    ? ` (the ${pairs.length} with the smallest p-values of ${check.pairs.length})`
                    : ""}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">pair</th>
                    <th scope="col">both zero: data / fit</th>
                    <th scope="col">ρ where both &gt; 0: data / fit</th>
                    <th scope="col">p</th>
                    <th scope="col">adjusted p</th>
                  </tr>
                </thead>
                <tbody>
                  {pairs.map((x) => (
                    <tr
                      key={x.indices.join("-")}
                      class={x.flagged ? "flagged" : undefined}
                    >
                      <th scope="row">
                        {x.flagged ? "✗ " : ""}
                        {x.names[0]} × {x.names[1]}
                      </th>
                      <td>
                        {percent(x.observedBothZero)} /{" "}
                        {percent(x.fittedBothZero)}
                      </td>
                      <td>
                        {formatEntry(x.observedPositiveCorrelation ?? NaN)} /
                        {" "}
                        {formatEntry(x.fittedPositiveCorrelation ?? NaN)}
                      </td>
                      <td>{formatP(x.pValue)}</td>
                      <td>{formatP(x.adjustedPValue)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
