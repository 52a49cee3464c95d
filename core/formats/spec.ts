/**
 * The parameters of a rectified Gaussian D(W, b) as JSON, for tools that
 * draw samples: `{"W": [[…], …], "b": […]}`.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";

/** Parameters of D(W, b): x = ReLU(W z + b), z ~ N(0, I_k). */
export interface SampleSpec {
  /** Weights of shape (d, k). */
  readonly w: Matrix;
  /** Bias of length d. */
  readonly b: Float64Array;
  /** The name of each coordinate (length d), when the spec gives them. */
  readonly columns?: readonly string[];
}

function fail(problem: string): never {
  throw new RangeError(`Cannot read the spec: ${problem}`);
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.slice(0, 40));
  if (typeof value === "object") return "an object";
  return String(value);
}

/**
 * Reads `{"W": number[][], "b": number[], "columns"?: string[]}` (already
 * JSON-parsed), or a fit result carrying `b` and `rankK.w` (a rank-k fit:
 * W = its d × k factor) or else `covariance.factor` (W = the factor W_hat,
 * with W_hat W_hatᵀ = PSD Sigma_hat): W has d rows of equal length k ≥ 1, b
 * has d entries, every value finite, and `columns`, when present, names the
 * d coordinates (a fit result's column names). Indices in messages are
 * 0-based, as in the JSON arrays (`W[2][0]`, `b[1]`).
 *
 * @param value the parsed spec.
 * @returns W as a (d, k) matrix, b, and the column names if given.
 * @throws {RangeError} naming the field that is missing or wrong.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseSampleSpec } from "./spec.ts";
 * const { w, b } = parseSampleSpec({ W: [[1, 0], [0, 1]], b: [0.5, 0] });
 * assert.deepEqual([w.rows, w.cols, Array.from(b)], [2, 2, [0.5, 0]]);
 * ```
 */
export function parseSampleSpec(value: unknown): SampleSpec {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    fail(`expected an object {"W": [[...]], "b": [...]}, got ${kindOf(value)}`);
  }
  const spec = value as Record<string, unknown>;
  const fitted = spec.W === undefined ? fittedFactor(spec) : undefined;
  const rawW = fitted?.w ?? spec.W;
  const wName = fitted?.name ?? "W";
  if (!Array.isArray(rawW)) {
    fail(
      `"W" must be an array of rows (or give a fit result with "covariance.factor"), got ${
        kindOf(rawW)
      }`,
    );
  }
  const d = rawW.length;
  if (d === 0) fail(`"${wName}" has no rows`);
  const row0: unknown = rawW[0];
  if (!Array.isArray(row0) || row0.length === 0) {
    fail(
      `"${wName}[0]" must be a non-empty array of numbers, got ${kindOf(row0)}`,
    );
  }
  const k = row0.length;
  const data = new Float64Array(d * k);
  for (let i = 0; i < d; i++) {
    const row: unknown = rawW[i];
    if (!Array.isArray(row)) {
      fail(`"${wName}[${i}]" must be an array of numbers, got ${kindOf(row)}`);
    }
    if (row.length !== k) {
      fail(
        `"${wName}[${i}]" has ${row.length} entries, expected ${k} as in "${wName}[0]"`,
      );
    }
    for (let j = 0; j < k; j++) {
      const v: unknown = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        fail(
          `"${wName}[${i}][${j}]" must be a finite number, got ${kindOf(v)}`,
        );
      }
      data[i * k + j] = v;
    }
  }
  const rawB = spec.b;
  if (!Array.isArray(rawB)) {
    fail(`"b" must be an array of numbers, got ${kindOf(rawB)}`);
  }
  if (rawB.length !== d) {
    fail(`"b" has ${rawB.length} entries but "${wName}" has ${d} rows`);
  }
  const b = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const v: unknown = rawB[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      fail(`"b[${i}]" must be a finite number, got ${kindOf(v)}`);
    }
    b[i] = v;
  }
  const columns = spec.columns;
  if (columns === undefined) return { w: { rows: d, cols: k, data }, b };
  if (
    !Array.isArray(columns) || columns.length !== d ||
    !columns.every((c) => typeof c === "string")
  ) {
    fail(`"columns" must be ${d} names (strings), got ${kindOf(columns)}`);
  }
  return { w: { rows: d, cols: k, data }, b, columns: columns as string[] };
}

/**
 * W_hat of a fit result (the CLI's `fit` output or the API's fit answer) and
 * its field name: `rankK.w` of a rank-k fit, else `covariance.factor`, with
 * W_hat W_hatᵀ the PSD repair of Sigma_hat, so the fitted distribution can
 * be sampled. Undefined when `value` is no fit result.
 */
function fittedFactor(
  spec: Record<string, unknown>,
): { w: unknown; name: string } | undefined {
  const field = (outer: string, inner: string) => {
    const v = spec[outer];
    if (v === null || typeof v !== "object") return undefined;
    const w = (v as Record<string, unknown>)[inner];
    return w === undefined ? undefined : { w, name: `${outer}.${inner}` };
  };
  return field("rankK", "w") ?? field("covariance", "factor");
}
