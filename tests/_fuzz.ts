/**
 * Property-based fuzzing, shared by the fuzz tests: how many inputs each
 * property gets, generators of sample files (CSV text, JSON text, NPY bytes)
 * that are mostly almost right, and the checks every reader's outcome must
 * pass.
 *
 * Budget: `FUZZ_RUNS` (environment, default 2000) generated inputs in all,
 * split between the properties by `FUZZ_SHARES`; every property asserts that
 * its check ran exactly its share of times. `deno task test` runs 2000,
 * `deno task fuzz` 10,000 with a fresh seed. `FUZZ_SEED` fixes the seed (a
 * failure prints the seed and path that reproduce it); unset, it is fixed so
 * CI runs are repeatable; `random` draws one.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Matrix } from "../core/linalg/matrix.ts";
import type { SampleTable, SampleTableOptions } from "../core/formats/mod.ts";

export { fc };

/** Each property's share of the inputs, in percent; the shares add up to 100. */
export const FUZZ_SHARES = {
  "csv text": 12,
  "json text": 8,
  "npy bytes": 10,
  "any bytes": 5,
  "round trip": 5,
  "fit requests": 25,
  "sample requests": 10,
  "run creation": 7,
  "run ids": 10,
  "run lists": 8,
} as const;

/** A fuzz property's name. */
export type FuzzName = keyof typeof FUZZ_SHARES;

const shareSum = Object.values(FUZZ_SHARES).reduce((a, s) => a + s, 0);
assert.equal(shareSum, 100, "fuzz shares add up to 100%");

function envNumber(name: string, fallback: number): number {
  const text = Deno.env.get(name);
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  assert.ok(
    Number.isSafeInteger(value) && value > 0,
    `${name} must be a positive integer, got "${text}"`,
  );
  return value;
}

/** Generated inputs over all the fuzz properties together. */
export const FUZZ_TOTAL = envNumber("FUZZ_RUNS", 2000);

const seedText = Deno.env.get("FUZZ_SEED");
/** The seed every property starts from. */
export const FUZZ_SEED = seedText === "random"
  ? Math.floor(Math.random() * 2 ** 31)
  : envNumber("FUZZ_SEED", 20260318);
if (seedText === "random") console.log(`FUZZ_SEED=${FUZZ_SEED}`);

/**
 * The inputs property `name` gets: its share of `FUZZ_TOTAL`, rounded up, at
 * least 1 (so the properties together get `FUZZ_TOTAL` when it is a multiple
 * of 100, a few more otherwise).
 */
export function fuzzRuns(name: FuzzName): number {
  return Math.max(1, Math.ceil((FUZZ_TOTAL * FUZZ_SHARES[name]) / 100));
}

function parameters(name: FuzzName): fc.Parameters<[unknown]> {
  return { numRuns: fuzzRuns(name), seed: FUZZ_SEED };
}

/** Runs `check` on `fuzzRuns(name)` values of `arbitrary`, shrinking a failure. */
export function fuzz<T>(
  name: FuzzName,
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => void,
): void {
  let runs = 0;
  fc.assert(
    fc.property(arbitrary, (value) => {
      runs++;
      check(value);
    }),
    parameters(name) as fc.Parameters<[T]>,
  );
  assert.equal(runs, fuzzRuns(name), `${name}: checks run`);
}

/** `fuzz` for an asynchronous check. */
export async function fuzzAsync<T>(
  name: FuzzName,
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => Promise<void>,
): Promise<void> {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      runs++;
      await check(value);
    }),
    parameters(name) as fc.Parameters<[T]>,
  );
  assert.equal(runs, fuzzRuns(name), `${name}: checks run`);
}

// ---- Generators ----------------------------------------------------------

/** Most samples in a generated file: rows and columns stay small. */
export const MAX_ROWS = 8;
export const MAX_COLS = 5;

/** A value of `arbitrary` one time in ten, else null. */
function rarely<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof(
    { weight: 9, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary },
  );
}

