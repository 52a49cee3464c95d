import assert from "node:assert/strict";
import { parseNpy, writeNpy } from "../../../core/formats/mod.ts";
import { createPrng } from "../../../core/random/mod.ts";
import { assertSampleError, randomSamples } from "./_sample_error.ts";

/**
 * An NPY file built by hand from its parts, as the format specification
 * describes them: magic, version, little-endian header length (2 bytes for
 * version 1, 4 for versions 2 and 3), the header text, then the data.
 */
function npy(
  dict: string,
  body: Uint8Array,
  { major = 1, pad = true } = {},
): Uint8Array {
  const lengthBytes = major === 1 ? 2 : 4;
  let header = dict;
  if (pad) {
    const prefix = 8 + lengthBytes;
    while ((prefix + header.length + 1) % 64 !== 0) header += " ";
  }
  header += "\n";
  const headerBytes = new TextEncoder().encode(header);
  const out = new Uint8Array(
    8 + lengthBytes + headerBytes.length + body.length,
  );
  out.set([0x93, ...new TextEncoder().encode("NUMPY"), major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, headerBytes.length, true);
  else view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 8 + lengthBytes);
  out.set(body, 8 + lengthBytes + headerBytes.length);
  return out;
}

function floats(
  values: number[],
  size: 4 | 8,
  littleEndian: boolean,
): Uint8Array {
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((v, k) => {
    if (size === 8) view.setFloat64(8 * k, v, littleEndian);
    else view.setFloat32(4 * k, v, littleEndian);
  });
  return out;
}

