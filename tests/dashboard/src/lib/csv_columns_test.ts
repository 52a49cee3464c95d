import assert from "node:assert/strict";
import {
  columnRequest,
  defaultColumns,
  readCsvColumns,
  splitRecords,
} from "../../../../dashboard/src/lib/csv_columns.ts";
import { parseCsvTable } from "../../../../core/formats/csv.ts";

const R_FILE = '"","date","rain","wind","label"\n' +
  '"1","2012-01-01",0.5,3.1,"a, b"\n' +
  '"2","2012-01-02",NA,2.2,"b"\n' +
  '"3","2012-01-03",0,4.5,"c"\n';

Deno.test("splitRecords() reads quoted cells with commas, quotes and line breaks", () => {
  const { records } = splitRecords(
    'a,"b, c","say ""hi"""\r\n1,"2\n3",4\n\n',
    5,
  );
  assert.deepEqual(records, [["a", "b, c", 'say "hi"'], ["1", "2\n3", "4"]]);
  const first = splitRecords("x\n1\n2\n3\n", 2);
  assert.deepEqual(first.records, [["x"], ["1"]]);
  assert.equal(first.end, 4);
});

Deno.test("readCsvColumns() names columns, finds numbers and the row index", () => {
  const info = readCsvColumns(R_FILE);
  assert.equal(info.hasHeader, true);
  assert.deepEqual(
    info.columns.map((c) => [c.name, c.numeric, c.indexLike, c.unnamed]),
    [
      ["x1", true, true, true],
      ["date", false, false, false],
      ["rain", true, false, false],
      ["wind", true, false, false],
      ["label", false, false, false],
    ],
  );
  assert.match(info.columns[1].problem!, /row 2, column 2 is "2012-01-01"/);
  assert.deepEqual(info.columns[2].preview, ["0.5", "NA", "0"]);
  assert.deepEqual([...defaultColumns(info)], [2, 3]);
});

Deno.test("readCsvColumns() reads a file without a header as x1, x2, …", () => {
  const info = readCsvColumns("0.5,1\n0,2\n3,0\n");
  assert.equal(info.hasHeader, false);
  assert.deepEqual(info.columns.map((c) => c.name), ["x1", "x2"]);
  assert.deepEqual([...defaultColumns(info)], [0, 1]);
  assert.throws(() => readCsvColumns("\n\n"), /no rows/);
});

Deno.test("columnRequest() asks the server for exactly the chosen columns", () => {
  const info = readCsvColumns(R_FILE);
  const fit = (chosen: number[]) => {
    const request = columnRequest(info, new Set(chosen));
    // The server's reader, given the request, fits these columns.
    return { request, columns: parseCsvTable(R_FILE, request).columns };
  };
  assert.deepEqual(fit([2, 3]), {
    request: { columns: "-2,-5", index: "drop" },
    columns: ["rain", "wind"],
  });
  assert.deepEqual(fit([3]).columns, ["wind"]);
  assert.deepEqual(fit([0, 3]), {
    request: { columns: "-2,-3,-5", index: "keep" },
    columns: ["x1", "wind"],
  });
  assert.throws(() => columnRequest(info, new Set()), /at least one column/);
});
