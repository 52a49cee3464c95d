/**
 * `deno task fit` on files as users bring them: R and pandas data frames
 * with a row-index column, a date column and missing values; column
 * selection; the model check; a rank-k fit sampled by `deno task sample`.
 */
import assert from "node:assert/strict";
import { fitSamples } from "../../../core/estimators/mod.ts";
import { parseCsvTable, writeCsv } from "../../../core/formats/mod.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { createPrng } from "../../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../../core/sampling/rectified_gaussian.ts";
import { runFit } from "../../../functions/cli/fit.ts";
import { runSample } from "../../../functions/cli/sample.ts";
import { logNormalRain, plantedData } from "../../core/check/_planted.ts";
import { NAMES, realCsv } from "../_real_data.ts";
import { memoryIo } from "./_memory_io.ts";

async function fit(args: string[], files: Record<string, string>) {
  const io = memoryIo(files);
  const code = await runFit(args, io);
  return { code, io, out: code === 0 ? JSON.parse(io.stdoutText()) : null };
}

const INDEX_WARNING =
  "column 1 has no name, as in files written with row names by R's write.csv or pandas' to_csv: it was read as a row index and left out (index \"keep\" fits it)";

for (const style of ["r", "pandas"] as const) {
  Deno.test(`fit reads a ${style} data frame as the clean matrix it holds`, async () => {
    const file = realCsv(style, 300, 31);
    const request = { method: "censored", seed: 3 };
    const expected = fitSamples(file.clean, request, { columns: NAMES });
    for (const columns of ["-date", "-2", "rain,wind,sun", "3,4,5"]) {
      for (const form of ["separate", "joined"]) {
        const flag = form === "joined"
          ? [`--columns=${columns}`]
          : ["--columns", columns];
        const { code, io, out } = await fit(
          ["df.csv", "--method", "censored", "--seed", "3", ...flag],
          { "df.csv": file.text },
        );
        assert.equal(code, 0, io.stderrText());
        assert.deepEqual(out.columns, NAMES);
        assert.deepEqual(out.b, Array.from(expected.b));
        assert.deepEqual(out.sigma, [
          ...Array.from(
            { length: 3 },
            (_, i) =>
              Array.from(expected.sigma.data.subarray(3 * i, 3 * i + 3)),
          ),
        ]);
        assert.equal(out.n, file.clean.rows);
        assert.equal(out.droppedRows, file.dropped);
        // A list of columns to keep does not pick the index: no warning.
        const reading = columns.startsWith("-") ? [INDEX_WARNING] : [];
        assert.deepEqual(out.warnings.slice(0, reading.length), reading);
        assert.match(
          out.warnings[reading.length],
          new RegExp(
            `^left out ${file.dropped} of ${
              file.clean.rows + file.dropped
            } rows with a missing value in a column used: rows 5, `,
          ),
        );
        assert.deepEqual(
          out.warnings.slice(reading.length + 1),
          expected.warnings,
        );
      }
    }
  });
}

Deno.test("fit chooses and orders columns by name or number", async () => {
  const file = realCsv("pandas", 200, 32);
  const { out } = await fit(["df.csv", "--columns", "sun,rain"], {
    "df.csv": file.text,
  });
  assert.deepEqual(out.columns, ["sun", "rain"]);
  const { out: byNumber } = await fit(["df.csv", "--columns", "5,3"], {
    "df.csv": file.text,
  });
  assert.deepEqual(byNumber.b, out.b);
  assert.equal(out.d, 2);
});

