/**
 * Property-based fuzzing of every endpoint, in process over an in-memory KV:
 * generated (and mutated) CSV, JSON and NPY bodies with random query strings
 * for `POST /api/fit`, random bodies for `POST /api/sample` and
 * `POST /api/runs`, random ids and Authorization headers for reading,
 * following and deleting runs, random list queries, and random methods and
 * paths. Every answer is below 500; every error is JSON `{error: {code,
 * message}}` whose message names the problem; a fit or samples answer holds
 * only finite numbers. Requests stay small (n ≤ 8, d ≤ 5, low limits) so the
 * run is fast. Budget and seed: `tests/_fuzz.ts`.
 */
import assert from "node:assert/strict";
import type { Hono } from "hono";
import {
  listEstimators,
  methodNames,
} from "../../../core/estimators/registry.ts";
import type { OptionSpec } from "../../../core/estimators/types.ts";
import {
  csvText,
  fc,
  fuzzAsync,
  type FuzzName,
  jsonText,
  MAX_COLS,
  MAX_ROWS,
  mutated,
  npyBytes,
} from "../../_fuzz.ts";
import { post, postJson, sampleCsv, withApp } from "../_app.ts";

/** Low limits, so that no generated request can ask for much work. */
const LIMITS = {
  maxFitEntries: 1000,
  maxSampleEntries: 5000,
  maxSampleD: 20,
  maxRunFits: 50,
  // Every fuzzed run comes from one client: no per-client quota here.
  maxRunsPerClient: 1000,
};

const encoder = new TextEncoder();

// ---- Checking answers --------------------------------------------------------

/** Every null or non-finite number in `value`, with its path. */
function nonFinite(value: unknown, path: string): string[] {
  if (typeof value === "number") {
    return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  }
  if (value === null) return [`${path} = null`];
  if (typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) =>
    nonFinite(v, `${path}.${k}`)
  );
}

/** The fields of a fit answer that hold numbers only. */
const FIT_NUMBERS = [
  "n",
  "d",
  "b",
  "sigma",
  "standardErrors",
  "bootstrapStandardErrors",
  "covariance",
] as const;

