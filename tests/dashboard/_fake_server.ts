/**
 * The dashboard in Chromium without the real server: every request of a page
 * to `FAKE_ORIGIN` is answered here, the built files from dashboard/dist and
 * `/api/...` by the in-memory fake of `_fake_api.ts` (HTTP in, `ApiClient`
 * calls out), so the browser tests can exercise API fields the server does
 * not answer yet.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { Page, Route } from "playwright-core";
import type {
  FitBody,
  FitParams,
  TableParams,
} from "../../dashboard/src/api/client.ts";
import { ApiError } from "../../dashboard/src/api/client.ts";
import { methodsList } from "../../functions/routes/meta.ts";
import type { FakeApi } from "./_fake_api.ts";

/** The origin pages of the fake are opened at. */
export const FAKE_ORIGIN = "http://dashboard.test";

const DIST = new URL("../../dashboard/dist/", import.meta.url);

const TYPES: Record<string, string> = {
  html: "text/html",
  js: "text/javascript",
  css: "text/css",
};

/** Option values from a query string: booleans and numbers. */
function optionValue(text: string): number | boolean {
  return text === "true" ? true : text === "false" ? false : Number(text);
}

const RESERVED = new Set([
  "method",
  "seed",
  "bootstrap",
  "columns",
  "na",
  "index",
  "check",
  "checkReplicates",
  "rank",
]);

/** A fit request as the API reads it: the body and the query string. */
function readFit(
  query: URLSearchParams,
  type: string,
  raw: Buffer | null,
): { body: FitBody; params: FitParams } {
  const analyses = {
    ...(query.get("check") === "true" ? { check: true } : {}),
    ...(query.has("checkReplicates")
      ? { checkReplicates: Number(query.get("checkReplicates")) }
      : {}),
    ...(query.has("rank") ? { rank: Number(query.get("rank")) } : {}),
  };
  if (type.startsWith("application/json")) {
    const json = JSON.parse(raw?.toString("utf8") ?? "{}");
    return {
      body: { kind: "matrix", samples: json.samples },
      params: {
        method: json.method,
        seed: json.seed ?? 0,
        options: json.options ?? {},
        ...(json.bootstrap ? { bootstrap: json.bootstrap } : {}),
        ...(json.truth ? { truth: json.truth } : {}),
        ...analyses,
      },
    };
  }
  const table: Record<string, string> = {};
  for (const key of ["columns", "na", "index"]) {
    const v = query.get(key);
    if (v !== null) table[key] = v;
  }
  const options: Record<string, number | boolean> = {};
  for (const [k, v] of query) if (!RESERVED.has(k)) options[k] = optionValue(v);
  const bytes = raw ? new Uint8Array(raw) : new Uint8Array();
  return {
    body: type.startsWith("text/csv")
      ? { kind: "csv", text: new TextDecoder().decode(bytes) }
      : { kind: "npy", bytes: bytes.slice().buffer },
    params: {
      method: query.get("method") ?? methodsList().default,
      seed: Number(query.get("seed") ?? 0),
      options,
      ...(query.has("bootstrap")
        ? { bootstrap: Number(query.get("bootstrap")) }
        : {}),
      ...(Object.keys(table).length > 0 ? { table: table as TableParams } : {}),
      ...analyses,
    },
  };
}

async function answerApi(
  route: Route,
  fake: FakeApi,
  url: URL,
): Promise<unknown> {
  const request = route.request();
  const method = request.method();
  const path = url.pathname;
  const run = /^\/api\/runs\/([^/]+)$/.exec(path);
  if (path === "/api/methods") return methodsList();
  if (path === "/api/fit" && method === "POST") {
    const { body, params } = readFit(
      url.searchParams,
      (await request.headerValue("content-type")) ?? "",
      request.postDataBuffer(),
    );
    return await fake.api.fit(body, params);
  }
  if (path === "/api/runs" && method === "GET") {
    return await fake.api.listRuns(
      Number(url.searchParams.get("limit") ?? 10),
      url.searchParams.get("cursor"),
    );
  }
  if (path === "/api/runs" && method === "POST") {
    return await fake.api.createRun(request.postDataJSON());
  }
  if (run && method === "GET") return await fake.api.getRun(run[1]!);
  if (run && method === "DELETE") {
    const token = (await request.headerValue("authorization"))?.replace(
      /^Bearer /,
      "",
    ) ?? "";
    await fake.api.deleteRun(run[1]!, token);
    return null;
  }
  throw new ApiError(404, "not_found", `The fake has no ${method} ${path}`);
}

/** Answers every request `page` makes to `FAKE_ORIGIN` from the fake. */
export async function serveFake(page: Page, fake: FakeApi): Promise<void> {
  await page.route(`${FAKE_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (!url.pathname.startsWith("/api/")) {
      const name = url.pathname === "/" ? "index.html" : url.pathname.slice(1);
      try {
        const body = await Deno.readFile(new URL(name, DIST));
        const ext = name.split(".").pop() ?? "";
        return await route.fulfill({
          status: 200,
          contentType: TYPES[ext] ?? "application/octet-stream",
          body: Buffer.from(body),
        });
      } catch {
        return await route.fulfill({ status: 404, body: "not found" });
      }
    }
    try {
      const answer = await answerApi(route, fake, url);
      if (answer === null) return await route.fulfill({ status: 204 });
      return await route.fulfill({ status: 200, json: answer });
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 500;
      const code = e instanceof ApiError ? e.code : "internal";
      return await route.fulfill({
        status,
        json: { error: { code, message: (e as Error).message } },
      });
    }
  });
}
