/**
 * Property-based fuzzing of the sample readers: whatever the bytes and
 * options, a reader gives a usable table (n, d ≥ 1, every value finite and,
 * unless allowed, non-negative, one name per column) or throws a RangeError
 * (`SampleFormatError`, `ColumnSelectionError`) naming the problem; never
 * another exception, never NaN in the matrix. Budget and seed: `_fuzz.ts`.
 */
import assert from "node:assert/strict";
import {
  detectFormat,
  parseCsv,
  parseCsvTable,
  parseJsonTable,
  parseJsonText,
  parseNpy,
  parseNpyTable,
  parseSamples,
  parseSampleTable,
  writeCsv,
  writeNpy,
} from "../../../core/formats/mod.ts";
import {
  assertMatrixOrNamed,
  assertTableOrNamed,
  csvText,
  fc,
  fuzz,
  jsonText,
  MAX_COLS,
  MAX_ROWS,
  mutated,
  npyBytes,
  sampleFile,
  tableOptions,
} from "../../_fuzz.ts";

const encoder = new TextEncoder();

Deno.test("fuzz: CSV text reads as a usable table or a named error", () => {
  fuzz("csv text", fc.tuple(csvText, tableOptions), ([text, options]) => {
    const allow = options.allowNegative ?? false;
    assertMatrixOrNamed(() => parseCsv(text, { allowNegative: allow }), allow);
    assertTableOrNamed(() => parseCsvTable(text, options), allow);
    assertTableOrNamed(
      () => parseSampleTable(encoder.encode(text), "csv", options),
      allow,
    );
  });
});

Deno.test("fuzz: JSON text reads as a usable table or a named error", () => {
  fuzz("json text", fc.tuple(jsonText, tableOptions), ([text, options]) => {
    const allow = options.allowNegative ?? false;
    assertMatrixOrNamed(
      () => parseJsonText(text, { allowNegative: allow }),
      allow,
    );
    assertTableOrNamed(
      () => parseSampleTable(encoder.encode(text), "json", options),
      allow,
    );
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    assertTableOrNamed(() => parseJsonTable(value, options), allow);
  });
});

Deno.test("fuzz: NPY bytes read as a usable table or a named error", () => {
  const files = fc.oneof(npyBytes, mutated(npyBytes));
  fuzz("npy bytes", fc.tuple(files, tableOptions), ([bytes, options]) => {
    const allow = options.allowNegative ?? false;
    assertMatrixOrNamed(() => parseNpy(bytes, { allowNegative: allow }), allow);
    assertTableOrNamed(() => parseNpyTable(bytes, options), allow);
  });
});

Deno.test("fuzz: any bytes, in any claimed format, read as samples or a named error", () => {
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    sampleFile.map((f) => f.bytes),
    mutated(sampleFile.map((f) => f.bytes)),
  );
  const format = fc.constantFrom(
    "csv" as const,
    "json" as const,
    "npy" as const,
  );
  fuzz(
    "any bytes",
    fc.tuple(bytes, format, tableOptions),
    ([data, claimed, options]) => {
      const allow = options.allowNegative ?? false;
      for (const f of [claimed, detectFormat(data)]) {
        assertMatrixOrNamed(
          () => parseSamples(data, f, { allowNegative: allow }),
          allow,
        );
        assertTableOrNamed(() => parseSampleTable(data, f, options), allow);
      }
    },
  );
});

Deno.test("fuzz: written CSV, JSON and NPY read back to the same samples", () => {
  const value = fc.oneof(
    fc.constant(0),
    fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
  );
  const matrix = fc.tuple(
    fc.integer({ min: 1, max: MAX_ROWS }),
    fc.integer({ min: 1, max: MAX_COLS }),
  ).chain(([rows, cols]) =>
    fc.array(value, { minLength: rows * cols, maxLength: rows * cols }).map(
      (values) => ({ rows, cols, data: Float64Array.from(values) }),
    )
  );
  fuzz("round trip", matrix, (m) => {
    const same = (got: { data: Float64Array; rows: number; cols: number }) => {
      assert.equal(got.rows, m.rows);
      assert.equal(got.cols, m.cols);
      // -0 is written as "-0" but JSON has no -0: compare values, not bits.
      assert.deepEqual(
        Array.from(got.data, (v) => v + 0),
        Array.from(m.data, (v) => v + 0),
      );
    };
    same(parseCsv(writeCsv(m)));
    same(parseNpy(writeNpy(m)));
    const rows = Array.from(
      { length: m.rows },
      (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)),
    );
    same(parseJsonText(JSON.stringify(rows)));
  });
});
