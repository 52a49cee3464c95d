import assert from "node:assert/strict";
import {
  cellAt,
  entryReadout,
  moveCell,
} from "../../../../dashboard/src/lib/matrix_readout.ts";

Deno.test("cellAt() maps a point to (row, column), null outside the grid", () => {
  // 2 rows x 3 columns of 10 px cells.
  assert.deepEqual(cellAt(0, 0, 2, 3, 10), [0, 0]);
  assert.deepEqual(cellAt(29.9, 19.9, 2, 3, 10), [1, 2]);
  assert.equal(cellAt(30, 5, 2, 3, 10), null);
  assert.equal(cellAt(5, 20, 2, 3, 10), null);
  assert.equal(cellAt(-1, 5, 2, 3, 10), null);
});

Deno.test("moveCell() follows the arrow keys and stops at the edges", () => {
  assert.deepEqual(moveCell(null, "ArrowRight", 3, 3), [0, 0]);
  assert.deepEqual(moveCell([0, 0], "ArrowRight", 3, 3), [0, 1]);
  assert.deepEqual(moveCell([0, 0], "ArrowUp", 3, 3), [0, 0]);
  assert.deepEqual(moveCell([2, 1], "ArrowDown", 3, 3), [2, 1]);
  assert.deepEqual(moveCell([1, 1], "End", 3, 4), [2, 3]);
  assert.equal(moveCell([1, 1], "a", 3, 3), null);
});

Deno.test("entryReadout() gives the entry with ± 1.96 SE, 1-based", () => {
  const m = [[1, 0.25], [0.25, 2]];
  const se = [[0.1, 0.05], [0.05, 0.2]];
  assert.equal(
    entryReadout("Σ̂", m, se, [0, 1]),
    "Σ̂[1, 2] = 0.250 ± 0.0980 (SE 0.0500)",
  );
  assert.equal(entryReadout("Σ̂", m, null, [1, 1]), "Σ̂[2, 2] = 2.000");
  assert.equal(entryReadout("Σ̂", m, se, [2, 0]), "");
});
