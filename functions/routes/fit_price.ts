/**
 * `POST /api/fit` priced before its samples are parsed: n and d from the
 * body's first bytes (a CSV file's first record and its size or line ends,
 * an NPY file's header, a JSON body's arrays), the cost from core's model,
 * and a refusal (413/422 naming what to reduce) when the request is
 * certainly over budget. Where the shape is only bounded, the refusal uses
 * the least n the body can hold and the price the most; the worker that
 * reads the samples checks the exact shape again. A request that chooses
 * columns (or may leave an index column out) is priced with the width of
 * the file as sent, which is at least the width fitted: the price before
 * parsing is conservative, and the exact one follows the reading.
 *
 * @module
 */
import { fitCost, fitRefusal, type RequestCost } from "../../core/cost/mod.ts";
import {
  csvFirstRecord,
  csvMaxRows,
  csvRowBounds,
  npyShape,
} from "../../core/formats/shape.ts";
import { fitBudget, refuse } from "../http/cost_limits.ts";
import { ApiError } from "../http/errors.ts";
import type { PreparedFit } from "../../core/estimators/prepare.ts";
import { checkedRows } from "../../core/estimators/fit_check.ts";
import type { CheckCostOptions } from "../../core/cost/mod.ts";
import {
  type FitHead,
  jsonSamplesShape,
  truthWidth,
} from "../http/parse_body.ts";
import type { ApiLimits } from "./_context.ts";
import { checkTruthDimension } from "./fit_truth.ts";

/** Bounds on a fit body's shape, as read before parsing it. */
interface ShapeBounds {
  readonly d: number;
  /** Samples at least. */
  readonly minN: number;
  /** Samples at most. */
  readonly maxN: number;
}

/**
 * The bounds of `head`'s shape, or null when its first bytes do not say
 * (e.g. a JSON body without an array of rows): parsing will report why.
 */
function shapeBounds(head: FitHead, limits: ApiLimits): ShapeBounds | null {
  const { format, body } = head;
  if (format === "npy") {
    const { n, d } = npyShape(body);
    return { d, minN: n, maxN: n };
  }
  if (format === "json") {
    const shape = jsonSamplesShape(head.json);
    if (shape === undefined) return null;
    // Before anything reads the truth: its checks cost d² k.
    const d = truthWidth(head.json);
    if (d !== undefined) checkTruthDimension(head.json?.truth, d);
    return { d: shape.d, minN: shape.n, maxN: shape.n };
  }
  const first = csvFirstRecord(body, limits.maxFitD);
  if (first.capped) {
    throw new ApiError(
      422,
      "dimension_too_large",
      `Cannot fit: the first line has more than ${limits.maxFitD} columns, the limit of coordinates; send fewer columns`,
    );
  }
  const d = first.columns;
  if (d === 0) return null;
  return { d, minN: 0, maxN: csvMaxRows(body.length, d) };
}

/**
 * Prices `head` and refuses it when it is certainly over the limits.
 *
 * @returns the cost of the most samples the body can hold (for choosing a
 *   worker), or null when the shape cannot be read before parsing.
 * @throws {ApiError} 413/422 from `fitRefusal` (d, n · d, answer size,
 *   memory, work), or 422 for a truth of another d.
 */
export function priceFit(head: FitHead, limits: ApiLimits): RequestCost | null {
  const bounds = shapeBounds(head, limits);
  if (bounds === null) return null;
  const budget = fitBudget(limits);
  const { d } = bounds;
  const price = (n: number) =>
    fitCost({ n, d }, head.fit, {
      format: head.format,
      truth: head.json?.truth !== undefined,
      check: checkCostOf(head.fit, n),
    });
  let { minN, maxN } = bounds;
  if (
    head.format === "csv" &&
    fitRefusal({ n: maxN, d }, price(maxN), budget) !== null
  ) {
    // The byte count allows too many rows: count them, up to any too many.
    const cap = Math.floor(budget.maxEntries / d) + 1;
    const end = csvFirstRecord(head.body, limits.maxFitD).end;
    ({ min: minN, max: maxN } = csvRowBounds(head.body, end, cap));
  }
  refuse(fitRefusal({ n: minN, d }, price(minN), budget));
  return price(maxN);
}

/**
 * The model check `fit` asks for, as `fitCost` prices it for n samples:
 * each replicate refitted on at most `MAX_CHECK_ROWS` rows (see
 * `checkedRows`); undefined when no check is asked for.
 */
export function checkCostOf(
  fit: PreparedFit,
  n: number,
): CheckCostOptions | undefined {
  if (fit.modelCheck === null) return undefined;
  return {
    replicates: fit.modelCheck.replicates,
    refit: true,
    rows: checkedRows(n),
  };
}
