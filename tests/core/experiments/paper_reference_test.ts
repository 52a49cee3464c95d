import assert from "node:assert/strict";
import {
  PAPER_REFERENCE,
  PAPER_REFERENCE_SETTINGS,
} from "../../../core/experiments/paper_reference.ts";
import * as experiments from "../../../core/experiments/mod.ts";
import * as dashboardFigure1 from "../../../dashboard/src/lib/figure1.ts";

Deno.test("PAPER_REFERENCE holds the measured points at d = k = 5", () => {
  assert.deepEqual(PAPER_REFERENCE_SETTINGS, {
    d: 5,
    k: 5,
    bias: "relu",
    runs: 10,
  });
  assert.deepEqual(
    PAPER_REFERENCE.map((r) => [r.n, r.kappa]),
    [[20_000, 1], [50_000, 1], [110_000, 1], [200_000, 1], [500_000, 1], [
      500_000,
      25,
    ]],
  );
  assert.deepEqual(PAPER_REFERENCE[0], {
    n: 20_000,
    kappa: 1,
    errSigma: [0.168, 0.043],
    errB: [0.102, 0.023],
    tv: 0.45,
    notPd: 2,
  });
  assert.deepEqual(PAPER_REFERENCE[5], {
    n: 500_000,
    kappa: 25,
    errSigma: [0.014, 0.008],
    errB: [0.0083, 0.0040],
  });
});

Deno.test("PAPER_REFERENCE errors fall as n grows at kappa 1", () => {
  const sweep = PAPER_REFERENCE.filter((r) => r.kappa === 1);
  for (let i = 1; i < sweep.length; i++) {
    for (const key of ["errSigma", "errB"] as const) {
      assert.ok(sweep[i]![key][0] < sweep[i - 1]![key][0], `${key} at ${i}`);
    }
    assert.ok(sweep[i]!.tv! < sweep[i - 1]!.tv!);
  }
  for (const r of PAPER_REFERENCE) {
    assert.ok(r.errSigma[1] > 0 && r.errB[1] > 0);
    if (r.notPd !== undefined) {
      assert.ok(r.notPd >= 0 && r.notPd <= PAPER_REFERENCE_SETTINGS.runs);
    }
  }
});

Deno.test("PAPER_REFERENCE is the one list, re-exported by core and the dashboard", () => {
  assert.equal(experiments.PAPER_REFERENCE, PAPER_REFERENCE);
  assert.equal(dashboardFigure1.PAPER_REFERENCE, PAPER_REFERENCE);
});
