/**
 * Robustness: seeded random and mutated bodies for every write endpoint must
 * get a JSON answer below 500 — bad input is the client's problem, never a
 * crash. Each case is reproducible from its seed and index.
 */
import assert from "node:assert/strict";
import { writeNpy } from "../../../core/formats/npy.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { createPrng, type Prng } from "../../../core/random/prng.ts";
import { sampleCsv, sampleRows, withApp } from "../_app.ts";

const CASES = 150;

function pick<T>(prng: Prng, items: readonly T[]): T {
  return items[Math.floor(prng() * items.length)]!;
}

/** Flips, drops or duplicates a few bytes of `bytes`. */
function mutate(prng: Prng, bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = Array.from(bytes);
  const edits = 1 + Math.floor(prng() * 4);
  for (let e = 0; e < edits && out.length > 0; e++) {
    const at = Math.floor(prng() * out.length);
    const kind = Math.floor(prng() * 3);
    if (kind === 0) out[at] = Math.floor(prng() * 256);
    else if (kind === 1) out.splice(at, 1 + Math.floor(prng() * 8));
    else out.splice(at, 0, ...out.slice(at, at + 1 + Math.floor(prng() * 8)));
  }
  return Uint8Array.from(out);
}

const encoder = new TextEncoder();
const VALID_BODIES: readonly (readonly [string, Uint8Array<ArrayBuffer>])[] = [
  ["text/csv", encoder.encode(sampleCsv(40))],
  [
    "application/json",
    encoder.encode(JSON.stringify({ samples: sampleRows(40), seed: 1 })),
  ],
  ["application/x-npy", Uint8Array.from(writeNpy(fromRows(sampleRows(40))))],
  [
    "application/octet-stream",
    Uint8Array.from(writeNpy(fromRows(sampleRows(40)))),
  ],
];
const QUERIES = [
  "",
  "?method=paper",
  "?method=censored&seed=3",
  "?method=nope",
  "?seed=-1",
  "?seed=abc",
  "?method=paper&B=0",
  "?method=paper&lambda=1e400",
  "?bootstrap=2",
  "?method=two-layer&m=1",
];
const SAMPLE_BODIES: readonly unknown[] = [
  { W: [[1, 0], [0, 1]], b: [0, 0], n: 5 },
  { W: [[1]], b: [0], n: 1e12 },
  { W: [[1, 2], [3]], b: [0, 0], n: 3 },
  { fitId: "missing", n: 3 },
  { W: "x", b: null, n: "many" },
];
const RUN_BODIES: readonly unknown[] = [
  { d: 2, n: 100, kappa: 1, bias: "relu", runs: 1, methods: ["paper"] },
  { d: -1, n: 100, kappa: 1, bias: "relu", runs: 1, methods: ["paper"] },
  { d: 2, ns: [], kappa: 0, bias: "up", runs: 1e9, methods: [] },
  { sweep: "kappa", values: [1, "x"], base: {}, runs: 1, methods: ["paper"] },
];

async function expectJsonBelow500(response: Response, what: string) {
  const text = await response.text();
  assert.ok(
    response.status < 500,
    `${what}: status ${response.status} ${text}`,
  );
  if (response.status >= 400) {
    const body = JSON.parse(text);
    assert.equal(typeof body.error?.code, "string", `${what}: ${text}`);
    assert.equal(typeof body.error?.message, "string", `${what}: ${text}`);
    assert.ok(!/\bat .*\.ts:\d+/.test(text), `${what}: a stack trace leaked`);
  }
}

Deno.test("mutated fit bodies never get a 500 or a stack trace", async () => {
  await withApp(async (app) => {
    const prng = createPrng(20261126);
    for (let i = 0; i < CASES; i++) {
      const [type, valid] = pick(prng, VALID_BODIES);
      const body = prng() < 0.2 ? valid : mutate(prng, valid);
      const claimed = prng() < 0.1
        ? pick(prng, ["text/plain", "", type])
        : type;
      const query = pick(prng, QUERIES);
      const headers: Record<string, string> = {};
      if (claimed !== "") headers["content-type"] = claimed;
      const response = await app.request(`/api/fit${query}`, {
        method: "POST",
        headers,
        body,
      });
      await expectJsonBelow500(response, `case ${i} (${claimed} ${query})`);
    }
  });
});

Deno.test("odd sample and run requests never get a 500", async () => {
  await withApp(async (app) => {
    const prng = createPrng(7);
    for (let i = 0; i < 40; i++) {
      const [path, pool]: [string, readonly unknown[]] = prng() < 0.5
        ? ["/api/sample", SAMPLE_BODIES]
        : ["/api/runs", RUN_BODIES];
      const raw = encoder.encode(JSON.stringify(pick(prng, pool)));
      const body = prng() < 0.5 ? raw : mutate(prng, raw);
      const response = await app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      await expectJsonBelow500(response, `case ${i} (${path})`);
    }
  });
});
