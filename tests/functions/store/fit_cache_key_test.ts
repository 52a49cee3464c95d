import assert from "node:assert/strict";
import {
  ESTIMATOR_VERSION,
  fitCacheDigest,
} from "../../../functions/store/fit_cache_key.ts";

const x = { rows: 2, cols: 2, data: new Float64Array([0, 1, 2, 3]) };
const base = { x, method: "paper", options: { a: 1, b: true }, seed: 0 };

Deno.test("fitCacheDigest() is stable and ignores option key order", async () => {
  const d1 = await fitCacheDigest(base);
  assert.match(d1, /^[0-9a-f]{64}$/);
  assert.equal(
    await fitCacheDigest({ ...base, options: { b: true, a: 1 } }),
    d1,
  );
  assert.equal(typeof ESTIMATOR_VERSION, "number");
});

Deno.test("fitCacheDigest() changes with data, shape, method, option and seed", async () => {
  const d1 = await fitCacheDigest(base);
  const variants = [
    { ...base, seed: 1 },
    { ...base, method: "other" },
    { ...base, options: { a: 2, b: true } },
    { ...base, x: { ...x, data: new Float64Array([0, 1, 2, 3.0000001]) } },
    { ...base, x: { rows: 1, cols: 4, data: x.data } },
  ];
  const digests = await Promise.all(variants.map(fitCacheDigest));
  for (const d of digests) assert.notEqual(d, d1);
  assert.equal(new Set(digests).size, digests.length);
});

Deno.test("fitCacheDigest() separates bootstrap counts, and 0 hashes like no bootstrap", async () => {
  const d0 = await fitCacheDigest(base);
  assert.equal(await fitCacheDigest({ ...base, bootstrap: 0 }), d0);
  const d20 = await fitCacheDigest({ ...base, bootstrap: 20 });
  assert.notEqual(d20, d0);
  assert.notEqual(await fitCacheDigest({ ...base, bootstrap: 21 }), d20);
});
