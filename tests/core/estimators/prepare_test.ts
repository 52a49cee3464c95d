import assert from "node:assert/strict";
import {
  createRegistry,
  DEFAULT_METHOD,
  DEFAULT_REGISTRY,
  FitRequestError,
  fitRequestOf,
  fitSamples,
  isPreparedFit,
  prepareEstimatorFit,
  prepareFit,
} from "../../../core/estimators/mod.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";

/** The error `fn` throws, which must be a `FitRequestError`. */
function requestError(fn: () => unknown): FitRequestError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof FitRequestError, String(e));
    return e;
  }
  assert.fail("expected a FitRequestError");
}

Deno.test("prepareFit() fills every default once", () => {
  const fit = prepareFit();
  assert.equal(fit.estimator.name, DEFAULT_METHOD);
  assert.equal(fit.seed, 0);
  assert.equal(fit.bootstrap, 0);
  assert.deepEqual(fit.options, {
    bins: 64,
    jointAbove: 0.5,
    standardErrors: true,
  });

  const paper = prepareFit({ method: "paper", seed: 3, options: { B: 2 } });
  assert.equal(paper.estimator, DEFAULT_REGISTRY.get("paper"));
  assert.deepEqual(paper.options, { B: 2, r: 3, lambda: 0.1, batch: 10 });
  assert.equal(paper.seed, 3);
});

Deno.test("prepareFit() reads text as a query string or command line gives it", () => {
  const fit = prepareFit({
    method: "pairwise-mle",
    seed: "7",
    bootstrap: " 20 ",
    options: { bins: "32", standardErrors: "false" },
  });
  assert.equal(fit.seed, 7);
  assert.equal(fit.bootstrap, 20);
  assert.deepEqual(fit.options, {
    bins: 32,
    jointAbove: 0.5,
    standardErrors: false,
  });
});

Deno.test("prepareFit() names the field and the value sent", () => {
  const cases: [Parameters<typeof prepareFit>[0], string, string][] = [
    [
      { method: "nope" },
      "method",
      `Cannot fit: unknown method "nope"; valid methods are ${
        DEFAULT_REGISTRY.names().join(", ")
      }`,
    ],
    [
      { seed: -1 },
      "seed",
      "Cannot fit: seed must be a non-negative integer, got -1",
    ],
    [
      { seed: "1.5" },
      "seed",
      'Cannot fit: seed must be a non-negative integer, got "1.5"',
    ],
    [
      { seed: "" },
      "seed",
      'Cannot fit: seed must be a non-negative integer, got ""',
    ],
    [
      { bootstrap: 1001 },
      "bootstrap",
      "Cannot fit: bootstrap must be an integer in [0, 1000], got 1001",
    ],
    [
      { bootstrap: "x" },
      "bootstrap",
      'Cannot fit: bootstrap must be an integer in [0, 1000], got "x"',
    ],
    [
      { method: "paper", options: { gamma: 1 } },
      "options",
      'Cannot fit with method "paper": unknown option "gamma"; valid options are B, r, lambda, batch',
    ],
    [
      { method: "paper", options: { B: "abc" } },
      "options",
      'Cannot fit with method "paper": option "B" must be a finite number, got abc',
    ],
    [
      { method: "paper", options: { B: 1.5 } },
      "options",
      'Cannot fit with method "paper": option "B" must be an integer, got 1.5',
    ],
    [
      { method: "trunc-mle", options: { B: 1 } },
      "options",
      'Cannot fit with method "trunc-mle": unknown option "B"; valid options are none',
    ],
    [
      { check: "yes" },
      "check",
      'Cannot fit: check must be true or false, got "yes"',
    ],
    [
      { checkReplicates: 19 },
      "check",
      "Cannot fit: checkReplicates is set but check is not; ask for the check too",
    ],
    [
      { check: false, checkLevel: 0.1 },
      "check",
      "Cannot fit: checkLevel is set but check is not; ask for the check too",
    ],
    [
      { check: true, checkReplicates: 0 },
      "check",
      "Cannot fit: checkReplicates must be an integer in [1, 1000], got 0",
    ],
    [
      { check: "true", checkReplicates: "99.5" },
      "check",
      'Cannot fit: checkReplicates must be an integer in [1, 1000], got "99.5"',
    ],
    [
      { check: true, checkLevel: 1 },
      "check",
      "Cannot fit: checkLevel must be a number in (0, 1), got 1",
    ],
    [
      { rank: -1 },
      "rank",
      "Cannot fit: rank must be a non-negative integer (k of a rank-k fit, 0 for none), got -1",
    ],
    [
      { method: "censored", options: { standardErrors: 1 } },
      "options",
      'Cannot fit with method "censored": option "standardErrors" must be true or false, got 1',
    ],
  ];
  for (const [request, field, message] of cases) {
    const e = requestError(() => prepareFit(request));
    assert.equal(e.field, field, message);
    assert.equal(e.message, message);
    assert.ok(e instanceof RangeError);
    assert.equal(e.name, "RangeError");
  }
});

