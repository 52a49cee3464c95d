import assert from "node:assert/strict";
import { sortedQuantile } from "../../../core/check/sorted_quantile.ts";

Deno.test("sortedQuantile() interpolates between order statistics (type 7)", () => {
  const v = Float64Array.of(1, 2, 4, 8, 100);
  assert.equal(sortedQuantile(v, 4, 0), 1);
  assert.equal(sortedQuantile(v, 4, 1), 8);
  assert.equal(sortedQuantile(v, 4, 0.5), 3);
  assert.equal(sortedQuantile(v, 4, 0.25), 1.75); // position 0.75
  assert.equal(sortedQuantile(v, 1, 0.9), 1);
  assert.ok(Number.isNaN(sortedQuantile(v, 0, 0.5)));
});
