import assert from "node:assert/strict";
import { parseSampleSpec } from "../../../core/formats/mod.ts";

Deno.test("parseSampleSpec() reads W (d x k) and b", () => {
  const { w, b } = parseSampleSpec({
    W: [[1, 0, 2], [0.5, 1, 0]],
    b: [0.5, -1],
  });
  assert.deepEqual([w.rows, w.cols], [2, 3]);
  assert.deepEqual(w.data, Float64Array.of(1, 0, 2, 0.5, 1, 0));
  assert.deepEqual(b, Float64Array.of(0.5, -1));
});

Deno.test("parseSampleSpec() names the field that is wrong", () => {
  const cases: [unknown, string][] = [
    [[1], 'expected an object {"W": [[...]], "b": [...]}, got an array'],
    [
      { b: [1] },
      '"W" must be an array of rows (or give a fit result with "covariance.factor"), got undefined',
    ],
    [{ W: [], b: [] }, '"W" has no rows'],
    [
      { W: [[]], b: [1] },
      '"W[0]" must be a non-empty array of numbers, got an array',
    ],
    [
      { W: [[1, 2], 3], b: [1, 2] },
      '"W[1]" must be an array of numbers, got 3',
    ],
    [
      { W: [[1, 2], [3]], b: [1, 2] },
      '"W[1]" has 1 entries, expected 2 as in "W[0]"',
    ],
    [
      { W: [[1, 2], [3, "4"]], b: [1, 2] },
      '"W[1][1]" must be a finite number, got "4"',
    ],
    [{ W: [[1, NaN]], b: [1] }, '"W[0][1]" must be a finite number, got NaN'],
    [{ W: [[1]], b: 1 }, '"b" must be an array of numbers, got 1'],
    [{ W: [[1], [2]], b: [1] }, '"b" has 1 entries but "W" has 2 rows'],
    [
      { W: [[1], [2]], b: [1, null] },
      '"b[1]" must be a finite number, got null',
    ],
  ];
  for (const [value, problem] of cases) {
    assert.throws(() => parseSampleSpec(value), {
      name: "RangeError",
      message: `Cannot read the spec: ${problem}`,
    });
  }
});

Deno.test("parseSampleSpec() samples a fit result through its factor W_hat", () => {
  const fit = {
    method: "censored",
    b: [0.25, 0],
    sigma: [[4, 1], [1, 1]],
    covariance: { positiveDefinite: true, factor: [[2, 0], [0.5, 0.5]] },
  };
  const { w, b } = parseSampleSpec(fit);
  assert.deepEqual(w.data, Float64Array.of(2, 0, 0.5, 0.5));
  assert.deepEqual(b, Float64Array.of(0.25, 0));
  assert.throws(
    () => parseSampleSpec({ ...fit, covariance: { factor: [[1, 0]] } }),
    {
      message:
        'Cannot read the spec: "b" has 2 entries but "covariance.factor" has 1 rows',
    },
  );
});