/** Answers by status class, to check the generators reach the fits. */
class Tally {
  readonly counts = new Map<string, number>();
  add(status: number): void {
    const key = status < 300 ? "2xx" : "4xx";
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  /** Asserts at least `share` of ≥ 100 answers were 2xx, and so were 4xx. */
  assertBoth(share: number, what: string): void {
    const ok = this.counts.get("2xx") ?? 0;
    const bad = this.counts.get("4xx") ?? 0;
    if (ok + bad < 100) return;
    assert.ok(
      ok >= share * (ok + bad),
      `${what}: only ${ok} of ${ok + bad} succeeded`,
    );
    assert.ok(
      bad >= share * (ok + bad),
      `${what}: only ${bad} of ${ok + bad} failed`,
    );
  }
}

/**
 * Asserts the answer is below 500; an error is `{error: {code, message}}`
 * with a message that names the problem; a fit or samples answer holds only
 * finite numbers. Returns the parsed JSON body, if any.
 */
async function checkAnswer(res: Response, what: string): Promise<unknown> {
  const type = res.headers.get("content-type") ?? "";
  if (type.startsWith("text/event-stream")) {
    assert.equal(res.status, 200, what);
    await firstEvent(res);
    return undefined;
  }
  const text = await res.text();
  const where = `${what} → ${res.status} ${text.slice(0, 300)}`;
  assert.ok(res.status >= 200 && res.status < 500, where);
  // No body: a deletion, or an answer to HEAD.
  if (res.status === 204 || what.startsWith("HEAD ")) return undefined;
  if (res.status >= 400) {
    assert.match(type, /^application\/json/, where);
    const body = JSON.parse(text);
    assert.match(body?.error?.code ?? "", /^[a-z][a-z_]*$/, where);
    const message = body.error.message;
    assert.equal(typeof message, "string", where);
    // A sentence about this request, not a bare status or a stack trace.
    assert.ok(message.length >= 12, where);
    assert.doesNotMatch(
      message,
      /^HTTP \d+$|\[object |\bat .*\.ts:\d+/,
      where,
    );
    return body;
  }
  if (type.startsWith("text/csv")) {
    assert.doesNotMatch(text, /Infinity|NaN|null/, where);
  }
  if (!type.startsWith("application/json")) return undefined;
  const body = JSON.parse(text);
  if (what.includes("/api/fit")) {
    for (const key of FIT_NUMBERS) {
      if (key in body) {
        assert.deepEqual(nonFinite(body[key], key), [], where);
      }
    }
  }
  if (what.includes("/api/sample")) {
    assert.deepEqual(nonFinite(body.samples, "samples"), [], where);
  }
  return body;
}

/** Reads an event stream's first event, then hangs up. */
async function firstEvent(res: Response): Promise<void> {
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  await reader.cancel();
  const text = new TextDecoder().decode(value);
  assert.match(text, /^(event: \w+\n)?data: \{/, text);
}

// ---- Generators --------------------------------------------------------------

/** Every option name some method declares. */
const OPTION_NAMES = [
  ...new Set(listEstimators().flatMap((e) => e.options.map((o) => o.name))),
];

/** A value as a query string or JSON field may carry it. */
const word = fc.oneof(
  fc.constantFrom(
    "0",
    "1",
    "2",
    "3",
    "-1",
    "2.5",
    "1e3",
    "1e400",
    "NaN",
    "true",
    "false",
    "",
    " ",
    "abc",
    "%",
    "%zz",
    "%E0%A4%A",
    "..",
  ),
  fc.nat({ max: 5000 }).map(String),
  fc.string({ maxLength: 6 }),
);

/** A query string: known and unknown keys, encoded or raw. */
const noisyQuery = fc.tuple(
  fc.array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom("method", "seed", "bootstrap", ...OPTION_NAMES),
        fc.string({ maxLength: 5 }),
      ),
      fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...methodNames(), "nope") },
        { weight: 3, arbitrary: word },
      ),
    ),
    { maxLength: 4 },
  ),
  fc.boolean(),
).map(([pairs, raw]) =>
  pairs.length === 0
    ? ""
    : "?" + (raw
      ? pairs.map(([k, v]) => `${k}=${v}`).join("&").replace(/[#\s]/g, "")
      : new URLSearchParams(pairs).toString())
);

/** Samples a fit can use: a few rows of small non-negative numbers. */
const plausibleRows = fc.tuple(
  fc.integer({ min: 2, max: MAX_ROWS }),
  fc.integer({ min: 1, max: MAX_COLS }),
).chain(([n, d]) =>
  fc.array(
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(0) },
        {
          weight: 12,
          arbitrary: fc.integer({ min: 1, max: 1000 }).map((v) => v / 100),
        },
        // Any double in [0, 10], which fast-check draws mostly tiny.
        { weight: 2, arbitrary: fc.double({ min: 0, max: 10, noNaN: true }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(1e200, 1e-200, 5e-324, 1.7e308),
        },
      ),
      { minLength: d, maxLength: d },
    ),
    { minLength: n, maxLength: n },
  )
);

/** A number, a near-number or something else, as a JSON field's value. */
const jsonField = fc.oneof(
  fc.integer({ min: -2, max: 10 }),
  fc.double(),
  fc.constantFrom(null, true, "1", "x", [], {}),
);

/** A small matrix of JSON values, mostly numbers. */
const jsonMatrix = fc.array(
  fc.array(
    fc.oneof({ weight: 5, arbitrary: fc.double({ min: -3, max: 3 }) }, {
      weight: 1,
      arbitrary: jsonField,
    }),
    { maxLength: 4 },
  ),
  { maxLength: 4 },
);

/** An option's value within its declared range, kept small (bounded work). */
function optionValue(o: OptionSpec): fc.Arbitrary<number | boolean> {
  if (o.kind === "boolean") return fc.boolean();
  const min = o.min ?? 0;
  const max = Math.min(o.max ?? min + 100, min + 100);
  return o.kind === "integer"
    ? fc.integer({ min, max })
    : fc.double({ min, max, noNaN: true });
}

