/**
 * Which standard errors a fit's error bars and readouts use. A fit may carry
 * the method's own (analytic) standard errors, bootstrap ones, or both: with
 * `bootstrap > 0` the API puts bootstrap errors in `standardErrors` when the
 * method has none of its own (`diagnostics.standardErrorsFrom: "bootstrap"`),
 * and beside them in `bootstrapStandardErrors` when it has.
 *
 * @module
 */
import type { FitResponse, StandardErrors } from "../api/types.ts";

/** Where a set of standard errors comes from. */
export type SeSource = "analytic" | "bootstrap";

/** The standard errors to draw, and what else the user could pick. */
export interface SeChoice {
  /** The source in use, or null when the fit has no standard errors. */
  readonly source: SeSource | null;
  readonly se: StandardErrors | null;
  /** Every source the fit has, analytic first. */
  readonly available: readonly SeSource[];
}

/** Replicates asked for and refits that failed, when a bootstrap ran. */
export interface BootstrapCounts {
  readonly replicates: number;
  readonly failed: number;
}

/** Where `fit.standardErrors` comes from (analytic unless the API says not). */
function mainSource(fit: FitResponse): SeSource {
  return fit.diagnostics?.standardErrorsFrom === "bootstrap"
    ? "bootstrap"
    : "analytic";
}

/** The fit's standard errors by source. */
function bySource(fit: FitResponse): Map<SeSource, StandardErrors> {
  const out = new Map<SeSource, StandardErrors>();
  if (fit.standardErrors) out.set(mainSource(fit), fit.standardErrors);
  if (fit.bootstrapStandardErrors && !out.has("bootstrap")) {
    out.set("bootstrap", fit.bootstrapStandardErrors);
  }
  return out;
}

/**
 * The standard errors to show: those of `preferred` when the fit has them,
 * else the fit's main ones (`standardErrors`), else none.
 */
export function chooseStandardErrors(
  fit: FitResponse,
  preferred: SeSource | null = null,
): SeChoice {
  const all = bySource(fit);
  const available = (["analytic", "bootstrap"] as const).filter((s) =>
    all.has(s)
  );
  const source = preferred !== null && all.has(preferred)
    ? preferred
    : fit.standardErrors
    ? mainSource(fit)
    : available[0] ?? null;
  return { source, se: source ? all.get(source) ?? null : null, available };
}

/** `diagnostics.bootstrapReplicates` / `bootstrapFailed`, when present. */
export function bootstrapCounts(fit: FitResponse): BootstrapCounts | null {
  const replicates = fit.diagnostics?.bootstrapReplicates;
  if (typeof replicates !== "number") return null;
  const failed = fit.diagnostics?.bootstrapFailed;
  return { replicates, failed: typeof failed === "number" ? failed : 0 };
}

/**
 * One sentence on the error bars in use, e.g. "Error bars: ±1.96 bootstrap
 * SE (10 replicates, 1 failed)".
 */
export function describeSeChoice(
  choice: SeChoice,
  counts: BootstrapCounts | null,
): string {
  if (choice.source === null) {
    return counts
      ? `No standard errors (bootstrap: ${describeCounts(counts)})`
      : "No standard errors";
  }
  const tail = choice.source === "bootstrap" && counts
    ? ` (${describeCounts(counts)})`
    : choice.source === "analytic" && counts
    ? ` (bootstrap also ran: ${describeCounts(counts)})`
    : "";
  return `Error bars: ±1.96 ${choice.source} SE${tail}`;
}

function describeCounts({ replicates, failed }: BootstrapCounts): string {
  return `${replicates} replicate${
    replicates === 1 ? "" : "s"
  }, ${failed} failed`;
}
