/**
 * Reading request bodies: JSON against a zod schema, and `POST /api/fit` in
 * two steps: its head (format, raw body, the request prepared by core's
 * `prepareFit`) where the request arrives, and its samples (CSV, JSON or
 * NPY) where the work is done, e.g. in a worker.
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
  type SampleFormat,
  type SampleTable,
  type SampleTableOptions,
} from "../../core/formats/mod.ts";
import { FitJsonBody, type FitTruth } from "../../contract/fit.ts";
import { checkTruthDimension } from "../routes/fit_truth.ts";
import { bodyBytes } from "./body.ts";
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
  const text = new TextDecoder().decode(await bodyBytes(c));
  try {
    const value = JSON.parse(text);
    parsedBodies.set(c.req.raw, value);
    return value;
  } catch (e) {
    throw malformedJson(e);
  }
}

/** The 400 answer to a body that is not JSON. */
function malformedJson(e: unknown): ApiError {
  return new ApiError(
    400,
    "malformed_json",
    `The body is not valid JSON (${e instanceof Error ? e.message : e})`,
  );
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

/** The media types `POST /api/fit` reads, by the sample format they carry. */
const FIT_FORMATS: Readonly<Record<string, SampleFormat>> = {
  "application/json": "json",
  "text/csv": "csv",
  "application/csv": "csv",
  "application/x-npy": "npy",
  "application/octet-stream": "npy",
};

/**
 * What the server reads of a fit request before any samples are parsed: the
 * format, the raw body, the request prepared (method, seed, bootstrap,
 * options, check, rank) and how to read the samples. For JSON, the body is
 * parsed (it is small, see `MAX_JSON_BODY_BYTES`) and `json` holds it; its
 * samples and truth are checked later, where the samples are read.
 */
export interface FitHead {
  readonly format: SampleFormat;
  readonly body: Uint8Array<ArrayBuffer>;
  readonly fit: PreparedFit;
  /**
   * How to read the samples: columns, missing values, index column (query
   * parameters for CSV and NPY; a JSON body's own fields, also read again
   * with its samples).
   */
  readonly reading: SampleTableOptions;
  /** A JSON body, parsed but not yet validated. */
  readonly json?: Readonly<Record<string, unknown>>;
}

/**
 * Reads the head of `POST /api/fit`: JSON `{"samples", "columnNames"?,
 * "columns"?, "na"?, "index"?, "method"?, "seed"?, "bootstrap"?, "check"?,
 * "checkReplicates"?, "checkLevel"?, "rank"?, "options"?, "truth"?}`, or
 * CSV/NPY samples with the same fields (but `columnNames` and `truth`) as
 * query parameters, every other parameter an option (text, which
 * `prepareFit` reads by each option's kind). The request is prepared before
 * anything else, so a bad request costs no parsing.
 *
 * @param registry where the method is looked up.
 * @throws {ApiError} 415 for another media type or an octet-stream body
 *   without the NPY magic, 400 for malformed JSON, 422 for a bad method,
 *   seed, bootstrap count, check setting, rank, reading setting or option.
 */
export async function readFitHead(
  c: Context,
  registry: EstimatorRegistry,
): Promise<FitHead> {
  const type = mediaType(c);
  const format = FIT_FORMATS[type];
  if (format === undefined) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      `Cannot read samples sent as ${
        type || "no content type"
      }; use text/csv, application/json or application/x-npy`,
    );
  }
  if (format === "json") {
    const value = await readJson(c);
    const fields = validate(FitRequestFields, value);
    return {
      format,
      body: await bodyBytes(c),
      fit: prepareOrAnswer(fields, registry),
      reading: tableOptions(fields),
      json: value as Record<string, unknown>,
    };
  }
  const query = c.req.query();
  const options: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!RESERVED_OPTION_NAMES.includes(name)) options[name] = value;
  }
  const fit = prepareOrAnswer({ ...query, options }, registry);
  const reading = tableOptions(query as TableFields);
  const body = await bodyBytes(c);
  if (format === "npy" && !hasNpyMagic(body)) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      "The body is not an NPY file (no \\x93NUMPY magic); send text/csv, application/json or application/x-npy",
    );
  }
  return { format, body, fit, reading };
}

/**
 * The request fields of a JSON fit body, checked apart from its samples:
 * the fit's settings and how to read the samples.
 */
const FitRequestFields = FitJsonBody.omit({ samples: true, truth: true });

/** The samples of a fit request, read. */
export interface FitInput {
  /** The samples as read: chosen columns, rows with missing values left out. */
  readonly table: SampleTable;
  /** A known truth (JSON bodies only), validated, of the samples' d. */
  readonly truth?: z.output<typeof FitTruth>;
}

/**
 * Reads the samples of a fit body (see `FitHead`), and for JSON its truth:
 * when every column is read as sent, the truth's d is compared with the
 * samples' before the truth is validated, so a truth of the wrong size costs
 * nothing (its checks take d² k).
 *
 * @param format the body's format.
 * @param body the raw body.
 * @param reading how to read CSV or NPY samples (a JSON body has its own).
 * @throws {ColumnSelectionError} for a column selection that does not fit
 *   the data, {SampleFormatError} for unreadable samples (422 with row and
 *   column), {ApiError} 422 for a JSON body that fails its schema or a truth
 *   of another d, 400 for malformed JSON.
 */
export function parseFitBody(
  format: SampleFormat,
  body: Uint8Array,
  reading: SampleTableOptions = {},
): FitInput {
  if (format !== "json") {
    return { table: parseSampleTable(body, format, reading) };
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(body));
  } catch (e) {
    throw malformedJson(e);
  }
  const d = truthWidth(value);
  const rawTruth = (value as { truth?: unknown } | null)?.truth;
  if (d !== undefined) checkTruthDimension(rawTruth, d);
  const parsed = validate(FitJsonBody, value);
  const samples = parsed.columnNames === undefined
    ? { samples: parsed.samples }
    : { samples: parsed.samples, columns: parsed.columnNames };
  const table = parseJsonTable(samples, tableOptions(parsed));
  if (parsed.truth) checkTruthDimension(parsed.truth, table.matrix.cols);
  return { table, ...(parsed.truth ? { truth: parsed.truth } : {}) };
}

/**
 * The d a JSON fit body's truth must have, when known before its samples
 * are read: the width of its first row, when no reading setting (columns,
 * column names, index) may leave a column out; else undefined.
 */
export function truthWidth(value: unknown): number | undefined {
  const fields = value as Record<string, unknown> | null;
  if (
    fields?.columns !== undefined || fields?.columnNames !== undefined ||
    fields?.index !== undefined
  ) return undefined;
  return jsonSamplesShape(value)?.d;
}

/**
 * n and d of a parsed JSON fit body (rows of `samples`, length of its first
 * row), without looking at the values; undefined when `samples` is not an
 * array of arrays.
 */
export function jsonSamplesShape(
  value: unknown,
): { n: number; d: number } | undefined {
  const samples = (value as { samples?: unknown } | null)?.samples;
  if (!Array.isArray(samples) || !Array.isArray(samples[0])) return undefined;
  return { n: samples.length, d: samples[0].length };
}

/**
 * Checks that the rank asked for fits samples of `d` columns.
 *
 * @throws {ApiError} 422 naming `rank` when it does not.
 */
export function checkFitRank(fit: PreparedFit, d: number): void {
  answeringRequestErrors(() => checkRank(fit, d));
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
export function prepareOrAnswer(
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
