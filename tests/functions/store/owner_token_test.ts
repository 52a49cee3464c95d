import assert from "node:assert/strict";
import {
  hashOwnerToken,
  MAX_PRESENTED_TOKENS,
  newOwnerToken,
  ownerTokenMatches,
  ownerTokensFromAuthorization,
} from "../../../functions/store/owner_token.ts";

Deno.test("owner tokens are random base64url and match only their own hash", async () => {
  const a = newOwnerToken();
  const b = newOwnerToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, b);
  assert.equal(await ownerTokenMatches(a, await hashOwnerToken(a)), true);
  assert.equal(await ownerTokenMatches(b, await hashOwnerToken(a)), false);
});

Deno.test("ownerTokensFromAuthorization() reads one or several bearer tokens", () => {
  const [a, b] = [newOwnerToken(), newOwnerToken()];
  assert.deepEqual(ownerTokensFromAuthorization(undefined), []);
  assert.deepEqual(ownerTokensFromAuthorization("  "), []);
  assert.deepEqual(ownerTokensFromAuthorization(`Bearer ${a}`), [a]);
  assert.deepEqual(ownerTokensFromAuthorization(`bearer ${a},${b}`), [a, b]);
  assert.deepEqual(ownerTokensFromAuthorization(`Bearer ${a}, ${b} ${a}`), [
    a,
    b,
  ]);
});

Deno.test("ownerTokensFromAuthorization() rejects other schemes, odd tokens and too many", () => {
  const a = newOwnerToken();
  assert.throws(
    () => ownerTokensFromAuthorization(`Basic ${a}`),
    /must be `Bearer/,
  );
  assert.throws(
    () => ownerTokensFromAuthorization(`Bearer ${a}, x`),
    /token 2 is not an owner token/,
  );
  assert.throws(
    () => ownerTokensFromAuthorization(`Bearer ${"a".repeat(129)}`),
    RangeError,
  );
  const many = Array.from(
    { length: MAX_PRESENTED_TOKENS + 1 },
    () => newOwnerToken(),
  );
  assert.throws(
    () => ownerTokensFromAuthorization(`Bearer ${many.join(",")}`),
    /at most 100 per request, got 101/,
  );
  assert.equal(
    ownerTokensFromAuthorization(`Bearer ${many.slice(1).join(",")}`).length,
    100,
  );
});
