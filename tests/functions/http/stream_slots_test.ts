import assert from "node:assert/strict";
import { StreamSlots } from "../../../functions/http/stream_slots.ts";

Deno.test("StreamSlots caps open slots per client and gives them back once", () => {
  const slots = new StreamSlots(2);
  const a1 = slots.acquire("a");
  const a2 = slots.acquire("a");
  assert.ok(a1 && a2);
  assert.equal(slots.acquire("a"), null);
  const b1 = slots.acquire("b");
  assert.ok(b1, "another client has its own slots");
  a1();
  a1(); // releasing twice frees one slot only
  assert.equal(slots.held("a"), 1);
  const a3 = slots.acquire("a");
  assert.ok(a3);
  assert.equal(slots.acquire("a"), null);
  a2();
  a3();
  b1();
  assert.equal(slots.held("a"), 0);
  assert.equal(slots.held("b"), 0);
});

Deno.test("StreamSlots can also cap the slots of all clients together", () => {
  const slots = new StreamSlots(5, 3);
  const held = ["a", "b", "c"].map((k) => slots.acquire(k));
  assert.ok(held.every((r) => r !== null));
  assert.equal(slots.acquire("d"), null);
  held[0]!();
  assert.ok(slots.acquire("d"));
});
