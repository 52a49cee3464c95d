/**
 * How the Fit view's samples go to the server, by their size: within the
 * server's default limits in one request, else as a data set in chunks.
 *
 * @module
 */

/**
 * The server's default limits (see `functions/config.ts`): a JSON body
 * (`MAX_JSON_BODY_BYTES`), a CSV or NPY body (`MAX_BODY_BYTES`) and the
 * entries n · d of one fit (`MAX_FIT_ENTRIES`). Beyond them, samples go up
 * as a data set; a server with lower limits answers 413, and the samples
 * then go up as a data set too.
 */
export const SERVER_LIMITS = {
  jsonBodyBytes: 2 * 1024 * 1024,
  bodyBytes: 32 * 1024 * 1024,
  fitEntries: 4_000_000,
} as const;
/** Characters of one number in JSON at most, with its comma. */
const JSON_NUMBER_BYTES = 25;
/** Bytes of an NPY header at most (a 2-D float64 array, see `writeNpy`). */
export const NPY_HEADER_BYTES = 128;

/**
 * How samples go to the server: as JSON rows, which carry the truth (so
 * the server answers metrics and stores the truth with the run); as NPY
 * bytes; a file as it is (the server reads its columns and names); or, when
 * one request cannot hold them, as a data set uploaded in chunks.
 */
export type SendRoute = "json" | "npy" | "file" | "dataset";

/**
 * The route of `n` x `d` samples drawn here (`fileBytes` absent) or read
 * from a file of `fileBytes` bytes, under `SERVER_LIMITS`.
 */
export function sendRoute(n: number, d: number, fileBytes?: number): SendRoute {
  const entries = n * d;
  if (entries > SERVER_LIMITS.fitEntries) return "dataset";
  if (fileBytes !== undefined) {
    return fileBytes <= SERVER_LIMITS.bodyBytes ? "file" : "dataset";
  }
  const json = (entries + d * d + d) * JSON_NUMBER_BYTES + 4096;
  if (json <= SERVER_LIMITS.jsonBodyBytes) return "json";
  return 8 * entries + NPY_HEADER_BYTES <= SERVER_LIMITS.bodyBytes
    ? "npy"
    : "dataset";
}
