/**
 * Detail of one fit: Sigma_hat beside the true Sigma and their difference on a
 * shared colour scale, b_hat against b, metrics, diagnostics, warnings, timing
 * and downloads.
 *
 * @module
 */
import type { FitOutcome } from "../models/fit_model.ts";
import { difference, truthErrors } from "../lib/truth_metrics.ts";
import { fitToCsv, saveText } from "../lib/download.ts";
import { formatMetric, formatMs } from "../lib/format.ts";
import { ColorLegend, Heatmap, sharedScale } from "./heatmap.tsx";
import { BiasChart } from "./bias_chart.tsx";

/** Warnings from the API plus what the covariance report implies. */
export function fitWarnings(o: FitOutcome): string[] {
  const out = [...(o.fit.warnings ?? [])];
  const cov = o.fit.covariance;
  if (cov?.repaired && !out.some((w) => /PSD|positive/i.test(w))) {
    out.push("Sigma_hat was not PSD and was repaired");
  } else if (
    cov && !cov.positiveDefinite && !out.some((w) => /PSD|positive/i.test(w))
  ) {
    out.push(
      `Sigma_hat is not positive definite (smallest eigenvalue ${
        formatMetric(cov.minEigenvalue)
      })`,
    );
  }
  return out;
}

/** The detail panel of one fit outcome. */
export function FitResult(
  { outcome, index }: { outcome: FitOutcome; index: number },
) {
  const { fit, truth } = outcome;
  const diff = truth ? difference(fit.sigma, truth.sigma) : null;
  const matrices = truth && diff ? [fit.sigma, truth.sigma, diff] : [fit.sigma];
  const scale = sharedScale(matrices);
  const errors = truth
    ? truthErrors(fit.sigma, fit.b, truth.sigma, truth.b)
    : null;
  const warnings = fitWarnings(outcome);
  const diagnostics = Object.entries(fit.diagnostics ?? {});
  const base = `fit-${fit.method}-${fit.id ?? index}`;

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
      {warnings.length > 0 && (
        <ul class="warnings" aria-label="Warnings">
          {warnings.map((w) => <li key={w}>⚠ {w}</li>)}
        </ul>
      )}
      <div class="heatmaps">
        <Heatmap title="Σ̂ (estimate)" matrix={fit.sigma} scale={scale} />
        {truth && (
          <Heatmap title="Σ (truth)" matrix={truth.sigma} scale={scale} />
        )}
        {diff && <Heatmap title="Σ̂ − Σ" matrix={diff} scale={scale} />}
      </div>
      <ColorLegend scale={scale} />
      <h4>Bias</h4>
      <BiasChart bHat={fit.b} b={truth?.b} se={fit.standardErrors?.b} />
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
            <tr>
              <th scope="row">request time</th>
              <td>
                {formatMs(fit.elapsedMs)}
                {fit.cached ? " (cached result)" : ""}
              </td>
            </tr>
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
                      ? formatMetric(v)
                      : JSON.stringify(v)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div class="actions">
        <button
          type="button"
          onClick={() =>
            saveText(
              `${base}.json`,
              JSON.stringify(fit, null, 2),
              "application/json",
            )}
        >
          Download JSON
        </button>
        <button
          type="button"
          onClick={() => saveText(`${base}.csv`, fitToCsv(fit), "text/csv")}
        >
          Download CSV
        </button>
      </div>
    </article>
  );
}
