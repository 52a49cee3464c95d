import assert from "node:assert/strict";
import {
  parseNumberWord,
  scanDecimal,
} from "../../../core/formats/_decimal.ts";
import { createPrng } from "../../../core/random/mod.ts";

const scan = (s: string) => scanDecimal(s, 0, s.length);

Deno.test("scanDecimal() reads decimal numbers as Number() does", () => {
  const cases = [
    "0",
    "1",
    "-0.5",
    ".5",
    "5.",
    "+3",
    "2e-3",
    "4E2",
    "1e+2",
    "007.250",
    "0.1",
    "123456789012345",
    "1234567890123456789",
    "0.1000000000000000055511151231257827",
    "9007199254740993",
    "1e22",
    "1e23",
    "1.7976931348623157e308",
    "5e-324",
    "2.2250738585072014e-308",
    "1e999",
    "1e-400",
    "0e999",
    "123.456e-5",
    "0.000000000000000000000000001",
  ];
  for (const s of cases) assert.equal(scan(s), Number(s), s);
  assert.ok(Object.is(scan("-0"), -0));
  assert.ok(Object.is(scan("-0.0e5"), -0));
  assert.ok(Object.is(scan("-1e-999"), -0));
  assert.equal(scan("-1e999"), -Infinity);
});

Deno.test("scanDecimal() reads only its range", () => {
  assert.equal(scanDecimal("a,12.5,b", 2, 6), 12.5);
  assert.equal(scanDecimal("x-3e2y", 1, 5), -300);
});

Deno.test("scanDecimal() rejects what is not a decimal number", () => {
  const bad = [
    "",
    "+",
    "-",
    ".",
    "+.",
    "e5",
    ".e5",
    "1e",
    "1e+",
    "1e-",
    "0x10",
    "1_000",
    " 1",
    "1 ",
    "1.2.3",
    "1e2.5",
    "--1",
    "Infinity",
    "nan",
    "1,5",
    "١",
    "0x10",
    "0X10",
    "0b1",
    "0o7",
    "+0x10",
    "-Infinity",
    "\u00a01",
    "1\u00a0",
    "1\n",
    "\uFEFF1",
  ];
  for (const s of bad) assert.equal(scan(s), undefined, JSON.stringify(s));
});

Deno.test("scanDecimal() agrees with Number() on random decimals", () => {
  const prng = createPrng(4181);
  const digits = (n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += String(Math.floor(prng() * 10));
    return s;
  };
  for (let trial = 0; trial < 20000; trial++) {
    // Up to 20 digits either side of the point and exponents up to ±330,
    // so both the exact fast path and the Number() fallback are met.
    const int = digits(Math.floor(prng() * 12));
    const frac = prng() < 0.6 ? "." + digits(Math.floor(prng() * 20)) : "";
    if (int === "" && frac.length <= 1) continue;
    const exp = prng() < 0.5
      ? ""
      : (prng() < 0.5 ? "e" : "E-") + String(Math.floor(prng() * 330));
    const sign = prng() < 0.3 ? "-" : "";
    const s = sign + int + frac + exp;
    const got = scan(s);
    assert.ok(Object.is(got, Number(s)), `${s}: ${got} vs ${Number(s)}`);
  }
});

Deno.test("scanDecimal() reads back every double JavaScript prints", () => {
  const prng = createPrng(6765);
  const view = new DataView(new ArrayBuffer(8));
  for (let trial = 0; trial < 20000; trial++) {
    view.setUint32(0, Math.floor(prng() * 2 ** 32));
    view.setUint32(4, Math.floor(prng() * 2 ** 32));
    const x = view.getFloat64(0);
    if (!Number.isFinite(x)) continue;
    for (const s of [String(x), x.toExponential(), x.toPrecision(15)]) {
      assert.ok(Object.is(scan(s), Number(s)), s);
    }
  }
});

Deno.test("parseNumberWord() adds the spellings of NaN and infinities", () => {
  assert.equal(parseNumberWord("2.5"), 2.5);
  assert.ok(Number.isNaN(parseNumberWord("NaN")));
  assert.equal(parseNumberWord("-Inf"), -Infinity);
  assert.equal(parseNumberWord("INFINITY"), Infinity);
  assert.equal(parseNumberWord("constructor"), undefined);
  assert.equal(parseNumberWord("NA"), undefined);
});

Deno.test("scanDecimal() gives Number()'s bits on random decimals of 1 to 20 digits (the fast path up to 15)", () => {
  const prng = createPrng(31);
  const digit = () => String(Math.floor(prng() * 10));
  for (let r = 0; r < 100_000; r++) {
    const digits = 1 + Math.floor(prng() * 20);
    const point = Math.floor(prng() * (digits + 2)) - 1; // −1: no point
    let s = prng() < 0.3 ? "-" : prng() < 0.1 ? "+" : "";
    for (let k = 0; k < digits; k++) {
      if (k === point) s += ".";
      s += digit();
    }
    if (point === digits) s += ".";
    assert.ok(Object.is(scan(s), Number(s)), s);
  }
});
