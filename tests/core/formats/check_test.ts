import assert from "node:assert/strict";
import { checkSamples } from "../../../core/formats/mod.ts";
import { assertSampleError } from "./_sample_error.ts";

const m = (rows: number, cols: number, values: number[]) => ({
  rows,
  cols,
  data: Float64Array.from(values),
});

Deno.test("checkSamples() returns a valid matrix unchanged", () => {
  const x = m(2, 2, [0, 1, 2.5, 0]);
  assert.equal(checkSamples(x), x);
});

Deno.test("checkSamples() names the first bad entry in row-major order", () => {
  assertSampleError(
    () => checkSamples(m(2, 3, [0, 1, 2, 3, NaN, -1])),
    "row 2, column 2 is NaN, not a finite number",
    { row: 2, column: 2 },
  );
  assertSampleError(
    () => checkSamples(m(1, 2, [Infinity, 0])),
    "row 1, column 1 is Infinity, not a finite number",
    { row: 1, column: 1 },
  );
  assertSampleError(
    () => checkSamples(m(2, 1, [1, -0.25])),
    "row 2, column 1 is -0.25, but samples of ReLU(W z + b) are never negative",
    { row: 2, column: 1 },
  );
});

Deno.test("checkSamples() counts rows from firstRow", () => {
  assertSampleError(
    () => checkSamples(m(2, 1, [1, -Infinity]), { firstRow: 5 }),
    "row 6, column 1 is -Infinity, not a finite number",
    { row: 6, column: 1 },
  );
});

Deno.test("checkSamples() words errors with the user's row and column numbers", () => {
  // Rows 2 and 3 of the file were left out; columns 3 and 1 were read.
  const rowNumber = (i: number) => [1, 4, 5][i]!;
  assertSampleError(
    () =>
      checkSamples(m(3, 2, [0, 1, 2, 3, 4, -1]), {
        rowNumber,
        columnNumbers: [3, 1],
      }),
    "row 5, column 1 is -1, but samples of ReLU(W z + b) are never negative",
    { row: 5, column: 1 },
  );
  assertSampleError(
    () => checkSamples(m(1, 0, []), { rowNumber: () => 7 }),
    "row 7 has no values",
    { row: 7 },
  );
});

Deno.test("checkSamples() accepts negatives only when allowed, never NaN", () => {
  const x = m(1, 2, [-1, 2]);
  assert.equal(checkSamples(x, { allowNegative: true }), x);
  assertSampleError(
    () => checkSamples(m(1, 2, [-1, NaN]), { allowNegative: true }),
    "row 1, column 2 is NaN, not a finite number",
    { row: 1, column: 2 },
  );
});

Deno.test("checkSamples() accepts -0 (ReLU can output it)", () => {
  assert.doesNotThrow(() => checkSamples(m(1, 1, [-0])));
});

Deno.test("checkSamples() rejects empty matrices", () => {
  assertSampleError(
    () => checkSamples(m(0, 3, [])),
    "the input has no rows of numbers",
  );
  assertSampleError(() => checkSamples(m(2, 0, [])), "row 1 has no values", {
    row: 1,
  });
});
