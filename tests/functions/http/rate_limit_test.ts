import assert from "node:assert/strict";
import { Hono } from "hono";
import { rateLimit } from "../../../functions/http/rate_limit.ts";
import { handleError } from "../../../functions/http/errors.ts";

Deno.test("rateLimit() answers 429 with Retry-After per client and refills", async () => {
  let now = 0;
  const app = new Hono();
  app.onError(handleError);
  app.use(
    "*",
    rateLimit({ capacity: 2, refillPerSecond: 0.5, clock: () => now }),
  );
  app.post("/", (c) => c.text("ok"));
  const from = (ip: string) =>
    app.request("/", { method: "POST", headers: { "x-forwarded-for": ip } });

  assert.equal((await from("1.1.1.1")).status, 200);
  assert.equal((await from("1.1.1.1")).status, 200);
  const limited = await from("1.1.1.1");
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), "2"); // 1 token at 0.5/s
  const body = await limited.json();
  assert.equal(body.error.code, "rate_limited");
  // Another client has its own bucket.
  assert.equal((await from("2.2.2.2")).status, 200);
  now += 2000;
  assert.equal((await from("1.1.1.1")).status, 200);
  assert.equal((await from("1.1.1.1")).status, 429);
});
