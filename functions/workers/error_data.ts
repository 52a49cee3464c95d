/**
 * Errors as data, so that a worker can send the error a job threw and the
 * server can throw an equal one: same class, message, HTTP status and
 * sample row/column, and so the same API answer as without a worker.
 *
 * Only errors that describe the caller's input travel with their message:
 * `ApiError` (with status, code and headers), `SampleFormatError` (with row
 * and column), `RangeError` and `TypeError`, and `StoppedError` (a job
 * stopped on request, not a failure). Anything else is logged where
 * it happened and sent as a plain `Error` with a generic message, which the
 * API answers with a 500 that names no internals.
 *
 * ```ts
 * import { errorFromData, errorToData } from "./error_data.ts";
 * const data = structuredClone(errorToData(new RangeError("Cannot fit: k < 1"), "Cannot fit"));
 * const again = errorFromData(data);
 * console.log(again instanceof RangeError, again.message); // true "Cannot fit: k < 1"
 * ```
 *
 * @module
 */
import { SampleFormatError } from "../../core/formats/errors.ts";
import { StoppedError } from "../../core/stop/mod.ts";
import { ApiError } from "../http/errors.ts";

/** Where in the samples an error is, 1-based, when known. */
interface Where {
  readonly row?: number;
  readonly column?: number;
}

/** A thrown error as structured-clonable data. */
export type ErrorData =
  | ({
    readonly kind: "ApiError";
    readonly message: string;
    readonly status: ApiError["status"];
    readonly code: string;
    readonly headers: Readonly<Record<string, string>>;
  } & Where)
  | ({ readonly kind: "SampleFormatError"; readonly message: string } & Where)
  | { readonly kind: "StoppedError"; readonly message: string }
  | {
    readonly kind: "RangeError" | "TypeError" | "Error";
    readonly message: string;
    /** A subclass's name (e.g. "ColumnSelectionError"), which answers use. */
    readonly name?: string;
  };

/** Only the properties of `where` that are set. */
function whereOf(where: Where): Where {
  return {
    ...(where.row !== undefined ? { row: where.row } : {}),
    ...(where.column !== undefined ? { column: where.column } : {}),
  };
}

/**
 * `e` as data. An error that is not the caller's fault is logged here (with
 * its stack) and becomes a plain `Error` whose message is `unexpected`.
 */
export function errorToData(e: unknown, unexpected: string): ErrorData {
  if (e instanceof ApiError) {
    return {
      kind: "ApiError",
      message: e.message,
      status: e.status,
      code: e.code,
      headers: { ...e.headers },
      ...whereOf(e.where),
    };
  }
  if (e instanceof SampleFormatError) {
    return { kind: "SampleFormatError", message: e.message, ...whereOf(e) };
  }
  if (e instanceof RangeError) {
    return { kind: "RangeError", message: e.message, name: e.name };
  }
  if (e instanceof StoppedError) {
    return { kind: "StoppedError", message: e.message };
  }
  if (e instanceof TypeError) return { kind: "TypeError", message: e.message };
  console.error(unexpected, e);
  return { kind: "Error", message: unexpected };
}

/** An error of the class, message and details that `data` describes. */
export function errorFromData(data: ErrorData): Error {
  switch (data.kind) {
    case "ApiError":
      return new ApiError(data.status, data.code, data.message, {
        headers: { ...data.headers },
        ...whereOf(data),
      });
    case "SampleFormatError": {
      const e = new SampleFormatError("", whereOf(data));
      e.message = data.message;
      return e;
    }
    case "RangeError": {
      const e = new RangeError(data.message);
      if (data.name !== undefined) e.name = data.name;
      return e;
    }
    case "TypeError":
      return new TypeError(data.message);
    case "StoppedError":
      return new StoppedError(data.message);
    default:
      return new Error(data.message);
  }
}
