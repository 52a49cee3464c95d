import assert from "node:assert/strict";
import {
  LAYERS,
  zigguratTables,
} from "../../../core/random/_ziggurat_tables.ts";
import { erfc } from "../../../core/special/normal.ts";

Deno.test("ziggurat pieces all have the same area", () => {
  const { x, f, r } = zigguratTables();
  const density = (t: number) => Math.exp(-0.5 * t * t);
  // Marsaglia and Tsang (2000) give r = 3.6541528853610088 and
  // v = 4.92867323399e-3 for 256 pieces.
  assert.ok(Math.abs(r - 3.6541528853610088) < 1e-14, `r = ${r}`);
  const tail = Math.sqrt(Math.PI / 2) * erfc(r / Math.SQRT2);
  const v = r * density(r) + tail;
  assert.ok(Math.abs(v - 4.92867323399e-3) < 1e-13, `v = ${v}`);
  // Base as a box: width x[0] at height f(r).
  assert.ok(Math.abs(x[0] * density(r) - v) < 1e-15 * LAYERS);
  assert.equal(x[1], r);
  assert.equal(x[LAYERS], 0);
  assert.equal(f[LAYERS], 1);
  for (let i = 1; i < LAYERS; i++) {
    assert.ok(x[i + 1] < x[i], `edges decrease at ${i}`);
    assert.equal(f[i], density(x[i]));
    // Box i spans [0, x_i] × [f(x_i), f(x_{i+1})]; relative error ~1e-13
    // comes from f⁻¹ near the top, where f is flat.
    const area = x[i] * (f[i + 1] - f[i]);
    assert.ok(Math.abs(area - v) < 1e-12 * v, `piece ${i}: ${area} vs ${v}`);
  }
});
