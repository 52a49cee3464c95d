import assert from "node:assert/strict";
import {
  histogramCounts,
  maskedGram,
} from "../../../core/kernels/masked_gram.ts";
import { fromRows, type Matrix } from "../../../core/linalg/matrix.ts";
import { pairSumsArena } from "../../../core/kernels/wasm/pair_sums.ts";
import { createPrng } from "../../../core/random/prng.ts";

/**
 * Checks every statistic of `maskedGram(x)` against sums written out per
 * pair. Integer counts must match exactly; the sums run in row order in both,
 * so 1e-9 (relative) only allows for the order of products within a term.
 */
function assertMatchesNaive(rows: number[][], bins: number): void {
  const x = fromRows(rows);
  const d = x.cols;
  const g = maskedGram(x, { bins, higherMoments: true });
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let count = 0, sum = 0, sq = 0, cross = 0, m21 = 0, m31 = 0, m22 = 0;
      const hist = new Array(bins).fill(0);
      for (const row of rows) {
        const a = row[i];
        const b = row[j];
        if (a > 0 && b > 0) {
          count++;
          sum += a;
          sq += a * a;
        }
        if (a === 0 && b > 0 && i !== j) {
          hist[Math.min(bins - 1, Math.ceil(b / g.binWidth[j]) - 1)]++;
        }
        cross += a * b;
        m21 += a * a * b;
        m31 += a * a * a * b;
        m22 += a * a * b * b;
      }
      const p = i * d + j;
      const close = (u: number, v: number) =>
        Math.abs(u - v) <= 1e-9 * (1 + Math.abs(v));
      const where = `pair (${i}, ${j})`;
      assert.equal(g.count[p], count, where);
      assert.ok(close(g.sum[p], sum) && close(g.sumSquares[p], sq), where);
      assert.ok(
        close(g.cross[p], cross) && close(g.squareCross[p], m21),
        where,
      );
      assert.ok(
        close(g.cubeCross[p], m31) && close(g.squareSquare[p], m22),
        where,
      );
      assert.deepEqual(
        Array.from(g.zeroBins.subarray(p * bins, (p + 1) * bins)),
        hist,
        where,
      );
    }
  }
}

/** n rows of d entries, each 0 with probability `zeroShare`, else in (0, 3). */
function randomRows(
  n: number,
  d: number,
  zeroShare: number,
  seed: number,
): number[][] {
  const prng = createPrng(seed);
  const rows: number[][] = [];
  for (let r = 0; r < n; r++) {
    rows.push(
      Array.from({ length: d }, () => (prng() < zeroShare ? 0 : prng() * 3)),
    );
  }
  return rows;
}

Deno.test("maskedGram() matches naive sums over both-positive rows", () => {
  assertMatchesNaive(randomRows(200, 4, 0.5, 5), 5);
});

Deno.test("maskedGram() matches naive sums across column tiles and row blocks", () => {
  // d = 150 spans three 64-column tiles and 218 rows span a block boundary
  // (218 rows per block at this d); zero shares 0.2 and 0.8 exercise rows
  // that count one-zero pairs directly and rows that count them by
  // subtraction, with rows of both kinds mixed in the 0.5 case.
  for (const [share, seed] of [[0.2, 6], [0.5, 7], [0.8, 8]]) {
    assertMatchesNaive(randomRows(240, 150, share, seed), 3);
  }
});

Deno.test("maskedGram() bins each column's positives and puts the maximum last", () => {
  const g = maskedGram(fromRows([[1, 0], [2, 4], [4, 0.5]]), { bins: 4 });
  // Column 0: width 1, bins (0,1], (1,2], (2,3], (3,4].
  assert.deepEqual(Array.from(g.columnBins.subarray(0, 4)), [1, 1, 0, 1]);
  assert.deepEqual(Array.from(g.binMean.subarray(0, 4)), [1, 2, 2.5, 4]);
  assert.equal(g.squareSquare[1], 0, "higher moments off by default");
  assert.throws(() => maskedGram(fromRows([[1]]), { bins: 1.5 }), {
    name: "RangeError",
    message: /bins must be a non-negative integer, got 1.5/,
  });
});

