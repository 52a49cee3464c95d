import assert from "node:assert/strict";
import { DatasetCreateBody } from "../../contract/datasets.ts";

Deno.test("DatasetCreateBody takes d and optionally d distinct names", () => {
  assert.deepEqual(DatasetCreateBody.parse({ d: 2 }), { d: 2 });
  assert.deepEqual(
    DatasetCreateBody.parse({ d: 2, names: ["rain", "wind"] }).names,
    ["rain", "wind"],
  );
});

Deno.test("DatasetCreateBody refuses names of another count, twice the same name, unknown fields", () => {
  const issue = (value: unknown) => {
    const result = DatasetCreateBody.safeParse(value);
    assert.equal(result.success, false);
    return result.error!.issues[0]!;
  };
  assert.match(
    issue({ d: 3, names: ["a", "b"] }).message,
    /2 entries but d is 3/,
  );
  assert.deepEqual(issue({ d: 2, names: ["a", "a"] }).path, ["names", 1]);
  assert.match(issue({ d: 2, names: ["a", "a"] }).message, /"a" appears twice/);
  issue({ d: 0 });
  issue({ d: 1.5 });
  issue({ d: 2, samples: [] });
});
