/**
 * How many latent dimensions k do the data support? The eigenvalues of
 * Sigma_hat as a scree chart with their bootstrap intervals, the noise floor
 * and the suggested k; a form asking for the rank-k fit, and that fit.
 *
 * @module
 */
import { useState } from "preact/hooks";
import type { RankReport } from "../api/types.ts";
import type { AxisKind } from "../lib/axis.ts";
import { dataDomain } from "../lib/axis.ts";
import { namedMatrixCsv, saveText } from "../lib/download.ts";
import { samplesCsv } from "../lib/fit_samples.ts";
import { formatMetric } from "../lib/format.ts";
import { sharedScale } from "../lib/color_scale.ts";
import type { RankKState } from "../models/fit_model.ts";
import { Heatmap } from "./heatmap.tsx";
import { Dots, IntervalBars, Rule } from "./marks.tsx";
import { type LegendEntry, Plot } from "./plot.tsx";
import { AxesToggle } from "./run_charts.tsx";

const ABOVE = "#0072B2";
const BELOW = "#9aa3ae";
const FLOOR = "#D55E00";

/** Props of `RankView`. */
export interface RankViewProps {
  readonly rank: RankReport;
  /** Column names of the fit (length d), or its coordinates' numbers. */
  readonly names: readonly string[];
  /** Whether `names` are the data's (sample files then get them as header). */
  readonly named: boolean;
  readonly b: readonly number[];
  readonly exportBase: string;
  /** Where the analysis came from, when not from the answer. */
  readonly note?: string;
  /** Asks for the rank-k fit; absent when the data are not at hand. */
  readonly onRankK?: (k: number) => void;
  readonly rankK?: RankKState;
  /** Samples drawn from the rank-k fit: as many rows as the data, this seed. */
  readonly n: number;
  readonly seed: number;
}

function floorText(rank: RankReport): string {
  switch (rank.noiseFloorFrom) {
    case "bootstrap":
      return `the ${
        Math.round(100 * rank.level)
      }% quantile of the bootstrap errors (${rank.replicates} replicates)`;
    case "given":
      return "a given bound";
    default:
      return "rounding error only (no bootstrap: k is Σ̂'s numerical rank, which overstates k for noisy fits)";
  }
}

/**
 * The scree chart's y axis to start with: logarithmic when every eigenvalue
 * (and interval end) is positive and they span more than a factor of 20, so
 * that the small ones and the noise floor do not lie flat on zero.
 */
export function screeAxis(rank: RankReport): AxisKind {
  const values = [
    ...rank.eigenvalues,
    ...(rank.intervals?.lower ?? []),
    ...(rank.intervals?.upper ?? []),
  ];
  const positive = values.every((v) => v > 0) && rank.noiseFloor > 0;
  return positive && Math.max(...values) > 20 * Math.min(...values)
    ? "log"
    : "linear";
}