Deno.test("prepareFit() fills the check's defaults only when a check is asked for", () => {
  const none = prepareFit({ check: "false", rank: "0" });
  assert.equal(none.modelCheck, null);
  assert.equal(none.rank, 0);
  const on = prepareFit({ check: "true", rank: "2" });
  assert.deepEqual(on.modelCheck, { replicates: 99, level: 0.05 });
  assert.equal(on.rank, 2);
  const set = prepareFit({
    check: true,
    checkReplicates: "19",
    checkLevel: "0.1",
  });
  assert.deepEqual(set.modelCheck, { replicates: 19, level: 0.1 });
  const plain = fitRequestOf(set);
  assert.deepEqual(
    [plain.check, plain.checkReplicates, plain.checkLevel, plain.rank],
    [true, 19, 0.1, undefined],
  );
  assert.deepEqual(prepareFit(plain), set);
  assert.deepEqual(prepareFit(fitRequestOf(on)), on);
});

Deno.test("prepareFit() looks the method up in the registry it is given", () => {
  const paperOnly = createRegistry([DEFAULT_REGISTRY.get("paper")], "paper");
  assert.equal(prepareFit({}, paperOnly).estimator.name, "paper");
  const e = requestError(() => prepareFit({ method: "censored" }, paperOnly));
  assert.equal(
    e.message,
    'Cannot fit: unknown method "censored"; valid methods are paper',
  );
});

Deno.test("prepareEstimatorFit() validates without a lookup", () => {
  const paper = DEFAULT_REGISTRY.get("paper");
  const fit = prepareEstimatorFit(paper, { seed: 2, options: { r: 4 } });
  assert.equal(fit.estimator, paper);
  assert.equal(fit.options.r, 4);
  assert.equal(
    requestError(() => prepareEstimatorFit(paper, { bootstrap: -1 })).field,
    "bootstrap",
  );
});

Deno.test("fitRequestOf() gives plain data that prepares to the same fit", () => {
  const fit = prepareFit({ method: "paper", seed: 4, bootstrap: 2 });
  const plain = fitRequestOf(fit);
  assert.deepEqual(plain, {
    method: "paper",
    seed: 4,
    options: { B: 1, r: 3, lambda: 0.1, batch: 10 },
    bootstrap: 2,
  });
  assert.deepEqual(structuredClone(plain), plain, "cloneable for a worker");
  assert.deepEqual(prepareFit(plain), fit);
  assert.equal(isPreparedFit(fit), true);
  assert.equal(isPreparedFit(plain), false);
});

Deno.test("fitSamples() runs a prepared fit and carries its seed and options", () => {
  const x = fromRows([[0, 1], [1.5, 0.3], [0.7, 0], [2, 1.1], [0.2, 0.9]]);
  const fit = prepareFit({ method: "paper", seed: 9, options: { B: 2 } });
  const result = fitSamples(x, fit);
  assert.equal(result.seed, 9);
  assert.deepEqual(result.options, fit.options);
  // The same as preparing inside.
  assert.deepEqual(
    result,
    fitSamples(x, { method: "paper", seed: 9, options: { B: 2 } }),
  );
});

Deno.test("createRegistry() rejects two methods of one name and a missing default", () => {
  const paper = DEFAULT_REGISTRY.get("paper");
  assert.throws(() => createRegistry([paper, paper], "paper"), {
    name: "RangeError",
    message: 'Cannot build a registry: two estimators are called "paper"',
  });
  assert.throws(() => createRegistry([paper], "censored"), {
    name: "RangeError",
    message:
      'Cannot build a registry: the default method "censored" is not among its estimators',
  });
});
