/**
 * Number formatting shared by every view (and by the browser tests, which
 * compare what the page shows with what the API returned).
 *
 * @module
 */

/** A metric value with 3 significant digits; "–" when absent or not finite. */
export function formatMetric(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 1e4 || abs < 1e-3) return x.toExponential(2);
  return x.toPrecision(3);
}

/** "mean ± std" of a summary. */
export function formatMeanStd(
  s: { mean: number | null; std: number | null } | null | undefined,
): string {
  if (!s || s.mean === null || !Number.isFinite(s.mean)) return "–";
  return `${formatMetric(s.mean)} ± ${formatMetric(s.std)}`;
}

/** A parameter value such as n = 20000 → "20,000". */
export function formatValue(x: number): string {
  return Number.isInteger(x) ? x.toLocaleString("en-US") : String(x);
}

/** Milliseconds as "12 ms" or "3.4 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  return ms < 1000
    ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms`
    : `${(ms / 1000).toFixed(2)} s`;
}

/** A matrix entry for value tables. */
export function formatEntry(x: number): string {
  if (!Number.isFinite(x)) return "–";
  const text = x.toFixed(3);
  return text === "-0.000" ? "0.000" : text;
}