/** Text that a number cell may hold: numbers, near-numbers, missing marks. */
const numberWord: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.double().map(String) },
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 1000 }).map(String) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "0",
      "1",
      "-0",
      "2.5",
      ".5",
      "5.",
      "+3",
      "1e308",
      "1.8e308",
      "1e999",
      "-1e999",
      "1e-320",
      "5e-324",
      "1e200",
      "1e-200",
      "1e",
      "e5",
      "0x10",
      "0b1",
      "1_000",
      "1,5",
      "١",
      "NaN",
      "nan",
      "Inf",
      "-inf",
      "Infinity",
      "NA",
      "N/A",
      "#N/A",
      "null",
      "None",
      "<NA>",
      "",
      " ",
      "abc",
      "1;2",
      "1\t2",
      '"',
    ),
  },
);

/** One CSV cell as written: plain, quoted, padded, or any text. */
const csvCell: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: numberWord },
  { weight: 2, arbitrary: numberWord.map((w) => `"${w}"`) },
  { weight: 1, arbitrary: numberWord.map((w) => ` ${w}\t`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: "binary", maxLength: 4 }).map((s) =>
      `"${s.replaceAll('"', '""')}"`
    ),
  },
);

/** A column name as a header may give it. */
const columnName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("x1", "x2", "a", "b", "", "Unnamed: 0", "id", "1", "-1", "x"),
  fc.string({ maxLength: 5 }),
);

/** Rows of `cells`, most `width` long, a few ragged. */
function rowsOf<T>(cell: fc.Arbitrary<T>): fc.Arbitrary<T[][]> {
  return fc.integer({ min: 0, max: MAX_COLS }).chain((width) =>
    fc.array(
      fc.oneof(
        {
          weight: 9,
          arbitrary: fc.array(cell, { minLength: width, maxLength: width }),
        },
        { weight: 1, arbitrary: fc.array(cell, { maxLength: MAX_COLS + 1 }) },
      ),
      { maxLength: MAX_ROWS },
    )
  );
}

/** CSV text: header or not, separators, quotes, line ends, blank lines, BOM. */
export const csvText: fc.Arbitrary<string> = fc.record({
  bom: fc.boolean(),
  header: fc.option(
    fc.array(columnName, { minLength: 1, maxLength: MAX_COLS }),
  ),
  rows: rowsOf(csvCell),
  separator: fc.constantFrom(",", ",", ",", ";", "\t"),
  end: fc.constantFrom("\n", "\r\n", "\r"),
  before: fc.constantFrom("", "", "\n", " \n\r\n"),
  after: fc.constantFrom("", "\n", "\n\n", " \n"),
  blankAt: rarely(fc.nat({ max: MAX_ROWS })),
}).map((f) => {
  const lines = f.rows.map((row) => row.join(f.separator));
  if (f.blankAt !== null) lines.splice(f.blankAt, 0, "");
  if (f.header !== null) lines.unshift(f.header.join(f.separator));
  return (f.bom ? "\uFEFF" : "") + f.before + lines.join(f.end) + f.after;
});

/** One JSON token where a sample value goes. */
const jsonCell: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.double().map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 1000 }).map(String) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "null",
      "1e999",
      "-1e999",
      "-0",
      "1e-400",
      '"1"',
      '"NaN"',
      "true",
      "[]",
      "{}",
      "[1]",
    ),
  },
);

