import assert from "node:assert/strict";
import {
  compareRows,
  compareSettings,
  compareSpecs,
} from "../../../core/experiments/compare.ts";
import { runExperiment } from "../../../core/experiments/run.ts";
import { identityFit } from "./_identity_fit.ts";

Deno.test("compareSettings() lists the seven settings with unique ids", () => {
  const full = compareSettings();
  assert.equal(full.length, 7);
  assert.equal(new Set(full.map((s) => s.id)).size, 7);
  assert.deepEqual(full[0], {
    id: "d5-relu-n20k",
    d: 5,
    k: 5,
    kappa: 1,
    bias: "relu",
    n: 20_000,
  });
  assert.deepEqual(
    full.map((s) => s.id),
    [
      "d5-relu-n20k",
      "d5-relu-n200k",
      "d25-relu-n200k",
      "d5-negative-n200k",
      "d5-kappa25-relu-n200k",
      "d5-zero-n200k",
      "d8-k3-relu-n200k",
    ],
  );
  const small = compareSettings({ small: true });
  assert.equal(small[2]!.d, 10);
  assert.equal(small[1]!.n, 20_000);
});

Deno.test("compareSpecs() gives each setting one point and its own seed", () => {
  const settings = compareSettings();
  const specs = compareSpecs(settings, {
    runs: 3,
    methods: ["a", "b"],
    seed: 4,
  });
  assert.equal(specs.length, 7);
  assert.deepEqual(specs[6]!.base, {
    d: 8,
    k: 3,
    n: 200_000,
    kappa: 1,
    bias: "relu",
  });
  assert.deepEqual(specs[6]!.values, [200_000]);
  assert.equal(new Set(specs.map((s) => s.seed)).size, 7);
});

/** A fit that returns the identity and zero bias, for joining rows cheaply. */
const zeroFit = identityFit(1);

Deno.test("compareRows() joins settings with their experiment points", () => {
  const settings = compareSettings({ small: true }).slice(0, 2).map((s) => ({
    ...s,
    n: 50,
  }));
  const specs = compareSpecs(settings, { runs: 2, methods: ["x", "y"] });
  const results = specs.map((s) =>
    runExperiment(s, undefined, { fit: zeroFit })
  );
  const rows = compareRows(settings, results);
  assert.deepEqual(
    rows.map((r) => [r.setting.id, r.method]),
    [
      [settings[0]!.id, "x"],
      [settings[0]!.id, "y"],
      [settings[1]!.id, "x"],
      [settings[1]!.id, "y"],
    ],
  );
  assert.equal(rows[0]!.errSigma.count, 2);
  assert.throws(() => compareRows(settings, results.slice(1)), RangeError);
});
