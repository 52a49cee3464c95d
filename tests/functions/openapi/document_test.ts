/**
 * The OpenAPI document against the app that serves it, against standard
 * tooling (Redocly's recommended lint rules, openapi-typescript), and
 * against the README's JavaScript example.
 *
 * The tooling tests run the pinned npm packages through `npx`; without npx
 * on PATH they are skipped with a message (CI has npm).
 */
import assert from "node:assert/strict";
import { withApp } from "../_app.ts";

const REDOCLY = "@redocly/cli@2.77.0";
const OPENAPI_TYPESCRIPT = "openapi-typescript@7.13.0";

async function hasNpx(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("npx", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}
const npx = await hasNpx();
if (!npx) {
  console.warn(
    "npx is not on PATH: skipping the OpenAPI lint and client generation tests",
  );
}

type Document = {
  paths: Record<string, Record<string, { operationId?: string }>>;
};

async function openApiDocument(): Promise<Document> {
  let doc: Document | undefined;
  await withApp(async (app) => {
    const res = await app.request("/api/openapi.json");
    assert.equal(res.status, 200);
    doc = await res.json();
  });
  return doc!;
}

/** "GET /api/runs/:id" for every operation of the document. */
function documentedRoutes(doc: Document): string[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) =>
      `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`
    )
  ).sort();
}

async function run(
  cmd: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    env: { NO_COLOR: "1", npm_config_yes: "true" },
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout),
    stderr: text.decode(out.stderr),
  };
}

async function withDocumentFile(
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "openapi_" });
  try {
    const doc = await openApiDocument();
    await Deno.writeTextFile(`${dir}/openapi.json`, JSON.stringify(doc));
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("every /api route the app serves is in the document, and every documented operation is served", async () => {
  await withApp(async (app) => {
    const doc = await (await app.request("/api/openapi.json")).json();
    // Middleware (use, and the rate limiter on "/api/x/*") has no route of
    // its own; each declared route appears once per handler in the chain.
    const served = [
      ...new Set(
        app.routes
          .filter((r) =>
            r.path.startsWith("/api/") && r.method !== "ALL" &&
            !r.path.includes("*")
          )
          .map((r) => `${r.method} ${r.path}`),
      ),
    ].sort();
    assert.deepEqual(served, documentedRoutes(doc));
    assert.ok(served.includes("DELETE /api/runs/:id"), served.join(", "));
    const ids = Object.values(doc.paths as Document["paths"]).flatMap((ops) =>
      Object.values(ops).map((op) => op.operationId)
    );
    assert.ok(ids.every((id) => typeof id === "string"), "operationIds");
    assert.equal(new Set(ids).size, ids.length, "unique operationIds");
  });
});

Deno.test("the README's JavaScript example calls only documented operations", async () => {
  const readme = await Deno.readTextFile(
    new URL("../../../README.md", import.meta.url),
  );
  const js = /JavaScript \(`fetch`[^\n]*\n\n```js\n([\s\S]*?)```/.exec(readme);
  assert.ok(js, "the README has its JavaScript example");
  const calls = js[1]!.split("fetch(").slice(1).map((call) => {
    const path = /^`\$\{API\}(\/api\/[^`?]*)/.exec(call)?.[1];
    assert.ok(path, `a fetch of the API: ${call.slice(0, 40)}`);
    const method = /method: "([A-Z]+)"/.exec(call)?.[1] ?? "GET";
    return `${method} ${path.replace(/\$\{[^}]+\}/g, ":id")}`;
  });
  assert.ok(calls.length >= 6, calls.join(", "));
  const documented = documentedRoutes(await openApiDocument());
  for (const call of calls) assert.ok(documented.includes(call), call);
});

Deno.test({
  name: "the document passes Redocly's recommended lint rules",
  ignore: !npx,
  async fn() {
    await withDocumentFile(async (dir) => {
      const { stdout, stderr } = await run(
        "npx",
        ["-y", REDOCLY, "lint", "openapi.json", "--format", "json"],
        dir,
      );
      const report = JSON.parse(stdout.slice(stdout.indexOf("{"))) as {
        totals: { errors: number; warnings: number };
        problems: {
          ruleId: string;
          message: string;
          location: { pointer: string }[];
        }[];
      };
      const show = (p: (typeof report.problems)[number]) =>
        `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`;
      assert.equal(
        report.totals.errors,
        0,
        report.problems.map(show).join("\n") + stderr,
      );
      // Two warnings are accepted: the project states no license, and the
      // meta GETs (health, methods, this document, the docs page) have no
      // client error to document.
      const meta =
        /^#\/paths\/~1api~1(health|methods|openapi\.json|docs|docs~1docs\.js)\/get\/responses$/;
      const unexpected = report.problems.filter((p) =>
        !(p.ruleId === "info-license" ||
          (p.ruleId === "operation-4xx-response" &&
            meta.test(p.location[0]?.pointer ?? "")))
      );
      assert.deepEqual(unexpected.map(show), []);
    });
  },
});

Deno.test({
  name:
    "a client generated by openapi-typescript type-checks the README's JavaScript example",
  ignore: !npx,
  async fn() {
    await withDocumentFile(async (dir) => {
      const generated = await run(
        "npx",
        ["-y", OPENAPI_TYPESCRIPT, "openapi.json", "-o", "api.d.ts"],
        dir,
      );
      assert.equal(generated.code, 0, generated.stderr);
      await Deno.copyFile(
        new URL("./readme_client.ts.txt", import.meta.url),
        `${dir}/readme_client.ts`,
      );
      const checked = await run(
        Deno.execPath(),
        ["check", "--no-config", "--no-lock", "readme_client.ts"],
        dir,
      );
      assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    });
  },
});
