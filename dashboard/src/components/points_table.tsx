/**
 * An experiment's metrics, one row per (parameter value, method).
 *
 * @module
 */
import type { RunPoint } from "../api/types.ts";
import { formatMeanStd, formatMs, formatValue } from "../lib/format.ts";
import { fitMsOf, metricOf } from "../lib/run_points.ts";

/** Props of `PointsTable`. */
export interface PointsTableProps {
  readonly points: readonly RunPoint[];
  readonly parameter: string;
  /** Prefix of `data-cell` attributes (the run id), read by the browser tests. */
  readonly runId: string;
  readonly caption?: string;
}

/** The metrics table of one run. */
export function PointsTable(
  { points, parameter, runId, caption }: PointsTableProps,
) {
  return (
    <div class="table-scroll">
      <table class="points">
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{parameter}</th>
            <th scope="col">method</th>
            <th scope="col">err Σ</th>
            <th scope="col">err b</th>
            <th scope="col">TV bound</th>
            <th scope="col">TV undefined</th>
            <th scope="col">fit time</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => {
            const cell = (m: string) => `${runId}|${p.method}|${p.value}|${m}`;
            return (
              <tr key={`${p.method}-${p.value}`}>
                <th scope="row">{formatValue(p.value)}</th>
                <td>{p.method}</td>
                <td data-cell={cell("errSigma")}>
                  {formatMeanStd(p.errSigma)}
                </td>
                <td data-cell={cell("errB")}>{formatMeanStd(p.errB)}</td>
                <td data-cell={cell("tv")}>
                  {formatMeanStd(metricOf(p, "tv"))}
                  {(metricOf(p, "tv")?.count ?? 0) > 0 &&
                    (metricOf(p, "tv")?.count ?? 0) < p.errSigma.count && (
                    <span class="muted">
                      {` (${
                        metricOf(p, "tv")?.count ?? 0
                      } of ${p.errSigma.count} fits)`}
                    </span>
                  )}
                </td>
                <td>
                  {p.notPd ?? "–"}
                  {p.errSigma.count ? ` / ${p.errSigma.count}` : ""}
                </td>
                <td>{formatMs(fitMsOf(p))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
