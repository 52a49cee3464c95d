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

Deno.test("rateLimit() counts an IPv6 client by its /64 and trusts only the proxy's entry", async () => {
  const app = new Hono();
  app.onError(handleError);
  app.use(
    "*",
    rateLimit({
      capacity: 1,
      refillPerSecond: 0.001,
      clock: () => 0,
      trustForwardedFor: true,
    }),
  );
  app.post("/", (c) => c.text("ok"));
  const from = (forwarded: string) =>
    app.request("/", {
      method: "POST",
      headers: { "x-forwarded-for": forwarded },
    });
  assert.equal((await from("2001:db8:1:2::1")).status, 200);
  // Another address of the same /64: the same client.
  assert.equal((await from("2001:db8:1:2:ffff::9")).status, 429);
  assert.equal((await from("2001:db8:1:3::1")).status, 200);
  // A client rotating its own X-Forwarded-For entries stays one client.
  assert.equal((await from("198.51.100.1, 192.0.2.50")).status, 200);
  assert.equal((await from("198.51.100.2, 192.0.2.50")).status, 429);
  assert.equal((await from("::ffff:192.0.2.50")).status, 429);
});
