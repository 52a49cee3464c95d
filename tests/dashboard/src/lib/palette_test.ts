import assert from "node:assert/strict";
import { methodColor } from "../../../../dashboard/src/lib/palette.ts";

Deno.test("methodColor() gives each registered method its own colour, never the reference black", () => {
  const registry = [
    "paper",
    "trunc-mle",
    "censored",
    "censored-moment",
    "pairwise-mle",
    "two-layer",
  ];
  const colors = registry.map((m) => methodColor(m, registry));
  assert.equal(new Set(colors).size, registry.length);
  assert.ok(!colors.includes("#000000"));
  // The colour depends on the registry, not on which methods a run used.
  assert.equal(methodColor("pairwise-mle", registry), colors[4]);
  assert.equal(methodColor("nope", []), methodColor("nope", []));
});
