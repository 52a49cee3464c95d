/**
 * Detail of one fit: how the data were read, Sigma_hat beside the true Sigma
 * (one colour scale) and their difference (a scale of its own), the
 * correlations, b_hat against b, the model check and the rank analysis,
 * metrics, diagnostics, warnings, timing and downloads; the data's column
 * names label every chart, table and file.
 *
 * @module
 */
import { useState } from "preact/hooks";
import type { FitOutcome } from "../models/fit_model.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { rankAnalysis } from "../../../core/rank/rank_analysis.ts";
import type { RankReport } from "../api/types.ts";
import { coordinateNames, splitDataNotes } from "../lib/fit_columns.ts";
import { correlationMatrix } from "../lib/correlation.ts";
import { samplesCsv } from "../lib/fit_samples.ts";
import { saveText } from "../lib/download.ts";
import { CorrelationChart } from "./correlation_chart.tsx";
import { ModelCheckView } from "./model_check_view.tsx";
import { RankView } from "./rank_view.tsx";
import {
  comparableTruth,
  fitWarnings,
  hiddenInputDim,
  hiddenLayerMatrix,
  REPAIRED_WARNING,
  truthMetrics,
} from "../lib/fit_detail.ts";
import { difference } from "../lib/truth_metrics.ts";
import { fitToCsv } from "../lib/download.ts";
import { formatMetric, formatMs, formatValue } from "../lib/format.ts";
import {
  bootstrapCounts,
  chooseStandardErrors,
  describeSeChoice,
  type SeChoice,
  type SeSource,
} from "../lib/se_source.ts";
import { divergingKey, Heatmap } from "./heatmap.tsx";
import { sharedScale } from "../lib/color_scale.ts";
import { BiasChart } from "./bias_chart.tsx";
import { DownloadButtons } from "./download_buttons.tsx";

const SE_SOURCE_LABELS: Record<SeSource, string> = {
  analytic: "analytic (the method's own)",
  bootstrap: "bootstrap",
};

/**
 * Which standard errors the bars use, the bootstrap's counts, and a switch
 * between analytic and bootstrap errors when the fit has both.
 */
function SeSourceReadout(
  { idBase, choice, text, onPick }: {
    idBase: string;
    choice: SeChoice;
    text: string;
    onPick: (source: SeSource) => void;
  },
) {
  return (
    <div class="se-source">
      <p
        class="muted"
        data-testid="se-source"
        data-source={choice.source ?? ""}
      >
        {text}
      </p>
      {choice.available.length > 1 && (
        <fieldset class="se-toggle">
          <legend>Standard errors from</legend>
          {choice.available.map((source) => (
            <div class="check" key={source}>
              <input
                type="radio"
                name={`${idBase}-se`}
                id={`${idBase}-se-${source}`}
                value={source}
                checked={choice.source === source}
                onChange={() => onPick(source)}
              />
              <label for={`${idBase}-se-${source}`}>
                {SE_SOURCE_LABELS[source]}
              </label>
            </div>
          ))}
        </fieldset>
      )}
    </div>
  );
}

/** The rank analysis the answer carries, or Σ̂'s spectrum computed here. */
function rankOf(
  fit: FitOutcome["fit"],
): { rank: RankReport; note?: string } | null {
  if (fit.rank) return { rank: fit.rank };
  try {
    const r = rankAnalysis(fromRows(fit.sigma));
    return {
      rank: { ...r, eigenvalues: [...r.eigenvalues] },
      note:
        "Without the model check there are no bootstrap refits: no intervals, and the noise floor is rounding error. Tick “Check the fitted model” and fit again for both.",
    };
  } catch {
    return null;
  }
}

