/**
 * Cost per call of the normal special functions, against Math.exp on the same
 * inputs as a baseline in the same run, and of the correctly rounded exp and
 * log they use, against Math.exp and Math.log. Each iteration evaluates 1024
 * inputs, so ns/call = time per iteration / 1024.
 */
import {
  crExp,
  crLog,
  erfc,
  erfcx,
  normCdf,
  normInv,
  normLogCdf,
} from "../core/special/mod.ts";

const N = 1024;
/** Arguments spread over [−40, 10]: body and far lower tail alike. */
const xs = new Float64Array(N);
/** Probabilities spread over (1e-300, 1 − 1e-16). */
const ps = new Float64Array(N);
for (let i = 0; i < N; i++) {
  const t = (i * 0.6180339887498949) % 1; // golden-ratio sequence, no PRNG needed
  xs[i] = -40 + 50 * t;
  ps[i] = i % 4 === 0 ? 10 ** (-300 * t) : t * (1 - 1e-16) + 1e-17;
}
let sink = 0;

Deno.bench("Math.exp (baseline)", { group: "special", baseline: true }, () => {
  for (let i = 0; i < N; i++) sink += Math.exp(xs[i] * 0.1);
});
Deno.bench("normCdf", { group: "special" }, () => {
  for (let i = 0; i < N; i++) sink += normCdf(xs[i]);
});
Deno.bench("normLogCdf", { group: "special" }, () => {
  for (let i = 0; i < N; i++) sink += normLogCdf(xs[i]);
});
Deno.bench("erfc", { group: "special" }, () => {
  for (let i = 0; i < N; i++) sink += erfc(xs[i] * 0.5);
});
Deno.bench("erfcx", { group: "special" }, () => {
  for (let i = 0; i < N; i++) sink += erfcx(Math.abs(xs[i]));
});
Deno.bench("normInv", { group: "special" }, () => {
  for (let i = 0; i < N; i++) sink += normInv(ps[i]);
});

Deno.bench("Math.exp", { group: "exp", baseline: true }, () => {
  for (let i = 0; i < N; i++) sink += Math.exp(xs[i] * 0.1);
});
Deno.bench("crExp (correctly rounded)", { group: "exp" }, () => {
  for (let i = 0; i < N; i++) sink += crExp(xs[i] * 0.1);
});
Deno.bench("Math.log", { group: "log", baseline: true }, () => {
  for (let i = 0; i < N; i++) sink += Math.log(ps[i]);
});
Deno.bench("crLog (correctly rounded)", { group: "log" }, () => {
  for (let i = 0; i < N; i++) sink += crLog(ps[i]);
});

// Keeps the sums observable so the loops are not optimised away.
globalThis.addEventListener("unload", () => {
  if (Number.isNaN(sink)) console.log("sink is NaN");
});
