/**
 * Fit results and run results as downloadable JSON and CSV text.
 *
 * @module
 */
import type { FitResponse, RunPoint } from "../api/types.ts";
import { fitMsOf, metricOf } from "./run_points.ts";

/** A CSV cell, quoted when it has a comma, quote or line break (RFC 4180). */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) || text.trim() !== text
    ? `"${text.replaceAll('"', '""')}"`
    : text;
}

/**
 * CSV of a fit: one row per coordinate with its name, b_hat, its SE and the
 * row of Sigma_hat, in columns `sigma_<name>` (`sigma_<j>` without names).
 */
export function fitToCsv(
  fit: FitResponse,
  names?: readonly string[] | null,
): string {
  const d = fit.b.length;
  const named = names && names.length === d ? names : null;
  const head = ["coordinate", ...(named ? ["name"] : []), "b_hat", "b_se"];
  for (let j = 0; j < d; j++) head.push(`sigma_${named ? named[j] : j + 1}`);
  const lines = [head.map(csvCell).join(",")];
  for (let i = 0; i < d; i++) {
    const se = fit.standardErrors?.b[i];
    lines.push(
      [
        i + 1,
        ...(named ? [csvCell(named[i]!)] : []),
        fit.b[i],
        se ?? "",
        ...fit.sigma[i],
      ].join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * CSV of a matrix with named rows and columns (e.g. a rank-k fit's W: one
 * row per data column, one column per latent dimension).
 */
export function namedMatrixCsv(
  matrix: readonly (readonly number[])[],
  rowNames: readonly string[],
  colNames: readonly string[],
  corner = "",
): string {
  const lines = [[corner, ...colNames].map(csvCell).join(",")];
  matrix.forEach((row, i) =>
    lines.push([csvCell(rowNames[i] ?? String(i + 1)), ...row].join(","))
  );
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
  saveBlob(filename, new Blob([text], { type }));
}

/** Saves `blob` as a file through a temporary link. */
export function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