Deno.test("maskedGram() keeps 16-bit counts below 65536 rows and 32-bit from there", () => {
  assert.ok(histogramCounts(65_535, 1) instanceof Uint16Array);
  assert.ok(histogramCounts(65_536, 1) instanceof Uint32Array);
  // Column 1 is always positive and column 0 always zero, so one bin of
  // pair (0, 1) counts every row: 65535 is the largest 16-bit count, and
  // these rows count by subtraction (a zero per positive), passing through
  // negative intermediate counts that wrap and must come back exact.
  for (const n of [65_535, 65_536]) {
    const data = new Float64Array(2 * n);
    for (let r = 0; r < n; r++) data[2 * r + 1] = 1;
    const g = maskedGram({ rows: n, cols: 2, data }, { bins: 4 });
    assert.equal(g.zeroBins.BYTES_PER_ELEMENT, n < 65_536 ? 2 : 4);
    // Pair (0, 1): x_0 = 0 < x_1 = 1 = max, the last bin; pair (1, 0) and
    // the diagonal hold nothing.
    assert.deepEqual(Array.from(g.zeroBins.subarray(4, 8)), [0, 0, 0, n]);
    assert.equal(Array.from(g.zeroBins).reduce((a, b) => a + b, 0), n);
  }
});

/**
 * The masked Gram written row by row with no blocks, tiles or regrouping:
 * every sum runs over the rows in order with the kernel's own products, so
 * the kernel must match it exactly (bit for bit), whatever its visiting order.
 */
function referenceMaskedGram(x: Matrix, bins: number) {
  const { rows: n, cols: d, data } = x;
  const nb = Math.max(bins, 1);
  const width = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let max = 0;
    for (let r = 0; r < n; r++) max = Math.max(max, data[r * d + j]);
    width[j] = max > 0 ? max / nb : 1;
  }
  const out = () => new Float64Array(d * d);
  const count = out(), sum = out(), sumSquares = out(), cross = out();
  const squareCross = out(), cubeCross = out(), squareSquare = out();
  const zeroBins = new Array<number>(d * d * bins).fill(0);
  for (let r = 0; r < n; r++) {
    const row = data.subarray(r * d, (r + 1) * d);
    const bin = (j: number) =>
      Math.min(nb - 1, Math.ceil(row[j] * (1 / width[j])) - 1);
    for (let i = 0; i < d; i++) {
      const a = row[i];
      for (let j = 0; j < d; j++) {
        if (bins > 0 && i !== j && a === 0 && row[j] > 0) {
          zeroBins[(i * d + j) * bins + bin(j)]++;
        }
      }
      if (!(a > 0)) continue;
      const q = a * a;
      const ii = i * d + i;
      count[ii]++;
      sum[ii] += a;
      sumSquares[ii] += q;
      cross[ii] += q;
      squareCross[ii] += q * a;
      cubeCross[ii] += q * a * a;
      squareSquare[ii] += q * q;
      for (let j = i + 1; j < d; j++) {
        const c = row[j];
        if (!(c > 0)) continue;
        const qc = c * c;
        const ij = i * d + j, ji = j * d + i;
        count[ij]++;
        count[ji]++;
        sum[ij] += a;
        sum[ji] += c;
        sumSquares[ij] += q;
        sumSquares[ji] += qc;
        cross[ij] += a * c;
        cross[ji] += a * c;
        squareCross[ij] += q * c;
        squareCross[ji] += qc * a;
        cubeCross[ij] += q * a * c;
        cubeCross[ji] += qc * c * a;
        squareSquare[ij] += q * qc;
        squareSquare[ji] += q * qc;
      }
    }
  }
  return {
    count,
    sum,
    sumSquares,
    cross,
    squareCross,
    cubeCross,
    squareSquare,
    zeroBins,
  };
}

/**
 * Both pair kernels (WebAssembly SIMD and TypeScript), with and without the
 * higher moments, against the reference, exactly.
 */
