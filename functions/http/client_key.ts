/**
 * Which client a request comes from, as the key the rate limits count by.
 *
 * An IPv4 address counts as itself. An IPv6 client usually owns a whole /64
 * (one address per device, privacy addresses that change hourly), so IPv6
 * addresses count by their first 64 bits; an IPv4-mapped IPv6 address
 * (`::ffff:192.0.2.1`, how dual-stack sockets report IPv4 peers) counts as
 * the IPv4 address.
 *
 * @module
 */
import type { Context } from "hono";

/** Text kept of an address that parses as neither IPv4 nor IPv6. */
const MAX_RAW_KEY = 64;

/** The four numbers of a dotted IPv4 address, or null. */
function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    out.push(Number(part));
  }
  return out;
}

/**
 * The eight 16-bit groups of an IPv6 address in full (`2001:db8:0:0:…`),
 * compressed (`2001:db8::1`) or with a trailing IPv4 part
 * (`::ffff:192.0.2.1`); a zone (`%eth0`) is ignored. Null otherwise.
 */
export function parseIpv6(text: string): number[] | null {
  let body = text;
  const zone = body.indexOf("%");
  if (zone >= 0) body = body.slice(0, zone);
  let tail: number[] = [];
  if (body.includes(".")) {
    const lastColon = body.lastIndexOf(":");
    const v4 = lastColon < 0 ? null : parseIpv4(body.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    body = body.slice(0, lastColon + 1); // keep a "::" right before it
    if (!body.endsWith("::")) body = body.slice(0, -1);
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string) => half === "" ? [] : half.split(":");
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const given = head.length + rest.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const parsed: number[] = [];
  for (const g of [...head, ...rest]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    parsed.push(parseInt(g, 16));
  }
  return [
    ...parsed.slice(0, head.length),
    ...new Array<number>(8 - given).fill(0),
    ...parsed.slice(head.length),
    ...tail,
  ];
}

/**
 * The rate-limit key of one address as a client or proxy writes it: IPv4
 * (`192.0.2.1`, optionally with `:port`), IPv6 (optionally in brackets,
 * optionally `[…]:port`), or anything else (kept as text, shortened).
 *
 * ```ts
 * import { addressKey } from "./client_key.ts";
 * addressKey("2001:db8:1:2:aaaa::1"); // "2001:db8:1:2::/64"
 * addressKey("[::ffff:192.0.2.1]:443"); // "192.0.2.1"
 * ```
 */
export function addressKey(raw: string): string {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.indexOf(":"));
  const v4 = parseIpv4(text);
  if (v4 !== null) return v4.join(".");
  const v6 = text.includes(":") ? parseIpv6(text) : null;
  if (v6 === null) return text.slice(0, MAX_RAW_KEY);
  const mapped = v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff;
  if (mapped) {
    return [v6[6]! >> 8, v6[6]! & 255, v6[7]! >> 8, v6[7]! & 255].join(".");
  }
  return v6.slice(0, 4).map((g) => g.toString(16)).join(":") + "::/64";
}

/**
 * The key of the calling client. Its address is, in order: with
 * `trustForwardedFor`, the LAST `X-Forwarded-For` entry (the one the proxy
 * in front appended; earlier entries come from the client and can be
 * anything); else the connection's remote address (Deno.serve passes it as
 * `c.env.remoteAddr`, the Node server as `c.env.incoming.socket`); else
 * (e.g. in `app.request` tests) the last `X-Forwarded-For` entry; else
 * `"unknown"`.
 */
export function clientKey(c: Context, trustForwardedFor = false): string {
  const forwarded = c.req.header("x-forwarded-for")?.split(",")
    .map((s) => s.trim()).filter((s) => s !== "").at(-1);
  if (trustForwardedFor && forwarded) return addressKey(forwarded);
  const env = c.env as {
    remoteAddr?: { hostname?: string };
    incoming?: { socket?: { remoteAddress?: string } };
  } | undefined;
  const direct = env?.remoteAddr?.hostname ??
    env?.incoming?.socket?.remoteAddress;
  const address = direct ?? forwarded;
  return address === undefined ? "unknown" : addressKey(address);
}
