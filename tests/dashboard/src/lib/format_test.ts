import assert from "node:assert/strict";
import {
  formatEntry,
  formatMeanStd,
  formatMetric,
  formatMs,
  formatValue,
} from "../../../../dashboard/src/lib/format.ts";

Deno.test("formatMetric() keeps 3 significant digits and marks missing values", () => {
  assert.equal(formatMetric(0.123456), "0.123");
  assert.equal(formatMetric(12.345), "12.3");
  assert.equal(formatMetric(0.0004567), "4.57e-4");
  assert.equal(formatMetric(0), "0");
  assert.equal(formatMetric(null), "–");
  assert.equal(formatMetric(Number.NaN), "–");
});

Deno.test("formatMeanStd() joins mean and std, and shows a dash without a mean", () => {
  assert.equal(formatMeanStd({ mean: 0.168, std: 0.043 }), "0.168 ± 0.0430");
  assert.equal(formatMeanStd(null), "–");
  assert.equal(
    formatMeanStd({ mean: null as unknown as number, std: 0 }),
    "–",
  );
});

Deno.test("formatEntry() never prints a negative zero", () => {
  assert.equal(formatEntry(-0.0001), "0.000");
  assert.equal(formatEntry(-0.5), "-0.500");
});

Deno.test("formatValue() and formatMs() read naturally", () => {
  assert.equal(formatValue(20000), "20,000");
  assert.equal(formatValue(2.5), "2.5");
  assert.equal(formatMs(4.25), "4.3 ms");
  assert.equal(formatMs(1500), "1.50 s");
});
