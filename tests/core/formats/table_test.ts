import assert from "node:assert/strict";
import {
  parseJsonTable,
  parseJsonTableText,
  parseNpyTable,
  parseSampleTable,
  type SampleFormat,
  tableFromMatrix,
  writeNpy,
} from "../../../core/formats/mod.ts";
import { assertSampleError } from "./_sample_error.ts";

const matrix = (rows: number, cols: number, values: number[]) => ({
  rows,
  cols,
  data: Float64Array.from(values),
});

Deno.test("tableFromMatrix() names columns x1 … xd and drops NaN rows", () => {
  const m = matrix(3, 2, [1, 2, NaN, 3, 4, 5]);
  const t = tableFromMatrix(m);
  assert.deepEqual(t.columns, ["x1", "x2"]);
  assert.deepEqual(t.matrix, matrix(2, 2, [1, 2, 4, 5]));
  assert.equal(t.droppedRows, 1);
  assert.deepEqual(t.warnings, [
    "left out 1 of 3 rows with a missing value in a column used: row 2 (numbered from 1 for the first sample)",
  ]);
  // The caller's matrix is left as it was.
  assert.deepEqual(Array.from(m.data), [1, 2, NaN, 3, 4, 5]);
});

Deno.test("tableFromMatrix() chooses and reorders columns by name or number", () => {
  const m = matrix(2, 3, [1, 2, 3, 4, 5, 6]);
  const t = tableFromMatrix(m, ["a", "b", "c"], { columns: "c,1" });
  assert.deepEqual(t.columns, ["c", "a"]);
  assert.deepEqual(Array.from(t.matrix.data), [3, 1, 6, 4]);
  assert.deepEqual(
    Array.from(tableFromMatrix(m, undefined, { columns: "-x2" }).matrix.data),
    [1, 3, 4, 6],
  );
});

Deno.test("tableFromMatrix() shares the data when nothing is left out", () => {
  const m = matrix(2, 2, [1, 2, 3, 4]);
  assert.equal(tableFromMatrix(m).matrix.data, m.data);
});

Deno.test("tableFromMatrix() applies the index rules to given names", () => {
  const m = matrix(3, 2, [0, 5, 1, 6, 2, 7]);
  const t = tableFromMatrix(m, ["Unnamed: 0", "v"]);
  assert.deepEqual(t.columns, ["v"]);
  assert.deepEqual(Array.from(t.matrix.data), [5, 6, 7]);
  assert.equal(t.warnings.length, 1);
  assert.throws(() => tableFromMatrix(m, ["a"]), {
    name: "RangeError",
    message: "Cannot read samples: 1 column names for 2 columns",
  });
});

Deno.test("parseNpyTable() reads NaN as missing and names columns x1 … xd", async (t) => {
  const bytes = writeNpy(matrix(4, 3, [
    0,
    1,
    2,
    NaN,
    4,
    5,
    6,
    NaN,
    8,
    9,
    10,
    11,
  ]));
  await t.step("NaN rows dropped, in place when the order allows", () => {
    const table = parseNpyTable(bytes, { columns: "-x2" });
    assert.deepEqual(table.columns, ["x1", "x3"]);
    assert.deepEqual(table.matrix, matrix(3, 2, [0, 2, 6, 8, 9, 11]));
    assert.equal(table.droppedRows, 1);
  });
  await t.step("reordered columns", () => {
    const table = parseNpyTable(bytes, { columns: "x3,x1" });
    assert.deepEqual(table.matrix, matrix(3, 2, [2, 0, 8, 6, 11, 9]));
  });
  await t.step('na: "error"', () => {
    assertSampleError(
      () => parseNpyTable(bytes, { na: "error" }),
      "row 2, column 1 is NaN, a missing value",
      { row: 2, column: 1 },
    );
  });
  await t.step("a counting first column is reported", () => {
    const table = parseNpyTable(
      writeNpy(matrix(3, 2, [1, 0.5, 2, 0.25, 3, 0])),
    );
    assert.deepEqual(table.warnings, [
      'column 1 ("x1") holds 1, 2, …, 3 in order, like a row index, yet it is fitted as a coordinate; leave it out with columns "-1" or index "drop"',
    ]);
  });
  await t.step("rows in check errors count samples, dropped ones too", () => {
    assertSampleError(
      () =>
        parseNpyTable(writeNpy(matrix(3, 2, [NaN, 1, 2, 3, 4, -5])), {
          columns: "x2",
        }),
      "row 3, column 2 is -5, but samples of ReLU(W z + b) are never negative",
      { row: 3, column: 2 },
    );
    assertSampleError(
      () => parseNpyTable(writeNpy(matrix(3, 1, [NaN, Infinity, 1]))),
      "row 2, column 1 is Infinity, not a finite number",
      { row: 2, column: 1 },
    );
  });
});

