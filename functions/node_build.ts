/**
 * Builds the Node entry (`node_main.ts`) into one ES module that Node 20 runs:
 * `deno bundle --platform node --external @deno/kv`, plus a node_modules
 * beside it that links `@deno/kv` and its native addon packages from Deno's
 * npm cache (the versions pinned in deno.lock). Run the result with
 * `node --preserve-symlinks <dir>/server.mjs`, so the addon package is found
 * next to the link rather than next to the cache folder.
 *
 * Usage: `deno run -A functions/node_build.ts [outDir]` (default data/node).
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

async function npmCacheDir(): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  }).output();
  const info = JSON.parse(new TextDecoder().decode(out.stdout));
  return join(info.npmCache, "registry.npmjs.org");
}

/**
 * Bundles the module `entry` (with everything it imports) into one ES module
 * `file` that Node runs, leaving the `external` packages as imports.
 */
export async function bundleForNode(
  entry: string,
  file: string,
  external: readonly string[] = [],
): Promise<void> {
  const bundle = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "node",
      ...external.flatMap((name) => ["--external", name]),
      "--config",
      join(ROOT, "deno.json"),
      "-o",
      file,
      entry,
    ],
    env: { NO_COLOR: "1" },
  }).output();
  if (!bundle.success) {
    throw new Error(
      `Cannot bundle ${entry} for Node: ${
        new TextDecoder().decode(bundle.stderr)
      }`,
    );
  }
}

/** Bundles the Node server into `outDir` and returns the path of server.mjs. */
export async function buildNodeServer(outDir: string): Promise<string> {
  await Deno.mkdir(join(outDir, "node_modules", "@deno"), { recursive: true });
  const file = join(outDir, "server.mjs");
  await bundleForNode(join(ROOT, "functions", "node_main.ts"), file, [
    "@deno/kv",
  ]);
  const lock = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.lock")));
  const cache = await npmCacheDir();
  let linked = 0;
  for (const id of Object.keys(lock.npm ?? {})) {
    const m = /^@deno\/(kv(?:-[a-z0-9-]+)?)@([^_]+)/.exec(id);
    if (m === null) continue;
    const target = join(cache, "@deno", m[1]!, m[2]!);
    const link = join(outDir, "node_modules", "@deno", m[1]!);
    try {
      await Deno.stat(target);
    } catch {
      continue; // an addon for another platform that was never downloaded
    }
    await Deno.remove(link).catch(() => {});
    await Deno.symlink(target, link);
    linked++;
  }
  if (linked === 0) {
    throw new Error(
      "Cannot build the Node server: @deno/kv is not in Deno's npm cache; run `deno install`",
    );
  }
  return file;
}

if (import.meta.main) {
  const out = Deno.args[0] ?? join(ROOT, "data", "node");
  console.log(await buildNodeServer(out));
}
