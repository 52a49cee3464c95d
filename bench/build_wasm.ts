/**
 * Assembles the WebAssembly kernels of core/kernels/wasm/*.wat (text format)
 * with the npm `wabt` assembler and writes each as a TypeScript module of
 * base64 bytes next to its source (`<name>_wasm.ts`), so that core/ loads
 * them without file or network access.
 *
 * Run: deno task build:wasm   (then commit the regenerated *_wasm.ts files)
 */
import wabtInit from "wabt";

const dir = new URL("../core/kernels/wasm/", import.meta.url);
const wabt = await wabtInit();
for (const entry of Deno.readDirSync(dir)) {
  if (!entry.name.endsWith(".wat")) continue;
  const name = entry.name.slice(0, -".wat".length);
  const source = Deno.readTextFileSync(new URL(entry.name, dir));
  const module = wabt.parseWat(entry.name, source, { simd: true });
  module.validate();
  const { buffer } = module.toBinary({});
  module.destroy();
  let binary = "";
  for (const byte of buffer) binary += String.fromCharCode(byte);
  const out = `/**
 * The bytes of ${entry.name}, assembled by bench/build_wasm.ts
 * (\`deno task build:wasm\`); do not edit by hand.
 *
 * This module is browser compatible.
 * @module
 */
/** Base64 of the WebAssembly binary (${buffer.length} bytes). */
export const ${camel(name)}Base64 =
  "${btoa(binary)}";
`;
  Deno.writeTextFileSync(new URL(`${name}_wasm.ts`, dir), out);
  console.log(`${name}_wasm.ts: ${buffer.length} bytes`);
}

function camel(name: string): string {
  return name.replace(/_(.)/g, (_, c: string) => c.toUpperCase());
}
