import assert from "node:assert/strict";
import { SampleFormatError } from "../../../core/formats/errors.ts";
import { ApiError } from "../../../functions/http/errors.ts";
import {
  errorFromData,
  errorToData,
} from "../../../functions/workers/error_data.ts";
import { STOPPED_MESSAGE, StoppedError } from "../../../core/stop/mod.ts";

const UNEXPECTED = "Cannot test: it failed unexpectedly";

/** `e` sent through a structured clone, as a worker's message is. */
function roundTrip(e: unknown): Error {
  return errorFromData(structuredClone(errorToData(e, UNEXPECTED)));
}

Deno.test("SampleFormatError comes back with its message, row and column", () => {
  const original = new SampleFormatError("row 3 is bad", { row: 3, column: 2 });
  const rebuilt = roundTrip(original) as SampleFormatError;
  assert.equal(rebuilt.constructor, SampleFormatError);
  assert.equal(rebuilt.name, "SampleFormatError");
  assert.equal(rebuilt.message, original.message);
  assert.equal(rebuilt.row, 3);
  assert.equal(rebuilt.column, 2);
  const nowhere = roundTrip(
    new SampleFormatError("no rows"),
  ) as SampleFormatError;
  assert.equal(nowhere.message, "Cannot read samples: no rows");
  assert.equal(nowhere.row, undefined);
  assert.equal(nowhere.column, undefined);
});

Deno.test("ApiError comes back with its status, code, headers and place", () => {
  const original = new ApiError(429, "rate_limited", "Too many requests", {
    headers: { "retry-after": "3" },
    row: 4,
  });
  const rebuilt = roundTrip(original) as ApiError;
  assert.equal(rebuilt.constructor, ApiError);
  assert.equal(rebuilt.message, "Too many requests");
  assert.equal(rebuilt.status, 429);
  assert.equal(rebuilt.code, "rate_limited");
  assert.deepEqual(rebuilt.headers, { "retry-after": "3" });
  assert.deepEqual(rebuilt.where, { row: 4, column: undefined });
});

Deno.test("RangeError and TypeError keep their class and message", () => {
  const range = roundTrip(new RangeError("Cannot fit: k must be ≥ 1"));
  assert.equal(range.constructor, RangeError);
  assert.equal(range.message, "Cannot fit: k must be ≥ 1");
  const type = roundTrip(new TypeError("Cannot fit: seed is not a number"));
  assert.equal(type.constructor, TypeError);
  assert.equal(type.message, "Cannot fit: seed is not a number");
});

Deno.test("StoppedError comes back as one, not logged as unexpected", () => {
  const stopped = roundTrip(new StoppedError());
  assert.ok(stopped instanceof StoppedError);
  assert.equal(stopped.message, STOPPED_MESSAGE);
});

Deno.test("any other error is logged and comes back generic", () => {
  const logged: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args);
  try {
    const secret = new Error("secret detail");
    const engine = roundTrip(secret);
    assert.equal(engine.constructor, Error);
    assert.equal(engine.message, UNEXPECTED);
    const thrownString = roundTrip("a string");
    assert.equal(thrownString.constructor, Error);
    assert.equal(thrownString.message, UNEXPECTED);
    assert.deepEqual(logged, [[UNEXPECTED, secret], [UNEXPECTED, "a string"]]);
  } finally {
    console.error = original;
  }
});
