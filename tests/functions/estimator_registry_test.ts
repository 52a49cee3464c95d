/**
 * An option is declared once, in its estimator's file, and every entry point
 * sees it: here a method that exists only in this test, with a numeric and a
 * boolean option, registered in a registry of its own (the built-in one is
 * not touched), goes through the CLI's flags and help, the API's validation,
 * `GET /api/methods`, `GET /api/openapi.json` and the dashboard's form model.
 */
import assert from "node:assert/strict";
import {
  createRegistry,
  DEFAULT_REGISTRY,
  defineEstimator,
  defineOptions,
  type OptionValues,
} from "../../core/estimators/mod.ts";
import { runFit } from "../../functions/cli/fit.ts";
import { createApiClient } from "../../dashboard/src/api/client.ts";
import {
  describeRange,
  optionsToSend,
  withInput,
} from "../../dashboard/src/lib/method_options.ts";
import { memoryIo } from "./cli/_memory_io.ts";
import { post, postJson, sampleCsv, sampleRows, withApp } from "./_app.ts";

const OPTIONS = defineOptions({
  level: {
    kind: "number",
    default: 1,
    min: 0,
    max: 10,
    description: "Every entry of b",
  },
  double: {
    kind: "boolean",
    default: false,
    description: "Double every entry of b",
  },
});

// The fit gets its options typed: a number and a boolean, no casts.
const typed: (o: OptionValues<typeof OPTIONS>) => [number, boolean] = (o) => [
  o.level,
  o.double,
];

/**
 * b = level (times 2 when `double`) times the data's largest value, Sigma = I:
 * b scales with the data, as `fitSamples` needs of every method. The samples
 * here (`sampleCsv`) reach 4, so b = 4 level.
 */
const levelEstimator = defineEstimator({
  name: "test-level",
  description: "A test double whose b is its option",
  assumptions: "none",
  cost: "O(d²)",
  options: OPTIONS,
  fit(x, { options }) {
    const [level, double] = typed(options);
    const d = x.cols;
    const largest = Math.max(...x.data);
    const sigma = new Float64Array(d * d);
    for (let i = 0; i < d; i++) sigma[i * d + i] = 1;
    return {
      method: "test-level",
      n: x.rows,
      d,
      b: new Float64Array(d).fill((double ? 2 * level : level) * largest),
      sigma: { rows: d, cols: d, data: sigma },
      coordinates: [],
      diagnostics: {},
      warnings: [],
    };
  },
});

const registry = createRegistry(
  [...DEFAULT_REGISTRY.estimators, levelEstimator],
  DEFAULT_REGISTRY.defaultMethod,
);

Deno.test("a test-only method and its options reach the CLI's flags and help", async () => {
  const files = { "a.csv": sampleCsv(20) };
  const run = async (args: string[], methods = registry) => {
    const io = memoryIo(files);
    const code = await runFit(args, io, methods);
    return { code, out: io.stdoutText(), err: io.stderrText() };
  };

  const help = await run(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.out, /test-level: A test double/);
  assert.match(help.out, /--level\s+number\s+Every entry of b \(default 1\)/);
  assert.match(help.out, /--double\s+boolean/);

  const ok = await run([
    "a.csv",
    "--method",
    "test-level",
    "--level",
    "2.5",
    "--double=true",
  ]);
  assert.equal(ok.code, 0, ok.err);
  const json = JSON.parse(ok.out);
  assert.deepEqual(json.options, { level: 2.5, double: true });
  assert.deepEqual(json.b, [20, 20]);

  const notNumber = await run(["a.csv", "--method", "test-level", "--level=x"]);
  assert.equal(notNumber.code, 2);
  assert.equal(
    notNumber.err,
    'fit: --level must be a number, got "x" (see fit --help)\n',
  );
  const outside = await run(["a.csv", "--method", "test-level", "--level=11"]);
  assert.equal(outside.code, 1);
  assert.equal(
    outside.err,
    'fit: Cannot fit with method "test-level": option "level" must be at most 10, got 11\n',
  );

  // The built-in registry never saw the test method.
  const builtIn = await run(
    ["a.csv", "--method", "test-level"],
    DEFAULT_REGISTRY,
  );
  assert.equal(builtIn.code, 1);
  assert.match(builtIn.err, /unknown method "test-level"/);
  assert.ok(!DEFAULT_REGISTRY.names().includes("test-level"));
});