/** The rank analysis of one fit. */
export function RankView(p: RankViewProps) {
  const { rank } = p;
  const d = rank.eigenvalues.length;
  const [axis, setAxis] = useState<AxisKind>(screeAxis(rank));
  const [k, setK] = useState(Math.max(1, rank.suggested));
  const xs = rank.eigenvalues.map((_, j) => j + 1);
  const lower = rank.intervals?.lower;
  const upper = rank.intervals?.upper;
  const yDomain = dataDomain(
    [...rank.eigenvalues, ...(lower ?? []), ...(upper ?? []), rank.noiseFloor],
    axis,
    true,
  ) ?? [0, 1];
  const above = rank.eigenvalues.map((v) => v > rank.noiseFloor);
  const legend: LegendEntry[] = [
    { label: "above the noise floor", color: ABOVE, shape: "dot" },
    { label: "within the noise", color: BELOW, shape: "dot" },
    { label: "noise floor", color: FLOOR, dash: "6 4" },
  ];
  const explained = rank.explained[Math.max(0, rank.suggested - 1)];
  const result = p.rankK;

  return (
    <section class="rank-view" data-testid="rank-view">
      <h4>Rank: how many latent dimensions?</h4>
      <p data-testid="rank-suggested">
        Suggested <strong>k = {rank.suggested}</strong> of d = {d}:{" "}
        {rank.suggested === 1
          ? "one eigenvalue lies"
          : `${rank.suggested} eigenvalues lie`} above the noise floor{" "}
        {formatMetric(rank.noiseFloor)}, from {floorText(rank)}.{" "}
        {rank.suggested > 0 && explained !== undefined &&
          `They hold ${Math.round(100 * explained)}% of Σ̂'s positive spectrum.`}
      </p>
      {p.note && <p class="muted">{p.note}</p>}
      <AxesToggle
        name={`${p.exportBase}-scree-axes`}
        value={axis}
        onChange={setAxis}
        labels={{ log: "log y", linear: "linear y" }}
      />
      <Plot
        title="Eigenvalues of Σ̂ (scree)"
        x={{
          label: "eigenvalue j (largest first)",
          domain: [0.5, d + 0.5],
          categories: xs.map(String),
        }}
        y={{ label: "eigenvalue", kind: axis, domain: yDomain }}
        height={320}
        legend={[
          ...legend,
          ...(rank.intervals
            ? [{
              label: `${Math.round(100 * rank.level)}% interval`,
              color: ABOVE,
            }]
            : []),
        ]}
        exportName={`${p.exportBase}-scree`}
        testId="scree-chart"
        description={`eigenvalues of Sigma_hat in descending order with the noise floor ${
          formatMetric(rank.noiseFloor)
        } and the suggested k = ${rank.suggested}`}
      >
        {(s) => (
          <>
            {lower && upper && (
              <IntervalBars
                s={s}
                xs={xs}
                lo={lower}
                hi={upper}
                color={ABOVE}
              />
            )}
            <Rule
              s={s}
              value={rank.noiseFloor}
              color={FLOOR}
              label="noise floor"
            />
            {rank.suggested < d && (
              <Rule
                s={s}
                value={rank.suggested + 0.5}
                color="#1b1f24"
                vertical
                dash="2 3"
                label={`suggested k = ${rank.suggested}`}
              />
            )}
            <Dots
              s={s}
              xs={xs}
              ys={rank.eigenvalues.map((v, j) => (above[j] ? v : null))}
              color={ABOVE}
              r={4.5}
              titles={rank.eigenvalues.map((v, j) =>
                `λ${j + 1} = ${formatMetric(v)}`
              )}
            />
            <Dots
              s={s}
              xs={xs}
              ys={rank.eigenvalues.map((v, j) => (above[j] ? null : v))}
              color={BELOW}
              r={4.5}
              titles={rank.eigenvalues.map((v, j) =>
                `λ${j + 1} = ${formatMetric(v)}`
              )}
            />
          </>
        )}
      </Plot>
      {axis === "log" && rank.eigenvalues.some((v) => !(v > 0)) && (
        <p class="muted chart-note">
          Eigenvalues at or below 0 are not drawn on a log axis.
        </p>
      )}
      <details>
        <summary>Values</summary>
        <table class="matrix" data-testid="rank-values">
          <thead>
            <tr>
              <th scope="col">j</th>
              <th scope="col">λⱼ</th>
              {rank.intervals && <th scope="col">interval</th>}
              <th scope="col">cumulative share</th>
            </tr>
          </thead>
          <tbody>
            {rank.eigenvalues.map((v, j) => (
              <tr key={j}>
                <th scope="row">{j + 1}</th>
                <td>{formatMetric(v)}</td>
                {rank.intervals && (
                  <td>
                    {formatMetric(rank.intervals.lower[j])} to{" "}
                    {formatMetric(rank.intervals.upper[j])}
                  </td>
                )}
                <td>{Math.round(100 * (rank.explained[j] ?? 0))}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {p.onRankK
        ? (
          <form
            class="grid rank-form"
            onSubmit={(e) => {
              e.preventDefault();
              p.onRankK!(k);
            }}
          >
            <div class="field">
              <label for={`${p.exportBase}-rank-k`}>rank k</label>
              <input
                id={`${p.exportBase}-rank-k`}
                type="number"
                min={1}
                max={d}
                step={1}
                value={k}
                onInput={(e) => {
                  const v = (e.currentTarget as HTMLInputElement).valueAsNumber;
                  if (Number.isInteger(v) && v >= 1 && v <= d) setK(v);
                }}
              />
            </div>
            <button
              type="submit"
              disabled={result?.status === "loading"}
              data-testid="rank-k-submit"
            >
              {result?.status === "loading"
                ? "Fitting…"
                : `Fit with rank k = ${k}`}
            </button>
          </form>
        )
        : (
          <p class="muted">
            Fit the data again from the Fit view to ask for a rank-k version.
          </p>
        )}
      {result?.status === "error" && (
        <p class="error" role="alert">{result.error}</p>
      )}
      {result?.status === "ready" && result.answer && (
        <RankKResult
          state={result}
          names={p.names}
          named={p.named}
          b={p.b}
          exportBase={p.exportBase}
          n={p.n}
          seed={p.seed}
        />
      )}
    </section>
  );
}

/** A rank-k fit: its error, W and Σ_k, and downloads. */
function RankKResult(
  { state, names, named, b, exportBase, n, seed }: {
    state: RankKState;
    names: readonly string[];
    named: boolean;
    b: readonly number[];
    exportBase: string;
    n: number;
    seed: number;
  },
) {
  const r = state.answer!;
  const latent = Array.from({ length: r.k }, (_, j) => `z${j + 1}`);
  const scale = sharedScale([r.sigma]);
  return (
    <div class="rank-k" data-testid="rank-k-result">
      <p>
        Rank-{r.k} fit: Σ_{r.k} keeps the{" "}
        {r.k === 1 ? "largest eigenvalue" : `${r.k} largest eigenvalues`} (
        {r.eigenvalues.map(formatMetric).join(", ")}); ‖Σ̂ − Σ_{r.k}‖F / ‖Σ̂‖F =
        {" "}
        <strong>{formatMetric(r.relativeError)}</strong>.
        {state.id && (
          <>
            {" "}Stored as run <a href={`#/runs/${state.id}`}>{state.id}</a>.
          </>
        )}
      </p>
      <div class="heatmaps">
        <Heatmap
          title={`W (loadings, d × ${r.k})`}
          symbol="W"
          matrix={r.w}
          scale={sharedScale([r.w])}
          rowNames={names}
          colNames={latent}
          testId="heatmap-rank-w"
          exportName={`${exportBase}-rank${r.k}-w`}
        />
        <Heatmap
          title={`Σ_${r.k} = W Wᵀ`}
          symbol={`Σ_${r.k}`}
          matrix={r.sigma}
          scale={scale}
          rowNames={names}
          exportName={`${exportBase}-rank${r.k}-sigma`}
        />
      </div>
      <div class="actions">
        <button
          type="button"
          onClick={() =>
            saveText(
              `${exportBase}-rank${r.k}-w.csv`,
              namedMatrixCsv(r.w, names, latent, "column"),
              "text/csv",
            )}
        >
          Download W (CSV)
        </button>
        <button
          type="button"
          onClick={() =>
            saveText(
              `${exportBase}-rank${r.k}-samples.csv`,
              samplesCsv({ b, w: r.w }, n, seed, named ? names : null),
              "text/csv",
            )}
        >
          Download {n.toLocaleString("en-US")} samples of the rank-{r.k}{" "}
          fit (CSV)
        </button>
      </div>
    </div>
  );
}
