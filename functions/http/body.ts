/**
 * Request bodies read once, within a limit that depends on the request
 * (e.g. a small one for JSON, a larger one for CSV samples), before any
 * route parses them.
 *
 * A `Content-Length` over the limit is refused at once, without reading. A
 * body without one (chunked) is counted while it streams in and cut off as
 * soon as it passes the limit: the stream is cancelled, so the rest is never
 * buffered. Hono's `bodyLimit` makes the same two checks (its source reads
 * `Content-Length` and counts a streamed body); this one also cancels the
 * stream it gives up on and keeps the bytes, so a route can hash them
 * before deciding to parse.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "./errors.ts";

/** The bytes of each request's body, once read. */
const bodies = new WeakMap<Request, Uint8Array<ArrayBuffer>>();

/** How large a body may be, and what to say when it is larger. */
export interface BodyLimit {
  readonly maxBytes: number;
  /** What the caller can do instead, ending the 413 message. */
  readonly advice: string;
}

/** The 413 answer to a body over `limit`. */
function tooLarge(limit: BodyLimit): ApiError {
  return new ApiError(
    413,
    "payload_too_large",
    `The request body exceeds the limit of ${limit.maxBytes} bytes; ${limit.advice}`,
  );
}

/**
 * Reads at most `limit.maxBytes` bytes of `request`'s body.
 *
 * @returns the whole body; an empty array when there is none.
 * @throws {ApiError} 413 `payload_too_large` from `Content-Length` before
 *   reading, or as soon as a streamed body passes the limit (the stream is
 *   cancelled).
 */
export async function readBodyBytes(
  request: Request,
  limit: BodyLimit,
): Promise<Uint8Array<ArrayBuffer>> {
  const body = request.body;
  if (body === null) return new Uint8Array(0);
  const declared = request.headers.has("transfer-encoding")
    ? NaN
    : Number(request.headers.get("content-length") ?? NaN);
  if (declared > limit.maxBytes) {
    await body.cancel().catch(() => {});
    throw tooLarge(limit);
  }
  const reader = body.getReader();
  let buffer = new Uint8Array(
    Number.isSafeInteger(declared) && declared >= 0 ? declared : 64 * 1024,
  );
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.length > limit.maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    if (size + value.length > buffer.length) {
      const grown = new Uint8Array(
        Math.min(
          limit.maxBytes,
          Math.max(size + value.length, 2 * buffer.length),
        ),
      );
      grown.set(buffer.subarray(0, size));
      buffer = grown;
    }
    buffer.set(value, size);
    size += value.length;
  }
  return size === buffer.length ? buffer : buffer.slice(0, size);
}

/**
 * Middleware that reads the body of every request that has one, within the
 * limit `limitOf(c)` chooses, before the route runs. The route reads the
 * bytes with `bodyBytes(c)`, or as usual (e.g. `c.req.json()`): they are
 * Hono's cached body, so nothing reads or copies the request again.
 */
export function readBody(
  limitOf: (c: Context) => BodyLimit,
): MiddlewareHandler {
  return async function readBody(c, next) {
    if (c.req.raw.body !== null) {
      const bytes = await readBodyBytes(c.req.raw, limitOf(c));
      // Hono keeps promises of the body here (its type says values), and
      // answers json(), text() and arrayBuffer() from the first one cached.
      (c.req.bodyCache as Record<string, unknown>).arrayBuffer = Promise
        .resolve(bytes.buffer);
      bodies.set(c.req.raw, bytes);
    }
    await next();
  };
}

/**
 * The body `readBody` read for this request, or (without that middleware)
 * the body read now, unlimited.
 */
export async function bodyBytes(c: Context): Promise<Uint8Array<ArrayBuffer>> {
  const read = bodies.get(c.req.raw);
  if (read !== undefined) return read;
  return new Uint8Array(await c.req.arrayBuffer());
}
