import assert from "node:assert/strict";
import {
  ColumnSelectionError,
  MISSING_VALUES,
  parseCsv,
  parseCsvTable,
  SampleFormatError,
  type SampleTable,
} from "../../../core/formats/mod.ts";
import { createPrng } from "../../../core/random/mod.ts";
import { assertSampleError } from "./_sample_error.ts";

/** The parts of a table a test compares, as plain arrays. */
function plain(t: SampleTable) {
  const { rows, cols, data } = t.matrix;
  assert.equal(data.length, rows * cols, "data holds exactly the matrix");
  const values: number[][] = [];
  for (let i = 0; i < rows; i++) {
    values.push(Array.from(data.subarray(i * cols, (i + 1) * cols)));
  }
  return {
    columns: t.columns,
    values,
    droppedRows: t.droppedRows,
    warnings: t.warnings,
  };
}

const R_INDEX =
  `column 1 has no name, as in files written with row names by R's write.csv or pandas' to_csv: it was read as a row index and left out (index "keep" fits it)`;

/** What R 4.x writes for write.csv(df) with a Date column and NAs. */
const R_CSV = [
  '"","date","height","weight"',
  '"1","2024-01-01",1.5,NA',
  '"2","2024-01-02",2,0',
  '"3","2024-01-03",NA,NA',
  '"4","2024-01-04",0,3.25',
  "",
].join("\n");

Deno.test("parseCsvTable() reads R's write.csv: row names left out, NA rows dropped", () => {
  assert.deepEqual(plain(parseCsvTable(R_CSV, { columns: "-date" })), {
    columns: ["height", "weight"],
    values: [[2, 0], [0, 3.25]],
    droppedRows: 2,
    warnings: [
      R_INDEX,
      'left out 2 of 4 rows with a missing value in a column used: rows 2 and 4 (numbered as lines of the file); column 4 ("weight") lacks a value in 2 of them',
    ],
  });
  // Chosen by name, the same; the date column is never read.
  assert.deepEqual(
    plain(parseCsvTable(R_CSV, { columns: "weight,height" })).values,
    [[0, 2], [3.25, 0]],
  );
});

Deno.test("parseCsvTable() fails on a chosen text column, naming row and column", () => {
  assertSampleError(
    () => parseCsvTable(R_CSV),
    'row 2, column 2 is "2024-01-01", not a number; if it is not a coordinate (e.g. dates or labels), leave it out with columns "-date"',
    { row: 2, column: 2 },
  );
  assertSampleError(
    () => parseCsvTable(R_CSV, { columns: "height,date" }),
    'row 2, column 2 is "2024-01-01", not a number; leave "date" out of columns',
    { row: 2, column: 2 },
  );
});

Deno.test('parseCsvTable() with na: "error" names the row and column of a missing value', () => {
  assertSampleError(
    () => parseCsvTable(R_CSV, { columns: "-date", na: "error" }),
    'row 2, column 4 is "NA", a missing value',
    { row: 2, column: 4 },
  );
  // Only chosen columns count: weight's NA in row 2 is not read.
  assertSampleError(
    () => parseCsvTable(R_CSV, { columns: "height", na: "error" }),
    'row 4, column 3 is "NA", a missing value',
    { row: 4, column: 3 },
  );
  assertSampleError(
    () =>
      parseCsvTable("x,y,z\n1,2,3\n4,,6\n", { columns: "z,y", na: "error" }),
    "row 3, column 2 is empty, a missing value",
    { row: 3, column: 2 },
  );
});

Deno.test('parseCsvTable() with index: "keep" fits R\'s row names', () => {
  assert.deepEqual(
    plain(parseCsvTable(R_CSV, { columns: "-date", index: "keep" })),
    {
      columns: ["x1", "height", "weight"],
      values: [[2, 2, 0], [4, 0, 3.25]],
      droppedRows: 2,
      warnings: [
        'left out 2 of 4 rows with a missing value in a column used: rows 2 and 4 (numbered as lines of the file); column 4 ("weight") lacks a value in 2 of them',
      ],
    },
  );
});

/** What pandas 2.x writes for df.to_csv("f.csv") with NaNs. */
const PANDAS_CSV = ",a,b\n0,0.5,\n1,,1.0\n2,2.0,0.0\n3,1.0,3.0\n4,nan,1.0\n";

