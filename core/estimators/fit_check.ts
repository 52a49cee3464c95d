/**
 * What a fit request may add to a fit besides the estimate: a model check
 * with a rank analysis from its refits, and a rank-k version of the fit.
 * `fitSamples` runs them when the prepared request asks.
 *
 * This module is browser compatible.
 * @module
 */
import { modelCheck } from "../check/model_check.ts";
import type { FittedModel } from "../check/parametric_refits.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { createPrng, deriveSeed } from "../random/prng.ts";
import { rankAnalysis } from "../rank/rank_analysis.ts";
import { rankKFit } from "../rank/rank_k_fit.ts";
import type { PreparedFit } from "./prepare.ts";
import type { FitResult } from "./types.ts";
import { rethrowStop } from "../stop/stop_check.ts";

/**
 * Most rows a model check uses. A larger data set is checked on a seeded
 * subsample of this many rows, fitted on its own (see `withModelCheck`), so
 * a check costs at most `replicates` fits of this many rows.
 */
export const MAX_CHECK_ROWS = 5000;

/** The rows a check of n rows uses: n, at most `MAX_CHECK_ROWS`. */
export function checkedRows(n: number): number {
  return Math.min(n, MAX_CHECK_ROWS);
}

/** Stream of `deriveSeed(seed, ·)` that picks the subsample (past the check's). */
const SUBSAMPLE_STREAM = 1_000_001;

/**
 * The fit each replicate of the check repeats: the request's method, options
 * and seed, without bootstrap and without the method's own standard errors
 * (an option named `standardErrors`, when the method has one), which the
 * check does not read.
 */
export function checkRefit(fit: PreparedFit): (x: Matrix) => FittedModel {
  const { estimator, seed } = fit;
  const options = estimator.options.some((o) => o.name === "standardErrors")
    ? { ...fit.options, standardErrors: false }
    : fit.options;
  return (x) => estimator.fit(x, { seed, options });
}

/**
 * Adds the model check the request asks for (`fit.modelCheck`), the rank
 * analysis its refits give, and their warnings; `result` unchanged when no
 * check is asked for.
 *
 * The check is `modelCheck` with refits by `checkRefit(fit)`, seed
 * `fit.seed`, the request's replicates and level, and the result's column
 * names. With more than `MAX_CHECK_ROWS` rows it checks a seeded subsample
 * of that many rows (drawn uniformly without replacement, kept in file
 * order) against a fit of the subsample, which is still calibrated but has
 * the power of the subsample. Flagged columns and pairs, and problems of
 * the check itself, are added to the result's warnings (prefixed "Model
 * check: ").
 *
 * The rank analysis (`rankAnalysis` of Sigma_hat) takes the check's refits
 * as replicates. After a subsample their spread around the subsample's fit
 * is that of m rows; it is scaled by √(m / n) and centred on Sigma_hat,
 * since the error of Sigma_hat shrinks like 1/√n.
 *
 * A hidden-layer fit (`hidden`) describes h, not the data's columns, so it
 * is not checked; a warning says so.
 *
 * Cost: `fit.modelCheck.replicates` fits of min(n, 5000) rows, plus the check's
 * statistics (see `modelCheck`) and one rank analysis.
 *
 * @param x the data the result was fitted to, shape (n, d).
 * @param result the fit of `x` with `fit`.
 * @param fit the prepared request.
 * @returns the result with `check`, `rank` and the check's warnings.
 * @throws {RangeError} as `modelCheck` does.
 */
export function withModelCheck(
  x: Matrix,
  result: FitResult,
  fit: PreparedFit,
): FitResult {
  const settings = fit.modelCheck;
  if (settings === null) return result;
  if (result.hidden !== undefined) {
    return {
      ...result,
      warnings: [
        ...result.warnings,
        "The model check was not run: this fit describes a hidden layer h (x = A h), not the data's columns",
      ],
    };
  }
  const refit = checkRefit(fit);
  const n = x.rows;
  const m = checkedRows(n);
  const data = m < n ? seededRows(x, m, fit.seed) : x;
  const warnings = [...result.warnings];
  let checked: FittedModel = result;
  if (m < n) {
    warnings.push(
      `The model check used a seeded subsample of ${m} of the ${n} rows with its own fit, to bound its cost: it has the power of ${m} rows`,
    );
    try {
      checked = refit(data);
    } catch (e) {
      rethrowStop(e);
      const why = e instanceof Error ? e.message : String(e);
      warnings.push(
        `The model check was not run: the fit of its subsample failed (${why})`,
      );
      return { ...result, warnings };
    }
  }
  const { refits = [], ...report } = modelCheck(data, checked, {
    refit,
    replicates: settings.replicates,
    level: settings.level,
    seed: fit.seed,
    columns: result.columns,
    keepRefits: true,
  });
  const scale = Math.sqrt(m / n);
  const replicates = refits.map((r) =>
    centred(result.sigma, r.sigma, checked.sigma, scale)
  );
  for (const w of report.warnings) warnings.push(`Model check: ${w}`);
  return {
    ...result,
    warnings,
    check: { ...report, dataRows: n },
    rank: rankAnalysis(result.sigma, { replicates }),
  };
}

/**
 * Adds the rank-k version of the fit (`rankKFit` without b, which is the
 * fit's own).
 *
 * @throws {RangeError} for k outside [1, d].
 */
export function withRankK(result: FitResult, k: number): FitResult {
  const { b: _b, ...rankK } = rankKFit(result, k);
  return { ...result, rankK };
}

/** `center + scale · (replicate − around)`, entrywise. */
function centred(
  center: Matrix,
  replicate: Matrix,
  around: Matrix,
  scale: number,
): Matrix {
  if (scale === 1 && center === around) return replicate;
  const data = new Float64Array(center.data.length);
  for (let e = 0; e < data.length; e++) {
    data[e] = center.data[e] + scale * (replicate.data[e] - around.data[e]);
  }
  return { rows: center.rows, cols: center.cols, data };
}

/**
 * m distinct rows of `x` drawn uniformly (a partial Fisher–Yates shuffle of
 * the row numbers, seeded by stream `SUBSAMPLE_STREAM` of `seed`), in the
 * order they have in `x`.
 */
function seededRows(x: Matrix, m: number, seed: number): Matrix {
  const { rows: n, cols: d, data } = x;
  const prng = createPrng(deriveSeed(seed, SUBSAMPLE_STREAM));
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(prng() * (n - i));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const chosen = order.subarray(0, m).sort();
  const out = new Float64Array(m * d);
  for (let i = 0; i < m; i++) {
    out.set(data.subarray(chosen[i] * d, (chosen[i] + 1) * d), i * d);
  }
  return { rows: m, cols: d, data: out };
}
