/**
 * The cache key of a fit: everything that changes its result, hashed.
 *
 * @module
 */
import type { Matrix } from "../../core/linalg/matrix.ts";
import type { PreparedFit } from "../../core/estimators/prepare.ts";
import type { FitJsonRead } from "../../core/formats/fit_json.ts";
import type { SampleFormat } from "../../core/formats/detect.ts";
import type { SampleTableOptions } from "../../core/formats/mod.ts";
import { toHex } from "./owner_token.ts";

/**
 * Bumped whenever an estimator's numbers, or the shape of a stored answer,
 * may change for the same input, so that results cached by older code are
 * no longer found. 2: a two-layer fit's hidden layer moved from
 * `diagnostics` to `hidden`. 3: answers carry column names, reading
 * warnings and `droppedRows`, and new warnings (censored standard errors,
 * paper bootstrap, two-layer order).
 */
export const ESTIMATOR_VERSION = 3;

/** What, besides the numbers, the answer of a fit shows about its data. */
export interface FitCacheData {
  /** The name of each column of the samples. @default {["x1", …, "xd"]} */
  readonly columns?: readonly string[];
  /** What reading the samples found (rows left out, warnings), if shown. */
  readonly read?: FitJsonRead;
}

/**
 * The request's canonical header: version, method, sorted options, seed,
 * bootstrap, check settings and rank.
 */
function requestHeader(fit: PreparedFit): Record<string, unknown> {
  const sorted = Object.keys(fit.options).sort().map((k) => [
    k,
    fit.options[k],
  ]);
  return {
    version: ESTIMATOR_VERSION,
    method: fit.estimator.name,
    options: sorted,
    seed: fit.seed,
    ...(fit.bootstrap ? { bootstrap: fit.bootstrap } : {}),
    ...(fit.modelCheck === null ? {} : { check: fit.modelCheck }),
    ...(fit.rank > 0 ? { rank: fit.rank } : {}),
  };
}

/**
 * Hex SHA-256 over a canonical header (version, method, options with sorted
 * keys, seed, bootstrap replicates when > 0, check settings when a check is
 * asked for, rank k when > 0, shape, column names, and what reading the
 * samples found when given) followed by the samples as float64 bytes,
 * row-major. The samples are those fitted, after columns were chosen and
 * rows with missing values left out, so two files that read to the same
 * numbers, names and reading notes share an entry.
 * Typed arrays use the platform's byte order, little-endian on every runtime
 * the server targets.
 *
 * @param x the samples.
 * @param fit the prepared request: everything else that changes the result.
 * @param data the column names and the reading notes the answer shows.
 */
export async function fitCacheDigest(
  x: Matrix,
  fit: PreparedFit,
  data: FitCacheData = {},
): Promise<string> {
  const columns = data.columns ??
    Array.from({ length: x.cols }, (_, j) => `x${j + 1}`);
  const header = JSON.stringify({
    ...requestHeader(fit),
    shape: [x.rows, x.cols],
    columns,
    ...(data.read === undefined ? {} : {
      read: {
        droppedRows: data.read.droppedRows,
        warnings: data.read.warnings,
      },
    }),
  });
  const head = new TextEncoder().encode(header + "\n");
  const body = new Uint8Array(
    x.data.buffer,
    x.data.byteOffset,
    x.data.byteLength,
  );
  const all = new Uint8Array(head.length + body.length);
  all.set(head, 0);
  all.set(body, head.length);
  return toHex(await crypto.subtle.digest("SHA-256", all));
}

/**
 * A first-level cache key of a fit request, from its raw body before any
 * parsing: hex SHA-256 over the request's canonical header, the body's
 * format and the SHA-256 of the body's bytes. Two requests with the same key
 * have the same samples and settings, so the same `fitCacheDigest`; the
 * converse does not hold (the same numbers spelled otherwise). Hashing runs
 * off the calling thread (`crypto.subtle.digest` is asynchronous in Deno).
 *
 * @param format how the body is written.
 * @param body the raw body.
 * @param fit the prepared request (for a JSON body, read from it).
 * @param reading how the samples are read (columns, missing values, index
 *   column) when given apart from the body, as query parameters.
 */
export async function rawFitKey(
  format: SampleFormat,
  body: Uint8Array<ArrayBuffer>,
  fit: PreparedFit,
  reading: SampleTableOptions = {},
): Promise<string> {
  const bodyHash = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const { columns, na, index } = reading;
  const head = new TextEncoder().encode(
    JSON.stringify({
      ...requestHeader(fit),
      format,
      raw: true,
      reading: { columns, na, index },
    }) + "\n",
  );
  const all = new Uint8Array(head.length + bodyHash.length);
  all.set(head, 0);
  all.set(bodyHash, head.length);
  return toHex(await crypto.subtle.digest("SHA-256", all));
}

/** A stored data set as its fit reads it. */
export interface DatasetFitData {
  /** The name of each column. */
  readonly columns: readonly string[];
  /** Its chunks in merge order: rows and the SHA-256 of each body as sent. */
  readonly chunks: readonly {
    readonly rows: number;
    readonly bodySha256: string;
  }[];
}

/**
 * The cache key of a fit of a stored data set: hex SHA-256 over the
 * request's canonical header, the column names and each chunk's row count
 * and body checksum in merge order. The same chunks stored in the same order
 * (in any data set) fit to the same result, so they share an entry; another
 * chunk, or the same chunks merged in another order, do not.
 */
export async function datasetFitDigest(
  fit: PreparedFit,
  data: DatasetFitData,
): Promise<string> {
  const text = JSON.stringify({
    ...requestHeader(fit),
    dataset: true,
    columns: data.columns,
    chunks: data.chunks.map((c) => [c.rows, c.bodySha256]),
  });
  return toHex(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
  );
}
