/**
 * Reading request bodies: JSON against a zod schema, and the samples of
 * `POST /api/fit` from CSV, JSON or NPY with the fit settings beside them.
 *
 * @module
 */
import type { Context } from "hono";
import type { z } from "@hono/zod-openapi";
import type { Matrix } from "../../core/linalg/matrix.ts";
import type { Estimator } from "../../core/estimators/types.ts";
import {
  hasNpyMagic,
  parseJsonSamples,
  parseSamples,
} from "../../core/formats/mod.ts";
import { MAX_BOOTSTRAP_REPLICATES } from "../../core/estimators/bootstrap.ts";
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
  readonly x: Matrix;
  readonly method: string | undefined;
  readonly seed: number | undefined;
  /** Bootstrap replicates (0 = none), validated as an integer in [0, 1000]. */
  readonly bootstrap: number;
  /** Raw options; values typed per the method's option specs. */
  readonly options: Record<string, unknown>;
  /** A known truth (JSON bodies only), its d not yet checked against x. */
  readonly truth?: z.output<typeof FitTruth>;
}

/**
 * Reads `POST /api/fit`: JSON `{"samples", "method"?, "seed"?, "bootstrap"?,
 * "options"?, "truth"?}`, or CSV/NPY samples with `method`, `seed`, `bootstrap` and
 * options as query parameters.
 *
 * @param findEstimator looks a method up (throws for unknown names), to type
 *   query-string options by its option specs.
 */
export async function readFitInput(
  c: Context,
  findEstimator: (name: string | undefined) => Estimator,
): Promise<FitInput> {
  const type = mediaType(c);
  if (type === "application/json") {
    const body = validate(FitJsonBody, await readJson(c));
    return {
      x: parseJsonSamples(body.samples),
      method: body.method,
      seed: body.seed,
      bootstrap: body.bootstrap ?? 0,
      options: body.options ?? {},
      ...(body.truth ? { truth: body.truth } : {}),
    };
  }
  const query = c.req.query();
  const {
    method,
    seed: seedText,
    bootstrap: bootstrapText,
    ...rawOptions
  } = query;
  const seed = seedText === undefined ? undefined : parseSeed(seedText);
  const bootstrap = bootstrapText === undefined
    ? 0
    : parseBootstrap(bootstrapText);
  const options = optionsFromQuery(findEstimator(method), rawOptions);
  if (type === "text/csv" || type === "application/csv") {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return {
      x: parseSamples(bytes, "csv"),
      method,
      seed,
      bootstrap,
      options,
    };
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
    return {
      x: parseSamples(bytes, "npy"),
      method,
      seed,
      bootstrap,
      options,
    };
  }
  throw new ApiError(
    415,
    "unsupported_media_type",
    `Cannot read samples sent as ${
      type || "no content type"
    }; use text/csv, application/json or application/x-npy`,
  );
}

function parseSeed(text: string): number {
  const seed = Number(text);
  if (text.trim() === "" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new ApiError(
      422,
      "invalid_request",
      `Cannot fit: seed must be a non-negative integer, got "${text}"`,
    );
  }
  return seed;
}

function parseBootstrap(text: string): number {
  const value = Number(text);
  if (
    text.trim() === "" || !Number.isSafeInteger(value) || value < 0 ||
    value > MAX_BOOTSTRAP_REPLICATES
  ) {
    throw new ApiError(
      422,
      "invalid_request",
      `Cannot fit: bootstrap must be an integer in [0, ${MAX_BOOTSTRAP_REPLICATES}], got "${text}"`,
    );
  }
  return value;
}

/**
 * Types query-string options by the method's option specs: numbers for
 * integer/number options, `true`/`false` for booleans. Text that is neither,
 * and names the method does not know, are passed on as strings, for
 * `resolveOptions` to reject naming the option and the value sent.
 */
export function optionsFromQuery(
  estimator: Estimator,
  raw: Record<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(raw)) {
    const spec = estimator.options.find((o) => o.name === name);
    if (spec === undefined) out[name] = text;
    else if (spec.kind === "boolean") {
      out[name] = text === "true" ? true : text === "false" ? false : text;
    } else {
      // Not a number: pass the text on, so the error quotes what was sent.
      const value = text.trim() === "" ? NaN : Number(text);
      out[name] = Number.isFinite(value) ? value : text;
    }
  }
  return out;
}
