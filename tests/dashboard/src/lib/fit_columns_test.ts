import assert from "node:assert/strict";
import { parseCsvTable } from "../../../../core/formats/csv.ts";
import {
  coordinateNames,
  splitDataNotes,
} from "../../../../dashboard/src/lib/fit_columns.ts";
import { fitAnswer } from "../../_records.ts";
import { computeFitAnswer } from "../../_fake_api.ts";

Deno.test("coordinateNames() takes the answer's columns, else the browser's reading", () => {
  const fit = fitAnswer({ method: "m", d: 2, columns: ["rain", "wind"] });
  assert.deepEqual(coordinateNames({ fit }), ["rain", "wind"]);
  // A fit stored before column names were kept has none.
  const { columns: _named, ...unnamed } = fitAnswer({ method: "m", d: 2 });
  assert.deepEqual(
    coordinateNames({ fit: unnamed, data: { columns: ["a", "b"] } }),
    ["a", "b"],
  );
  assert.equal(coordinateNames({ fit: unnamed }), null);
  const check = computeFitAnswer(
    parseCsvTable("rain,wind\n0,1\n1,0\n2,2\n0,3\n"),
    { method: "censored", seed: 0, check: true, checkReplicates: 3 },
    "x",
  ).check!;
  assert.deepEqual(coordinateNames({ fit: { ...unnamed, check } }), [
    "rain",
    "wind",
  ]);
  assert.equal(
    coordinateNames({ fit: unnamed, data: { columns: ["a", "b", "c"] } }),
    null,
    "another width",
  );
});

Deno.test("coordinateNames() names a hidden layer by its anchor columns", () => {
  const fit = fitAnswer({
    method: "two-layer",
    d: 2,
    columns: ["a", "b", "c"],
    hidden: {
      inputDim: 3,
      anchors: [2, 0],
      a: [[1, 0], [0, 0], [0, 1]],
      scaleConvention: "",
      inner: "censored",
    },
  });
  assert.deepEqual(coordinateNames({ fit }), ["h1 (c)", "h2 (a)"]);
});

Deno.test("splitDataNotes() sets the notes on reading the data apart", () => {
  const fit = fitAnswer({ method: "m", droppedRows: 3 });
  const index =
    "column 1 has no name, as in files written with row names by R's write.csv or pandas' to_csv: it was read as a row index and left out";
  const { notes, others } = splitDataNotes(fit, [
    index,
    "Coordinate 2 is constant",
  ]);
  assert.deepEqual(notes, [index, "3 rows were left out for a missing value"]);
  assert.deepEqual(others, ["Coordinate 2 is constant"]);
  const told = splitDataNotes(fit, [
    "left out 3 of 9 rows with a missing value",
  ]);
  assert.equal(told.notes.length, 1, "the warning already says it");
});
