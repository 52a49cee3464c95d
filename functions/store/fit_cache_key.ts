/**
 * The cache key of a fit: everything that changes its result, hashed.
 *
 * @module
 */
import type { Matrix } from "../../core/linalg/matrix.ts";
import type { ResolvedOptions } from "../../core/estimators/types.ts";
import { toHex } from "./owner_token.ts";

/**
 * Bumped whenever an estimator's numbers may change for the same input, so
 * that results cached by older code are no longer found.
 */
export const ESTIMATOR_VERSION = 1;

/** What determines a fit's result. */
export interface FitCacheInput {
  readonly x: Matrix;
  readonly method: string;
  /** Options after `resolveOptions`: every option present, defaults filled. */
  readonly options: ResolvedOptions;
  readonly seed: number;
  /** Bootstrap replicates; 0 or absent: none. */
  readonly bootstrap?: number;
}

/**
 * Hex SHA-256 over a canonical header (version, method, options with sorted
 * keys, seed, bootstrap replicates when > 0, shape) followed by the samples
 * as float64 bytes, row-major. A fit without bootstrap hashes as it did
 * before `bootstrap` existed, so those cache entries stay valid.
 * Typed arrays use the platform's byte order, little-endian on every runtime
 * the server targets.
 */
export async function fitCacheDigest(input: FitCacheInput): Promise<string> {
  const sorted = Object.keys(input.options).sort().map((k) => [
    k,
    input.options[k],
  ]);
  const header = JSON.stringify({
    version: ESTIMATOR_VERSION,
    method: input.method,
    options: sorted,
    seed: input.seed,
    ...(input.bootstrap ? { bootstrap: input.bootstrap } : {}),
    shape: [input.x.rows, input.x.cols],
  });
  const head = new TextEncoder().encode(header + "\n");
  const { data } = input.x;
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const all = new Uint8Array(head.length + body.length);
  all.set(head, 0);
  all.set(body, head.length);
  return toHex(await crypto.subtle.digest("SHA-256", all));
}
