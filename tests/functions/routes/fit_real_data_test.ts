/**
 * `POST /api/fit` on files as users bring them (R and pandas data frames
 * with a row-index column, a date column and missing values), column
 * selection, the model check, a rank-k fit and sampling it by `fitId`.
 */
import assert from "node:assert/strict";
import { fitCost } from "../../../core/cost/mod.ts";
import { fitSamples, prepareFit } from "../../../core/estimators/mod.ts";
import { parseCsvTable, writeCsv } from "../../../core/formats/mod.ts";
import { fromRows, toRows } from "../../../core/linalg/matrix.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { logNormalRain, plantedData } from "../../core/check/_planted.ts";
import { checkCostOf } from "../../../functions/routes/fit_price.ts";
import { post, postJson, withApp } from "../_app.ts";
import { NAMES, realCsv } from "../_real_data.ts";

const INDEX_WARNING =
  "column 1 has no name, as in files written with row names by R's write.csv or pandas' to_csv: it was read as a row index and left out (index \"keep\" fits it)";

/** The data frame of `realCsv` as a JSON body: dates as text, null for NA. */
function jsonFrame(text: string) {
  const [header, ...lines] = text.trimEnd().split("\n");
  const cell = (v: string) =>
    v === "" || v === "NA" ? null : /^"?\d{4}-/.test(v) ? v : Number(v);
  return {
    columnNames: header!.split(",").slice(1).map((h) => h.replaceAll('"', "")),
    samples: lines.map((line) => line.split(",").slice(1).map(cell)),
  };
}

Deno.test("POST /api/fit reads R and pandas data frames as the clean matrix they hold", async () => {
  await withApp(async (app) => {
    for (const style of ["r", "pandas"] as const) {
      const file = realCsv(style, 300, 41);
      const expected = fitSamples(file.clean, { method: "censored", seed: 3 }, {
        columns: NAMES,
      });
      const csv = await app.request(
        "/api/fit?method=censored&seed=3&columns=-date",
        post(file.text, "text/csv"),
      );
      assert.equal(csv.status, 200, await csv.clone().text());
      const fromCsv = await csv.json();
      const frame = jsonFrame(file.text);
      const json = await app.request(
        "/api/fit",
        postJson({ ...frame, columns: ["-date"], method: "censored", seed: 3 }),
      );
      assert.equal(json.status, 200, await json.clone().text());
      const fromJson = await json.json();
      // The JSON frame has no index column: only the CSV warns about it.
      for (
        const [out, reading] of [[fromCsv, [INDEX_WARNING]], [fromJson, []]]
      ) {
        assert.deepEqual(out.columns, NAMES, style);
        assert.deepEqual(out.b, Array.from(expected.b));
        assert.deepEqual(out.sigma, toRows(expected.sigma));
        assert.equal(out.n, file.clean.rows);
        assert.equal(out.droppedRows, file.dropped);
        assert.deepEqual(out.warnings.slice(0, reading.length), reading);
        assert.match(
          out.warnings[reading.length],
          new RegExp(`^left out ${file.dropped} of \\d+ rows with a missing`),
        );
        assert.deepEqual(
          out.warnings.slice(reading.length + 1),
          expected.warnings,
        );
      }
    }
  });
});

Deno.test("POST /api/fit caches by the numbers fitted, their names and what reading found", async () => {
  await withApp(async (app) => {
    const file = realCsv("r", 100, 42);
    const url = "/api/fit?method=censored&columns=-date";
    const first = await (await app.request(url, post(file.text, "text/csv")))
      .json();
    const again = await (await app.request(url, post(file.text, "text/csv")))
      .json();
    assert.equal(again.cached, true);
    // Every request gets a run of its own, cache hits too.
    assert.notEqual(again.id, first.id);
    assert.equal(typeof again.ownerToken, "string");
    assert.deepEqual(again.warnings, first.warnings);
    assert.equal(again.droppedRows, file.dropped);
    // The same numbers and names without missing rows: another answer.
    const clean = writeCsv(file.clean, NAMES);
    const plain = await (await app.request(
      "/api/fit?method=censored",
      post(clean, "text/csv"),
    )).json();
    assert.equal(plain.cached, false);
    assert.equal(plain.droppedRows, 0);
    assert.deepEqual(plain.b, first.b);
    // Other names, a check or a rank are other fits too.
    for (
      const query of [
        "columns=sun,wind,rain",
        "check=true&checkReplicates=19",
        "check=true&checkReplicates=20",
        "check=true&checkReplicates=19&checkLevel=0.1",
        "rank=2",
      ]
    ) {
      const res = await app.request(
        `/api/fit?method=censored&${query}`,
        post(clean, "text/csv"),
      );
      assert.equal((await res.json()).cached, false, query);
    }
  });
});

