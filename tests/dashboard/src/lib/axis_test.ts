import assert from "node:assert/strict";
import {
  dataDomain,
  formatTick,
  linearTicks,
  logTicks,
  makeScale,
  thinCategories,
} from "../../../../dashboard/src/lib/axis.ts";

Deno.test("linearTicks() gives round steps within the range, at most max", () => {
  assert.deepEqual(linearTicks(0, 1, 6), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(linearTicks(-0.07, 0.31, 5), [0, 0.1, 0.2, 0.3]);
  assert.deepEqual(linearTicks(2000, 4000, 5), [2000, 2500, 3000, 3500, 4000]);
  for (const [lo, hi, max] of [[0, 37, 4], [1e-5, 3e-5, 3], [-5, 5, 7]]) {
    const ticks = linearTicks(lo, hi, max);
    assert.ok(ticks.length <= max && ticks.length >= 2, `${lo}..${hi}`);
    assert.ok(ticks.every((t) => t >= lo && t <= hi));
  }
  assert.deepEqual(linearTicks(3, 3, 5), [3]);
});

Deno.test("logTicks() gives decades, thinned or filled in with 2 and 5", () => {
  assert.deepEqual(logTicks(1e-3, 10, 6), [0.001, 0.01, 0.1, 1, 10]);
  // Eleven decades and room for four labels: every third decade.
  assert.deepEqual(logTicks(1e-5, 1e5, 4), [1e-5, 0.01, 10, 1e4]);
  assert.deepEqual(logTicks(0.015, 0.4, 6), [0.02, 0.05, 0.1, 0.2]);
  // Less than one decade: the 2–5 marks or round linear values.
  const narrow = logTicks(2000, 4000, 5);
  assert.ok(narrow.length >= 2 && narrow.every((t) => t >= 2000 && t <= 4000));
});

Deno.test("thinCategories() labels every 1st, 2nd, 5th, 10th … category", () => {
  assert.deepEqual(thinCategories(5, 10), [0, 1, 2, 3, 4]);
  // d = 25 with room for 10 labels: every 5th (the overlapping ticks before).
  assert.deepEqual(thinCategories(25, 10), [0, 5, 10, 15, 20]);
  assert.deepEqual(thinCategories(25, 13), [
    0,
    2,
    4,
    6,
    8,
    10,
    12,
    14,
    16,
    18,
    20,
    22,
    24,
  ]);
  assert.equal(thinCategories(500, 8).length, 5); // every 100th
  assert.deepEqual(thinCategories(3, 0), [0]);
});

Deno.test("makeScale() maps linear and log values onto pixels", () => {
  const lin = makeScale("linear", [0, 10], [100, 0]);
  assert.equal(lin(5), 50);
  const log = makeScale("log", [0.01, 1], [0, 200]);
  assert.equal(log(0.1), 100);
  assert.ok(Number.isNaN(log(0)), "0 has no place on a log axis");
});

Deno.test("dataDomain() pads the data and starts linear error axes at 0", () => {
  assert.deepEqual(dataDomain([1, 2, null, NaN], "linear", true), [0, 2.12]);
  const [lo, hi] = dataDomain([0, 0.01, 1], "log")!;
  assert.ok(lo < 0.01 && lo > 0.005 && hi > 1 && hi < 1.5, `${lo} ${hi}`);
  assert.equal(dataDomain([0, -1], "log"), null);
});

Deno.test("formatTick() writes short labels", () => {
  assert.deepEqual(
    [0, 0.05, 2.5, 20000, 1.2e6, 1e-4, 0.30000000000000004].map(formatTick),
    ["0", "0.05", "2.5", "20k", "1.2M", "1e-4", "0.3"],
  );
});