Deno.test("parseCsvTable() reads pandas' to_csv: index left out, empty cells dropped", () => {
  assert.deepEqual(plain(parseCsvTable(PANDAS_CSV)), {
    columns: ["a", "b"],
    values: [[2, 0], [1, 3]],
    droppedRows: 3,
    warnings: [
      R_INDEX,
      'left out 3 of 5 rows with a missing value in a column used: rows 2, 3, 6 (numbered as lines of the file); column 2 ("a") lacks a value in 2 of them',
    ],
  });
  // Read back and saved again, pandas names the index column "Unnamed: 0".
  const resaved = PANDAS_CSV.replace(/^,/, "Unnamed: 0,");
  const t = parseCsvTable(resaved, { columns: "-b" });
  assert.deepEqual(plain(t).values, [[0.5], [2], [1]]);
  assert.equal(
    t.warnings[0],
    `column 1 is named "Unnamed: 0", as in files written with row names by R's write.csv or pandas' to_csv: it was read as a row index and left out (index "keep" fits it)`,
  );
});

Deno.test("parseCsvTable() only warns about a named first column counting 0, 1, 2, …", () => {
  const text = "id,u,v\n0,1,2\n1,0,1\n2,3,0\n";
  assert.deepEqual(plain(parseCsvTable(text)), {
    columns: ["id", "u", "v"],
    values: [[0, 1, 2], [1, 0, 1], [2, 3, 0]],
    droppedRows: 0,
    warnings: [
      'column 1 ("id") holds 0, 1, …, 2 in order, like a row index, yet it is fitted as a coordinate; leave it out with columns "-1" or index "drop"',
    ],
  });
  assert.deepEqual(plain(parseCsvTable(text, { index: "drop" })), {
    columns: ["u", "v"],
    values: [[1, 2], [0, 1], [3, 0]],
    droppedRows: 0,
    warnings: [
      'column 1 ("id") holds 0, 1, …, 2 in order, like a row index: it was left out',
    ],
  });
  assert.deepEqual(plain(parseCsvTable(text, { index: "keep" })).warnings, []);
  assert.deepEqual(plain(parseCsvTable(text, { columns: "-u" })).columns, [
    "id",
    "v",
  ]);
  assert.equal(
    plain(parseCsvTable(text, { columns: "-u" })).warnings.length,
    1,
  );
});

Deno.test("parseCsvTable() spots a counting first column without a header", () => {
  const t = plain(parseCsvTable("1,0.5\n2,0\n3,1.5\n4,2\n"));
  assert.deepEqual(t.columns, ["x1", "x2"]);
  assert.deepEqual(t.warnings, [
    'column 1 ("x1") holds 1, 2, …, 4 in order, like a row index, yet it is fitted as a coordinate; leave it out with columns "-1" or index "drop"',
  ]);
  assert.deepEqual(
    plain(parseCsvTable("1,0.5\n2,0\n3,1.5\n4,2\n", { index: "drop" })).values,
    [[0.5], [0], [1.5], [2]],
  );
});

Deno.test("parseCsvTable() does not take other first columns for an index", () => {
  for (
    const text of [
      "id,u\n1,0\n2,1\n", // two rows only
      "id,u\n1,0\n3,1\n4,2\n", // a gap
      "id,u\n2,0\n3,1\n4,2\n", // starts at 2
      "id,u\n1,0\nNA,1\n3,2\n", // a missing value
      "id,u\n0.5,0\n1.5,1\n2.5,2\n",
    ]
  ) {
    const { columns, warnings } = parseCsvTable(text);
    assert.deepEqual(columns, ["id", "u"], text);
    assert.ok(!warnings.some((w) => w.startsWith("column 1")), text);
  }
});

Deno.test("parseCsvTable() leaves index handling alone when column 1 is listed", () => {
  const text = '"",a\n"1",2\n"2",3\n"3",0\n';
  assert.deepEqual(plain(parseCsvTable(text, { columns: "1,a" })), {
    columns: ["x1", "a"],
    values: [[1, 2], [2, 3], [3, 0]],
    droppedRows: 0,
    warnings: [],
  });
  // Leaving column 1 out says nothing either.
  assert.deepEqual(plain(parseCsvTable(text, { columns: "-1" })).warnings, []);
});

Deno.test("parseCsvTable() recognises every spelling of a missing value", () => {
  const spellings = [
    "",
    ...MISSING_VALUES,
    "na",
    "nan",
    "NULL",
    '"NA"',
    " NA ",
    '" nan "',
  ];
  const lines = spellings.map((s) => `${s},1`);
  const text = `u,v\n0,1\n${lines.join("\n")}\n2,3\n`;
  const t = parseCsvTable(text);
  assert.deepEqual(plain(t).values, [[0, 1], [2, 3]]);
  assert.equal(t.droppedRows, spellings.length);
  // Infinities are values, not missing: they fail the check.
  assertSampleError(
    () => parseCsvTable("u,v\n0,1\n2,Inf\n"),
    "row 3, column 2 is Infinity, not a finite number",
    { row: 3, column: 2 },
  );
});