const dict = (descr: string, shape: string, fortran = "False") =>
  `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

Deno.test("writeNpy() writes numpy's version 1.0 layout", () => {
  const bytes = writeNpy({ rows: 2, cols: 3, data: new Float64Array(6) });
  assert.deepEqual(Array.from(bytes.subarray(0, 8)), [
    0x93,
    0x4e,
    0x55,
    0x4d,
    0x50,
    0x59,
    1,
    0,
  ]);
  const headerLength = bytes[8]! + 256 * bytes[9]!;
  assert.equal((10 + headerLength) % 64, 0, "data starts 64-byte aligned");
  const header = new TextDecoder().decode(
    bytes.subarray(10, 10 + headerLength),
  );
  // numpy.save of a (2, 3) float64 array writes exactly this text (checked
  // once with numpy 1.x/2.x: np.save output was byte-identical).
  assert.equal(
    header,
    "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }".padEnd(
      headerLength - 1,
      " ",
    ) + "\n",
  );
  assert.equal(bytes.length, 10 + headerLength + 6 * 8);
});

Deno.test("writeNpy() then parseNpy() gives back the same doubles", () => {
  const prng = createPrng(1909);
  for (let trial = 0; trial < 40; trial++) {
    const rows = 1 + Math.floor(prng() * 50);
    const cols = 1 + Math.floor(prng() * 12);
    const m = randomSamples(prng, rows, cols);
    const back = parseNpy(writeNpy(m));
    assert.deepEqual([back.rows, back.cols], [rows, cols]);
    assert.deepEqual(back.data, m.data, `trial ${trial}`);
  }
});

Deno.test("parseNpy() reads bytes at any offset of their buffer", () => {
  const file = writeNpy({ rows: 1, cols: 2, data: Float64Array.of(1.25, 3) });
  const shifted = new Uint8Array(file.length + 3);
  shifted.set(file, 3);
  const m = parseNpy(shifted.subarray(3));
  assert.deepEqual(m.data, Float64Array.of(1.25, 3));
});

Deno.test("parseNpy() reads float32 and big-endian data", async (t) => {
  const values = [1.5, 0, 2.25, 3];
  for (
    const [descr, size, little] of [
      ["<f4", 4, true],
      [">f4", 4, false],
      [">f8", 8, false],
      ["<f8", 8, true],
    ] as const
  ) {
    await t.step(descr, () => {
      const m = parseNpy(
        npy(dict(descr, "(2, 2)"), floats(values, size, little)),
      );
      assert.deepEqual([m.rows, m.cols], [2, 2]);
      assert.deepEqual(m.data, Float64Array.from(values));
    });
  }
  await t.step("float32 widens exactly", () => {
    const m = parseNpy(npy(dict("<f4", "(1, 1)"), floats([0.1], 4, true)));
    assert.equal(m.data[0], Math.fround(0.1));
  });
});

Deno.test("parseNpy() reads version 2.0 and 3.0 headers and unpadded ones", () => {
  const body = floats([1, 2], 8, true);
  for (const major of [2, 3]) {
    const m = parseNpy(npy(dict("<f8", "(1, 2)"), body, { major }));
    assert.deepEqual(m.data, Float64Array.of(1, 2));
  }
  const m = parseNpy(npy(dict("<f8", "(2, 1)"), body, { pad: false }));
  assert.deepEqual([m.rows, m.cols], [2, 1]);
});

Deno.test("parseNpy() rejects what it cannot read", async (t) => {
  const body = floats([1, 2, 3, 4], 8, true);
  await t.step("bad magic", () => {
    const bytes = writeNpy({ rows: 1, cols: 1, data: Float64Array.of(1) });
    bytes[1] = 0x6e; // "nUMPY"
    assertSampleError(
      () => parseNpy(bytes),
      "the data is not an NPY file: it does not start with \\x93NUMPY",
    );
    assertSampleError(
      () => parseNpy(new TextEncoder().encode("1,2\n")),
      "the data is not an NPY file: it does not start with \\x93NUMPY",
    );
  });
  await t.step("unknown version", () => {
    const bytes = npy(dict("<f8", "(2, 2)"), body);
    bytes[6] = 4;
    assertSampleError(
      () => parseNpy(bytes),
      "NPY format version 4.0 is not supported (1.0, 2.0 and 3.0 are)",
    );
  });
  await t.step("Fortran order", () => {
    assertSampleError(
      () => parseNpy(npy(dict("<f8", "(2, 2)", "True"), body)),
      "the NPY array is in Fortran (column-major) order; save it in C order, e.g. numpy.save(path, numpy.ascontiguousarray(x))",
    );
  });
  await t.step("integer dtype", () => {
    assertSampleError(
      () => parseNpy(npy(dict("<i8", "(2, 2)"), body)),
      `the NPY dtype is '<i8'; supported are <f8, <f4, >f8 and >f4 (save x.astype("float64"))`,
    );
  });
  await t.step("1-D shape", () => {
    assertSampleError(
      () => parseNpy(npy(dict("<f8", "(4,)"), body)),
      "the NPY array has shape (4,) but must be 2-D (n samples, d coordinates); reshape it to (4, 1) for one coordinate or (1, 4) for one sample",
    );
  });
  await t.step("3-D shape", () => {
    assertSampleError(
      () => parseNpy(npy(dict("<f8", "(1, 2, 2)"), body)),
      "the NPY array has shape (1, 2, 2) but must be 2-D (n samples, d coordinates)",
    );
  });
  await t.step("truncated data", () => {
    const bytes = npy(dict("<f8", "(2, 2)"), body);
    assertSampleError(
      () => parseNpy(bytes.subarray(0, bytes.length - 5)),
      "the NPY data is truncated: shape (2, 2) needs 32 bytes, the file has 27",
    );
  });
  await t.step("truncated header", () => {
    const bytes = npy(dict("<f8", "(2, 2)"), body);
    assertSampleError(
      () => parseNpy(bytes.subarray(0, 40)),
      "the NPY file is truncated inside its header (40 bytes, header ends at byte 128)",
    );
    assertSampleError(
      () => parseNpy(bytes.subarray(0, 9)),
      "the NPY file is truncated inside its header",
    );
  });
  await t.step("bytes after the data", () => {
    assertSampleError(
      () => parseNpy(npy(dict("<f8", "(1, 2)"), body)),
      "the NPY file has 16 bytes after the data of shape (1, 2)",
    );
  });
  await t.step("no rows", () => {
    assertSampleError(
      () => parseNpy(npy(dict("<f8", "(0, 3)"), new Uint8Array())),
      "the input has no rows of numbers",
    );
  });
});

Deno.test("parseNpy() names the row and column of the first bad value", () => {
  const values = [0, 1, 2, 3, 4, NaN, 6, -7];
  const bytes = npy(dict("<f8", "(2, 4)"), floats(values, 8, true));
  assertSampleError(
    () => parseNpy(bytes),
    "row 2, column 2 is NaN, not a finite number",
    { row: 2, column: 2 },
  );
  const neg = npy(
    dict(">f4", "(2, 4)"),
    floats([0, 1, 2, 3, 4, 5, 6, -7], 4, false),
  );
  assertSampleError(
    () => parseNpy(neg),
    "row 2, column 4 is -7, but samples of ReLU(W z + b) are never negative",
    { row: 2, column: 4 },
  );
  assert.equal(parseNpy(neg, { allowNegative: true }).data[7], -7);
});
