/**
 * What every route declaration shares: the sub-app that validates requests
 * against a route's schemas and answers failures like the rest of the API,
 * the gate on a route's body media types, and the documented answers.
 *
 * @module
 */
import { OpenAPIHono, type z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { BlankEnv } from "hono/types";
import { ErrorBody } from "../../contract/common.ts";
import { ApiError } from "../http/errors.ts";
import { invalidRequest, mediaType, readJson } from "../http/parse_body.ts";

/** An app whose routes are declared with `createRoute`. */
export type RouteApp = OpenAPIHono<BlankEnv>;

/**
 * An app for `createRoute` declarations. A request that fails a route's
 * schema (body, query or path) is answered 422 `invalid_request` naming the
 * first bad field, as `validate` answers.
 */
export function routeApp(): RouteApp {
  return new OpenAPIHono<BlankEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidRequest(result.error);
    },
  });
}

function isJson(type: string): boolean {
  return type === "application/json" || type.endsWith("+json");
}

function oneOf(types: readonly string[]): string {
  return types.length === 1
    ? types[0]!
    : `${types.slice(0, -1).join(", ")} or ${types.at(-1)}`;
}

/**
 * Route middleware: 415 unless the body's media type is one of `types` (the
 * route's declared ones), and 400 `malformed_json` for a JSON body that does
 * not parse. It runs before the route's validators, so these answers keep
 * the API's error codes.
 */
export function acceptBody(types: readonly string[]): MiddlewareHandler {
  return async function acceptBody(c, next) {
    const type = mediaType(c);
    const json = isJson(type) && types.includes("application/json");
    if (!json && !types.includes(type)) {
      throw new ApiError(
        415,
        "unsupported_media_type",
        `Expected Content-Type ${oneOf(types)}, got ${type || "none"}`,
      );
    }
    if (json) await readJson(c);
    await next();
  };
}

/** A JSON answer with its schema. */
export function jsonAnswer<S extends z.ZodType>(
  schema: S,
  description: string,
) {
  return { description, content: { "application/json": { schema } } };
}

const ERROR_DESCRIPTIONS = {
  400: "Malformed JSON body, or a required header missing",
  401: "No owner token (Authorization: Bearer <ownerToken>)",
  403: "Missing or wrong owner token",
  404: "Unknown id",
  409:
    "A request with the same Idempotency-Key is still being processed; see Retry-After",
  413: "Body or result too large",
  415: "Unsupported content type",
  422: "Invalid input (names the field, row or column)",
  429: "Rate limited; see Retry-After",
  503: "Busy: every worker is taken and the queue is full; see Retry-After",
  504: "The request ran longer than the limit and was stopped",
} as const;

/** The documented error answers of a route, all `{"error": {code, message}}`. */
export function errorAnswers<S extends keyof typeof ERROR_DESCRIPTIONS>(
  ...statuses: S[]
): Record<S, ReturnType<typeof jsonAnswer<typeof ErrorBody>>> {
  const out = {} as Record<S, ReturnType<typeof jsonAnswer<typeof ErrorBody>>>;
  for (const s of statuses) {
    out[s] = jsonAnswer(ErrorBody, ERROR_DESCRIPTIONS[s]);
  }
  return out;
}
