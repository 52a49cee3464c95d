/**
 * Detail of one fit: Sigma_hat beside the true Sigma and their difference on a
 * shared colour scale, b_hat against b, metrics, diagnostics, warnings, timing
 * and downloads.
 *
 * @module
 */
import { useState } from "preact/hooks";
import type { FitOutcome } from "../models/fit_model.ts";
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
import { ColorLegend, Heatmap, sharedScale } from "./heatmap.tsx";
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

/** The detail panel of one fit outcome. */
export function FitResult(
  { outcome, index }: { outcome: FitOutcome; index: number },
) {
  const { fit } = outcome;
  const truth = comparableTruth(outcome);
  const diff = truth ? difference(fit.sigma, truth.sigma) : null;
  const repairedSigma = fit.covariance?.repaired
    ? fit.covariance.nearestPsd ?? null
    : null;
  const matrices = [fit.sigma];
  if (truth && diff) matrices.push(truth.sigma, diff);
  if (repairedSigma) matrices.push(repairedSigma);
  const scale = sharedScale(matrices);
  const errors = truthMetrics(outcome);
  const a = hiddenLayerMatrix(fit);
  const inputDim = hiddenInputDim(fit);
  const warnings = fitWarnings(outcome);
  // A is drawn as a heatmap; the rest of the diagnostics go in the table.
  const diagnostics = Object.entries(fit.diagnostics ?? {}).filter(([k]) =>
    !(a && (k === "a" || k === "A"))
  );
  const base = `fit-${fit.method}-${fit.id ?? index}`;
  const [seSource, setSeSource] = useState<SeSource | null>(null);
  const seChoice = chooseStandardErrors(fit, seSource);
  const counts = bootstrapCounts(fit);
  const se = seChoice.se;

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
        </span>
      </h3>
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
      <div class="fit-layout">
        <div class="fit-matrices">
          <div class="heatmaps">
            <Heatmap
              title={se
                ? `Σ̂ (estimate, with ${seChoice.source} SE)`
                : "Σ̂ (estimate)"}
              symbol="Σ̂"
              matrix={fit.sigma}
              se={se?.sigma}
              scale={scale}
              testId="heatmap-sigma-hat"
            />
            {repairedSigma && (
              <Heatmap
                title="Σ̂ repaired (nearest PSD)"
                symbol="Σ̂₊"
                matrix={repairedSigma}
                scale={scale}
              />
            )}
            {truth && (
              <Heatmap
                title="Σ (truth)"
                symbol="Σ"
                matrix={truth.sigma}
                scale={scale}
                testId="heatmap-sigma-truth"
              />
            )}
            {diff && (
              <Heatmap
                title="Σ̂ − Σ"
                symbol="(Σ̂ − Σ)"
                matrix={diff}
                scale={scale}
              />
            )}
          </div>
          <ColorLegend scale={scale} />
          {a && (
            <>
              <h4>A (d × m mixing matrix, anchors scaled to 1)</h4>
              <div class="heatmaps">
                <Heatmap
                  title={`A (${a.length} × ${a[0]?.length ?? 0})`}
                  symbol="A"
                  matrix={a}
                  scale={sharedScale([a])}
                  testId="heatmap-a"
                />
              </div>
              <ColorLegend scale={sharedScale([a])} />
            </>
          )}
        </div>
        <div class="fit-bias">
          <h4>Bias</h4>
          <BiasChart bHat={fit.b} b={truth?.b} se={se?.b} />
        </div>
      </div>
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
          csv={() => fitToCsv(fit)}
        />
      </div>
    </article>
  );
}