/** JSON text: arrays of rows, `{samples, columns}`, any JSON, broken JSON. */
export const jsonText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      rows: rowsOf(jsonCell),
      wrap: fc.constantFrom("bare", "samples", "columns"),
      names: fc.array(columnName, { maxLength: MAX_COLS }),
      bom: fc.boolean(),
    }).map((f) => {
      const rows = `[${f.rows.map((r) => `[${r.join(",")}]`).join(",")}]`;
      const body = f.wrap === "bare"
        ? rows
        : f.wrap === "samples"
        ? `{"samples":${rows}}`
        : `{"samples":${rows},"columns":${JSON.stringify(f.names)}}`;
      return (f.bom ? "\uFEFF" : "") + body;
    }),
  },
  {
    weight: 2,
    arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** A size in an NPY shape: small, huge, beyond 2^53, or not a size. */
const sizeWord = fc.constantFrom(
  "0",
  "1",
  "3",
  "2147483648",
  "9007199254740991",
  "9007199254740993",
  "1000000000000000",
  "-1",
  "2L",
  "x",
  " ",
  "",
);

/** An NPY file's parts, most of them valid. */
const npyParts = fc.record({
  major: fc.constantFrom(1, 1, 1, 2, 3, 0, 4),
  minor: fc.constantFrom(0, 0, 1),
  descr: fc.constantFrom(
    "<f8",
    "<f8",
    "<f4",
    ">f8",
    ">f4",
    "<i8",
    "|u1",
    "<f2",
    "O",
    "",
  ),
  fortran: fc.constantFrom("False", "False", "False", "True", "false", "0"),
  shape: fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fc.nat({ max: MAX_ROWS }), fc.nat({ max: MAX_COLS }))
        .map(([r, c]) => `(${r}, ${c})`),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(sizeWord, sizeWord).map(([r, c]) => `(${r}, ${c})`),
    },
    {
      weight: 1,
      arbitrary: fc.array(sizeWord, { maxLength: 3 }).map((parts) =>
        `(${parts.join(", ")}${parts.length === 1 ? "," : ""})`
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  ),
  quote: fc.constantFrom("'", '"'),
  dropKey: rarely(fc.constantFrom("descr", "fortran_order", "shape")),
  values: fc.array(fc.double(), { maxLength: MAX_ROWS * MAX_COLS }),
  /** Bytes to keep of the data: all, or a few less or more. */
  trim: fc.oneof(
    { weight: 6, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: -9, max: 9 }) },
  ),
  headerLength: rarely(fc.nat({ max: 300 })),
});

/** NPY bytes: versions, dtypes, orders, shapes, data lengths, header lengths. */
export const npyBytes: fc.Arbitrary<Uint8Array> = npyParts.map((p) => {
  const q = p.quote;
  const entries = [
    ["descr", `${q}${p.descr}${q}`],
    ["fortran_order", p.fortran],
    ["shape", p.shape],
  ].filter(([key]) => key !== p.dropKey);
  const dict = `{${
    entries.map(([k, v]) => `${q}${k}${q}: ${v}`).join(", ")
  }, }`;
  const lengthBytes = p.major === 1 ? 2 : 4;
  let header = dict;
  while ((8 + lengthBytes + header.length + 1) % 64 !== 0) header += " ";
  header += "\n";
  const headerBytes = new TextEncoder().encode(header);
  // The data: the shape's count of values when it names a small one.
  const match = /^\((\d+), (\d+)\)$/.exec(p.shape);
  const named = match ? Number(match[1]) * Number(match[2]) : Infinity;
  const count = named <= MAX_ROWS * MAX_COLS ? named : p.values.length;
  const size = p.descr.endsWith("4") ? 4 : 8;
  const little = !p.descr.startsWith(">");
  const data = new Uint8Array(Math.max(0, count * size + p.trim));
  const view = new DataView(data.buffer);
  for (let k = 0; (k + 1) * size <= data.length; k++) {
    const v = p.values[k % Math.max(1, p.values.length)] ?? k;
    if (size === 8) view.setFloat64(8 * k, v, little);
    else view.setFloat32(4 * k, v, little);
  }
  const out = new Uint8Array(
    8 + lengthBytes + headerBytes.length + data.length,
  );
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, p.major, p.minor]);
  const length = p.headerLength ?? headerBytes.length;
  const v = new DataView(out.buffer);
  if (lengthBytes === 2) v.setUint16(8, length, true);
  else v.setUint32(8, length, true);
  out.set(headerBytes, 8 + lengthBytes);
  out.set(data, 8 + lengthBytes + headerBytes.length);
  return out;
});

