import assert from "node:assert/strict";
import {
  errorBars,
  formatWithSe,
  paddedRange,
} from "../../../../dashboard/src/lib/error_bars.ts";

Deno.test("errorBars() spans estimate ± 1.96 SE, skipping unusable SEs", () => {
  const bars = errorBars([1, 2, 3, 4], [0.5, 0, NaN, -1]);
  assert.deepEqual(bars[0], { lo: 1 - 0.98, hi: 1 + 0.98 });
  assert.deepEqual(bars[1], { lo: 2, hi: 2 });
  assert.equal(bars[2], null);
  assert.equal(bars[3], null);
  assert.deepEqual(errorBars([0], [1], 1), [{ lo: -1, hi: 1 }]);
});

Deno.test("errorBars() rejects SEs of another length", () => {
  assert.throws(() => errorBars([1, 2], [0.1]), {
    name: "RangeError",
    message: "Cannot draw error bars: 1 standard errors for 2 estimates",
  });
});

Deno.test("paddedRange() covers estimates, bars and reference values", () => {
  // Bars reach 0.02 .. 2.98, truth 3.5: span 3.48, padded by 0.348.
  const [lo, hi] = paddedRange([1, 2], errorBars([1, 2], [0.5, 0.5]), [3.5]);
  assert.ok(Math.abs(lo - (0.02 - 0.348)) < 1e-12, `lo ${lo}`);
  assert.ok(Math.abs(hi - (3.5 + 0.348)) < 1e-12, `hi ${hi}`);
  assert.deepEqual(paddedRange([2, 2]), [1.5, 2.5]);
  assert.deepEqual(paddedRange([]), [-1, 1]);
});

Deno.test("formatWithSe() prints the 95% half-width only when an SE is known", () => {
  const f = (x: number) => x.toFixed(2);
  assert.equal(formatWithSe(0.5, 0.1, f), "0.50 ± 0.20");
  assert.equal(formatWithSe(0.5, undefined, f), "0.50");
});
