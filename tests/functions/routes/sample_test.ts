import assert from "node:assert/strict";
import { parseNpy } from "../../../core/formats/npy.ts";
import { parseCsv } from "../../../core/formats/csv.ts";
import { post, postJson, sampleCsv, withApp } from "../_app.ts";

const spec = { W: [[1, 0], [0.5, 1]], b: [0.5, 0], n: 50, seed: 4 };

Deno.test("POST /api/sample draws the same samples as JSON, CSV and NPY", async () => {
  await withApp(async (app) => {
    const res = await app.request("/api/sample", postJson(spec));
    assert.equal(res.status, 200);
    const { samples } = await res.json();
    assert.equal(samples.length, 50);
    assert.ok(samples.flat().every((v: number) => v >= 0));

    const csv = await app.request(
      "/api/sample",
      postJson({ ...spec, format: "csv" }),
    );
    assert.match(csv.headers.get("content-type")!, /^text\/csv/);
    const fromCsv = parseCsv(await csv.text());
    assert.equal(fromCsv.rows, 50);
    assert.ok(Math.abs(fromCsv.data[0]! - samples[0][0]) < 1e-12);

    const npy = await app.request(
      "/api/sample",
      postJson({ ...spec, format: "npy" }),
    );
    assert.equal(npy.headers.get("content-type"), "application/x-npy");
    const m = parseNpy(new Uint8Array(await npy.arrayBuffer()));
    assert.deepEqual(Array.from(m.data), samples.flat());

    const again = await (await app.request("/api/sample", postJson(spec)))
      .json();
    assert.deepEqual(again.samples, samples, "same seed, same samples");
  });
});

Deno.test("POST /api/sample draws from a stored fit", async () => {
  await withApp(async (app) => {
    const fit =
      await (await app.request("/api/fit", post(sampleCsv(), "text/csv")))
        .json();
    const res = await app.request(
      "/api/sample",
      postJson({ fitId: fit.id, n: 7 }),
    );
    assert.equal(res.status, 200);
    const { samples } = await res.json();
    assert.equal(samples.length, 7);
    assert.equal(samples[0].length, fit.d);
  });
});

Deno.test("POST /api/sample rejects bad requests", async (t) => {
  await withApp(async (app) => {
    const bigW = Array.from({ length: 11 }, () => [1]);
    const cases: [string, RequestInit, number, string][] = [
      ["no W, b or fitId", postJson({ n: 3 }), 422, "invalid_request"],
      [
        "both W and fitId",
        postJson({ ...spec, fitId: "x" }),
        422,
        "invalid_request",
      ],
      ["unknown fit", postJson({ fitId: "x", n: 3 }), 404, "not_found"],
      [
        "b of the wrong length",
        postJson({ ...spec, b: [1] }),
        422,
        "invalid_input",
      ],
      [
        "ragged W",
        postJson({ ...spec, W: [[1, 0], [1]] }),
        422,
        "invalid_input",
      ],
      ["negative n", postJson({ ...spec, n: -1 }), 422, "invalid_request"],
      [
        "unknown format",
        postJson({ ...spec, format: "xml" }),
        422,
        "invalid_request",
      ],
      [
        "d over the cap",
        postJson({ W: bigW, b: bigW.map(() => 0), n: 1 }),
        422,
        "dimension_too_large",
      ],
      [
        "n * d over the cap",
        postJson({ ...spec, n: 51 }),
        413,
        "too_many_entries",
      ],
      [
        "not JSON",
        post("W=1", "application/x-www-form-urlencoded"),
        415,
        "unsupported_media_type",
      ],
      ["malformed JSON", post("{", "application/json"), 400, "malformed_json"],
    ];
    for (const [name, init, status, code] of cases) {
      await t.step(name, async () => {
        const res = await app.request("/api/sample", init);
        assert.equal(res.status, status);
        assert.equal((await res.json()).error.code, code);
      });
    }
  }, { limits: { maxSampleD: 10, maxSampleEntries: 100 } });
});
