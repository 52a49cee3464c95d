/**
 * The frame every per-coordinate method shares: check the shape, read the
 * column statistics, fit the marginals (set-up), and report Sigma with the
 * marginals' diagnostics and warnings (result).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { type ColumnStats, columnStats } from "../kernels/column_stats.ts";
import {
  checkShape,
  type ColumnSummary,
  fitMarginals,
  type MarginalFit,
  type Marginals,
} from "./_censored_marginal.ts";
import type { EstimatorResult } from "./types.ts";

/** What a per-coordinate method knows once its marginals are fitted. */
export interface MarginalSetup {
  readonly n: number;
  readonly d: number;
  readonly stats: ColumnStats;
  readonly marginals: Marginals;
}

/**
 * Checks `x`, reads its column statistics and fits every column with
 * `fitOne`. Cost: O(n d) plus the marginal solves.
 *
 * @throws {RangeError} for n < 2, d < 1, or a negative or non-finite entry.
 */
export function setUpMarginals(
  method: string,
  x: Matrix,
  fitOne: (column: ColumnSummary) => MarginalFit,
): MarginalSetup {
  const { rows: n, cols: d } = x;
  checkShape(method, n, d);
  const stats = columnStats(x, { action: `fit with method "${method}"` });
  return { n, d, stats, marginals: fitMarginals(stats, fitOne) };
}

/**
 * The marginals' warnings, plus one saying why `clampedPairs` pairs (if any)
 * had their correlations clamped to ±1.
 */
export function pairWarnings(
  marginals: Marginals,
  clampedPairs: number,
  why: string,
): string[] {
  const warnings = [...marginals.warnings];
  if (clampedPairs > 0) {
    warnings.push(
      `${clampedPairs} pair(s) ${why}: their correlations were clamped to ±1 (within 1e-9)`,
    );
  }
  return warnings;
}

/** What a per-coordinate method adds to its set-up to make a result. */
export interface MarginalResultParts {
  readonly b: Float64Array;
  /** Sigma's entries, row-major d x d. */
  readonly sigma: Float64Array;
  readonly diagnostics: EstimatorResult["diagnostics"];
  readonly warnings: string[];
  readonly standardErrors?: EstimatorResult["standardErrors"];
}

/**
 * The fit result of a per-coordinate method (no standard errors key if
 * none). With standard errors, the warning about coordinates with few
 * positive values points to them.
 */
export function marginalFitResult(
  method: string,
  setup: MarginalSetup,
  parts: MarginalResultParts,
): EstimatorResult {
  const { n, d, marginals } = setup;
  const { standardErrors } = parts;
  const few = marginals.fewPositives;
  const warnings = standardErrors && few !== undefined
    ? parts.warnings.map((w) => w === few ? `${w}; see the standard errors` : w)
    : parts.warnings;
  return {
    method,
    n,
    d,
    b: parts.b,
    sigma: { rows: d, cols: d, data: parts.sigma },
    coordinates: marginals.coordinates,
    diagnostics: parts.diagnostics,
    warnings,
    ...(standardErrors ? { standardErrors } : {}),
  };
}
