import assert from "node:assert/strict";
import { drawSynthetic } from "../../../../dashboard/src/lib/synthetic.ts";

Deno.test("drawSynthetic() returns the truth and n rectified samples, the same for the same seed", () => {
  const spec = { d: 3, k: 2, n: 50, kappa: 1, bias: "zero" as const, seed: 4 };
  const a = drawSynthetic(spec);
  assert.equal(a.samples.length, 50);
  assert.ok(
    a.samples.every((row) => row.length === 3 && row.every((x) => x >= 0)),
  );
  assert.deepEqual(a.b, [0, 0, 0]);
  assert.equal(a.sigma.length, 3);
  assert.deepEqual(drawSynthetic(spec), a);
  assert.notDeepEqual(drawSynthetic({ ...spec, seed: 5 }).samples, a.samples);
});
