import assert from "node:assert/strict";
import {
  compareSettings,
  compareSpecs,
} from "../../../core/experiments/compare.ts";
import {
  compareCrb,
  compareTruths,
} from "../../../core/experiments/compare_crb.ts";
import { runExperiment } from "../../../core/experiments/run.ts";
import { crbErrors } from "../../../core/fisher/crb_errors.ts";
import { identityFit } from "./_identity_fit.ts";

const SETTINGS = compareSettings({ small: true });

Deno.test("compareTruths() draws the truths the comparison's runs fit", () => {
  // The identity fit (b = 0) has err_b = ‖b‖ / √tr Σ of each run's truth.
  const index = 3; // negative bias: every truth has its own b
  const spec = compareSpecs(SETTINGS, { runs: 3, methods: ["x"], seed: 4 });
  const result = runExperiment(spec[index]!, undefined, {
    fit: identityFit(1),
  });
  const expected = [...compareTruths(SETTINGS[index]!, index, 3, 4)].map(
    (t) => {
      const d = t.b.length;
      let trace = 0;
      for (let i = 0; i < d; i++) trace += t.sigma.data[i * d + i];
      return Math.hypot(...t.b) / Math.sqrt(trace);
    },
  );
  const mean = expected.reduce((s, v) => s + v, 0) / expected.length;
  assert.ok(Math.abs(result.points[0]!.errB.mean - mean) < 1e-12 * mean);
});

Deno.test("compareCrb() averages the bound over those truths, none when k < d", () => {
  const index = 1; // d = 5, κ = 1: Σ = c·I, the exact bound
  const bound = compareCrb(SETTINGS[index]!, index, 2, 0)!;
  const each = [...compareTruths(SETTINGS[index]!, index, 2, 0)].map((t) =>
    crbErrors(t, SETTINGS[index]!.n)
  );
  assert.equal(bound.kind, "exact");
  const mean = (each[0]!.errB.mean! + each[1]!.errB.mean!) / 2;
  assert.ok(Math.abs(bound.errB - mean) < 1e-12 * mean);
  assert.equal(compareCrb(SETTINGS[4]!, 4, 1)!.kind, "per-entry"); // κ = 25
  assert.equal(compareCrb(SETTINGS[6]!, 6, 1), null); // k = 3 < d = 8
});