/** The detail panel of one fit outcome. */
export function FitResult(
  { outcome, index, onRankK }: {
    outcome: FitOutcome;
    index: number;
    /** Asks for the rank-k version of this fit (the data must be at hand). */
    onRankK?: (k: number) => void;
  },
) {
  const { fit } = outcome;
  const truth = comparableTruth(outcome);
  const diff = truth ? difference(fit.sigma, truth.sigma) : null;
  const repairedSigma = fit.covariance?.repaired
    ? fit.covariance.nearestPsd ?? null
    : null;
  const matrices = [fit.sigma];
  if (truth) matrices.push(truth.sigma);
  if (repairedSigma) matrices.push(repairedSigma);
  const scale = sharedScale(matrices);
  const diffScale = diff ? sharedScale([diff]) : 1;
  const errors = truthMetrics(outcome);
  const a = hiddenLayerMatrix(fit);
  const inputDim = hiddenInputDim(fit);
  const { notes, others: warnings } = splitDataNotes(fit, fitWarnings(outcome));
  const named = coordinateNames(outcome);
  // Without names, coordinates are numbered as on the heatmaps' axes.
  const names = named ?? fit.b.map((_, i) => String(i + 1));
  // A is drawn as a heatmap; the rest of the diagnostics go in the table.
  const diagnostics = Object.entries(fit.diagnostics ?? {}).filter(([k]) =>
    !(a && (k === "a" || k === "A"))
  );
  const base = `fit-${fit.method}-${fit.id ?? index}`;
  const [seSource, setSeSource] = useState<SeSource | null>(null);
  const seChoice = chooseStandardErrors(fit, seSource);
  const counts = bootstrapCounts(fit);
  const se = seChoice.se;
  const rank = rankOf(fit);
  const rho = fit.d > 1 ? correlationMatrix(fit.sigma) : null;

  return (
    <article
      class="panel fit-result"
      data-testid="fit-result"
      aria-labelledby={`${base}-h`}
    >
      <h3 id={`${base}-h`}>
        {fit.method}{" "}
        <span class="muted">
          n = {fit.n.toLocaleString("en-US")}, d = {fit.d}
          {outcome.fileName ? ` · ${outcome.fileName}` : ""}
          {named && inputDim === null ? ` · columns ${named.join(", ")}` : ""}
        </span>
      </h3>
      {notes.length > 0 && (
        <div class="data-notes" data-testid="data-notes">
          <strong>How the data were read:</strong>
          <ul>
            {notes.map((w) => <li key={w}>{w}</li>)}
          </ul>
        </div>
      )}
      {fit.covariance?.repaired && (
        <p class="alert-banner" role="alert" data-testid="repaired-warning">
          <strong>⚠ {REPAIRED_WARNING}</strong>{" "}
          <span>
            (smallest eigenvalue {formatMetric(fit.covariance.minEigenvalue)}
            {repairedSigma ? "; the repaired matrix is shown beside it" : ""})
          </span>
        </p>
      )}
      {warnings.length > 0 && (
        <ul class="warnings" aria-label="Warnings">
          {warnings.map((w) => <li key={w}>⚠ {w}</li>)}
        </ul>
      )}
      {inputDim !== null && (
        <p class="muted">
          Σ̂ and b̂ describe the hidden layer h (m ={" "}
          {fit.d}) of x = A h, with x in {inputDim} dimensions.
        </p>
      )}
      {(se || counts) && (
        <SeSourceReadout
          idBase={base}
          choice={seChoice}
          text={describeSeChoice(seChoice, counts)}
          onPick={setSeSource}
        />
      )}
      <div class="heatmaps">
        <Heatmap
          title={se
            ? `Σ̂ (estimate, with ${seChoice.source} SE)`
            : "Σ̂ (estimate)"}
          symbol="Σ̂"
          matrix={fit.sigma}
          se={se?.sigma}
          scale={scale}
          rowNames={named}
          testId="heatmap-sigma-hat"
          exportName={`${base}-sigma-hat`}
        />
        {repairedSigma && (
          <Heatmap
            title="Σ̂ repaired (nearest PSD)"
            symbol="Σ̂₊"
            matrix={repairedSigma}
            scale={scale}
            rowNames={named}
            exportName={`${base}-sigma-repaired`}
          />
        )}
        {truth && (
          <Heatmap
            title="Σ (truth)"
            symbol="Σ"
            matrix={truth.sigma}
            scale={scale}
            rowNames={named}
            testId="heatmap-sigma-truth"
            exportName={`${base}-sigma-truth`}
          />
        )}
        {diff && (
          <Heatmap
            title="Σ̂ − Σ (own scale)"
            symbol="(Σ̂ − Σ)"
            matrix={diff}
            scale={diffScale}
            colorKey={divergingKey(diffScale, "Σ̂ − Σ, symmetric about 0")}
            rowNames={named}
            testId="heatmap-sigma-diff"
            exportName={`${base}-sigma-diff`}
          />
        )}
        {rho && (
          <Heatmap
            title="ρ̂ (correlations)"
            symbol="ρ̂"
            matrix={rho}
            scale={1}
            rowNames={named}
            testId="heatmap-rho"
            exportName={`${base}-rho`}
          />
        )}
      </div>
      {a && (
        <>
          <h4>A (d × m mixing matrix, anchors scaled to 1)</h4>
          <div class="heatmaps">
            <Heatmap
              title={`A (${a.length} × ${a[0]?.length ?? 0})`}
              symbol="A"
              matrix={a}
              scale={sharedScale([a])}
              rowNames={fit.columns?.length === a.length ? fit.columns : null}
              colNames={named}
              testId="heatmap-a"
              exportName={`${base}-a`}
            />
          </div>
        </>
      )}
      <div class="fit-charts">
        <div class="fit-bias">
          <BiasChart
            bHat={fit.b}
            b={truth?.b}
            se={se?.b}
            names={named}
            exportName={`${base}-bias`}
          />
        </div>
        {fit.d > 1 && (
          <div class="fit-correlations">
            <CorrelationChart
              sigma={fit.sigma}
              se={se?.sigma}
              truth={truth?.sigma}
              names={names}
              exportName={`${base}-correlations`}
            />
          </div>
        )}
      </div>
      {fit.check && (
        <ModelCheckView
          check={fit.check}
          b={fit.b}
          sigma={fit.sigma}
          data={outcome.data}
          exportBase={base}
        />
      )}
      {rank && inputDim === null && (
        <RankView
          rank={rank.rank}
          note={rank.note}
          names={names}
          named={named !== null}
          b={fit.b}
          exportBase={base}
          onRankK={onRankK}
          rankK={outcome.rankK ??
            (fit.rankK
              ? { k: fit.rankK.k, status: "ready", answer: fit.rankK }
              : undefined)}
          n={fit.n}
          seed={fit.seed}
        />
      )}
      <div class="two-col">
        <table class="metrics" aria-label="Metrics">
          <tbody>
            {errors && (
              <>
                <tr>
                  <th scope="row">err Σ (‖Σ̂ − Σ‖F / ‖W‖F²)</th>
                  <td data-metric="errSigma">
                    {formatMetric(errors.errSigma)}
                  </td>
                </tr>
                <tr>
                  <th scope="row">err b (‖b̂ − b‖ / ‖W‖F)</th>
                  <td data-metric="errB">{formatMetric(errors.errB)}</td>
                </tr>
                {errors.tv && (
                  <tr>
                    <th scope="row">TV bound (Pinsker)</th>
                    <td data-metric="tvBound">
                      {errors.tv.defined
                        ? formatMetric(errors.tv.bound)
                        : `undefined: ${errors.tv.reason}`}
                    </td>
                  </tr>
                )}
              </>
            )}
            {fit.covariance && (
              <>
                <tr>
                  <th scope="row">Σ̂ positive definite</th>
                  <td>{fit.covariance.positiveDefinite ? "yes" : "no"}</td>
                </tr>
                <tr>
                  <th scope="row">smallest eigenvalue</th>
                  <td>{formatMetric(fit.covariance.minEigenvalue)}</td>
                </tr>
              </>
            )}
            {fit.fitMs !== undefined && (
              <tr>
                <th scope="row">estimator time</th>
                <td>{formatMs(fit.fitMs)}</td>
              </tr>
            )}
            {fit.elapsedMs !== undefined && (
              <tr>
                <th scope="row">request time</th>
                <td>
                  {formatMs(fit.elapsedMs)}
                  {fit.cached ? " (cached result)" : ""}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {diagnostics.length > 0 && (
          <table class="metrics" aria-label="Diagnostics">
            <caption>Diagnostics</caption>
            <tbody>
              {diagnostics.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>
                    {typeof v === "number"
                      ? Number.isInteger(v) ? formatValue(v) : formatMetric(v)
                      : JSON.stringify(v)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div class="actions">
        <DownloadButtons
          base={base}
          json={() => fit}
          csv={() => fitToCsv(fit, named)}
        />
        {inputDim === null && (
          <button
            type="button"
            onClick={() =>
              saveText(
                `${base}-samples.csv`,
                samplesCsv(fit, fit.n, fit.seed, named),
                "text/csv",
              )}
          >
            Download {fit.n.toLocaleString("en-US")} samples of the fit (CSV)
          </button>
        )}
      </div>
    </article>
  );
}
