import assert from "node:assert/strict";
import {
  parseHash,
  RouterModel,
} from "../../../../dashboard/src/models/router_model.ts";

Deno.test("parseHash() reads the view, path and query; unknown views go to Fit", () => {
  const r = parseHash("#/compare?ids=a,b");
  assert.equal(r.view, "compare");
  assert.equal(r.query.get("ids"), "a,b");
  assert.deepEqual(parseHash("#/runs/abc").rest, ["abc"]);
  assert.equal(parseHash("").view, "fit");
  assert.equal(parseHash("#/nowhere").view, "fit");
});

Deno.test("RouterModel.navigate() updates the hash and the route", () => {
  const location = { hash: "#/fit" };
  const router = new RouterModel(location, null);
  router.navigate("/history");
  assert.equal(location.hash, "#/history");
  assert.equal(router.route.value.view, "history");
  router[Symbol.dispose]();
});
