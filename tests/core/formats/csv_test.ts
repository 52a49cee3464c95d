import assert from "node:assert/strict";
import {
  parseCsv,
  writeCsv,
  writeCsvPieces,
} from "../../../core/formats/mod.ts";
import { createPrng } from "../../../core/random/mod.ts";
import { assertSampleError, randomSamples } from "./_sample_error.ts";

Deno.test("parseCsv() reads a header, CRLF and trailing blank lines", () => {
  const m = parseCsv("x1,x2\r\n0,1.5\r\n2,0\r\n\r\n  \n");
  assert.equal(m.rows, 2);
  assert.equal(m.cols, 2);
  assert.deepEqual(m.data, Float64Array.of(0, 1.5, 2, 0));
});

Deno.test("parseCsv() reads files without a header or final newline", () => {
  const m = parseCsv("1,2,3\n4,5e-3,.5");
  assert.deepEqual([m.rows, m.cols], [2, 3]);
  assert.deepEqual(m.data, Float64Array.of(1, 2, 3, 4, 0.005, 0.5));
});

Deno.test("parseCsv() allows spaces, tabs, quotes, a BOM and CR line ends", () => {
  const m = parseCsv('\uFEFF"a", "b"\r 1 ,\t"2"\r+3,4E2\r');
  assert.deepEqual(m.data, Float64Array.of(1, 2, 3, 400));
  assert.equal(m.rows, 2);
});

Deno.test("parseCsv() reads one column", () => {
  const m = parseCsv("x\n1\n2\n3\n");
  assert.deepEqual([m.rows, m.cols], [3, 1]);
});

Deno.test("parseCsv() rejects input without data", () => {
  for (const text of ["", "\n\n  \r\n", "x1,x2\n", "x1,x2\n\n"]) {
    assertSampleError(() => parseCsv(text), "the input has no rows of numbers");
  }
});

Deno.test("parseCsv() counts rows as lines of the file", async (t) => {
  await t.step("ragged rows, header counted", () => {
    assertSampleError(
      () => parseCsv("a,b\n1,2\n3,4\n5\n"),
      "row 4 has 1 values, expected 2 as in row 1",
      { row: 4, column: 2 },
    );
    assertSampleError(
      () => parseCsv("1,2\n3,4,5\n"),
      "row 2 has 3 values, expected 2 as in row 1",
      { row: 2, column: 3 },
    );
  });
  await t.step("a non-number", () => {
    assertSampleError(
      () => parseCsv("a,b\n1,2\n3,abc\n"),
      'row 3, column 2 is "abc", not a number',
      { row: 3, column: 2 },
    );
  });
  await t.step("leading blank lines still count", () => {
    assertSampleError(
      () => parseCsv("\n\n1,2\n3,x\n"),
      'row 4, column 2 is "x", not a number',
      { row: 4, column: 2 },
    );
  });
  await t.step("an empty field", () => {
    assertSampleError(
      () => parseCsv("1,2\n,2\n"),
      "row 2, column 1 is empty, not a number",
      { row: 2, column: 1 },
    );
  });
  await t.step("a blank line between data lines", () => {
    assertSampleError(() => parseCsv("1,2\n\n3,4\n"), "row 2 is blank", {
      row: 2,
    });
  });
  await t.step("NaN and infinities are read, then rejected", () => {
    assertSampleError(
      () => parseCsv("x,y\n1,2\n3,NaN\n"),
      "row 3, column 2 is NaN, not a finite number",
      { row: 3, column: 2 },
    );
    assertSampleError(
      () => parseCsv("1,inf\n"),
      "row 1, column 2 is Infinity, not a finite number",
      { row: 1, column: 2 },
    );
    assertSampleError(
      () => parseCsv("1,2\n-Infinity,2\n"),
      "row 2, column 1 is -Infinity, not a finite number",
      { row: 2, column: 1 },
    );
    assertSampleError(
      () => parseCsv("1,1e999\n"),
      "row 1, column 2 is Infinity, not a finite number",
      { row: 1, column: 2 },
    );
  });
  await t.step("a negative value", () => {
    assertSampleError(
      () => parseCsv("h1,h2\n0,1\n2,-0.5\n"),
      "row 3, column 2 is -0.5, but samples of ReLU(W z + b) are never negative",
      { row: 3, column: 2 },
    );
  });
});

Deno.test("parseCsv() accepts negatives when allowed", () => {
  assert.deepEqual(
    parseCsv("-1,2\n", { allowNegative: true }).data,
    Float64Array.of(-1, 2),
  );
});

