/**
 * The same seed gives the same bytes on every runtime: uniforms, normal and
 * truncated-normal draws, random truths, samples of D(W, b) and the normal
 * special functions never call the engine's Math.exp / Math.log (whose last
 * bit differs between engines and engine versions) but core/special's
 * correctly rounded ones. Fits also use other Math functions (log, sin, cos,
 * asin, hypot) and agree across runtimes only to rounding.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { bundleForNode } from "../../functions/node_build.ts";
import { fitValues, streamDigests } from "./_streams.ts";

/**
 * Digests of `streamDigests()`. A change to a sampler or special function
 * that moves any bit changes these on purpose; record the new values.
 */
const GOLDEN: Record<string, string> = {
  uniforms: "9fd1efcd57ec99c5",
  normals: "5f91fb7d437a8f4c",
  "normalsAbove(-1)": "dbe7dca6b0f11dd2",
  "normalsAbove(0.1)": "68f5de2ef295e31e",
  "normalsAbove(0.5)": "679f64a858356761",
  "normalsAbove(2)": "4a51b26bd8b68c69",
  "normalsAbove(30)": "0074831786b85c2b",
  "truth(0)": "44e1bedfa7248ac8",
  "samples(0)": "183b993a30eafb3f",
  "truth(1)": "e73b171adcfd124b",
  "samples(1)": "8f8b0bf8cb634c92",
  normCdf: "4ada437909bda6ed",
  normLogCdf: "9d341d699cf44683",
  normPdf: "9384716032208ade",
  erfc: "59285baf822777b9",
  erfcx: "215a093fe1331967",
  inverseMillsRatio: "6a77e052e93b53af",
  normInv: "c9b908da2ee5a3c4",
};

/**
 * Fits differ across runtimes by the last-bit differences of Math.log,
 * Math.sin, … carried through Newton solves and eigendecompositions
 * (measured: 4.4e-13 relative at most, Deno 2.9 against Node 20); 1e-11 of
 * the largest entry leaves a factor 20.
 */
const FIT_TOLERANCE = 1e-11;

Deno.test("seeded streams and normal special functions give the recorded bytes", () => {
  assert.deepEqual(streamDigests(), GOLDEN);
});

const hasNode = await new Deno.Command("node", { args: ["--version"] })
  .output().then((o) => o.success, () => false);

Deno.test({
  name:
    "under Node the same seeds give the same bytes, and fits agree to rounding",
  // Needs `node` on PATH; skipped with a message elsewhere.
  ignore: !hasNode,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const file = `${dir}/streams.mjs`;
      await bundleForNode(
        fileURLToPath(new URL("./_streams_main.ts", import.meta.url)),
        file,
      );
      const run = await new Deno.Command("node", {
        args: [file],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(run.success, new TextDecoder().decode(run.stderr));
      const node = JSON.parse(new TextDecoder().decode(run.stdout));
      assert.deepEqual(node.digests, GOLDEN);
      for (const [key, values] of Object.entries(fitValues())) {
        const other: number[] = node.fits[key];
        const scale = Math.max(...values.map(Math.abs));
        values.forEach((v, i) => {
          assert.ok(
            Math.abs(v - other[i]!) <= FIT_TOLERANCE * scale,
            `${key}, entry ${i}: Deno ${v}, Node ${other[i]}`,
          );
        });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