Deno.test("POST /api/fit answers bad columns, missing values and check settings with 422 naming them", async () => {
  await withApp(async (app) => {
    const file = realCsv("r", 60, 43).text;
    const cases: [string, number, string, string, object?][] = [
      [
        "columns=rain,snow",
        422,
        "invalid_columns",
        'Cannot select columns: no column is named "snow"; the columns are "x1", "date", "rain", "wind", "sun"',
      ],
      [
        "columns=-date&na=error",
        422,
        "invalid_samples",
        'Cannot read samples: row 5, column 3 is "NA", a missing value',
        { row: 5, column: 3 },
      ],
      [
        "columns=-date&na=skip",
        422,
        "invalid_request",
        'Cannot accept the request: "na": Invalid option: expected one of "drop"|"error"',
      ],
      [
        "columns=-date&check=maybe",
        422,
        "invalid_request",
        'Cannot fit: check must be true or false, got "maybe"',
      ],
      [
        "columns=-date&checkReplicates=19",
        422,
        "invalid_request",
        "Cannot fit: checkReplicates is set but check is not; ask for the check too",
      ],
      [
        "columns=-date&check=true&checkReplicates=1001",
        422,
        "invalid_request",
        'Cannot fit: checkReplicates must be an integer in [1, 1000], got "1001"',
      ],
      [
        "columns=-date&rank=4",
        422,
        "invalid_request",
        "Cannot fit rank 4: k must be at most the number of columns, 3",
      ],
    ];
    for (const [query, status, code, message, where] of cases) {
      const res = await app.request(
        `/api/fit?${query}`,
        post(file, "text/csv"),
      );
      assert.equal(res.status, status, query);
      const { error } = await res.json();
      assert.deepEqual(error, { code, message, ...where }, query);
    }
    const json = await app.request(
      "/api/fit",
      postJson({ samples: [[1, 2], [3, 4]], columns: "c" }),
    );
    assert.equal(json.status, 422);
    assert.equal((await json.json()).error.code, "invalid_columns");
  });
});

Deno.test("POST /api/fit prices the check's refits like the bootstrap's: 413 check_too_costly naming the check replicates", async () => {
  // The limit: exactly the work of a fit of these 300 x 3 samples with a
  // check of 19 replicates; the default 99 is over it.
  const shape = { n: 300, d: 3 };
  const fit = prepareFit({
    method: "censored",
    check: true,
    checkReplicates: 19,
  });
  const limit = fitCost(shape, fit, {
    format: "csv",
    check: checkCostOf(fit, shape.n),
  }).totalWork;
  await withApp(async (app) => {
    const csv = writeCsv(plantedData(300, 44), NAMES);
    const ok = await app.request(
      "/api/fit?method=censored&check=true&checkReplicates=19",
      post(csv, "text/csv"),
    );
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).check.replicates, 19);
    const res = await app.request(
      "/api/fit?method=censored&check=true",
      post(csv, "text/csv"),
    );
    assert.equal(res.status, 413);
    const { error } = await res.json();
    assert.equal(error.code, "check_too_costly");
    assert.match(error.message, /^Cannot fit: it needs about \S+ operations/);
    assert.match(
      error.message,
      /model check \(99 simulated data sets, each refitted\)/,
    );
    assert.match(error.message, /reduce the check replicates$/);
  }, { limits: { maxFitWork: limit } });
});

Deno.test("POST /api/fit with check=true passes model data and names a planted misfit", async () => {
  await withApp(async (app) => {
    const url = "/api/fit?method=censored&check=true&checkReplicates=39";
    const model = await (await app.request(
      url,
      post(writeCsv(plantedData(1000, 21), NAMES), "text/csv"),
    )).json();
    assert.equal(model.check.passed, true);
    assert.equal(model.check.dataRows, 1000);
    assert.deepEqual(
      model.check.coordinates.map((c: { name: string }) => c.name),
      NAMES,
    );
    assert.equal(model.rank.eigenvalues.length, 3);
    assert.ok(model.rank.eigenvalues[0] >= model.rank.eigenvalues[2]);
    // The stored run records the check settings with the rest of the input.
    const run = await (await app.request(`/api/runs/${model.id}`)).json();
    assert.deepEqual(
      [run.input.check, run.input.checkReplicates, run.input.checkLevel],
      [true, 39, 0.05],
    );
    assert.equal(run.result.check.passed, true);

    const misfit = await (await app.request(
      url,
      post(writeCsv(plantedData(1000, 22, logNormalRain), NAMES), "text/csv"),
    )).json();
    assert.equal(misfit.check.passed, false);
    assert.equal(misfit.check.coordinates[0].flagged, true);
    assert.ok(
      misfit.warnings.some((w: string) =>
        w.startsWith("Model check: rain: the fitted model does not describe")
      ),
      misfit.warnings.join("; "),
    );
  });
});

Deno.test("POST /api/sample from a rank-k fit draws with its W_hat and the fit's column names", async () => {
  await withApp(async (app) => {
    const fit = await (await app.request(
      "/api/fit",
      postJson({
        samples: toRows(plantedData(500, 45)),
        columnNames: NAMES,
        method: "censored",
        rank: 2,
      }),
    )).json();
    assert.equal(fit.rankK.k, 2);
    const expected = sampleRectifiedGaussian(
      fromRows(fit.rankK.w),
      Float64Array.from(fit.b),
      20,
      createPrng(6),
    );
    const csv = await app.request(
      "/api/sample",
      postJson({ fitId: fit.id, n: 20, seed: 6, format: "csv" }),
    );
    const text = await csv.text();
    assert.equal(text.split("\n")[0], "rain,wind,sun");
    assert.deepEqual(parseCsvTable(text).matrix.data, expected.data);
    const json = await (await app.request(
      "/api/sample",
      postJson({ fitId: fit.id, n: 20, seed: 6 }),
    )).json();
    assert.deepEqual(json.columns, NAMES);
    assert.deepEqual(json.samples, toRows(expected));
  });
});