Deno.test("a test-only method and its options reach the API's validation and documents", async () => {
  await withApp(async (app) => {
    const good = await app.request(
      "/api/fit?method=test-level&level=3&double=true",
      post(sampleCsv(), "text/csv"),
    );
    const fit = await good.json();
    assert.equal(good.status, 200, JSON.stringify(fit));
    assert.deepEqual(fit.options, { level: 3, double: true });
    assert.deepEqual(fit.b, [24, 24]);

    const json = await app.request(
      "/api/fit",
      postJson({
        samples: sampleRows(),
        method: "test-level",
        options: { level: 0.5 },
      }),
    );
    assert.equal(json.status, 200);
    assert.deepEqual((await json.json()).options, {
      level: 0.5,
      double: false,
    });

    for (
      const [query, message] of [
        [
          "level=11",
          'Cannot fit with method "test-level": option "level" must be at most 10, got 11',
        ],
        [
          "level=abc",
          'Cannot fit with method "test-level": option "level" must be a finite number, got abc',
        ],
        [
          "double=yes",
          'Cannot fit with method "test-level": option "double" must be true or false, got yes',
        ],
      ]
    ) {
      const res = await app.request(
        `/api/fit?method=test-level&${query}`,
        post(sampleCsv(), "text/csv"),
      );
      assert.equal(res.status, 422, query);
      assert.deepEqual(await res.json(), {
        error: { code: "invalid_input", message },
      });
    }
    const badJson = await app.request(
      "/api/fit",
      postJson({
        samples: sampleRows(),
        method: "test-level",
        options: { level: -1 },
      }),
    );
    assert.equal(badJson.status, 422);
    assert.match((await badJson.json()).error.message, /at least 0, got -1/);

    const methods = await (await app.request("/api/methods")).json();
    const listed = methods.methods.find((m: { name: string }) =>
      m.name === "test-level"
    );
    assert.deepEqual(listed.options.map((o: { name: string }) => o.name), [
      "level",
      "double",
    ]);

    const doc = await (await app.request("/api/openapi.json")).json();
    const params = doc.paths["/api/fit"].post.parameters as {
      name: string;
      description?: string;
    }[];
    const level = params.find((p) => p.name === "level");
    assert.ok(level, "query parameter level");
    assert.match(level.description ?? "", /Option of test-level/);
    const schema = doc.components.schemas["Options_test-level"];
    assert.equal(schema.properties.level.minimum, 0);
    assert.equal(schema.properties.level.maximum, 10);
    assert.equal(schema.properties.double.type, "boolean");
  }, { registry });

  // An app on the built-in registry knows nothing of it.
  await withApp(async (app) => {
    const res = await app.request(
      "/api/fit?method=test-level",
      post(sampleCsv(), "text/csv"),
    );
    assert.equal(res.status, 422);
    assert.equal((await res.json()).error.code, "unknown_method");
    const doc = await (await app.request("/api/openapi.json")).json();
    assert.equal(doc.components.schemas["Options_test-level"], undefined);
  });
});

Deno.test("a test-only method's options reach the dashboard's form and its fit", async () => {
  await withApp(async (app) => {
    const api = createApiClient({
      fetch: (input, init) => Promise.resolve(app.request(String(input), init)),
    });
    const { methods } = await api.methods();
    const info = methods.find((m) => m.name === "test-level");
    assert.ok(info, "listed by GET /api/methods");
    const [level, double] = info.options;
    assert.equal(describeRange(level!), "number 0 – 10, default 1");
    assert.equal(describeRange(double!), "default off");

    const tooBig = optionsToSend(
      info,
      withInput({}, "test-level", "level", "11"),
    );
    assert.deepEqual(tooBig, {
      ok: false,
      messages: ["test-level: level must be at most 10"],
    });
    const inputs = withInput(
      withInput({}, "test-level", "level", "2"),
      "test-level",
      "double",
      true,
    );
    const form = optionsToSend(info, inputs);
    assert.deepEqual(form, { ok: true, options: { level: 2, double: true } });

    // What the form sends, the API accepts, as CSV (query) and as JSON.
    assert.ok(form.ok);
    const csv = await api.fit({ kind: "csv", text: sampleCsv() }, {
      method: "test-level",
      seed: 0,
      options: form.options,
    });
    assert.deepEqual(csv.options, { level: 2, double: true });
    assert.deepEqual(csv.b, [16, 16]);
    const matrix = await api.fit({ kind: "matrix", samples: sampleRows() }, {
      method: "test-level",
      seed: 0,
      options: form.options,
    });
    assert.deepEqual(matrix.b, [16, 16]);
  }, { registry });
});
