import assert from "node:assert/strict";
import type {
  MethodInfo,
  MethodOption,
} from "../../../../dashboard/src/api/types.ts";
import {
  checkOption,
  describeRange,
  initialMethods,
  inputOf,
  optionsToSend,
  withInput,
} from "../../../../dashboard/src/lib/method_options.ts";

const batches: MethodOption = {
  name: "B",
  kind: "integer",
  default: 1,
  min: 1,
  max: 1000,
  description: "Batches per coordinate",
};
const step: MethodOption = {
  name: "lambda",
  kind: "number",
  default: 0.1,
  min: 1e-9,
  max: 1e9,
  description: "Step size",
};
const se: MethodOption = {
  name: "standardErrors",
  kind: "boolean",
  default: true,
  description: "Attach standard errors",
};
const paper: MethodInfo = {
  name: "paper",
  description: "",
  assumptions: "",
  cost: "",
  options: [batches, step],
};

Deno.test("checkOption() applies the spec's kind and inclusive range", () => {
  assert.deepEqual(checkOption(batches, "1"), { ok: true, value: 1 });
  assert.deepEqual(checkOption(batches, "1000"), { ok: true, value: 1000 });
  assert.deepEqual(checkOption(batches, "0"), {
    ok: false,
    message: "B must be at least 1",
  });
  assert.deepEqual(checkOption(batches, "1001"), {
    ok: false,
    message: "B must be at most 1000",
  });
  assert.deepEqual(checkOption(batches, "2.5"), {
    ok: false,
    message: "B must be a whole number",
  });
  assert.deepEqual(checkOption(batches, ""), {
    ok: false,
    message: "B must be a number",
  });
  assert.deepEqual(checkOption(step, "1e-3"), { ok: true, value: 0.001 });
  assert.deepEqual(checkOption(se, false), { ok: true, value: false });
  assert.equal(checkOption(se, "yes").ok, false);
});

Deno.test("optionsToSend() sends only values that differ from the default", () => {
  assert.deepEqual(optionsToSend(paper, {}), { ok: true, options: {} });
  let inputs = withInput({}, "paper", "B", "4");
  inputs = withInput(inputs, "paper", "lambda", "0.1");
  assert.deepEqual(optionsToSend(paper, inputs), {
    ok: true,
    options: { B: 4 },
  });
  // Inputs of another method do not leak in.
  const other = withInput({}, "censored", "B", "7");
  assert.deepEqual(optionsToSend(paper, other), { ok: true, options: {} });
});

Deno.test("optionsToSend() names the method and option of every bad value", () => {
  const inputs = withInput(
    withInput({}, "paper", "B", "0"),
    "paper",
    "lambda",
    "x",
  );
  assert.deepEqual(optionsToSend(paper, inputs), {
    ok: false,
    messages: ["paper: B must be at least 1", "paper: lambda must be a number"],
  });
});

Deno.test("inputOf() shows the default until the user types, withInput() copies", () => {
  assert.equal(inputOf({}, "paper", batches), "1");
  assert.equal(inputOf({}, "pairwise-mle", se), true);
  const before = withInput({}, "paper", "B", "3");
  const after = withInput(before, "paper", "lambda", "0.5");
  assert.deepEqual(before, { paper: { B: "3" } });
  assert.deepEqual(after, { paper: { B: "3", lambda: "0.5" } });
});

Deno.test("describeRange() states kind, range and default", () => {
  assert.equal(describeRange(batches), "integer 1 – 1000, default 1");
  assert.equal(describeRange(step), "number 1e-9 – 1e+9, default 0.1");
  assert.equal(describeRange(se), "default on");
  assert.equal(
    describeRange({ ...batches, max: undefined }),
    "integer ≥ 1, default 1",
  );
});

Deno.test("initialMethods() is the API's default plus paper, once each, if registered", () => {
  const names = ["paper", "censored", "pairwise-mle"];
  assert.deepEqual(initialMethods("pairwise-mle", names), [
    "pairwise-mle",
    "paper",
  ]);
  assert.deepEqual(initialMethods("paper", names), ["paper"]);
  assert.deepEqual(initialMethods("censored", ["censored"]), ["censored"]);
  assert.deepEqual(initialMethods("", names), ["paper"]);
});
