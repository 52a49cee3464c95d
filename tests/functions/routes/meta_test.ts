import assert from "node:assert/strict";
import { listEstimators } from "../../../core/estimators/mod.ts";
import { post, sampleCsv, withApp } from "../_app.ts";

Deno.test("GET /api/health and /api/methods", async () => {
  await withApp(async (app) => {
    const health = await app.request("/api/health");
    assert.deepEqual(await health.json(), { status: "ok" });
    const methods = await (await app.request("/api/methods")).json();
    assert.equal(typeof methods.default, "string");
    assert.deepEqual(
      methods.methods.map((m: { name: string }) => m.name),
      listEstimators().map((e) => e.name),
    );
    for (const m of methods.methods) {
      assert.ok(m.description && m.assumptions && m.cost);
      assert.ok(Array.isArray(m.options));
    }
  });
});

Deno.test("GET /api/openapi.json describes every endpoint and method option", async () => {
  await withApp(async (app) => {
    const doc = await (await app.request("/api/openapi.json")).json();
    assert.match(doc.openapi, /^3\./);
    for (
      const path of [
        "/api/fit",
        "/api/sample",
        "/api/runs",
        "/api/runs/{id}",
        "/api/runs/{id}/events",
        "/api/methods",
        "/api/health",
      ]
    ) assert.ok(doc.paths[path], path);
    assert.ok(doc.paths["/api/fit"].post.requestBody.content["text/csv"]);
    for (const e of listEstimators()) {
      const schema = doc.components.schemas[`Options_${e.name}`];
      assert.deepEqual(
        Object.keys(schema.properties).sort(),
        e.options.map((o) => o.name).sort(),
      );
    }
  });
});

Deno.test("GET /api/openapi.json names every method and every owner of a query option", async () => {
  await withApp(async (app) => {
    const doc = await (await app.request("/api/openapi.json")).json();
    const fit = doc.paths["/api/fit"].post;
    const params = new Map<string, string>(
      fit.parameters.map((
        p: { name: string; schema: { description: string } },
      ) => [
        p.name,
        p.schema.description,
      ]),
    );
    for (const e of listEstimators()) {
      assert.ok(fit.description.includes(e.name), `${e.name} in description`);
      assert.ok(params.get("method")!.includes(e.name));
      for (const o of e.options) {
        const text = params.get(o.name);
        assert.ok(text, `query parameter ${o.name}`);
        // Options shared by several methods name each of them.
        assert.ok(text.includes(`Option of ${e.name}:`), `${o.name}: ${text}`);
      }
    }
    // Every $ref points at a schema that exists.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    assert.ok(refs.length > 0, "the document uses $ref");
    for (const ref of refs) {
      const name = ref.slice(ref.lastIndexOf("/") + 1, -1);
      assert.ok(doc.components.schemas[name], ref);
    }
  });
});

Deno.test("GET /api/docs is a page with a same-origin script, no CDN", async () => {
  await withApp(async (app) => {
    const page = await app.request("/api/docs");
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(!/https?:\/\//.test(html), "no external URL");
    assert.match(html, /<script src="\/api\/docs\/docs.js">/);
    const js = await app.request("/api/docs/docs.js");
    assert.match(js.headers.get("content-type")!, /javascript/);
    assert.match(await js.text(), /\/api\/openapi\.json/);
    const csp = page.headers.get("content-security-policy")!;
    assert.match(csp, /script-src 'self'/);
    // Images: own files, data: URLs and the page's own blob: URLs (a chart
    // saved as PNG is drawn from one), nothing from elsewhere.
    assert.match(csp, /img-src 'self' data: blob:(;|$)/);
  });
});

Deno.test("CORS is open on /api/*, unknown routes are JSON 404s", async () => {
  await withApp(async (app) => {
    const res = await app.request("/api/health", {
      headers: { origin: "https://example.org" },
    });
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    const missing = await app.request("/api/nothing");
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, "not_found");
    const preflight = await app.request("/api/fit", {
      method: "OPTIONS",
      headers: {
        origin: "https://example.org",
        "access-control-request-method": "POST",
      },
    });
    assert.equal(preflight.status, 204);
  });
});

Deno.test("the root page serves the dashboard or says it is not built", async () => {
  const root = await Deno.makeTempDir();
  try {
    await withApp(async (app) => {
      const res = await app.request("/");
      assert.equal(res.status, 200);
      assert.match(await res.text(), /not built yet/);
      assert.equal((await app.request("/x.js")).status, 404);
    }, { staticRoot: `${root}/missing` });
    await Deno.writeTextFile(`${root}/index.html`, "<p>dash</p>");
    await Deno.writeTextFile(`${root}/app.js`, "1");
    await withApp(async (app) => {
      assert.equal(await (await app.request("/")).text(), "<p>dash</p>");
      assert.equal(await (await app.request("/runs/42")).text(), "<p>dash</p>");
      const js = await app.request("/app.js");
      assert.match(js.headers.get("content-type")!, /javascript/);
      assert.equal((await app.request("/../deno.json")).status, 404);
    }, { staticRoot: root });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("write endpoints are rate limited per client (429, Retry-After)", async () => {
  await withApp(async (app) => {
    const fit = () =>
      app.request(
        "/api/fit",
        post(sampleCsv(), "text/csv", { "x-forwarded-for": "9.9.9.9" }),
      );
    assert.equal((await fit()).status, 200);
    assert.equal((await fit()).status, 200);
    const third = await fit();
    assert.equal(third.status, 429);
    assert.ok(Number(third.headers.get("retry-after")) >= 1);
    // Reads are not limited.
    assert.equal((await app.request("/api/health")).status, 200);
  }, { limits: { rateCapacity: 2, rateRefillPerSecond: 0.001 } });
});