Deno.test("parseCsvTable() reports file rows and columns after rows and columns are left out", () => {
  assertSampleError(
    () => parseCsvTable("a,b,c\n1,NA,3\n2,5,-4\n", { columns: "c,a" }),
    "row 3, column 3 is -4, but samples of ReLU(W z + b) are never negative",
    { row: 3, column: 3 },
  );
  assertSampleError(
    () => parseCsvTable("a,b\n1,NA\n\n", {}),
    'every row has a missing value in a column used: row 2 (numbered as lines of the file); column 2 ("b") has no value in any row; leave it out with columns "-2"',
  );
  assertSampleError(
    () => parseCsvTable("a,b\n1,NA\n,2\n3,NA\n"),
    'every row has a missing value in a column used: rows 2, 3, 4 (numbered as lines of the file); column 2 ("b") lacks a value in 2 of them',
  );
  const t = parseCsvTable(
    "a,b\n" +
      Array.from({ length: 8 }, (_, i) => `${i + 10},${i % 2 ? "NA" : 1}`)
        .join("\n"),
  );
  assert.equal(
    t.warnings[0],
    'left out 4 of 8 rows with a missing value in a column used: rows 3, 5, 7, 9 (numbered as lines of the file); column 2 ("b") lacks a value in 4 of them',
  );
  const many = parseCsvTable(
    "a\n" + Array.from({ length: 20 }, (_, i) => i % 3 ? "NA" : "1").join("\n"),
  );
  assert.equal(
    many.warnings[0],
    "left out 13 of 20 rows with a missing value in a column used: rows 3, 4, 6, 7, 9, … (numbered as lines of the file)",
  );
});

Deno.test("parseCsvTable() reads RFC 4180 quotes as R writes them", () => {
  const text = [
    '"id","note","say ""hi""","x"',
    '"a","one, two",1,"0.5"',
    '"b","two',
    'lines",2," 1.5 "',
    '"c","",3,2',
    "",
  ].join("\r\n");
  const t = parseCsvTable(text, { columns: "-id,-note" });
  assert.deepEqual(plain(t).columns, ['say "hi"', "x"]);
  assert.deepEqual(plain(t).values, [[1, 0.5], [2, 1.5], [3, 2]]);
  // A record spanning lines 3-4 is row 3; the next one is row 5.
  assertSampleError(
    () => parseCsvTable(text.replace('"c"', '"c",'), { columns: "x" }),
    "row 5 has 5 values, expected 4 as in row 1",
    { row: 5, column: 5 },
  );
  assertSampleError(
    () => parseCsvTable(text, { columns: "id" }),
    'row 2, column 1 is "a", not a number; leave "id" out of columns',
    { row: 2, column: 1 },
  );
});

Deno.test("parseCsvTable() rejects broken quoting", () => {
  assertSampleError(
    () => parseCsvTable('a,b\n1,"2\n3,4\n'),
    "row 2, column 2 opens a quote that is never closed",
    { row: 2, column: 2 },
  );
  assertSampleError(
    () => parseCsvTable('a,b\n1,"2"x\n'),
    "row 2, column 2 has text after its closing quote",
    { row: 2, column: 2 },
  );
});

Deno.test("parseCsvTable() reads a blank line in a one-column file as missing", () => {
  const t = parseCsvTable("a\n1.0\n\n2.0\n");
  assert.deepEqual(plain(t).values, [[1], [2]]);
  assert.equal(t.droppedRows, 1);
  assertSampleError(
    () => parseCsvTable("a,b\n1,2\n\n3,4\n"),
    "row 3 is blank",
    {
      row: 3,
    },
  );
});

Deno.test("parseCsvTable() reads a first line of missing values as data", () => {
  const t = parseCsvTable("NA,\n1,2\n3,4\n");
  assert.deepEqual(plain(t).columns, ["x1", "x2"]);
  assert.deepEqual(plain(t).values, [[1, 2], [3, 4]]);
  assert.equal(t.droppedRows, 1);
});

Deno.test("parseCsvTable() words a malformed file as parseCsv does", () => {
  const failure = (read: () => unknown) => {
    try {
      read();
    } catch (e) {
      assert.ok(e instanceof SampleFormatError, String(e));
      return [e.message, e.row, e.column];
    }
    assert.fail("no error");
  };
  for (
    const text of [
      "a,b\n1,2\n3,4\n5\n",
      "1,2\n3,4,5\n",
      "1\t2\n3\t4\n",
      "a;b\n1;2\n",
      "a,b\n",
      "1,2\n\n3,4\n",
      "a,b\n1,0x1\n",
      'a,b\n1,"2\n',
      "a,b\n1,-2\n",
    ]
  ) {
    assert.deepEqual(
      failure(() => parseCsvTable(text)),
      failure(() => parseCsv(text)),
      text,
    );
  }
  // A short row is reported as short even where its cell is missing.
  assertSampleError(
    () => parseCsvTable("a,b\n1,2\nNA\n"),
    "row 3 has 1 values, expected 2 as in row 1",
    { row: 3, column: 2 },
  );
});

