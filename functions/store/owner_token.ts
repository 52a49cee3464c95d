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
