import assert from "node:assert/strict";
import { writeNpy } from "../../../core/formats/npy.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { post, postJson, sampleCsv, sampleRows, withApp } from "../_app.ts";

/** An NPY v1.0 file of float32 values, C order, shape (rows, cols). */
function npyFloat32(rows: number[][]): Uint8Array {
  const cols = rows[0]!.length;
  let header =
    `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows.length}, ${cols}), }`;
  while ((10 + header.length + 1) % 64 !== 0) header += " ";
  header += "\n";
  const out = new Uint8Array(10 + header.length + 4 * rows.length * cols);
  out.set([0x93, ...new TextEncoder().encode("NUMPY"), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  new Float32Array(out.buffer, 10 + header.length).set(rows.flat());
  return out;
}

async function errorOf(res: Response) {
  const body = await res.json();
  assert.ok(body.error, `expected an error body, got ${JSON.stringify(body)}`);
  assert.equal(typeof body.error.code, "string");
  assert.equal(typeof body.error.message, "string");
  assert.ok(!/\n\s+at /.test(body.error.message), "no stack trace");
  return body.error as {
    code: string;
    message: string;
    row?: number;
    column?: number;
  };
}

Deno.test("POST /api/fit fits CSV, JSON and NPY bodies to the same answer", async () => {
  await withApp(async (app) => {
    const csv = await app.request(
      "/api/fit?seed=3",
      post(sampleCsv(), "text/csv"),
    );
    assert.equal(csv.status, 200);
    const a = await csv.json();
    assert.equal(a.cached, false);
    assert.equal(a.n, 200);
    assert.equal(a.d, 2);
    assert.equal(a.b.length, 2);
    assert.equal(a.sigma.length, 2);
    assert.equal(typeof a.ownerToken, "string");
    assert.ok(Array.isArray(a.warnings));
    assert.equal(typeof a.elapsedMs, "number");
    assert.ok(a.covariance.factor.length === 2, "covariance analysis included");

    // Same data as JSON: same cache entry, so the same numbers and id.
    const json = await app.request(
      "/api/fit",
      postJson({ samples: sampleRows(), seed: 3 }),
    );
    const b = await json.json();
    assert.equal(json.status, 200);
    assert.equal(b.cached, true);
    assert.notEqual(b.id, a.id);
    assert.equal(typeof b.ownerToken, "string");
    assert.deepEqual(b.sigma, a.sigma);
    assert.deepEqual(b.b, a.b);

    const npy = await app.request(
      "/api/fit?seed=3",
      post(writeNpy(fromRows(sampleRows())) as BodyInit, "application/x-npy"),
    );
    const c = await npy.json();
    assert.equal(c.cached, true);
    assert.deepEqual(c.sigma, a.sigma);

    // float32 NPY sent as octet-stream: these values are exact in float32.
    const f32 = await app.request(
      "/api/fit?seed=3",
      post(npyFloat32(sampleRows()) as BodyInit, "application/octet-stream"),
    );
    assert.equal(f32.status, 200);
    assert.deepEqual((await f32.json()).sigma, a.sigma);
  });
});

Deno.test("POST /api/fit caches per seed and option, and lists fits as runs", async () => {
  await withApp(async (app) => {
    const first = await (await app.request(
      "/api/fit?method=paper",
      post(sampleCsv(), "text/csv"),
    ))
      .json();
    const again = await (await app.request(
      "/api/fit?method=paper",
      post(sampleCsv(), "text/csv"),
    ))
      .json();
    assert.equal(again.cached, true);
    assert.deepEqual(again.sigma, first.sigma);
    const seeded = await (await app.request(
      "/api/fit?method=paper&seed=9",
      post(sampleCsv(), "text/csv"),
    )).json();
    assert.equal(seeded.cached, false);
    assert.notEqual(seeded.id, first.id);
    const optioned = await (await app.request(
      "/api/fit?method=paper&B=2",
      post(sampleCsv(), "text/csv"),
    ))
      .json();
    assert.equal(optioned.cached, false);
    assert.equal(optioned.options.B, 2);
    // Explicit default option = same key as no option.
    const explicit = await (await app.request(
      "/api/fit?method=paper&B=1",
      post(sampleCsv(), "text/csv"),
    ))
      .json();
    assert.equal(explicit.cached, true);

    // Each request is a run of its own; a caller lists the runs it owns.
    const tokens = [first, seeded, optioned].map((f) => f.ownerToken);
    const list = await (await app.request("/api/runs", {
      headers: { authorization: `Bearer ${tokens.join(", ")}` },
    })).json();
    assert.equal(list.runs.length, 3);
    assert.ok(list.runs.every((r: { kind: string }) => r.kind === "fit"));
    const none = await (await app.request("/api/runs")).json();
    assert.deepEqual(none.runs, []);
    const run = await (await app.request(`/api/runs/${first.id}`)).json();
    assert.equal(run.status, "done");
    assert.deepEqual(run.result.sigma, first.sigma);
  });
});

Deno.test("POST /api/fit rejects bad input with JSON errors, never a 500", async (t) => {
  await withApp(async (app) => {
    const cases: [
      string,
      string,
      RequestInit,
      number,
      string,
      { row?: number; column?: number }?,
    ][] = [
      [
        "wrong content type",
        "/api/fit",
        post("1,2", "text/plain"),
        415,
        "unsupported_media_type",
      ],
      [
        "octet-stream without NPY magic",
        "/api/fit",
        post("1,2", "application/octet-stream"),
        415,
        "unsupported_media_type",
      ],
      [
        "malformed JSON",
        "/api/fit",
        post("{samples:", "application/json"),
        400,
        "malformed_json",
      ],
      [
        "JSON samples not numbers",
        "/api/fit",
        postJson({ samples: [[1, "a"]] }),
        422,
        "invalid_samples",
        { row: 1, column: 2 },
      ],
      [
        "JSON samples neither numbers, text nor null",
        "/api/fit",
        postJson({ samples: [[1, true]] }),
        422,
        "invalid_request",
      ],
      [
        "ragged CSV rows",
        "/api/fit",
        post("1,2\n3\n4,5\n", "text/csv"),
        422,
        "invalid_samples",
        { row: 2 },
      ],
      [
        "ragged JSON rows",
        "/api/fit",
        postJson({ samples: [[1, 2], [3, 4], [5]] }),
        422,
        "invalid_samples",
        { row: 3 },
      ],
      [
        "not a number in CSV",
        "/api/fit",
        post("a,b\n1,2\n3,x\n", "text/csv"),
        422,
        "invalid_samples",
        { row: 3, column: 2 },
      ],
      [
        "NaN in CSV with na=error",
        "/api/fit?na=error",
        post("1,2\nNaN,1\n", "text/csv"),
        422,
        "invalid_samples",
        { row: 2, column: 1 },
      ],
      [
        "Infinity in CSV",
        "/api/fit",
        post("1,2\n1,Infinity\n", "text/csv"),
        422,
        "invalid_samples",
        { row: 2, column: 2 },
      ],
      [
        "negative value",
        "/api/fit",
        postJson({ samples: [[1, 2], [3, -4]] }),
        422,
        "invalid_samples",
        { row: 2, column: 2 },
      ],
      [
        "too few samples",
        "/api/fit",
        post("1,2\n", "text/csv"),
        422,
        "invalid_input",
      ],
      ["empty CSV", "/api/fit", post("", "text/csv"), 422, "invalid_samples"],
      [
        "malformed NPY",
        "/api/fit",
        post(
          new Uint8Array([
            0x93,
            78,
            85,
            77,
            80,
            89,
            1,
            0,
            4,
            0,
            1,
            2,
            3,
            4,
          ]) as BodyInit,
          "application/x-npy",
        ),
        422,
        "invalid_samples",
      ],
      [
        "unknown method (query)",
        "/api/fit?method=nope",
        post(sampleCsv(), "text/csv"),
        422,
        "unknown_method",
      ],
      [
        "unknown method (JSON)",
        "/api/fit",
        postJson({ samples: sampleRows(), method: "nope" }),
        422,
        "unknown_method",
      ],
      [
        "unknown option",
        "/api/fit?zzz=1",
        post(sampleCsv(), "text/csv"),
        422,
        "invalid_input",
      ],
      [
        "option out of range",
        "/api/fit?B=0",
        post(sampleCsv(), "text/csv"),
        422,
        "invalid_input",
      ],
      [
        "option not a number",
        "/api/fit?B=abc",
        post(sampleCsv(), "text/csv"),
        422,
        "invalid_input",
      ],
      [
        "bad seed",
        "/api/fit?seed=-1",
        post(sampleCsv(), "text/csv"),
        422,
        "invalid_request",
      ],
      ["GET is not a route", "/api/fit", { method: "GET" }, 404, "not_found"],
    ];
    for (const [name, path, init, status, code, where] of cases) {
      await t.step(name, async () => {
        const res = await app.request(path, init);
        assert.equal(res.status, status, name);
        const error = await errorOf(res);
        assert.equal(error.code, code);
        if (where?.row !== undefined) assert.equal(error.row, where.row);
        if (where?.column !== undefined) {
          assert.equal(error.column, where.column);
        }
      });
    }
    const unknown = await errorOf(
      await app.request("/api/fit?method=nope", post(sampleCsv(), "text/csv")),
    );
    assert.match(unknown.message, /valid methods are .*paper/);
  });
});

Deno.test("POST /api/fit answers 413 beyond the body and entry limits", async () => {
  await withApp(async (app) => {
    const big = await app.request("/api/fit", post(sampleCsv(), "text/csv"));
    assert.equal(big.status, 413);
    assert.equal((await big.json()).error.code, "payload_too_large");
  }, { limits: { maxBodyBytes: 100 } });
  await withApp(async (app) => {
    const many = await app.request("/api/fit", post(sampleCsv(), "text/csv"));
    assert.equal(many.status, 413);
    assert.match((await many.json()).error.message, /n \* d = 200 \* 2 = 400/);
  }, { limits: { maxFitEntries: 399 } });
});
