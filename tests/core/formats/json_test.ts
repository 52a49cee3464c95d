import assert from "node:assert/strict";
import { parseJsonSamples, parseJsonText } from "../../../core/formats/mod.ts";
import { assertSampleError } from "./_sample_error.ts";

Deno.test("parseJsonSamples() reads an array of rows", () => {
  const m = parseJsonSamples([[0, 1.5], [2, 0], [3, 4]]);
  assert.deepEqual([m.rows, m.cols], [3, 2]);
  assert.deepEqual(m.data, Float64Array.of(0, 1.5, 2, 0, 3, 4));
});

Deno.test('parseJsonSamples() reads {"samples": rows}', () => {
  const m = parseJsonSamples({ samples: [[1], [2]] });
  assert.deepEqual([m.rows, m.cols], [2, 1]);
});

Deno.test("parseJsonSamples() rejects values that are not rows of numbers", () => {
  assertSampleError(
    () => parseJsonSamples({ x: [[1]] }),
    'expected an array of rows (or {"samples": [...]}), got an object',
  );
  assertSampleError(
    () => parseJsonSamples("1,2"),
    'expected an array of rows (or {"samples": [...]}), got "1,2"',
  );
  assertSampleError(
    () => parseJsonSamples([]),
    "the input has no rows of numbers",
  );
  assertSampleError(
    () => parseJsonSamples([1, 2]),
    "row 1 is 1, not an array of numbers",
    { row: 1 },
  );
  assertSampleError(
    () => parseJsonSamples([[1, 2], { a: 1 }]),
    "row 2 is an object, not an array of numbers",
    { row: 2 },
  );
  assertSampleError(() => parseJsonSamples([[]]), "row 1 has no values", {
    row: 1,
  });
});

Deno.test("parseJsonSamples() names the row and column of a bad value", () => {
  assertSampleError(
    () => parseJsonSamples([[1, 2], [3, 4], [5]]),
    "row 3 has 1 values, expected 2 as in row 1",
    { row: 3, column: 2 },
  );
  assertSampleError(
    () => parseJsonSamples([[1, 2], [3, "4"]]),
    'row 2, column 2 is "4", not a number',
    { row: 2, column: 2 },
  );
  assertSampleError(
    () => parseJsonSamples([[null, 2]]),
    "row 1, column 1 is null, not a number",
    { row: 1, column: 1 },
  );
  assertSampleError(
    () => parseJsonSamples([[1, 2], [3, NaN]]),
    "row 2, column 2 is NaN, not a finite number",
    { row: 2, column: 2 },
  );
  assertSampleError(
    () => parseJsonSamples([[1, 2], [-3, 0]]),
    "row 2, column 1 is -3, but samples of ReLU(W z + b) are never negative",
    { row: 2, column: 1 },
  );
});

Deno.test("parseJsonSamples() accepts negatives when allowed", () => {
  const m = parseJsonSamples([[-1, 2]], { allowNegative: true });
  assert.deepEqual(m.data, Float64Array.of(-1, 2));
});

Deno.test("parseJsonText() parses text, with a BOM", () => {
  const m = parseJsonText('\uFEFF {"samples": [[1, 2]]}');
  assert.deepEqual(m.data, Float64Array.of(1, 2));
});

Deno.test("parseJsonText() reports malformed JSON and overflow", () => {
  assert.throws(() => parseJsonText("[[1, 2]"), {
    name: "SampleFormatError",
    message: /^Cannot read samples: the JSON is malformed \(.+\)$/,
  });
  // JSON has no NaN, but 1e999 parses to Infinity.
  assertSampleError(
    () => parseJsonText("[[1e999]]"),
    "row 1, column 1 is Infinity, not a finite number",
    { row: 1, column: 1 },
  );
});
