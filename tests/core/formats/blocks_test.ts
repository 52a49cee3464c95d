import assert from "node:assert/strict";
import {
  type BlockFormat,
  csvPieceEnd,
  readCsvPiece,
  SampleTableReader,
  type SampleTableReaderOptions,
} from "../../../core/formats/blocks.ts";
import { writeNpy } from "../../../core/formats/npy.ts";
import { parseSampleTable } from "../../../core/formats/parse.ts";
import type { SampleTableOptions } from "../../../core/formats/table.ts";
import { createPrng } from "../../../core/random/prng.ts";

/** Reads `bytes` cut at `cuts` as the streaming CLI does (again when asked). */
function readInPieces(
  bytes: Uint8Array,
  format: BlockFormat,
  options: SampleTableOptions,
  cuts: readonly number[],
  elsewhere = false,
) {
  let indexColumn: SampleTableReaderOptions["indexColumn"];
  for (;;) {
    const reader = new SampleTableReader(format, {
      ...options,
      size: bytes.length,
      ...(indexColumn ? { indexColumn } : {}),
    });
    const values: number[] = [];
    let rows = 0;
    let at = 0;
    let carry = new Uint8Array(0);
    const streaming = !elsewhere;
    for (const cut of [...cuts, bytes.length]) {
      const last = cut === bytes.length;
      const piece = bytes.subarray(at, cut);
      at = cut;
      let blocks;
      if (streaming) blocks = last ? reader.end(piece) : reader.push(piece);
      else {
        // As the streaming CLI with workers: whole lines, later ones parsed
        // from a copy of the job (as a worker gets it).
        const data = concat(carry, piece);
        const end = last ? data.length : reader.pieceEnd(data);
        carry = data.slice(end);
        const whole = data.subarray(0, end);
        blocks = end === 0 && !last
          ? []
          : !reader.pieces
          ? reader.piece(whole)
          : reader.rows(readCsvPiece(structuredClone(reader.pieceJob(whole))));
      }
      for (const m of blocks) {
        values.push(...m.data);
        rows += m.rows;
        assert.equal(m.cols, reader.columns);
      }
    }
    const summary = reader.finish();
    if (summary.readAgain) {
      indexColumn = summary.readAgain;
      continue;
    }
    return {
      rows,
      values,
      columns: summary.columns,
      droppedRows: summary.droppedRows,
      warnings: summary.warnings,
    };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The whole-file reading, as `readInPieces` reports it. */
function readWhole(
  bytes: Uint8Array,
  format: BlockFormat,
  options: SampleTableOptions,
) {
  const t = parseSampleTable(bytes, format, options);
  return {
    rows: t.matrix.rows,
    values: Array.from(t.matrix.data),
    columns: t.columns,
    droppedRows: t.droppedRows,
    warnings: t.warnings,
  };
}

/** What `f` returns, or its error message. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const CSV_CASES: [string, string, SampleTableOptions][] = [
  [
    "header, NA and a quoted line break",
    'a,"b\nc"\n1,2\n3,NA\n"4",5\n\n\n',
    {},
  ],
  ["R's write.csv", '"","u","v"\r\n"1",0.5,0\r\n"2",NA,1\r\n"3",2,0\r\n', {}],
  ["counting index kept", "id,u\n1,0\n2,3\n3,1\n4,2\n", {}],
  ["counting index dropped", "id,u\n1,0\n2,3\n3,1\n4,2\n", { index: "drop" }],
  ["no header, BOM, CR ends", "\ufeff0,1\r2,3\r4,0\r", {}],
  ["columns chosen", "x,date,y\n1,2024-01-01,2\n3,2024-01-02,0\n", {
    columns: "-date",
  }],
  ["a blank line between rows", "a,b\n1,2\n\n3,4\n", {}],
  ["a ragged row", "a,b\n1,2\n3\n", {}],
  ["a negative value", "a,b\n1,2\n3,-4\n", {}],
  ["NA under error", "a,b\n1,2\nNA,4\n", { na: "error" }],
  ["every row missing", "a,b\nNA,1\n2,NA\n", {}],
  ["unclosed quote", 'a,b\n1,"2\n', {}],
  ["a blank line in one column is missing", "a\n1\n\n2\n", {}],
  ["names in UTF-8 cut anywhere", "été,β\n1,2\n3,4", {}],
  ["blank lines and spaces at line ends", "a,b\n1,2 \n\n3,4\r\n \n5,6\n", {}],
  ["a bad cell late", "a,b\r\n1,2\r\n3,4\r5,6\n7,x\n8,9\n", {}],
  ["a late quote", 'a,b\n1,2\n3,4\n5,"6"\n7,8\n\n', {}],
  ["missing values dropped late, no header", "1,2\n3,4\n5,NA\n7,8\n", {}],
  [
    "R's write.csv with quoted names, commas, doubled quotes, a line break",
    '"","u ""x""","v, w"\n"1",0.5,0\n"2","NA",1\n"3", "2" ,0\n' +
    '"4",1,"3"\n"5",2,1\n',
    {},
  ],
  [
    "R's write.csv, index dropped, a quoted line break late",
    '"","u","v"\r\n"1",0.5,0\r\n"2",NA,1\r\n"3",2,0\r\n"4",1,"2\n"\r\n',
    { index: "drop" },
  ],
  [
    "pandas with a text column left out",
    'name,x,y\n"a, b",1,2\n"c ""d""\ne",3,4\n"f",5,6\nplain,7,8\n',
    { columns: "-name" },
  ],
  [
    "a stray quote mid-field is text",
    'a,b\n1,2\n3,4\n5"3,"x\n7,8\n9,1\n',
    {},
  ],
  [
    "a stray quote mid-field, left out",
    'a,b,c\n1,x"y,2\n3,"4\n5",6\n"7",z",8\n9,1,0\n',
    { columns: "-b" },
  ],
  ["text after a closing quote", 'a,b\n1,2\n"3"x,4\n5,6\n7,8\n', {}],
  ["a doubled quote at a cut", 'a,b\n1,"2"""\n3,""""\n5,6\n', {}],
  ["a quote after a BOM", '\ufeff"a\nb",c\n1,2\n3,4\n', {}],
  ["a BOM later is text", 'a,b\n\ufeff"1",2\n3,4\n', {}],
];

for (const [name, text, options] of CSV_CASES) {
  Deno.test(`SampleTableReader reads CSV in pieces as parseSampleTable reads it whole: ${name}`, () => {
    const bytes = new TextEncoder().encode(text);
    const whole = outcome(() => readWhole(bytes, "csv", options));
    // Every single cut, then random sets of cuts.
    const prng = createPrng(1);
    const cutSets: number[][] = [[]];
    for (let c = 1; c < bytes.length; c++) cutSets.push([c]);
    for (let k = 0; k < 30; k++) {
      const cuts = Array.from(
        { length: 1 + Math.floor(prng() * 5) },
        () => Math.floor(prng() * bytes.length),
      ).sort((a, b) => a - b);
      cutSets.push(cuts);
    }
    for (const cuts of cutSets) {
      for (const elsewhere of [false, true]) {
        assert.deepEqual(
          outcome(() => readInPieces(bytes, "csv", options, cuts, elsewhere)),
          whole,
          `cuts ${cuts}${elsewhere ? ", pieces read elsewhere" : ""}`,
        );
      }
    }
  });
}

Deno.test("csvPieceEnd cuts after the last line end outside quoted fields", () => {
  const end = (text: string, fileStart = false) =>
    csvPieceEnd(new TextEncoder().encode(text), fileStart);
  assert.equal(end('"","u"\n"1",2\n"2",3'), 13);
  assert.equal(end('"1","a\nb"\n"2","c\nd'), 10);
  assert.equal(end('1,5"3\n2,"x""\n'), 6); // maybe a doubled quote
  assert.equal(end('1,5"3\n2,"x"""\n'), 14);
  assert.equal(end('1,2\n"3"x,4\n5,6\n'), 4);
  assert.equal(end('\ufeff"a\nb,c', true), 0); // a quote never closed
  assert.equal(end('\ufeff"a\nb,c'), 6); // not the file's start: text
});

Deno.test("SampleTableReader reads NPY in pieces as parseSampleTable reads it whole", () => {
  const m = {
    rows: 5,
    cols: 3,
    data: Float64Array.of(1, 0, 2, 2, NaN, 1, 3, 4, 0, 4, 1, 1, 5, 0, 3),
  };
  const bytes = writeNpy(m);
  for (
    const options of [{}, { columns: "-x2" }, { index: "drop" }, {
      na: "error",
    }] as SampleTableOptions[]
  ) {
    const whole = outcome(() => readWhole(bytes, "npy", options));
    for (const cuts of [[], [5], [100], [128, 140], [129, 150, 151]]) {
      assert.deepEqual(
        outcome(() => readInPieces(bytes, "npy", options, cuts)),
        whole,
        `${JSON.stringify(options)}, cuts ${cuts}`,
      );
    }
  }
  // A truncated file is named as the whole-file reader names it.
  assert.deepEqual(
    outcome(() => readInPieces(bytes.subarray(0, 150), "npy", {}, [60])),
    outcome(() => parseSampleTable(bytes.subarray(0, 150), "npy")),
  );
});

Deno.test("SampleTableReader rejects text that is not UTF-8 as parseSampleTable does", () => {
  const bytes = Uint8Array.of(0x61, 0x0a, 0xff, 0xfe, 0x0a);
  assert.deepEqual(
    outcome(() => readInPieces(bytes, "csv", {}, [3])),
    outcome(() => parseSampleTable(bytes, "csv")),
  );
});