/** A fit request a method accepts: its name, a seed, a few replicates, options. */
const methodRequest = fc.constantFrom(...listEstimators()).chain((e) =>
  fc.record({
    method: fc.constant(e.name),
    seed: fc.nat({ max: 9 }),
    bootstrap: fc.oneof(
      { weight: 4, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) },
    ),
    options: fc.record(
      Object.fromEntries(e.options.map((o) => [o.name, optionValue(o)])),
      { requiredKeys: [] },
    ),
  }, { requiredKeys: ["method"] })
);

/** The truth behind d-dimensional samples: W (d x k) and b, as sent. */
const truthOf = (d: number) =>
  fc.tuple(
    fc.array(
      fc.array(fc.double({ min: 0.1, max: 2, noNaN: true }), {
        minLength: 1,
        maxLength: 1,
      }),
      { minLength: d, maxLength: d },
    ),
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), {
      minLength: d,
      maxLength: d,
    }),
  ).map(([w, b]) => ({
    W: w,
    b,
    sigma: w.map((ri) => w.map((rj) => ri[0]! * rj[0]!)),
  }));

/** A JSON fit body: samples plus the other fields, good or bad. */
const fitJsonBody = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(
      plausibleRows.chain((rows) =>
        fc.tuple(
          fc.constant(rows),
          fc.option(truthOf(rows[0]!.length), { nil: undefined }),
        )
      ),
      methodRequest,
    ).map(([[samples, truth], request]) => ({ samples, truth, ...request })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      samples: fc.oneof({ weight: 4, arbitrary: plausibleRows }, {
        weight: 1,
        arbitrary: jsonMatrix,
      }),
      method: fc.oneof(fc.constantFrom(...methodNames()), word),
      seed: fc.oneof(fc.nat({ max: 9 }), jsonField),
      bootstrap: fc.oneof(fc.nat({ max: 3 }), jsonField),
      options: fc.dictionary(
        fc.oneof(fc.constantFrom(...OPTION_NAMES), fc.string({ maxLength: 4 })),
        fc.oneof(fc.nat({ max: 100 }), jsonField, word),
        { maxKeys: 3 },
      ),
      truth: fc.record({
        sigma: jsonMatrix,
        b: fc.array(jsonField, { maxLength: 4 }),
        W: jsonMatrix,
      }, { requiredKeys: [] }),
    }, { requiredKeys: ["samples"] }),
  },
).map((body) => JSON.stringify(body));

/** A query string: a request a method accepts, or noisy keys and values. */
const queryString = fc.oneof(
  {
    weight: 3,
    arbitrary: methodRequest.map(({ options, ...rest }) =>
      "?" + new URLSearchParams(
        Object.entries({ ...rest, ...options }).map(([k, v]) => [k, String(v)]),
      ).toString()
    ),
  },
  { weight: 1, arbitrary: noisyQuery },
);

/** A plausible CSV body (the fits run) or any generated CSV text. */
const csvBody = fc.oneof(
  {
    weight: 3,
    arbitrary: plausibleRows.map((rows) =>
      rows.map((r) => r.join(",")).join("\n")
    ),
  },
  { weight: 1, arbitrary: csvText },
);

/** A body with the content type it is sent as. */
interface Body {
  readonly type: string | null;
  readonly bytes: Uint8Array<ArrayBuffer>;
}

const asBody = (
  bytes: fc.Arbitrary<Uint8Array>,
  types: readonly string[],
): fc.Arbitrary<Body> =>
  fc.tuple(bytes, fc.constantFrom(...types)).map(([b, type]) => ({
    type,
    bytes: Uint8Array.from(b),
  }));

const CSV_TYPES = ["text/csv", "application/csv", "text/csv; charset=utf-8"];
const NPY_TYPES = ["application/x-npy", "application/octet-stream"];
const text = (t: fc.Arbitrary<string>) => t.map((s) => encoder.encode(s));

