/**
 * Per-client token buckets for the write endpoints: each client may burst up
 * to `capacity` requests and regains `refillPerSecond` of them each second.
 * Beyond that it gets 429 with `Retry-After`. Clients are told apart by
 * `clientKey` (an IPv4 address, or an IPv6 /64).
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { clientKey } from "./client_key.ts";
import { ApiError } from "./errors.ts";

/** Bucket sizes; tests set them low. */
export interface RateLimitOptions {
  /** Requests a client may make at once. @default {30} */
  readonly capacity?: number;
  /** Requests regained per second. @default {1} */
  readonly refillPerSecond?: number;
  /** Milliseconds since the epoch; injected so tests control time. */
  readonly clock?: () => number;
  /**
   * Key clients by the last `X-Forwarded-For` address (the one a trusted
   * proxy appended) even when the connection's own address is known. See
   * `clientKey` for how addresses become keys (IPv6 by /64).
   * @default {false}
   */
  readonly trustForwardedFor?: boolean;
  /** Buckets kept at most; the least recently used are forgotten. @default {10000} */
  readonly maxClients?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A middleware that answers 429 when the calling client has no token left.
 *
 * @param options bucket sizes and the clock.
 * @returns the middleware; mount it on the routes to guard.
 */
export function rateLimit(options: RateLimitOptions = {}): MiddlewareHandler {
  const capacity = options.capacity ?? 30;
  const refill = options.refillPerSecond ?? 1;
  const clock = options.clock ?? Date.now;
  const maxClients = options.maxClients ?? 10_000;
  const trustForwardedFor = options.trustForwardedFor ?? false;
  const buckets = new Map<string, Bucket>();
  return async function rateLimit(c, next) {
    const client = clientKey(c, trustForwardedFor);
    const now = clock();
    const bucket = buckets.get(client) ?? { tokens: capacity, at: now };
    buckets.delete(client); // re-inserted below: Map order = recency
    bucket.tokens = Math.min(
      capacity,
      bucket.tokens + ((now - bucket.at) / 1000) * refill,
    );
    bucket.at = now;
    buckets.set(client, bucket);
    if (buckets.size > maxClients) {
      buckets.delete(buckets.keys().next().value!);
    }
    if (bucket.tokens < 1) {
      const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / refill));
      throw new ApiError(
        429,
        "rate_limited",
        `Too many requests from this client; retry in ${wait} s`,
        { headers: { "Retry-After": String(wait) } },
      );
    }
    bucket.tokens -= 1;
    await next();
  };
}
