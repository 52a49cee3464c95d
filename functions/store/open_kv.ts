/**
 * Opens the Deno KV the server stores runs in, from the environment.
 *
 * @module
 */

/** Where the local KV file lives unless `KV_PATH` says otherwise. */
export const DEFAULT_KV_PATH = "./data/kv.sqlite";

/**
 * On Deno Deploy (`DENO_DEPLOYMENT_ID` set) and without `KV_PATH`, the hosted
 * KV (`Deno.openKv()` with no path). Otherwise the file `KV_PATH` (default
 * `./data/kv.sqlite`, its folder created), or memory for `:memory:`.
 */
export async function openKvFromEnv(): Promise<Deno.Kv> {
  const path = Deno.env.get("KV_PATH");
  if (path === undefined && Deno.env.get("DENO_DEPLOYMENT_ID")) {
    return await Deno.openKv();
  }
  const file = path ?? DEFAULT_KV_PATH;
  if (file !== ":memory:") {
    const slash = file.lastIndexOf("/");
    if (slash > 0) await Deno.mkdir(file.slice(0, slash), { recursive: true });
  }
  return await Deno.openKv(file);
}