Deno.test("parseCsv() reads only decimal numbers", () => {
  for (const bad of ["0x10", "1_000", "1,5e", "1.2.3", "Infinityx"]) {
    const field = bad.split(",").at(-1)!;
    const cols = bad.split(",").length;
    assertSampleError(
      () => parseCsv(`${"1,".repeat(cols - 1)}1\n${bad}\n`),
      `row 2, column ${cols} is ${JSON.stringify(field)}, not a number`,
      { row: 2, column: cols },
    );
  }
});

Deno.test("parseCsv() reports a bad first data line instead of taking it as a header", () => {
  assertSampleError(
    () => parseCsv("1,abc\n2,3\n"),
    'row 1, column 2 is "abc", not a number; if it is not a coordinate (e.g. dates or labels), leave it out with columns "-2"',
    { row: 1, column: 2 },
  );
});

Deno.test("parseCsv() hints at the separator for tab- or semicolon-separated files", () => {
  assertSampleError(
    () => parseCsv("1\t2\n3\t4\n"),
    'row 1, column 1 is "1\\t2", not a number; separate values with commas',
    { row: 1, column: 1 },
  );
  assertSampleError(
    () => parseCsv("a\tb\n1\t2\n"),
    'row 2, column 1 is "1\\t2", not a number; separate values with commas',
    { row: 2, column: 1 },
  );
  assertSampleError(
    () => parseCsv("1;2\n"),
    'row 1, column 1 is "1;2", not a number; separate values with commas',
    { row: 1, column: 1 },
  );
});

Deno.test("writeCsv() writes shortest round-trip numbers and a header", () => {
  const m = { rows: 2, cols: 2, data: Float64Array.of(0, 0.1, 3, 1e-7) };
  assert.equal(writeCsv(m), "0,0.1\n3,1e-7\n");
  assert.equal(writeCsv(m, ["x1", "x2"]), "x1,x2\n0,0.1\n3,1e-7\n");
  assert.equal(writeCsv({ rows: 0, cols: 2, data: new Float64Array() }), "");
});

Deno.test("writeCsv() rejects headers that would not read back", () => {
  const m = { rows: 1, cols: 2, data: Float64Array.of(1, 2) };
  assert.throws(() => writeCsv(m, ["a"]), {
    name: "RangeError",
    message: "Cannot write CSV: the header has 1 names for 2 columns",
  });
  assert.throws(() => writeCsv(m, ["a,b", "c"]), RangeError);
  assert.throws(() => writeCsv(m, ["1", "2"]), {
    name: "RangeError",
    message:
      "Cannot write CSV: every column name is a number, so the header would read as data",
  });
});

Deno.test("writeCsv() then parseCsv() gives back the same doubles", () => {
  const prng = createPrng(20190901);
  for (let trial = 0; trial < 40; trial++) {
    const rows = 1 + Math.floor(prng() * 30);
    const cols = 1 + Math.floor(prng() * 8);
    const m = randomSamples(prng, rows, cols);
    if (trial === 0) m.data[0] = -0; // the sign of zero survives too
    if (trial === 1) m.data[0] = Number.MIN_VALUE;
    if (trial === 2) m.data[0] = Number.MAX_VALUE;
    const header = trial % 2 === 0
      ? undefined
      : Array.from({ length: cols }, (_, j) => `x${j + 1}`);
    const back = parseCsv(writeCsv(m, header));
    assert.deepEqual([back.rows, back.cols], [rows, cols]);
    assert.deepEqual(back.data, m.data, `trial ${trial}`);
    if (trial === 0) assert.ok(Object.is(back.data[0], -0));
  }
});

Deno.test("writeCsvPieces() joined is writeCsv(), whatever the piece size; a bad header throws before any piece", () => {
  const m = randomSamples(createPrng(4), 7, 3);
  for (const header of [undefined, ["a", "b", "c"]]) {
    for (const size of [1, 2, 3, 7, 100]) {
      const pieces = [...writeCsvPieces(m, header, size)];
      assert.equal(pieces.join(""), writeCsv(m, header));
      assert.equal(pieces.length, Math.ceil(7 / size) + (header ? 1 : 0));
      assert.ok(pieces.every((p) => p.endsWith("\n")));
    }
  }
  assert.throws(() => writeCsvPieces(m, ["a", "b"]), /2 names for 3 columns/);
  assert.deepEqual([
    ...writeCsvPieces({ rows: 0, cols: 0, data: new Float64Array() }),
  ], []);
});
