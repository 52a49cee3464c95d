import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import { censoredFisherInformation } from "../../../core/fisher/censored_information.ts";
import { cramerRaoBound } from "../../../core/fisher/cramer_rao.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { D2 } from "./_fixtures.ts";

Deno.test("cramerRaoBound() is the inverse information over n", () => {
  const info = censoredFisherInformation(D2.b, D2.sigma);
  const n = 1000;
  const crb = cramerRaoBound(info, n);
  const q = 5, a = info.matrix.data, v = crb.covariance.data;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let k = 0; k < q; k++) s += a[i * q + k]! * v[k * q + j]! * n;
      assertClose(s, i === j ? 1 : 0, 1e-10, `(I V n)[${i}][${j}]`);
    }
    assertClose(crb.sd[i]!, Math.sqrt(v[i * q + i]!), 0, `sd ${i}`);
  }
  assert.deepEqual(crb.names, info.names);
});

Deno.test("cramerRaoBound() rejects a singular information and a bad n", () => {
  const singular = {
    names: ["b1", "Sigma11"],
    matrix: fromRows([[1, 1], [1, 1]]),
    quadratureChange: 0,
    panelWidth: 1,
  };
  assert.throws(() => cramerRaoBound(singular, 10), {
    name: "RangeError",
    message: /the Fisher information is singular/,
  });
  const info = censoredFisherInformation(Float64Array.of(0), fromRows([[1]]));
  assert.throws(() => cramerRaoBound(info, 0), {
    name: "RangeError",
    message: /n must be a positive number, got 0/,
  });
});