function assertMatchesReference(x: Matrix, bins: number, where: string) {
  const want = referenceMaskedGram(x, bins);
  const higherKeys = ["squareCross", "cubeCross", "squareSquare"];
  for (const pairKernel of ["auto", "typescript"] as const) {
    for (const higherMoments of [true, false]) {
      const g = maskedGram(x, { bins, higherMoments, pairKernel });
      for (const key of Object.keys(want) as (keyof typeof want)[]) {
        const expected = !higherMoments && higherKeys.includes(key)
          ? new Array(want[key].length).fill(0)
          : Array.from(want[key]);
        // Object.is: exact, down to the sign of 0; the first difference only.
        const got = Array.from(g[key]);
        const at = got.findIndex((v, k) => !Object.is(v, expected[k]));
        assert.equal(
          at,
          -1,
          `${where}, ${pairKernel}, higher moments ${higherMoments}: ${key}[${at}] is ${
            got[at]
          }, expected ${expected[at]}`,
        );
        assert.equal(got.length, expected.length);
      }
    }
  }
}

Deno.test("maskedGram() equals the row-by-row reference bit for bit", async (t) => {
  const matrix = (rows: number[][]) => fromRows(rows);
  await t.step("random data, dense and sparse", () => {
    for (const [share, seed] of [[0.1, 11], [0.5, 12], [0.8, 13], [0.97, 14]]) {
      assertMatchesReference(
        matrix(randomRows(300, 40, share, seed)),
        8,
        `share ${share}`,
      );
    }
  });
  await t.step("all-zero rows and columns", () => {
    const rows = randomRows(50, 12, 0.4, 15);
    for (const row of rows) row[3] = row[7] = 0;
    for (let r = 0; r < rows.length; r += 4) rows[r].fill(0);
    assertMatchesReference(matrix(rows), 5, "zero rows and columns");
    assertMatchesReference(matrix([[0, 0], [0, 0]]), 4, "all zero");
  });
  await t.step("d = 1, one row, fewer rows than a block", () => {
    assertMatchesReference(matrix([[2], [0], [1.5]]), 4, "d = 1");
    assertMatchesReference(matrix([[1, 0, 3]]), 4, "one row");
    assertMatchesReference(matrix(randomRows(7, 5, 0.5, 16)), 0, "no bins");
  });
  await t.step("several row blocks at large d", () => {
    // d = 1100 gives blocks of 476 rows, so 500 rows span two blocks.
    assertMatchesReference(
      matrix(randomRows(500, 1100, 0.93, 17)),
      2,
      "two blocks",
    );
  });
});

Deno.test("maskedGram() keeps 16-bit counts past 65536 rows when no column has that many positives", () => {
  const n = 70_000;
  const data = new Float64Array(2 * n);
  for (let r = 0; r < n; r += 2) data[2 * r + 1] = 1;
  const g = maskedGram({ rows: n, cols: 2, data }, { bins: 4 });
  assert.equal(g.zeroBins.BYTES_PER_ELEMENT, 2);
  assert.deepEqual(Array.from(g.zeroBins.subarray(4, 8)), [0, 0, 0, n / 2]);
});

Deno.test("maskedGram() keeps 16-bit counts for large histograms when no bin holds 65536 entries", () => {
  // 66,000 rows, 2 columns, 2²¹ bins: d² · bins = 2²³ counts. Column 1 is
  // positive in every row, spread evenly over bins, so it has more than
  // 65535 positives but at most one per bin.
  const n = 66_000, bins = 1 << 21;
  const data = new Float64Array(2 * n);
  for (let r = 0; r < n; r++) data[2 * r + 1] = r + 1;
  const g = maskedGram({ rows: n, cols: 2, data }, { bins });
  assert.equal(g.zeroBins.BYTES_PER_ELEMENT, 2);
  const pair = g.zeroBins.subarray(bins, 2 * bins);
  assert.equal(Array.from(pair).reduce((a, b) => a + b, 0), n);
  assert.equal(pair[bins - 1], 1, "the maximum is in the last bin");
  // Every column positive in more than 65535 rows of one bin: 32-bit.
  const crowded = maskedGram({
    rows: n,
    cols: 2,
    data: new Float64Array(2 * n).fill(1),
  }, { bins });
  assert.equal(crowded.zeroBins.BYTES_PER_ELEMENT, 4);
});

Deno.test("the WebAssembly pair kernel is available here", () => {
  // Deno runs WebAssembly SIMD; without it "auto" would quietly test the
  // TypeScript loop twice.
  assert.ok(pairSumsArena(1024) !== undefined);
});
