import assert from "node:assert/strict";
import {
  chooseColumns,
  ColumnSelectionError,
} from "../../../core/formats/mod.ts";

const names = ["id", "date", "a", "b", "c"];

function assertSelectionError(fn: () => unknown, problem: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ColumnSelectionError, String(e));
    assert.ok(e instanceof RangeError);
    assert.equal(e.message, `Cannot select columns: ${problem}`);
    return true;
  });
}

Deno.test("chooseColumns() chooses every column when there is no selection", () => {
  assert.deepEqual(chooseColumns(undefined, names), {
    columns: [0, 1, 2, 3, 4],
    listed: false,
  });
});

Deno.test("chooseColumns() keeps listed names and numbers in the order given", () => {
  assert.deepEqual(chooseColumns("b,a", names), {
    columns: [3, 2],
    listed: true,
  });
  assert.deepEqual(chooseColumns(" 5 , a,1", names).columns, [4, 2, 0]);
  assert.deepEqual(chooseColumns(["c", "3"], names).columns, [4, 2]);
});

Deno.test("chooseColumns() leaves out entries with a leading -, in file order", () => {
  assert.deepEqual(chooseColumns("-1", names), {
    columns: [1, 2, 3, 4],
    listed: false,
  });
  assert.deepEqual(chooseColumns("-id,-date", names).columns, [2, 3, 4]);
  assert.deepEqual(chooseColumns("-c, - 2", names).columns, [0, 2, 3]);
});

Deno.test("chooseColumns() takes array entries whole, so names may hold commas", () => {
  const odd = ["x", "height, cm", "-y"];
  assert.deepEqual(chooseColumns(["height, cm"], odd).columns, [1]);
  // A name starting with "-" can only be chosen by its number.
  assert.deepEqual(chooseColumns(["3"], odd).columns, [2]);
});

Deno.test("chooseColumns() reads an entry of digits as a number", () => {
  assert.deepEqual(chooseColumns("2", ["2", "x"]).columns, [1]);
});

Deno.test("chooseColumns() says what is wrong with a selection", () => {
  assertSelectionError(
    () => chooseColumns("a,weight", names),
    'no column is named "weight"; the columns are "id", "date", "a", "b", "c"',
  );
  assertSelectionError(
    () => chooseColumns("-6", names),
    "column 6 does not exist: the data has 5 columns, numbered from 1",
  );
  assertSelectionError(
    () => chooseColumns("0", ["x"]),
    "column 0 does not exist: the data has 1 column, numbered from 1",
  );
  assertSelectionError(
    () => chooseColumns("a,,b", names),
    'the column list "a,,b" has an empty entry',
  );
  assertSelectionError(
    () => chooseColumns("-", names),
    'the column list "-" has an empty entry',
  );
  assertSelectionError(
    () => chooseColumns("", names),
    "the column list is empty",
  );
  assertSelectionError(
    () => chooseColumns([], names),
    "the column list is empty",
  );
  assertSelectionError(
    () => chooseColumns("a,-b", names),
    "the column list mixes columns to keep and columns to leave out (with -); give only one kind",
  );
  assertSelectionError(
    () => chooseColumns("a,3", names),
    'column 3 ("a") is listed twice',
  );
  assertSelectionError(
    () => chooseColumns("x", ["x", "y", "x"]),
    '2 columns are named "x" (columns 1, 3); select one by its number',
  );
  assertSelectionError(
    () => chooseColumns("-1,-2", ["a", "b"]),
    "the column list leaves out every column",
  );
});

Deno.test("chooseColumns() shows at most 12 names in an error", () => {
  const many = Array.from({ length: 30 }, (_, j) => `v${j + 1}`);
  assertSelectionError(
    () => chooseColumns("w", many),
    `no column is named "w"; the columns are ${
      many.slice(0, 12).map((n) => `"${n}"`).join(", ")
    }, … (30 in all)`,
  );
});
