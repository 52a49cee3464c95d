/**
 * Every registered method through `POST /api/fit`: CSV with query options,
 * JSON with an options object, and sampling from the stored fit. Methods are
 * read from the registry, so a newly registered one is covered too.
 */
import assert from "node:assert/strict";
import { listEstimators } from "../../../core/estimators/mod.ts";
import type { OptionSpec } from "../../../core/estimators/types.ts";
import { writeCsv } from "../../../core/formats/csv.ts";
import { fromRows, toRows } from "../../../core/linalg/matrix.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { post, postJson, withApp } from "../_app.ts";

// d = 3, n = 600: enough positives per coordinate and pair for every method.
const X = sampleRectifiedGaussian(
  fromRows([[1, 0, 0], [0.5, 1, 0], [0.2, 0.3, 1]]),
  Float64Array.from([0.5, 0, 0.3]),
  600,
  createPrng(11),
);
const CSV = writeCsv(X);

/** A valid value other than the default, as query text and as JSON. */
function otherValue(spec: OptionSpec): number | boolean {
  if (spec.kind === "boolean") return !spec.default;
  const d = spec.default as number;
  const up = spec.kind === "integer" ? d + 1 : d * 2 || 0.5;
  return spec.max !== undefined && up > spec.max ? (spec.min ?? 0) : up;
}

function defaults(specs: readonly OptionSpec[]): Record<string, unknown> {
  return Object.fromEntries(specs.map((s) => [s.name, s.default]));
}

/** b and sigma agree with d, and every number is finite. */
function assertShapes(body: {
  d: number;
  b: number[];
  sigma: number[][];
}, label: string) {
  assert.equal(body.b.length, body.d, `${label}: b has length d`);
  assert.equal(body.sigma.length, body.d, `${label}: sigma has d rows`);
  for (const row of body.sigma) assert.equal(row.length, body.d, label);
  assert.ok(body.b.every(Number.isFinite), `${label}: finite b`);
  assert.ok(body.sigma.flat().every(Number.isFinite), `${label}: sigma`);
}

Deno.test("POST /api/fit fits with every registered method (CSV, query options)", async (t) => {
  await withApp(async (app) => {
    for (const e of listEstimators()) {
      await t.step(e.name, async () => {
        const res = await app.request(
          `/api/fit?method=${e.name}&seed=1`,
          post(CSV, "text/csv"),
        );
        const body = await res.json();
        assert.equal(res.status, 200, JSON.stringify(body));
        assert.equal(body.method, e.name);
        assert.equal(body.n, 600);
        assert.deepEqual(body.options, defaults(e.options));
        assertShapes(body, e.name);
        // A method fitting a hidden layer reports the data's d apart.
        const dataD = body.hidden?.inputDim ?? body.d;
        assert.equal(dataD, 3);
        assert.ok(body.d <= 3);
        if (body.hidden) {
          // A (d x m) as rows, anchors and the inner method beside it.
          assert.equal(body.hidden.a.length, 3);
          assert.equal(body.hidden.a[0].length, body.d);
          assert.equal(body.hidden.anchors.length, body.d);
          assert.equal(typeof body.hidden.inner, "string");
          assert.equal(body.diagnostics.inputDim, undefined);
        }

        // Defaults spelled out in the query: the same cache key.
        const query = e.options.map((o) => `&${o.name}=${o.default}`).join(
          "",
        );
        const again = await app.request(
          `/api/fit?method=${e.name}&seed=1${query}`,
          post(CSV, "text/csv"),
        );
        const cached = await again.json();
        assert.equal(cached.cached, true, `${e.name}${query}`);
        assert.notEqual(cached.id, body.id);

        // Each option changed alone is typed from its text and is a new fit.
        for (const spec of e.options) {
          const value = otherValue(spec);
          const changed = await app.request(
            `/api/fit?method=${e.name}&seed=1&${spec.name}=${value}`,
            post(CSV, "text/csv"),
          );
          const other = await changed.json();
          assert.equal(changed.status, 200, JSON.stringify(other));
          assert.equal(other.options[spec.name], value);
          assert.equal(other.cached, false);
        }

        // Sampling from the stored fit gives rows of length d (of b).
        const drawn = await app.request(
          "/api/sample",
          postJson({ fitId: body.id, n: 4, seed: 2 }),
        );
        const samples = (await drawn.json()).samples as number[][];
        assert.equal(drawn.status, 200);
        assert.equal(samples.length, 4);
        assert.ok(samples.every((r) => r.length === body.d));
      });
    }
  });
});

Deno.test("POST /api/fit takes each method's options as a JSON object", async (t) => {
  await withApp(async (app) => {
    const samples = toRows(X);
    for (const e of listEstimators()) {
      await t.step(e.name, async () => {
        const options = Object.fromEntries(
          e.options.map((o) => [o.name, otherValue(o)]),
        );
        const res = await app.request(
          "/api/fit",
          postJson({ samples, method: e.name, seed: 1, options }),
        );
        const body = await res.json();
        assert.equal(res.status, 200, JSON.stringify(body));
        assert.deepEqual(body.options, options);
        assertShapes(body, e.name);
      });
    }
  });
});

Deno.test("POST /api/fit names the option and the text of a bad query value", async () => {
  await withApp(async (app) => {
    const e = listEstimators().find((m) =>
      m.options.some((o) => o.kind !== "boolean")
    );
    assert.ok(e, "some method has a numeric option");
    const spec = e.options.find((o) => o.kind !== "boolean")!;
    const res = await app.request(
      `/api/fit?method=${e.name}&${spec.name}=abc`,
      post(CSV, "text/csv"),
    );
    assert.equal(res.status, 422);
    const { error } = await res.json();
    assert.match(error.message, new RegExp(`"${spec.name}"`));
    assert.match(error.message, /got abc/);
  });
});
