/**
 * One error shape for every answer: `{"error": {"code", "message"}}`, and the
 * one `app.onError` that maps thrown errors onto it without stack traces.
 *
 * @module
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The JSON body of every error answer. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    /** 1-based row of bad sample data, when known. */
    readonly row?: number;
    /** 1-based column of bad sample data, when known. */
    readonly column?: number;
  };
}

/** An expected failure with its HTTP status and a stable machine code. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly where: { readonly row?: number; readonly column?: number };

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: {
      headers?: Record<string, string>;
      row?: number;
      column?: number;
    } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.headers = options.headers ?? {};
    this.where = { row: options.row, column: options.column };
  }
}

/** A JSON error response. */
export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  extra: { row?: number; column?: number } = {},
): Response {
  const error: Record<string, unknown> = { code, message };
  if (extra.row !== undefined) error.row = extra.row;
  if (extra.column !== undefined) error.column = extra.column;
  return c.json({ error }, status);
}

const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "unprocessable",
  429: "rate_limited",
};

/**
 * Maps anything thrown by a handler onto a JSON error. Core `RangeError` and
 * `TypeError` mean the caller's input cannot be used (422, with row/column
 * for sample-format problems, `invalid_columns` for a column selection that
 * does not fit the data); everything unexpected is a 500 whose message names
 * no internals.
 */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    return errorResponse(c, err.status, err.code, err.message, err.where);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = CODE_BY_STATUS[status] ?? "http_error";
    const message = err.message ||
      (status === 413 ? "The request body is too large" : `HTTP ${status}`);
    return errorResponse(c, status, code, message);
  }
  if (err.name === "SampleFormatError") {
    const { row, column } = err as Error & { row?: number; column?: number };
    return errorResponse(c, 422, "invalid_samples", err.message, {
      row,
      column,
    });
  }
  if (err.name === "ColumnSelectionError") {
    return errorResponse(c, 422, "invalid_columns", err.message);
  }
  if (err instanceof RangeError || isCoreTypeError(err)) {
    return errorResponse(c, 422, "invalid_input", err.message);
  }
  console.error("Unexpected error while answering", c.req.path, err);
  return errorResponse(
    c,
    500,
    "internal_error",
    "The server could not answer this request",
  );
}

/**
 * Core throws `TypeError("Cannot <action>: <state>")` for input of the wrong
 * shape; an engine TypeError from a bug ("Cannot read properties of
 * undefined (reading 'x')") has no colon after the action and stays a 500.
 */
function isCoreTypeError(err: Error): boolean {
  return err instanceof TypeError && /^Cannot [^:()]+: /.test(err.message);
}