/** Fit bodies of every media type, some mutated, some mislabelled. */
const fitBody: fc.Arbitrary<Body> = fc.oneof(
  { weight: 3, arbitrary: asBody(text(csvBody), CSV_TYPES) },
  { weight: 3, arbitrary: asBody(text(fitJsonBody), ["application/json"]) },
  { weight: 1, arbitrary: asBody(text(jsonText), ["application/json"]) },
  { weight: 2, arbitrary: asBody(npyBytes, NPY_TYPES) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      asBody(mutated(text(csvBody)), CSV_TYPES),
      asBody(mutated(text(fitJsonBody)), ["application/json"]),
      asBody(mutated(npyBytes), NPY_TYPES),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.oneof(text(csvBody), npyBytes, fc.uint8Array({ maxLength: 32 })),
      fc.constantFrom(
        null,
        "text/plain",
        "application/json",
        "multipart/form-data",
        "x",
        ...NPY_TYPES,
      ),
    ).map(([bytes, type]) => ({ type, bytes: Uint8Array.from(bytes) })),
  },
);

function request(method: string, body: Body): RequestInit {
  const headers: Record<string, string> = {};
  if (body.type !== null) headers["content-type"] = body.type;
  return { method, headers, body: body.bytes };
}

/** A run made before fuzzing, with the token that owns it. */
interface Run {
  readonly kind: "fit" | "experiment";
  readonly id: string;
  readonly ownerToken: string;
}

/** Runs a fuzz property against one app with some runs already made. */
async function withRuns(
  fn: (app: Hono, runs: readonly Run[]) => Promise<void>,
  { finished = false } = {},
): Promise<void> {
  await withApp(async (app) => {
    const runs: Run[] = [];
    for (const seed of [1, 2]) {
      const res = await app.request(
        `/api/fit?seed=${seed}`,
        post(sampleCsv(20), "text/csv"),
      );
      assert.equal(res.status, 200);
      const { id, ownerToken } = await res.json();
      runs.push({ kind: "fit", id, ownerToken });
    }
    const res = await app.request(
      "/api/runs",
      // The smallest experiment: one 1-d data set, one method.
      postJson({
        d: 1,
        ns: [20],
        kappa: 1,
        bias: "zero",
        runs: 1,
        methods: ["censored"],
      }),
    );
    assert.equal(res.status, 202);
    const { id, ownerToken } = await res.json();
    runs.push({ kind: "experiment", id, ownerToken });
    // An event stream of an unfinished run polls until its client hangs up,
    // a timer that would outlive the test; a finished run's stream ends.
    while (finished) {
      const { status } = await (await app.request(`/api/runs/${id}`)).json();
      if (status === "done" || status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await fn(app, runs);
  }, { limits: LIMITS, runWorker: finished });
}

/**
 * Posts JSON bodies to `path`, `valid` ones (the route accepts most) and
 * `noisy` ones, some mutated or mislabelled, and any JSON; checks every
 * answer; at least a fifth must succeed and a fifth fail.
 */
async function fuzzJsonPosts(
  app: Hono,
  name: FuzzName,
  path: string,
  valid: fc.Arbitrary<unknown>,
  noisy: fc.Arbitrary<unknown>,
): Promise<void> {
  const json = fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 2, arbitrary: noisy },
  ).map((b) => JSON.stringify(b));
  const body = fc.oneof(
    { weight: 6, arbitrary: asBody(text(json), ["application/json"]) },
    {
      weight: 1,
      arbitrary: asBody(mutated(text(json)), ["application/json", "text/csv"]),
    },
    {
      weight: 1,
      arbitrary: asBody(text(jsonText), ["application/json", "text/plain"]),
    },
  );
  const tally = new Tally();
  await fuzzAsync(name, body, async (b) => {
    const res = await app.request(path, request("POST", b));
    tally.add(res.status);
    const sent = new TextDecoder().decode(b.bytes).slice(0, 200);
    await checkAnswer(res, `POST ${path} ${sent}`);
  });
  tally.assertBoth(0.2, `POST ${path}`);
}

// ---- Properties --------------------------------------------------------------

Deno.test("fuzz: POST /api/fit answers any body and query below 500, errors named", async () => {
  await withRuns(async (app) => {
    const tally = new Tally();
    await fuzzAsync(
      "fit requests",
      fc.tuple(fitBody, queryString),
      async ([body, query]) => {
        const path = `/api/fit${query}`;
        const res = await app.request(path, request("POST", body));
        tally.add(res.status);
        await checkAnswer(res, `POST ${path} (${body.type})`);
      },
    );
    tally.assertBoth(0.2, "POST /api/fit");
  });
});

