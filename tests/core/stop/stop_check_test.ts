import assert from "node:assert/strict";
import { fitSamples } from "../../../core/estimators/fit.ts";
import { randomTruth } from "../../../core/experiments/truth.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import {
  checkStop,
  rethrowStop,
  StoppedError,
  withStopCheck,
} from "../../../core/stop/mod.ts";

const prng = createPrng(3);
const truth = randomTruth({ d: 4, k: 4, kappa: 1, bias: "relu" }, prng);
const x = sampleRectifiedGaussian(truth.w, truth.b, 2000, prng);

/** A check that says stop from its `after + 1`-th call on, and counts. */
function stopAfter(after: number) {
  const state = { calls: 0 };
  return { state, check: () => ++state.calls > after };
}

Deno.test("checkStop() does nothing outside withStopCheck", () => {
  checkStop();
});

Deno.test("withStopCheck() restores the enclosing check, also after a throw", () => {
  const outer = stopAfter(Infinity);
  withStopCheck(outer.check, () => {
    assert.throws(
      () => withStopCheck(() => true, () => checkStop()),
      StoppedError,
    );
    checkStop(); // the outer check again: go on
  });
  assert.equal(outer.state.calls, 1);
  checkStop();
});

Deno.test("rethrowStop() throws StoppedError only", () => {
  assert.throws(() => rethrowStop(new StoppedError()), StoppedError);
  rethrowStop(new RangeError("a failed step"));
  assert.equal(new StoppedError().name, "StoppedError");
});

for (const method of ["censored", "censored-moment", "pairwise-mle", "paper"]) {
  Deno.test(`a ${method} fit checks for a stop in its loops and stops with StoppedError`, () => {
    const all = stopAfter(Infinity);
    withStopCheck(all.check, () => fitSamples(x, { method }));
    assert.ok(all.state.calls >= 3, `${all.state.calls} checks`);
    // Stopped at each check in turn, the fit ends there.
    for (const after of [0, Math.floor(all.state.calls / 2)]) {
      const some = stopAfter(after);
      assert.throws(
        () => withStopCheck(some.check, () => fitSamples(x, { method })),
        StoppedError,
      );
      assert.equal(some.state.calls, after + 1);
    }
  });
}

Deno.test("a stop is not taken for a failed refit: the bootstrap and the model check end", () => {
  for (
    const request of [{ bootstrap: 5 }, { check: true, checkReplicates: 5 }]
  ) {
    const all = stopAfter(Infinity);
    const plain = stopAfter(Infinity);
    withStopCheck(plain.check, () => fitSamples(x, {}));
    withStopCheck(all.check, () => fitSamples(x, request));
    // Stopped after the main fit, inside a refit.
    const some = stopAfter(plain.state.calls + 2);
    assert.ok(all.state.calls > some.state.calls + 1);
    assert.throws(
      () => withStopCheck(some.check, () => fitSamples(x, request)),
      StoppedError,
    );
    assert.equal(some.state.calls, plain.state.calls + 3);
  }
});
