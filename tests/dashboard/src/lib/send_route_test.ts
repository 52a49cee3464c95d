import assert from "node:assert/strict";
import {
  sendRoute,
  SERVER_LIMITS,
} from "../../../../dashboard/src/lib/send_route.ts";

Deno.test("sendRoute() sends JSON while it fits the JSON limit, then NPY or the file, then a data set", () => {
  // (n d + d² + d) numbers of 25 characters at most, within 2 MiB.
  assert.equal(sendRoute(20_000, 4), "json");
  assert.equal(sendRoute(30_000, 3), "npy");
  // 8 n d bytes of NPY within 32 MiB and n d within 4,000,000 entries.
  assert.equal(sendRoute(160_000, 25), "npy");
  assert.equal(sendRoute(160_001, 25), "dataset");
  assert.equal(sendRoute(200_000, 25), "dataset");
  // A file goes as it is while it fits the body limit.
  assert.equal(sendRoute(100, 3, SERVER_LIMITS.bodyBytes), "file");
  assert.equal(sendRoute(100, 3, SERVER_LIMITS.bodyBytes + 1), "dataset");
  assert.equal(sendRoute(2_000_000, 3, 1000), "dataset", "over 4M entries");
});