Deno.test("parseJsonTable() reads null as missing and takes names from columns", () => {
  const t = parseJsonTable({
    samples: [["2024-01-01", 1, 0], ["2024-01-02", null, 2], ["x", 3, 4]],
    columns: ["date", "u", "v"],
  }, { columns: "-date" });
  assert.deepEqual(t.columns, ["u", "v"]);
  assert.deepEqual(t.matrix, matrix(2, 2, [1, 0, 3, 4]));
  assert.deepEqual(t.warnings, [
    "left out 1 of 3 rows with a missing value in a column used: row 2 (numbered from 1 for the first sample)",
  ]);
  assert.deepEqual(parseJsonTable([[1, 2]]).columns, ["x1", "x2"]);
});

Deno.test("parseJsonTable() names the row and column of what it cannot use", () => {
  assertSampleError(
    () => parseJsonTable([[1, 2], [null, 3]], { na: "error" }),
    "row 2, column 1 is null, a missing value",
    { row: 2, column: 1 },
  );
  assertSampleError(
    () => parseJsonTable([[1, "2"], [3, 4]], { columns: "x2" }),
    'row 1, column 2 is "2", not a number',
    { row: 1, column: 2 },
  );
  assertSampleError(
    () => parseJsonTable([[1, 2], [3]], { columns: "x1" }),
    "row 2 has 1 values, expected 2 as in row 1",
    { row: 2, column: 2 },
  );
  assertSampleError(
    () => parseJsonTable({ samples: [[1, 2]], columns: ["a"] }),
    '"columns" must give one name (a string) for each of the 2 columns, got an array of length 1',
  );
  assertSampleError(
    () => parseJsonTable({ samples: [[1]], columns: "a" }),
    '"columns" must give one name (a string) for each of the 1 columns, got "a"',
  );
  assert.throws(() => parseJsonTableText("[[1, 2]"), {
    name: "SampleFormatError",
    message: /^Cannot read samples: the JSON is malformed \(.+\)$/,
  });
});

Deno.test("parseSampleTable() reads the same table from every format", () => {
  const encode = (s: string) => new TextEncoder().encode(s);
  const files: Record<SampleFormat, Uint8Array> = {
    csv: encode("x1,x2,x3\n0,1,2\nNA,4,5\n6,7,8\n"),
    json: encode("[[0, 1, 2], [null, 4, 5], [6, 7, 8]]"),
    npy: writeNpy(matrix(3, 3, [0, 1, 2, NaN, 4, 5, 6, 7, 8])),
  };
  for (const format of ["csv", "json", "npy"] as const) {
    const t = parseSampleTable(files[format], format, { columns: "x3,x1" });
    assert.deepEqual(t.columns, ["x3", "x1"], format);
    assert.deepEqual(t.matrix, matrix(2, 2, [2, 0, 8, 6]), format);
    assert.equal(t.droppedRows, 1, format);
  }
  // Rows are lines in CSV (a header counts) and samples elsewhere.
  const where = (format: SampleFormat) =>
    parseSampleTable(files[format], format).warnings[0];
  assert.match(where("csv")!, /row 3 \(numbered as lines of the file\)$/);
  assert.match(
    where("npy")!,
    /row 2 \(numbered from 1 for the first sample\)$/,
  );
  assert.throws(
    () => parseSampleTable(files.csv, "xlsx" as SampleFormat),
    {
      name: "RangeError",
      message:
        'Cannot read samples: unknown format "xlsx"; use csv, json or npy',
    },
  );
});

Deno.test("parseNpyTable() rejects a shape with no cells before naming its columns or passing over its rows", () => {
  // A 128-byte file may claim 2^53 − 1 columns or rows of nothing: naming
  // the columns ran out of memory ("Invalid array length"), and a pass over
  // the rows would not end.
  const huge = Number.MAX_SAFE_INTEGER;
  /** An NPY version 1.0 file of shape (rows, cols) and no data. */
  const empty = (rows: number, cols: number) => {
    const dict =
      `{'descr': '<f8', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
    const header = dict.padEnd(128 - 10 - 1) + "\n";
    const out = new Uint8Array(128);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(out.buffer).setUint16(8, header.length, true);
    out.set(new TextEncoder().encode(header), 10);
    return out;
  };
  for (const columns of [undefined, "-x1"]) {
    assertSampleError(
      () => parseNpyTable(empty(0, huge), { columns }),
      "the input has no rows of numbers",
    );
    assertSampleError(
      () => parseNpyTable(empty(huge, 0), { columns }),
      "row 1 has no values",
      { row: 1 },
    );
  }
});
