import assert from "node:assert/strict";
import {
  csvFirstRecord,
  csvMaxRows,
  csvRowBounds,
  npyShape,
} from "../../../core/formats/shape.ts";
import { parseCsv } from "../../../core/formats/csv.ts";
import { writeNpy } from "../../../core/formats/npy.ts";
import { SampleFormatError } from "../../../core/formats/errors.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("csvFirstRecord() and csvRowBounds() bracket what parseCsv reads", async (t) => {
  const cases: [string, string][] = [
    ["header, LF", "x1,x2,x3\n1,2,3\n4,5,6\n"],
    ["no header", "1,2\n3,4\n5,6"],
    ["CRLF and a BOM", "\ufeffa,b\r\n1,2\r\n3,4\r\n"],
    ["CR alone", "a,b\r1,2\r3,4\r"],
    ["blank lines around", "\n\na,b\n1,2\n3,4\n\n\n"],
    ["quoted header with commas and a line break", '"a,1","b\nc"\n1,2\n3,4\n'],
    ["quoted numbers", '"1","2"\n"3","4"\n'],
    ["one column", "x\n1\n2\n3\n"],
    ["spaces around values", " 1 , 2 \n 3 , 4 \n"],
  ];
  for (const [name, text] of cases) {
    await t.step(name, () => {
      const m = parseCsv(text);
      const b = bytes(text);
      const first = csvFirstRecord(b, 1000);
      assert.equal(first.columns, m.cols);
      assert.equal(first.capped, false);
      const rows = csvRowBounds(b, first.end, 1e6);
      assert.ok(rows.min <= m.rows && m.rows <= rows.max, JSON.stringify(rows));
      assert.ok(m.rows <= csvMaxRows(b.length, m.cols));
    });
  }
});

Deno.test("csvFirstRecord() stops counting beyond its cap", () => {
  const wide = bytes("0,".repeat(5000) + "0\n");
  const first = csvFirstRecord(wide, 1000);
  assert.equal(first.columns, 1001);
  assert.equal(first.capped, true);
  assert.deepEqual(csvFirstRecord(bytes("\n\n"), 10), {
    columns: 0,
    capped: false,
    end: 2,
  });
});

Deno.test("csvRowBounds() stops counting beyond its cap", () => {
  const tall = bytes("x\n" + "1\n".repeat(10_000));
  const first = csvFirstRecord(tall, 10);
  const rows = csvRowBounds(tall, first.end, 100);
  assert.equal(rows.capped, true);
  assert.equal(rows.min, 101);
  assert.equal(csvRowBounds(tall, first.end, 1e6).min, 10_000);
});

Deno.test("npyShape() reads the shape from the header alone", () => {
  const file = writeNpy({ rows: 2, cols: 3000, data: new Float64Array(6000) });
  assert.deepEqual(npyShape(file.subarray(0, 128)), { n: 2, d: 3000 });
  assert.throws(
    () => npyShape(bytes("1,2\n")),
    SampleFormatError,
  );
});
