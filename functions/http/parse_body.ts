/**
 * Reading request bodies: JSON against a zod schema, and the samples of
 * `POST /api/fit` from CSV, JSON or NPY with the fit request beside them,
 * prepared by core's `prepareFit`.
 *
 * @module
 */
import type { Context } from "hono";
import type { z } from "@hono/zod-openapi";
import {
  checkRank,
  type EstimatorRegistry,
  type FitRequest,
  FitRequestError,
  type FitRequestField,
  type PreparedFit,
  prepareFit,
  RESERVED_OPTION_NAMES,
} from "../../core/estimators/mod.ts";
import {
  hasNpyMagic,
  parseJsonTable,
  parseSampleTable,
  type SampleTable,
  type SampleTableOptions,
} from "../../core/formats/mod.ts";
import { FitJsonBody, type FitTruth } from "../../contract/fit.ts";
import { ApiError } from "./errors.ts";

/** The media type of a request, lower case, without parameters. */
export function mediaType(c: Context): string {
  return (c.req.header("content-type") ?? "").split(";")[0]!.trim()
    .toLowerCase();
}

/** Bodies already parsed, so a route's gate and its handler parse once. */
const parsedBodies = new WeakMap<Request, unknown>();

/**
 * Parses the body as JSON: 415 unless the content type is JSON, 400 if
 * malformed. A second call for the same request answers the first parse.
 */
export async function readJson(c: Context): Promise<unknown> {
  if (parsedBodies.has(c.req.raw)) return parsedBodies.get(c.req.raw);
  const type = mediaType(c);
  if (type !== "application/json" && !type.endsWith("+json")) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      `Expected Content-Type application/json, got ${type || "none"}`,
    );
  }
  const text = await c.req.text();
  try {
    const value = JSON.parse(text);
    parsedBodies.set(c.req.raw, value);
    return value;
  } catch (e) {
    throw new ApiError(
      400,
      "malformed_json",
      `The body is not valid JSON (${e instanceof Error ? e.message : e})`,
    );
  }
}

/** Validates `value` against `schema`, answering 422 naming the first bad field. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidRequest(result.error);
}

/** The 422 answer to input that fails its schema, naming the first bad field. */
export function invalidRequest(error: z.ZodError): ApiError {
  const issue = error.issues[0]!;
  const path = issue.path.length > 0
    ? `"${issue.path.map(String).join(".")}"`
    : "the body";
  return new ApiError(
    422,
    "invalid_request",
    `Cannot accept the request: ${path}: ${issue.message}`,
  );
}

/** A fit request as read from any body format. */
export interface FitInput {
  /** The samples as read: chosen columns, rows with missing values left out. */
  readonly table: SampleTable;
  /** Method, seed, bootstrap count, options, check and rank, validated. */
  readonly fit: PreparedFit;
  /** A known truth (JSON bodies only), its d not yet checked against x. */
  readonly truth?: z.output<typeof FitTruth>;
}

/**
 * Reads `POST /api/fit`: JSON `{"samples", "columnNames"?, "columns"?,
 * "na"?, "index"?, "method"?, "seed"?, "bootstrap"?, "check"?,
 * "checkReplicates"?, "checkLevel"?, "rank"?, "options"?, "truth"?}`, or
 * CSV/NPY samples with the same fields (but `columnNames` and `truth`) as
 * query parameters, every other parameter an option (text, which
 * `prepareFit` reads by each option's kind). The request is prepared before
 * the samples are parsed, so a bad request costs no parsing.
 *
 * @param registry where the method is looked up.
 * @throws {ColumnSelectionError} for a column selection that does not fit
 *   the data, {SampleFormatError} for bad samples.
 */
export async function readFitInput(
  c: Context,
  registry: EstimatorRegistry,
): Promise<FitInput> {
  const type = mediaType(c);
  if (type === "application/json") {
    const body = validate(FitJsonBody, await readJson(c));
    const fit = prepareOrAnswer(body, registry);
    const samples = body.columnNames === undefined
      ? { samples: body.samples }
      : { samples: body.samples, columns: body.columnNames };
    return withTable(parseJsonTable(samples, tableOptions(body)), fit, {
      ...(body.truth ? { truth: body.truth } : {}),
    });
  }
  const query = c.req.query();
  const options: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!RESERVED_OPTION_NAMES.includes(name)) options[name] = value;
  }
  const fit = prepareOrAnswer({ ...query, options }, registry);
  const reading = tableOptions(query as TableFields);
  if (type === "text/csv" || type === "application/csv") {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return withTable(parseSampleTable(bytes, "csv", reading), fit);
  }
  if (type === "application/x-npy" || type === "application/octet-stream") {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (!hasNpyMagic(bytes)) {
      throw new ApiError(
        415,
        "unsupported_media_type",
        "The body is not an NPY file (no \\x93NUMPY magic); send text/csv, application/json or application/x-npy",
      );
    }
    return withTable(parseSampleTable(bytes, "npy", reading), fit);
  }
  throw new ApiError(
    415,
    "unsupported_media_type",
    `Cannot read samples sent as ${
      type || "no content type"
    }; use text/csv, application/json or application/x-npy`,
  );
}

/** The input, once the rank asked for is known to fit the table's columns. */
function withTable(
  table: SampleTable,
  fit: PreparedFit,
  rest: Pick<FitInput, "truth"> = {},
): FitInput {
  answeringRequestErrors(() => checkRank(fit, table.matrix.cols));
  return { table, fit, ...rest };
}

/** The reading fields of a request, as the query or JSON body has them. */
interface TableFields {
  readonly columns?: string | readonly (string | number)[];
  readonly na?: SampleTableOptions["na"];
  readonly index?: SampleTableOptions["index"];
}

/** How to read the samples (numbers in a column list become their text). */
function tableOptions(fields: TableFields): SampleTableOptions {
  const { columns, na, index } = fields;
  return {
    columns: typeof columns === "object" ? columns.map(String) : columns,
    na,
    index,
  };
}

/** The error code of a request that `prepareFit` rejects, by field. */
const FIT_REQUEST_CODES: Readonly<Record<FitRequestField, string>> = {
  method: "unknown_method",
  seed: "invalid_request",
  bootstrap: "invalid_request",
  check: "invalid_request",
  rank: "invalid_request",
  options: "invalid_input",
};

/**
 * `prepareFit` on the request's fit fields, its rejection answered with 422
 * and the field's code.
 */
function prepareOrAnswer(
  request: FitRequest,
  registry: EstimatorRegistry,
): PreparedFit {
  const { method, seed, bootstrap, check, checkReplicates, checkLevel, rank } =
    request;
  return answeringRequestErrors(() =>
    prepareFit({
      method,
      seed,
      bootstrap,
      check,
      checkReplicates,
      checkLevel,
      rank,
      options: request.options,
    }, registry)
  );
}

/** `fn()`, a `FitRequestError` answered with 422 and its field's code. */
function answeringRequestErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FitRequestError) {
      throw new ApiError(422, FIT_REQUEST_CODES[e.field], e.message);
    }
    throw e;
  }
}
