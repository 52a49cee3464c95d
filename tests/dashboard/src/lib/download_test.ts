import assert from "node:assert/strict";
import {
  csvCell,
  fitToCsv,
  namedMatrixCsv,
} from "../../../../dashboard/src/lib/download.ts";
import { samplesCsv } from "../../../../dashboard/src/lib/fit_samples.ts";
import { parseCsvTable } from "../../../../core/formats/csv.ts";
import { fitAnswer } from "../../_records.ts";

Deno.test("fitToCsv() names the Sigma columns after the data's columns", () => {
  const fit = fitAnswer({
    method: "m",
    b: [0.5, 1],
    sigma: [[1, 0.2], [0.2, 2]],
  });
  assert.equal(
    fitToCsv(fit, ["rain", "wind, m/s"]),
    'coordinate,name,b_hat,b_se,sigma_rain,"sigma_wind, m/s"\n' +
      '1,rain,0.5,,1,0.2\n2,"wind, m/s",1,,0.2,2\n',
  );
  assert.equal(
    fitToCsv(fit).split("\n")[0],
    "coordinate,b_hat,b_se,sigma_1,sigma_2",
  );
});

Deno.test("csvCell() quotes what a CSV reader would split", () => {
  assert.deepEqual(["a", "a,b", 'say "hi"', " x"].map(csvCell), [
    "a",
    '"a,b"',
    '"say ""hi"""',
    '" x"',
  ]);
});

Deno.test("namedMatrixCsv() writes row and column names", () => {
  assert.equal(
    namedMatrixCsv([[1, 2], [3, 4]], ["rain", "wind"], ["z1", "z2"], "column"),
    "column,z1,z2\nrain,1,2\nwind,3,4\n",
  );
});

Deno.test("samplesCsv() draws n rows under the column names, seeded", () => {
  const model = { b: [0.5, -0.2], sigma: [[1, 0.3], [0.3, 0.5]] };
  const text = samplesCsv(model, 200, 3, ["rain", "wind"]);
  assert.equal(text, samplesCsv(model, 200, 3, ["rain", "wind"]));
  const table = parseCsvTable(text);
  assert.deepEqual(table.columns, ["rain", "wind"]);
  assert.equal(table.matrix.rows, 200);
  // A rank-1 W gives rows on one ray through b: here x2 = 2 x1 where both > 0.
  const ray = parseCsvTable(samplesCsv({ b: [0, 0], w: [[1], [2]] }, 50, 1));
  for (let i = 0; i < 50; i++) {
    const [a, c] = [ray.matrix.data[2 * i], ray.matrix.data[2 * i + 1]];
    assert.ok(Math.abs(c - 2 * a) < 1e-12);
  }
});
