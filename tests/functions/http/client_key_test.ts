import assert from "node:assert/strict";
import { Hono } from "hono";
import {
  addressKey,
  clientKey,
  parseIpv6,
} from "../../../functions/http/client_key.ts";

Deno.test("parseIpv6() reads full, compressed and IPv4-suffixed forms", () => {
  const full = [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1];
  assert.deepEqual(parseIpv6("2001:0db8:0000:0000:0000:0000:0000:0001"), full);
  assert.deepEqual(parseIpv6("2001:db8::1"), full);
  assert.deepEqual(parseIpv6("2001:DB8:0:0:0:0:0:1"), full);
  assert.deepEqual(parseIpv6("::"), [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(parseIpv6("::1"), [0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(parseIpv6("1::"), [1, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(parseIpv6("fe80::1%eth0"), [0xfe80, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(
    parseIpv6("::ffff:192.0.2.1"),
    [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201],
  );
  assert.deepEqual(
    parseIpv6("0:0:0:0:0:ffff:192.0.2.1"),
    [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201],
  );
  assert.deepEqual(parseIpv6("::192.0.2.1"), [0, 0, 0, 0, 0, 0, 0xc000, 0x201]);
  for (
    const bad of [
      "",
      "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9",
      "1::2::3",
      "1:::2",
      ":1:2:3:4:5:6:7",
      "12345::1",
      "g::1",
      "::ffff:300.0.0.1",
      "1:2:3:4:5:6:7:1.2.3.4",
      "1.2.3.4",
    ]
  ) {
    assert.equal(parseIpv6(bad), null, bad);
  }
});

Deno.test("addressKey() counts IPv6 by /64 and IPv4-mapped addresses as IPv4", () => {
  assert.equal(addressKey("192.0.2.1"), "192.0.2.1");
  assert.equal(addressKey(" 192.0.2.1:5678 "), "192.0.2.1");
  assert.equal(addressKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  assert.equal(
    addressKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"),
    "2001:db8:1:2::/64",
  );
  assert.equal(addressKey("[2001:db8:1:2::9]:443"), "2001:db8:1:2::/64");
  assert.notEqual(addressKey("2001:db8:1:3::1"), addressKey("2001:db8:1:2::1"));
  assert.equal(addressKey("::ffff:192.0.2.1"), "192.0.2.1");
  assert.equal(addressKey("[::ffff:c000:201]"), "192.0.2.1");
  assert.equal(addressKey("::1"), "0:0:0:0::/64");
  assert.equal(addressKey("not an address"), "not an address");
  assert.equal(addressKey("x".repeat(500)).length, 64);
});

function keyOf(
  headers: Record<string, string>,
  env: unknown,
  trust: boolean,
): Promise<string> {
  const app = new Hono();
  app.get("/", (c) => c.text(clientKey(c, trust)));
  return Promise.resolve(app.request("/", { headers }, env)).then((r) =>
    r.text()
  );
}

Deno.test("clientKey() trusts the entry the proxy appended, never the client's own", async () => {
  const spoofed = { "x-forwarded-for": "203.0.113.7, 198.51.100.2" };
  const direct = { remoteAddr: { hostname: "2001:db8:9:9::5" } };
  assert.equal(await keyOf(spoofed, direct, true), "198.51.100.2");
  assert.equal(await keyOf(spoofed, direct, false), "2001:db8:9:9::/64");
  assert.equal(
    await keyOf({}, {
      incoming: { socket: { remoteAddress: "::ffff:10.0.0.1" } },
    }, false),
    "10.0.0.1",
  );
  // No connection address (app.request): the last entry, or "unknown".
  assert.equal(await keyOf(spoofed, undefined, false), "198.51.100.2");
  assert.equal(await keyOf({}, undefined, false), "unknown");
  assert.equal(
    await keyOf({ "x-forwarded-for": "2001:db8:5:6::1,, " }, undefined, true),
    "2001:db8:5:6::/64",
  );
});
