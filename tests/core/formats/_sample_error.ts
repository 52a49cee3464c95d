/** Asserts a call throws `SampleFormatError` with this message and place. */
import assert from "node:assert/strict";
import { SampleFormatError } from "../../../core/formats/mod.ts";

export function assertSampleError(
  fn: () => unknown,
  message: string,
  where: { row?: number; column?: number } = {},
): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(
    caught instanceof SampleFormatError,
    `expected SampleFormatError, got ${String(caught)}`,
  );
  assert.ok(caught instanceof RangeError);
  assert.equal(caught.message, `Cannot read samples: ${message}`);
  assert.equal(caught.row, where.row, "row");
  assert.equal(caught.column, where.column, "column");
}

/** A random (rows, cols) matrix of non-negative values over many magnitudes. */
export function randomSamples(
  prng: () => number,
  rows: number,
  cols: number,
): { rows: number; cols: number; data: Float64Array } {
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) {
    const u = prng();
    // A quarter exact zeros (as ReLU output has), the rest spread over
    // exponents -300..300 so formatting meets tiny, huge and ordinary values.
    data[k] = u < 0.25 ? 0 : prng() * 10 ** Math.round(600 * prng() - 300);
  }
  return { rows, cols, data };
}