/** Flips, drops or repeats a few bytes. */
export function mutated(
  bytes: fc.Arbitrary<Uint8Array>,
): fc.Arbitrary<Uint8Array> {
  return fc.tuple(
    bytes,
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom("flip", "drop", "repeat"),
        fc.nat({ max: 255 }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  ).map(([original, edits]) => {
    const out = Array.from(original);
    for (const [at, kind, value] of edits) {
      if (out.length === 0) break;
      const i = at % out.length;
      if (kind === "flip") out[i] = value;
      else if (kind === "drop") out.splice(i, 1 + (value % 8));
      else out.splice(i, 0, ...out.slice(i, i + 1 + (value % 8)));
    }
    return Uint8Array.from(out);
  });
}

const encoder = new TextEncoder();

/** Sample files in any format, as bytes, and the format they claim to be. */
export const sampleFile: fc.Arbitrary<
  { format: "csv" | "json" | "npy"; bytes: Uint8Array }
> = fc.oneof(
  csvText.map((t) => ({ format: "csv" as const, bytes: encoder.encode(t) })),
  jsonText.map((t) => ({ format: "json" as const, bytes: encoder.encode(t) })),
  npyBytes.map((bytes) => ({ format: "npy" as const, bytes })),
);

/** A column selection as users write it, good or bad. */
export const columnSpec: fc.Arbitrary<string | string[]> = fc.oneof(
  fc.constantFrom(
    "1",
    "2",
    "-1",
    "-2",
    "x1",
    "x2,x1",
    "-x2",
    "1,1",
    "0",
    "99",
    "a,-b",
    "",
    " ",
    ",",
    "-",
    "1,-2",
    "Unnamed: 0",
  ),
  fc.string({ maxLength: 6 }),
  fc.array(fc.oneof(columnName, fc.constantFrom("1", "-1", "3")), {
    maxLength: 3,
  }),
);

/** Options of the table readers, each present or not. */
export const tableOptions: fc.Arbitrary<SampleTableOptions> = fc.record({
  allowNegative: fc.boolean(),
  columns: columnSpec,
  na: fc.constantFrom("drop" as const, "error" as const),
  index: fc.constantFrom("auto" as const, "keep" as const, "drop" as const),
}, { requiredKeys: [] });

// ---- Checks ----------------------------------------------------------------

/**
 * Asserts `e` is a `RangeError` (e.g. `SampleFormatError`) whose message
 * says what cannot be done and why ("Cannot <action>: <problem>"), with a
 * row and column, when given, that are positive integers.
 */
export function assertNamedError(e: unknown): void {
  if (!(e instanceof RangeError)) throw e;
  assert.match(e.message, /^Cannot [^:]+: \S/, e.message);
  assert.doesNotMatch(e.message, /undefined|\[object /, e.message);
  const { row, column } = e as { row?: unknown; column?: unknown };
  for (const at of [row, column]) {
    if (at !== undefined) {
      assert.ok(Number.isSafeInteger(at) && (at as number) >= 1, e.message);
    }
  }
}

/** Asserts `m` is a usable sample matrix: n, d ≥ 1, finite, ≥ 0 unless allowed. */
export function assertSampleMatrix(m: Matrix, allowNegative = false): void {
  assert.ok(m.rows >= 1 && m.cols >= 1, `shape ${m.rows} x ${m.cols}`);
  assert.equal(m.data.length, m.rows * m.cols);
  for (const v of m.data) {
    assert.ok(Number.isFinite(v), `a value is ${v}`);
    if (!allowNegative) assert.ok(v >= 0, `a value is ${v}`);
  }
}

/** Asserts `t` is a usable table: its matrix, one name per column, counts. */
export function assertSampleTable(t: SampleTable, allowNegative = false): void {
  assertSampleMatrix(t.matrix, allowNegative);
  assert.equal(t.columns.length, t.matrix.cols);
  assert.ok(t.columns.every((name) => typeof name === "string"));
  assert.ok(Number.isSafeInteger(t.droppedRows) && t.droppedRows >= 0);
  assert.ok(t.warnings.every((w) => typeof w === "string" && w.length > 0));
}

/** Runs `read`: it must give a value `check` accepts or throw a named error. */
function assertReadsOrNames<T>(read: () => T, check: (value: T) => void): void {
  let value: T;
  try {
    value = read();
  } catch (e) {
    assertNamedError(e);
    return;
  }
  check(value);
}

/** `read` gives a usable sample matrix or throws a named error. */
export function assertMatrixOrNamed(
  read: () => Matrix,
  allowNegative: boolean,
): void {
  assertReadsOrNames(read, (m) => assertSampleMatrix(m, allowNegative));
}

/** `read` gives a usable sample table or throws a named error. */
export function assertTableOrNamed(
  read: () => SampleTable,
  allowNegative: boolean,
): void {
  assertReadsOrNames(read, (t) => assertSampleTable(t, allowNegative));
}
