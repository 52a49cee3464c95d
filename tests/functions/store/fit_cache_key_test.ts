import assert from "node:assert/strict";
import { prepareFit } from "../../../core/estimators/mod.ts";
import {
  ESTIMATOR_VERSION,
  fitCacheDigest,
} from "../../../functions/store/fit_cache_key.ts";

const x = { rows: 2, cols: 2, data: new Float64Array([0, 1, 2, 3]) };
const base = { method: "paper", options: { B: 2, lambda: 0.2 }, seed: 0 };

Deno.test("fitCacheDigest() is stable and ignores the order options were given in", async () => {
  const d1 = await fitCacheDigest(x, prepareFit(base));
  assert.match(d1, /^[0-9a-f]{64}$/);
  assert.equal(await fitCacheDigest(x, prepareFit(base)), d1);
  const reordered = { ...base, options: { lambda: 0.2, B: 2 } };
  assert.equal(await fitCacheDigest(x, prepareFit(reordered)), d1);
  // Defaults spelled out are the same request.
  const spelled = { ...base, options: { ...base.options, r: 3, batch: 10 } };
  assert.equal(await fitCacheDigest(x, prepareFit(spelled)), d1);
  assert.equal(typeof ESTIMATOR_VERSION, "number");
});

Deno.test("fitCacheDigest() changes with data, shape, method, option and seed", async () => {
  const fit = prepareFit(base);
  const d1 = await fitCacheDigest(x, fit);
  const digests = await Promise.all([
    fitCacheDigest(x, prepareFit({ ...base, seed: 1 })),
    fitCacheDigest(x, prepareFit({ method: "trunc-mle" })),
    fitCacheDigest(x, prepareFit({ ...base, options: { B: 3 } })),
    fitCacheDigest(
      { ...x, data: new Float64Array([0, 1, 2, 3.0000001]) },
      fit,
    ),
    fitCacheDigest({ rows: 1, cols: 4, data: x.data }, fit),
  ]);
  for (const d of digests) assert.notEqual(d, d1);
  assert.equal(new Set(digests).size, digests.length);
});

Deno.test("fitCacheDigest() separates bootstrap counts, and 0 hashes like no bootstrap", async () => {
  const d0 = await fitCacheDigest(x, prepareFit(base));
  assert.equal(
    await fitCacheDigest(x, prepareFit({ ...base, bootstrap: 0 })),
    d0,
  );
  const d20 = await fitCacheDigest(x, prepareFit({ ...base, bootstrap: 20 }));
  assert.notEqual(d20, d0);
  assert.notEqual(
    await fitCacheDigest(x, prepareFit({ ...base, bootstrap: 21 })),
    d20,
  );
});

Deno.test("fitCacheDigest() separates check settings, rank, column names and what reading found", async () => {
  const d0 = await fitCacheDigest(x, prepareFit(base));
  // Default names and an explicit x1, x2 give the same answer.
  assert.equal(
    await fitCacheDigest(x, prepareFit(base), { columns: ["x1", "x2"] }),
    d0,
  );
  assert.equal(
    await fitCacheDigest(x, prepareFit({ ...base, check: false, rank: 0 })),
    d0,
  );
  const read = { droppedRows: 1, warnings: ["left out 1 of 3 rows"] };
  const digests = await Promise.all([
    fitCacheDigest(x, prepareFit({ ...base, check: true })),
    fitCacheDigest(
      x,
      prepareFit({ ...base, check: true, checkReplicates: 19 }),
    ),
    fitCacheDigest(x, prepareFit({ ...base, check: true, checkLevel: 0.1 })),
    fitCacheDigest(x, prepareFit({ ...base, rank: 1 })),
    fitCacheDigest(x, prepareFit(base), { columns: ["rain", "wind"] }),
    fitCacheDigest(x, prepareFit(base), { columns: ["wind", "rain"] }),
    fitCacheDigest(x, prepareFit(base), { read }),
    fitCacheDigest(x, prepareFit(base), { read: { ...read, droppedRows: 2 } }),
    fitCacheDigest(x, prepareFit(base), {
      read: { droppedRows: 0, warnings: [] },
    }),
  ]);
  for (const d of digests) assert.notEqual(d, d0);
  assert.equal(new Set(digests).size, digests.length);
});
