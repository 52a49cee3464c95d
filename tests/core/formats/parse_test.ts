import assert from "node:assert/strict";
import {
  parseSamples,
  type SampleFormat,
  SampleFormatError,
  writeCsv,
  writeNpy,
} from "../../../core/formats/mod.ts";

const encode = (s: string) => new TextEncoder().encode(s);

function allFormats(values: number[][]): Record<SampleFormat, Uint8Array> {
  const m = {
    rows: values.length,
    cols: values[0]!.length,
    data: Float64Array.from(values.flat()),
  };
  return {
    csv: encode(writeCsv(m)),
    json: encode(JSON.stringify(values)),
    npy: writeNpy(m),
  };
}

Deno.test("parseSamples() reads the same matrix from every format", () => {
  const files = allFormats([[0, 1.5], [2, 1e-9]]);
  for (const format of ["csv", "json", "npy"] as const) {
    const m = parseSamples(files[format], format);
    assert.deepEqual([m.rows, m.cols], [2, 2], format);
    assert.deepEqual(m.data, Float64Array.of(0, 1.5, 2, 1e-9), format);
  }
});

Deno.test("parseSamples() words a bad value the same in every format", () => {
  // CSV without a header: line numbers equal sample numbers.
  const csv = encode("0,1\n2,3\n4,-5\n");
  const json = encode("[[0,1],[2,3],[4,-5]]");
  const npy = writeNpy({
    rows: 3,
    cols: 2,
    data: Float64Array.of(0, 1, 2, 3, 4, -5),
  });
  const messages = ([["csv", csv], ["json", json], ["npy", npy]] as const).map(
    ([format, bytes]) => {
      try {
        parseSamples(bytes, format);
      } catch (e) {
        assert.ok(e instanceof SampleFormatError);
        return [e.message, e.row, e.column];
      }
      assert.fail(`${format} accepted a negative value`);
    },
  );
  const expected = [
    "Cannot read samples: row 3, column 2 is -5, but samples of ReLU(W z + b) are never negative",
    3,
    2,
  ];
  assert.deepEqual(messages, [expected, expected, expected]);
});

Deno.test("parseSamples() passes allowNegative to every format", () => {
  const files = allFormats([[-1, 2]]);
  for (const format of ["csv", "json", "npy"] as const) {
    const m = parseSamples(files[format], format, { allowNegative: true });
    assert.equal(m.data[0], -1, format);
  }
});

Deno.test("parseSamples() rejects binary data read as text", () => {
  const npy = writeNpy({ rows: 1, cols: 1, data: Float64Array.of(1) });
  assert.throws(() => parseSamples(npy, "csv"), {
    name: "SampleFormatError",
    message:
      "Cannot read samples: the data is not UTF-8 text (is it an NPY or other binary file?)",
  });
});

Deno.test("parseSamples() rejects an unknown format name", () => {
  assert.throws(
    () => parseSamples(encode("1"), "xlsx" as SampleFormat),
    {
      name: "RangeError",
      message:
        'Cannot read samples: unknown format "xlsx"; use csv, json or npy',
    },
  );
});
