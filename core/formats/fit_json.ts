/**
 * A fit result as a plain JSON-safe object, shared by the CLI and the HTTP
 * API so both print the same shape.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import { toRows } from "../linalg/matrix.ts";
import type { CoordinateDiagnostics, FitResult } from "../estimators/types.ts";

/** What reading the samples found, to show beside the fit. */
export interface FitJsonRead {
  /** Rows left out because of a missing value. */
  readonly droppedRows: number;
  /** What was done to the data without being asked (see `SampleTable`). */
  readonly warnings: readonly string[];
}

/** What a caller adds to a fit's JSON. */
export interface FitJsonContext {
  /** Wall-clock time of the fit, in milliseconds. */
  readonly elapsedMs?: number;
  /**
   * What reading the samples found: `droppedRows` is added and the reading
   * warnings come before the fit's.
   */
  readonly read?: FitJsonRead;
}

/**
 * JSON shape of a fit. Keys appear in this order; any further fields of the
 * `FitResult` (e.g. `standardErrors`, `check`) come after `warnings`,
 * converted the same way, then `droppedRows` when the reading is given, and
 * `elapsedMs` comes last.
 */
export interface FitJson {
  readonly method: string;
  readonly n: number;
  readonly d: number;
  /** The name of each coordinate, in the order of b and sigma. */
  readonly columns: string[];
  readonly seed: number;
  /** Every option of the method, defaults filled in. */
  readonly options: Readonly<Record<string, number | boolean>>;
  /** Estimate of b, length d. */
  readonly b: number[];
  /** Estimate of W Wᵀ, d rows of d numbers. */
  readonly sigma: number[][];
  readonly coordinates: CoordinateDiagnostics[];
  readonly diagnostics: Record<string, unknown>;
  readonly warnings: string[];
  readonly standardErrors?: {
    readonly b: number[];
    readonly sigma: number[][];
  };
  /** The hidden layer a two-layer fit describes (`a` as rows). */
  readonly hidden?: {
    readonly inputDim: number;
    readonly anchors: number[];
    readonly a: number[][];
    readonly scaleConvention: string;
    readonly inner: string;
  };
  /** The model check (see `FitCheck`). */
  readonly check?: Record<string, unknown>;
  /** The spectrum of Sigma_hat and the suggested k (see `RankAnalysis`). */
  readonly rank?: {
    readonly eigenvalues: number[];
    readonly suggested: number;
    readonly [more: string]: unknown;
  };
  /** The rank-k version of the fit, W_hat and Sigma_k as rows. */
  readonly rankK?: {
    readonly k: number;
    readonly w: number[][];
    readonly sigma: number[][];
    readonly eigenvalues: number[];
    readonly relativeError: number;
  };
  /** Rows left out for a missing value (with the reading context). */
  readonly droppedRows?: number;
  readonly elapsedMs?: number;
  readonly [extra: string]: unknown;
}

function isMatrix(value: object): value is Matrix {
  const m = value as Partial<Matrix>;
  return typeof m.rows === "number" && typeof m.cols === "number" &&
    ArrayBuffer.isView(m.data) && Object.keys(value).length === 3;
}

/**
 * Turns typed arrays into plain arrays and `Matrix` objects ({rows, cols,
 * data}) into arrays of rows, recursively; other values are copied as is.
 *
 * @param value any value built from plain objects, arrays, typed arrays and
 *   matrices.
 * @returns a value `JSON.stringify` writes without loss of structure.
 */
export function toJsonSafe(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value)) {
    return value instanceof DataView
      ? []
      : Array.from(value as unknown as ArrayLike<number>);
  }
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (isMatrix(value)) return toRows(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = toJsonSafe(v);
  return out;
}

/** Keys that always come first, in this order. */
const LEADING = [
  "method",
  "n",
  "d",
  "columns",
  "seed",
  "options",
  "b",
  "sigma",
  "coordinates",
  "diagnostics",
  "warnings",
] as const;

/**
 * A fit result as a JSON-safe object (see `FitJson` for the shape): `b` and
 * `sigma` become plain arrays, matrices arrays of rows; what reading the
 * samples found and `elapsedMs` are added from `context` when given.
 *
 * @param result what `fitSamples` returned.
 * @param context what reading the samples found, and the time of the fit.
 * @returns an object ready for `JSON.stringify`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitResultToJson } from "./fit_json.ts";
 * const json = fitResultToJson({
 *   method: "demo", n: 10, d: 1, columns: ["rain"], b: new Float64Array([0.5]),
 *   sigma: { rows: 1, cols: 1, data: new Float64Array([2]) },
 *   coordinates: [{ positives: 7, zeros: 3 }], diagnostics: {}, warnings: [],
 *   seed: 0, options: {},
 * });
 * assert.deepEqual(json.sigma, [[2]]);
 * assert.deepEqual(json.b, [0.5]);
 * ```
 */
export function fitResultToJson(
  result: FitResult,
  context: FitJsonContext = {},
): FitJson {
  const source = result as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of LEADING) out[key] = toJsonSafe(source[key]);
  for (const [key, v] of Object.entries(source)) {
    if (!(key in out) && v !== undefined) out[key] = toJsonSafe(v);
  }
  const { read } = context;
  if (read !== undefined) {
    out.warnings = [...read.warnings, ...(out.warnings as string[])];
    out.droppedRows = read.droppedRows;
  }
  if (context.elapsedMs !== undefined) out.elapsedMs = context.elapsedMs;
  return out as FitJson;
}
