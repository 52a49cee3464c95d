import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import { gaussLegendre } from "../../../core/special/gauss_legendre.ts";

Deno.test("gaussLegendre() integrates polynomials up to degree 2n - 1 exactly", () => {
  for (const n of [1, 2, 5, 20]) {
    const { nodes, weights } = gaussLegendre(n);
    for (let degree = 0; degree <= 2 * n - 1; degree++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += weights[i]! * nodes[i]! ** degree;
      // ∫ x^m over [−1, 1] = 2 / (m + 1) for even m, 0 for odd m.
      const exact = degree % 2 === 0 ? 2 / (degree + 1) : 0;
      assertClose(s, exact, 1e-14, `n = ${n}, x^${degree}`);
    }
  }
});

Deno.test("gaussLegendre() rejects a node count that is not a positive integer", () => {
  assert.throws(() => gaussLegendre(0), {
    name: "RangeError",
    message: /n must be a positive integer, got 0/,
  });
  assert.throws(() => gaussLegendre(2.5), RangeError);
});