Deno.test("parseCsvTable() says when nothing is left to fit", () => {
  assert.throws(() => parseCsvTable('"",a\n1,2\n', { columns: "-a" }), {
    name: "ColumnSelectionError",
    message:
      'Cannot select columns: no column is left: column 1 has no name, so it was read as a row index and left out (index "keep" fits it)',
  });
  assert.throws(
    () => parseCsvTable("n\n1\n2\n3\n", { index: "drop" }),
    ColumnSelectionError,
  );
  assert.throws(() => parseCsvTable("a,b\n1,2\n", { columns: "c" }), {
    name: "ColumnSelectionError",
    message:
      'Cannot select columns: no column is named "c"; the columns are "a", "b"',
  });
  // Without a header the columns are x1, x2, …
  assert.throws(() => parseCsvTable("1,2\n", { columns: "a" }), {
    message:
      'Cannot select columns: no column is named "a"; the columns are "x1", "x2"',
  });
  assert.deepEqual(
    plain(parseCsvTable("1,2\n3,4\n", { columns: "x2" })).values,
    [[2], [4]],
  );
});

/** Missing cells: NaN in `values`, written as `spelling`. */
function csvText(
  names: string[],
  values: number[][],
  spelling: (i: number, j: number) => string,
): string {
  const lines = [names.join(",")];
  values.forEach((row, i) =>
    lines.push(
      row.map((v, j) => Number.isNaN(v) ? spelling(i, j) : String(v)).join(","),
    )
  );
  return lines.join("\n") + "\n";
}

Deno.test("parseCsvTable() matches a plain reading on random tables", () => {
  const prng = createPrng(1597);
  const spellings = ["", "NA", "nan", '"NA"', "NaN", "N/A"];
  for (let trial = 0; trial < 60; trial++) {
    const n = 1 + Math.floor(prng() * 25);
    const d = 1 + Math.floor(prng() * 6);
    const names = Array.from({ length: d }, (_, j) => `c${j + 1}`);
    const values = Array.from(
      { length: n },
      () =>
        Array.from(
          { length: d },
          () => prng() < 0.1 ? NaN : Math.round(prng() * 1000) / 100,
        ),
    );
    const text = csvText(
      names,
      values,
      () => spellings[Math.floor(prng() * spellings.length)]!,
    );
    // A random selection: some columns kept in random order, or some left out.
    const order = names.map((_, j) => j).sort(() => prng() - 0.5);
    const take = order.slice(0, 1 + Math.floor(prng() * d));
    const leaveOut = prng() < 0.5 && take.length < d;
    const spec = take.map((j) => leaveOut ? `-${names[j]}` : String(j + 1))
      .join(",");
    const chosen = leaveOut
      ? names.map((_, j) => j).filter((j) => !take.includes(j))
      : take;
    const expected = values.map((row) => chosen.map((j) => row[j]!))
      .filter((row) => row.every((v) => !Number.isNaN(v)));
    let got: ReturnType<typeof plain> | undefined;
    try {
      got = plain(parseCsvTable(text, { columns: spec, index: "keep" }));
    } catch (e) {
      assert.equal(expected.length, 0, `${spec}: ${e}`);
      continue;
    }
    assert.deepEqual(got.values, expected, `trial ${trial}, ${spec}`);
    assert.deepEqual(got.columns, chosen.map((j) => names[j]));
    assert.equal(got.droppedRows, n - expected.length);
  }
});

Deno.test("parseCsvTable() suggests leaving out a text column only when its first data record has text", () => {
  const dated = "date,rain\n2024-01-01,0\n2024-01-02,1.5\n";
  // Already leaving a column out: add this one.
  assertSampleError(
    () => parseCsvTable("id,date,rain\n1,2024-01-01,0\n", { columns: "-id" }),
    'row 2, column 2 is "2024-01-01", not a number; to leave it out too, add "-date" to columns',
    { row: 2, column: 2 },
  );
  // The suggestion works.
  assert.deepEqual(
    plain(parseCsvTable(dated, { columns: "-date" })).values,
    [[0], [1.5]],
  );
  // A slip further down a column of numbers gets no suggestion.
  assertSampleError(
    () => parseCsvTable("a,b\n1,2\n3,x\n"),
    'row 3, column 2 is "x", not a number',
    { row: 3, column: 2 },
  );
  // A name that a selection cannot hold is suggested by number.
  assertSampleError(
    () => parseCsvTable('"day, UTC",rain\n2024-01-01,0\n'),
    'row 2, column 1 is "2024-01-01", not a number; if it is not a coordinate (e.g. dates or labels), leave it out with columns "-1"',
    { row: 2, column: 1 },
  );
});
