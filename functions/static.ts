/**
 * Serves the built dashboard (`dashboard/dist/`) on the API's port, or a
 * small page saying it is not built yet. Uses `node:fs` so it works under
 * both Deno and Node.
 *
 * @module
 */
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { Hono } from "hono";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** Shown at `/` when `dashboard/dist/index.html` does not exist. */
export const NOT_BUILT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dashboard not built</title></head>
<body style="font: 16px system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>The dashboard is not built yet</h1>
<p>The API is running: see <a href="/api/docs">/api/docs</a>,
<a href="/api/methods">/api/methods</a> and <a href="/api/health">/api/health</a>.</p>
</body></html>
`;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Adds `GET *` outside `/api/` to `app`: files under `root`; paths without an
 * extension fall back to `index.html` (client-side routes); `/` without a
 * build gets `NOT_BUILT_HTML`.
 *
 * @param root the built dashboard folder.
 */
export function serveStatic(app: Hono, root = "dashboard/dist"): void {
  const base = normalize(root);
  app.get("*", async (c, next) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return next(); // malformed %-escape: not a file of ours
    }
    if (path.startsWith("/api/") || path === "/api") return next();
    const wanted = normalize(join(base, path));
    if (wanted !== base && !wanted.startsWith(base + sep)) return next();
    let file = path.endsWith("/") ? join(wanted, "index.html") : wanted;
    if (!(await isFile(file))) {
      if (extname(path) !== "") return next();
      file = join(base, "index.html");
      if (!(await isFile(file))) {
        return path === "/" ? c.html(NOT_BUILT_HTML) : next();
      }
    }
    const type = TYPES[extname(file)] ?? "application/octet-stream";
    return c.body(new Uint8Array(await readFile(file)), 200, {
      "Content-Type": type,
    });
  });
}
