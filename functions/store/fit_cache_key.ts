/**
 * The cache key of a fit: everything that changes its result, hashed.
 *
 * @module
 */
import type { Matrix } from "../../core/linalg/matrix.ts";
import type { PreparedFit } from "../../core/estimators/prepare.ts";
import type { SampleFormat } from "../../core/formats/detect.ts";
import { toHex } from "./owner_token.ts";

/**
 * Bumped whenever an estimator's numbers, or the shape of a stored answer,
 * may change for the same input, so that results cached by older code are
 * no longer found. 2: a two-layer fit's hidden layer moved from
 * `diagnostics` to `hidden`.
 */
export const ESTIMATOR_VERSION = 2;

/** The request's canonical header: version, method, sorted options, seed, bootstrap. */
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
  };
}

/**
 * Hex SHA-256 over a canonical header (version, method, options with sorted
 * keys, seed, bootstrap replicates when > 0, shape) followed by the samples
 * as float64 bytes, row-major. A fit without bootstrap hashes as it did
 * before `bootstrap` existed.
 * Typed arrays use the platform's byte order, little-endian on every runtime
 * the server targets.
 *
 * @param x the samples.
 * @param fit the prepared request: everything else that changes the result.
 */
export async function fitCacheDigest(
  x: Matrix,
  fit: PreparedFit,
): Promise<string> {
  const header = JSON.stringify({
    ...requestHeader(fit),
    shape: [x.rows, x.cols],
  });
  const head = new TextEncoder().encode(header + "\n");
  const { data } = x;
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
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
 */
export async function rawFitKey(
  format: SampleFormat,
  body: Uint8Array<ArrayBuffer>,
  fit: PreparedFit,
): Promise<string> {
  const bodyHash = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const head = new TextEncoder().encode(
    JSON.stringify({ ...requestHeader(fit), format, raw: true }) + "\n",
  );
  const all = new Uint8Array(head.length + bodyHash.length);
  all.set(head, 0);
  all.set(bodyHash, head.length);
  return toHex(await crypto.subtle.digest("SHA-256", all));
}