Deno.test("fit reports columns and missing values it cannot use on one line", async () => {
  const files = { "r.csv": realCsv("r", 50, 33).text };
  const cases: [string[], number, string][] = [
    [
      [],
      1,
      'fit: Cannot read samples: row 2, column 2 is "2024-01-01", not a number; if it is not a coordinate (e.g. dates or labels), leave it out with columns "-date"',
    ],
    [
      ["--columns", "-date", "--na", "error"],
      1,
      'fit: Cannot read samples: row 5, column 3 is "NA", a missing value',
    ],
    [
      ["--columns", "rain,snow"],
      1,
      'fit: Cannot select columns: no column is named "snow"; the columns are "x1", "date", "rain", "wind", "sun"',
    ],
    [
      ["--columns", "9"],
      1,
      "fit: Cannot select columns: column 9 does not exist: the data has 5 columns, numbered from 1",
    ],
    [
      ["--columns", "rain,-date"],
      1,
      "fit: Cannot select columns: the column list mixes columns to keep and columns to leave out (with -); give only one kind",
    ],
    [
      ["--na", "skip"],
      2,
      'fit: --na must be one of drop, error, got "skip" (see fit --help)',
    ],
    [
      ["--index", "first"],
      2,
      'fit: --index must be one of auto, keep, drop, got "first" (see fit --help)',
    ],
    [
      ["--columns", "-date", "--check-replicates", "19"],
      1,
      "fit: Cannot fit: checkReplicates is set but check is not; ask for the check too",
    ],
    [
      ["--columns", "-date", "--rank", "4"],
      1,
      "fit: Cannot fit rank 4: k must be at most the number of columns, 3",
    ],
  ];
  for (const [args, status, line] of cases) {
    const io = memoryIo(files);
    assert.equal(await runFit(["r.csv", ...args], io), status, line);
    assert.equal(io.stderrText(), line + "\n");
    assert.equal(io.stdoutText(), "");
  }
});

/** A CSV of `plantedData` with the column names as header. */
function namedCsv(n: number, seed: number, plant?: typeof logNormalRain) {
  return writeCsv(plantedData(n, seed, plant), NAMES);
}

Deno.test("fit --check passes data from the model and flags a planted misfit by name", async () => {
  const args = [
    "data.csv",
    "--method",
    "censored",
    "--check",
    "--check-replicates",
    "39",
  ];
  const model = await fit(args, { "data.csv": namedCsv(1000, 21) });
  assert.equal(model.code, 0, model.io.stderrText());
  assert.equal(model.out.check.passed, true);
  assert.equal(model.out.check.replicates, 39);
  assert.deepEqual(
    model.out.check.coordinates.map((c: { name: string }) => c.name),
    NAMES,
  );
  assert.ok(!model.out.warnings.some((w: string) => w.includes("Model check")));
  assert.equal(model.out.rank.eigenvalues.length, 3);
  assert.equal(model.out.rank.suggested, 3);

  const misfit = await fit(args, {
    "data.csv": namedCsv(1000, 22, logNormalRain),
  });
  assert.equal(misfit.out.check.passed, false);
  const rain = misfit.out.check.coordinates[0];
  assert.equal(rain.name, "rain");
  assert.equal(rain.flagged, true);
  assert.ok(rain.observedZeroShare > 0.3 && rain.fittedZeroShare !== null);
  assert.ok(
    misfit.out.warnings.some((w: string) =>
      w.startsWith(
        "Model check: rain: the fitted model does not describe this column",
      )
    ),
    misfit.out.warnings.join("; "),
  );
});

Deno.test("fit --rank k writes W_hat of rank k, which deno task sample samples", async () => {
  const { code, io, out } = await fit(
    ["data.csv", "--method", "censored", "--rank", "2"],
    { "data.csv": namedCsv(1000, 25) },
  );
  assert.equal(code, 0, io.stderrText());
  assert.equal(out.rankK.k, 2);
  assert.deepEqual(out.rankK.w.map((r: number[]) => r.length), [2, 2, 2]);

  const sampleIo = memoryIo({ "fit.json": io.stdoutText() });
  const args = ["--spec", "fit.json", "--n", "50", "--seed", "4"];
  assert.equal(await runSample(args, sampleIo), 0, sampleIo.stderrText());
  const text = sampleIo.stdoutText();
  assert.equal(text.split("\n")[0], "rain,wind,sun");
  const drawn = parseCsvTable(text);
  const expected = sampleRectifiedGaussian(
    fromRows(out.rankK.w),
    Float64Array.from(out.b),
    50,
    createPrng(4),
  );
  assert.deepEqual(drawn.matrix.data, expected.data);
});
