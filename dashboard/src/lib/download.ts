/**
 * Fit results and run results as downloadable JSON and CSV text.
 *
 * @module
 */
import type { FitResponse, RunPoint } from "../api/types.ts";
import { fitMsOf, metricOf } from "./run_points.ts";

/** CSV of a fit: one row per coordinate with b_hat, its SE and the row of Sigma_hat. */
export function fitToCsv(fit: FitResponse): string {
  const d = fit.b.length;
  const head = ["coordinate", "b_hat", "b_se"];
  for (let j = 0; j < d; j++) head.push(`sigma_${j + 1}`);
  const lines = [head.join(",")];
  for (let i = 0; i < d; i++) {
    const se = fit.standardErrors?.b[i];
    lines.push(
      [i + 1, fit.b[i], se ?? "", ...fit.sigma[i]].join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** CSV of an experiment's points, one row per (value, method). */
export function pointsToCsv(
  points: readonly RunPoint[],
  parameter: string,
): string {
  const lines = [
    `${parameter},method,err_sigma_mean,err_sigma_std,err_b_mean,err_b_std,tv_mean,tv_std,runs,not_pd,fit_ms`,
  ];
  for (const p of points) {
    const tv = metricOf(p, "tv");
    lines.push([
      p.value,
      p.method,
      p.errSigma.mean,
      p.errSigma.std,
      p.errB.mean,
      p.errB.std,
      tv?.mean ?? "",
      tv?.std ?? "",
      p.errSigma.count,
      p.notPd ?? "",
      fitMsOf(p) ?? "",
    ].join(","));
  }
  return lines.join("\n") + "\n";
}

/** Saves `text` as a file through a temporary link. */
export function saveText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