/** A JSON value where a number belongs: a number, or something else. */
const small = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: -1, max: 6 }) },
  { weight: 1, arbitrary: jsonField },
);

Deno.test("fuzz: POST /api/sample answers any body below 500, samples finite", async () => {
  await withRuns(async (app, runs) => {
    const fitIds = runs.filter((r) => r.kind === "fit").map((r) => r.id);
    const format = fc.constantFrom("json", "csv", "npy");
    const valid = fc.oneof(
      fc.integer({ min: 1, max: 4 }).chain((d) =>
        fc.record({
          W: fc.array(
            fc.array(fc.double({ min: -3, max: 3, noNaN: true }), {
              minLength: 2,
              maxLength: 2,
            }),
            { minLength: d, maxLength: d },
          ),
          b: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), {
            minLength: d,
            maxLength: d,
          }),
          n: fc.nat({ max: 20 }),
          seed: fc.nat({ max: 9 }),
          format,
        }, { requiredKeys: ["W", "b", "n"] })
      ),
      fc.record({
        fitId: fc.constantFrom(...fitIds),
        n: fc.nat({ max: 20 }),
        seed: fc.nat({ max: 9 }),
        format,
      }, { requiredKeys: ["fitId", "n"] }),
    );
    const noisy = fc.record({
      W: fc.oneof({ weight: 3, arbitrary: jsonMatrix }, {
        weight: 1,
        arbitrary: fc.constantFrom([[1e308, 1e308], [1, 0]], [[1e200]], [[
          5e-324,
        ]]),
      }),
      b: fc.array(fc.oneof(fc.double({ min: -3, max: 3 }), jsonField), {
        maxLength: 4,
      }),
      fitId: fc.oneof(
        fc.constantFrom(...runs.map((r) => r.id)),
        fc.uuid(),
        fc.string({ maxLength: 8 }),
      ),
      n: fc.oneof(
        fc.nat({ max: 20 }),
        fc.constantFrom(-1, 1.5, 1e12, "5", null),
      ),
      seed: fc.oneof(fc.nat({ max: 9 }), jsonField),
      format: fc.constantFrom("json", "csv", "npy", "xml", 3),
    }, { requiredKeys: [] });
    await fuzzJsonPosts(app, "sample requests", "/api/sample", valid, noisy);
  });
});

Deno.test("fuzz: POST /api/runs answers any body below 500, errors named", async () => {
  await withRuns(async (app) => {
    const d = fc.integer({ min: 1, max: 4 });
    const n = fc.integer({ min: 2, max: 300 });
    const common = {
      kappa: fc.double({ min: 1, max: 5, noNaN: true }),
      bias: fc.constantFrom("relu", "zero", "negative"),
      runs: fc.integer({ min: 1, max: 2 }),
      methods: fc.uniqueArray(fc.constantFrom(...methodNames()), {
        minLength: 1,
        maxLength: 2,
      }),
      seed: fc.nat({ max: 9 }),
    };
    const valid = fc.oneof(
      fc.record({
        d,
        k: d,
        n,
        ns: fc.array(n, { minLength: 1, maxLength: 3 }),
        ...common,
      }, { requiredKeys: ["d", "kappa", "bias", "runs", "methods"] }),
      fc.record({
        sweep: fc.constantFrom("n", "d", "kappa"),
        values: fc.array(fc.integer({ min: 1, max: 300 }), {
          minLength: 1,
          maxLength: 3,
        }),
        base: fc.record({ d, n, kappa: common.kappa, bias: common.bias }),
        runs: common.runs,
        methods: common.methods,
        seed: common.seed,
      }, { requiredKeys: ["sweep", "values", "base", "runs", "methods"] }),
    );
    const noisy = fc.record({
      d: small,
      k: small,
      n: fc.oneof(fc.integer({ min: 0, max: 500 }), jsonField),
      ns: fc.array(fc.oneof(fc.integer({ min: 0, max: 500 }), jsonField), {
        maxLength: 3,
      }),
      kappa: fc.oneof(fc.double({ min: 0, max: 5 }), jsonField),
      bias: fc.constantFrom("relu", "zero", "negative", "up", 1),
      runs: small,
      methods: fc.array(fc.oneof(fc.constantFrom(...methodNames()), word), {
        maxLength: 3,
      }),
      seed: fc.oneof(fc.nat({ max: 9 }), jsonField),
      sweep: fc.constantFrom("n", "d", "kappa", "x"),
      values: fc.array(fc.oneof(fc.integer({ min: -1, max: 300 }), jsonField), {
        maxLength: 3,
      }),
      base: fc.record({
        d: small,
        n: fc.integer({ min: 0, max: 300 }),
        kappa: small,
        bias: fc.constantFrom("relu", "zero", "x"),
      }, { requiredKeys: [] }),
    }, { requiredKeys: [] });
    await fuzzJsonPosts(app, "run creation", "/api/runs", valid, noisy);
  });
});

