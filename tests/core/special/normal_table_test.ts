import assert from "node:assert/strict";
import { normLogCdf, normPdfOverCdf } from "../../../core/special/normal.ts";
import {
  tabulatedLogCdfAndRatio,
  tabulatedPdfOverCdf,
} from "../../../core/special/normal_table.ts";
import { createPrng } from "../../../core/random/prng.ts";

Deno.test("tabulatedLogCdfAndRatio() is within 4e-15 of log Φ and 3e-15 of φ/Φ on the table, exact outside", () => {
  // The quintic Hermite error bound is h⁶ max|f⁽⁶⁾|/46080 ≈ 3e-16·max|f⁽⁶⁾|
  // (h = 1/64); what remains is the rounding of the table's values and of
  // the Horner sum: one or two ulps of log Φ, whose values reach −51 on
  // the table (ulp 7e-15), so the bound allowed is 1.5e-14 there and
  // 4e-15 where |log Φ| < 8; φ/Φ reaches 10.1 (ulp 1.8e-15).
  const prng = createPrng(7);
  const out = new Float64Array(2);
  for (let r = 0; r < 200_000; r++) {
    const t = -10 + 20 * prng();
    tabulatedLogCdfAndRatio(t, out);
    const logCdf = normLogCdf(t);
    const ratio = normPdfOverCdf(t);
    const allowed = Math.abs(logCdf) < 8 ? 4e-15 : 1.5e-14;
    assert.ok(Math.abs(out[0] - logCdf) <= allowed, `log Φ(${t})`);
    assert.ok(
      Math.abs(out[1] - ratio) <= 3e-15 * Math.max(1, ratio),
      `φ/Φ(${t})`,
    );
    assert.equal(tabulatedPdfOverCdf(t), out[1]);
  }
  for (const t of [-10.5, -40, 10, 12, Infinity, -Infinity]) {
    tabulatedLogCdfAndRatio(t, out);
    assert.equal(out[0], normLogCdf(t));
    assert.equal(out[1], normPdfOverCdf(t));
    assert.equal(tabulatedPdfOverCdf(t), normPdfOverCdf(t));
  }
  tabulatedLogCdfAndRatio(NaN, out);
  assert.ok(Number.isNaN(out[0]) && Number.isNaN(out[1]));
  assert.ok(Number.isNaN(tabulatedPdfOverCdf(NaN)));
});
