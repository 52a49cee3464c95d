/**
 * Owner tokens: the secret a creator gets back to delete their run. Only a
 * SHA-256 of the token is stored, so a leaked store does not leak tokens.
 *
 * @module
 */

/** A fresh random token (256 bits, base64url). */
export function newOwnerToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-")
    .replaceAll("/", "_").replace(/=+$/, "");
}

/** Hex SHA-256 of a token, as stored beside the run. */
export async function hashOwnerToken(token: string): Promise<string> {
  return toHex(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)),
  );
}

/** Whether `token` hashes to `hash`, comparing every character. */
export async function ownerTokenMatches(
  token: string,
  hash: string,
): Promise<boolean> {
  const actual = await hashOwnerToken(token);
  if (actual.length !== hash.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) {
    diff |= actual.charCodeAt(i) ^ hash.charCodeAt(i);
  }
  return diff === 0;
}

/** Lower-case hex of a digest. */
export function toHex(buffer: ArrayBuffer): string {
  return Array.from(
    new Uint8Array(buffer),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

/** Most owner tokens one request may present (`ownerTokensFromAuthorization`). */
export const MAX_PRESENTED_TOKENS = 100;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The owner tokens in an `Authorization: Bearer <t1>, <t2>, …` header
 * (commas and/or spaces between tokens), without duplicates; empty without
 * the header.
 *
 * @throws {RangeError} for another scheme, a token that is not base64url of
 *   16 to 128 characters, or more than `MAX_PRESENTED_TOKENS` tokens.
 */
export function ownerTokensFromAuthorization(
  header: string | null | undefined,
): string[] {
  if (header === undefined || header === null || header.trim() === "") {
    return [];
  }
  const match = /^\s*Bearer\s+(.*)$/is.exec(header);
  if (match === null) {
    throw new RangeError(
      "Cannot read the owner tokens: the Authorization header must be `Bearer <token>, <token>, …`",
    );
  }
  const tokens = match[1]!.split(/[\s,]+/).filter((t) => t !== "");
  if (tokens.length > MAX_PRESENTED_TOKENS) {
    throw new RangeError(
      `Cannot read the owner tokens: at most ${MAX_PRESENTED_TOKENS} per request, got ${tokens.length}`,
    );
  }
  tokens.forEach((token, i) => {
    if (!TOKEN_SHAPE.test(token)) {
      throw new RangeError(
        `Cannot read the owner tokens: token ${
          i + 1
        } is not an owner token (base64url, 16 to 128 characters)`,
      );
    }
  });
  return [...new Set(tokens)];
}