/** Authorization headers: none, owner tokens (real or not), other schemes. */
function authorization(
  tokens: readonly string[],
): fc.Arbitrary<string | null> {
  const token = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...tokens) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{10,40}$/) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    {
      weight: 3,
      arbitrary: fc.array(token, { minLength: 1, maxLength: 3 }).map((t) =>
        `Bearer ${t.join(", ")}`
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("bearer ", "Basic ", "Bearer", "", " Bearer  "),
        token,
      ).map(([scheme, t]) => scheme + t),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 16 }) },
  ).map((h) => h === null ? null : h.replace(/[\r\n\0]/g, ""));
}

Deno.test("fuzz: reading, following and deleting runs by any id answers below 500", async () => {
  await withRuns(async (app, runs) => {
    const id = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...runs.map((r) => r.id)) },
      { weight: 1, arbitrary: fc.uuid() },
      {
        weight: 1,
        arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          "",
          "..",
          "%",
          "%2F",
          "a%2Fb",
          "%E0%A4%A",
          "%zz",
          "00000000-0000-0000-0000-000000000000",
          "x".repeat(3000),
        ),
      },
    );
    const action = fc.record({
      method: fc.constantFrom(
        "GET",
        "GET",
        "DELETE",
        "EVENTS",
        "PUT",
        "POST",
        "HEAD",
        "OPTIONS",
      ),
      id,
      auth: authorization(runs.map((r) => r.ownerToken)),
    });
    await fuzzAsync("run ids", action, async ({ method, id, auth }) => {
      const events = method === "EVENTS";
      const path = `/api/runs/${id}${events ? "/events" : ""}`;
      const headers: Record<string, string> = {};
      if (auth !== null) headers.authorization = auth;
      const res = await app.request(path, {
        method: events ? "GET" : method,
        headers,
      });
      await checkAnswer(res, `${method} ${path.slice(0, 80)} (${auth})`);
    });
  }, { finished: true });
});

Deno.test("fuzz: listing runs with any query and Authorization answers below 500", async () => {
  await withRuns(async (app, runs) => {
    const query = fc.array(
      fc.tuple(
        fc.constantFrom("limit", "cursor", "x", "limit"),
        fc.oneof(fc.integer({ min: -1, max: 120 }).map(String), word),
      ),
      { maxLength: 3 },
    ).map((pairs) =>
      pairs.length === 0 ? "" : "?" +
        pairs.map(([k, v]) => `${k}=${v}`).join("&").replace(/[#\s]/g, "")
    );
    const get = fc.record({
      query,
      auth: authorization(runs.map((r) => r.ownerToken)),
      path: fc.constantFrom(
        "/api/runs",
        "/api/runs",
        "/api/runs",
        "/api/runs/",
        "/api/health",
        "/api/methods",
        "/api/nope",
        "/api/fit",
        "/api/openapi.json",
        "/api/docs",
      ),
    });
    const tally = new Tally();
    await fuzzAsync("run lists", get, async ({ query, auth, path }) => {
      const headers: Record<string, string> = {};
      if (auth !== null) headers.authorization = auth;
      const res = await app.request(`${path}${query}`, { headers });
      tally.add(res.status);
      await checkAnswer(res, `GET ${path}${query} (${auth})`);
    });
    tally.assertBoth(0.2, "GET /api/runs");
  });
});
