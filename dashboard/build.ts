/**
 * Builds the dashboard into dashboard/dist: bundles src/main.tsx (and its
 * CSS) and the data worker src/data_worker.ts (a module worker the page
 * starts from `./data_worker.js`, see `src/lib/data_jobs.ts`) with
 * `deno bundle`, one file each, copies the static files, and prints the
 * sizes.
 *
 * Usage: deno run -A dashboard/build.ts
 *
 * @module
 */
const root = new URL("./", import.meta.url);
const dist = new URL("dist/", root);
const entries = ["src/main.tsx", "src/data_worker.ts"].map((path) =>
  new URL(path, root).pathname
);
const pub = new URL("public/", root);

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return (await new Response(stream).arrayBuffer()).byteLength;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

await Deno.remove(dist, { recursive: true }).catch(() => {});
await Deno.mkdir(dist, { recursive: true });

const bundle = await new Deno.Command(Deno.execPath(), {
  args: [
    "bundle",
    "--platform",
    "browser",
    "--minify",
    "--outdir",
    dist.pathname,
    ...entries,
  ],
  env: { NO_COLOR: "1" },
  stdout: "piped",
  stderr: "piped",
}).output();
if (!bundle.success) {
  console.error(new TextDecoder().decode(bundle.stderr));
  console.error("dashboard build failed");
  Deno.exit(1);
}

for await (const entry of Deno.readDir(pub)) {
  if (entry.isFile) {
    await Deno.copyFile(new URL(entry.name, pub), new URL(entry.name, dist));
  }
}

let total = 0;
let totalGz = 0;
const rows: string[] = [];
for await (const entry of Deno.readDir(dist)) {
  if (!entry.isFile) continue;
  const bytes = await Deno.readFile(new URL(entry.name, dist));
  const gz = await gzipSize(bytes);
  total += bytes.byteLength;
  totalGz += gz;
  rows.push(
    `  ${entry.name.padEnd(15)} ${kb(bytes.byteLength).padStart(10)}  (gzip ${
      kb(gz)
    })`,
  );
}
console.log(`dashboard built in ${dist.pathname}`);
console.log(rows.sort().join("\n"));
console.log(
  `  total           ${kb(total).padStart(10)}  (gzip ${kb(totalGz)})`,
);
