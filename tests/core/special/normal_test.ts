import assert from "node:assert/strict";
import {
  erf,
  erfc,
  erfcx,
  inverseMillsRatio,
  normCdf,
  normInv,
  normLogCdf,
  normLogCdfAndPdfOverCdf,
  normLogPdf,
  normLogSf,
  normPdf,
  normPdfOverCdf,
  normSf,
} from "../../../core/special/normal.ts";
import * as normal from "../../../core/special/normal.ts";

/*
 * Reference values: Python 3 `decimal` at 60 digits, for the exact double
 * value of each argument (Decimal(float)), then printed to 22 digits and kept
 * as strings so that Number() gives the correctly rounded double.
 * - K(z) = √π · erfcx(z): for z < 4 via erf(z) = 2/√π · exp(−z²) ·
 *   Σ 2ⁿ z^(2n+1) / (1·3·…·(2n+1)) (positive terms, 120 digits), for z ≥ 4 via
 *   the Laplace continued fraction z + (1/2)/(z + 1/(z + (3/2)/(z + …)))
 *   evaluated bottom-up with 2000 and 4000 levels (agreeing to 55 digits).
 * - erfc(z) = exp(−z²) K(z)/√π; erfc(−z) = 2 − erfc(z); Φ(x) = erfc(−x/√2)/2;
 *   log Φ(x) = −x²/2 + ln(K/√π) − ln 2 for x < 0 (never forming exp(−x²/2));
 *   λ(a) = 2 / (√(2π) erfcx(a/√2)) for a > 0, φ(a)/Φ(−a) otherwise;
 *   Φ⁻¹(p) by Newton on Φ(x) − p from a float start, six steps.
 * All values were cross-checked against mpmath 1.3 at 50 digits (largest
 * difference 6e-18, from 0.1 and 0.26 parsed as decimals by mpmath).
 */

/** [x, log Φ(x), Φ(x), φ(x), φ(x) / (1 − Φ(x))]; null where not tested. */
const AT_X: [number, string, string | null, string | null, string | null][] = [
  [-1e10, "-5.000000000000000002394e+19", null, null, null],
  [
    -1e5,
    "-5.000000012431863998275e+9",
    null,
    null,
    "1.215208860809594231709e-2171472410",
  ],
  [
    -1000,
    "-5.000078266948121843098e+5",
    "2.290646146545498410643e-217151",
    "2.290648437187063686755e-217148",
    "2.290648437187063686755e-217148",
  ],
  [
    -40,
    "-8.046084420137537881666e+2",
    "3.655893540915029703749e-350",
    "1.463270250838303178737e-348",
    "1.463270250838303178737e-348",
  ],
  [
    -37.5,
    "-7.076689893175071910661e+2",
    "4.605353009581954843828e-308",
    "1.728233732284105220751e-306",
    "1.728233732284105220751e-306",
  ],
  [
    -37,
    "-6.890305855768905936009e+2",
    "5.725571222524576822683e-300",
    "2.120006551524605626852e-298",
    "2.120006551524605626852e-298",
  ],
  [
    -30,
    "-4.543212439563431971074e+2",
    "4.906713927148187059534e-198",
    "1.473646134878547519049e-196",
    "1.473646134878547519049e-196",
  ],
  [
    -20,
    "-2.039171553710972639368e+2",
    "2.753624118606233695076e-89",
    "5.520948362159763189583e-88",
    "5.520948362159763189583e-88",
  ],
  [
    -10,
    "-5.323128515051247057835e+1",
    "7.619853024160526065973e-24",
    "7.694598626706419346339e-23",
    "7.694598626706419346339e-23",
  ],
  [
    -5,
    "-1.506499839398872573608e+1",
    "2.866515718791939116738e-7",
    "1.486719514734297707908e-6",
    "1.486719940904905712442e-6",
  ],
  [
    -1,
    "-1.841021645009263505771e+0",
    "1.586552539314570514148e-1",
    "2.419707245191433497978e-1",
    "2.875999709391783612287e-1",
  ],
  [
    -1e-10,
    "-6.931471806397337655007e-1",
    "4.999999999601057719599e-1",
    "3.989422804014326779380e-1",
    "7.978845607392033786442e-1",
  ],
  [
    0,
    "-6.931471805599453094172e-1",
    "5.000000000000000000000e-1",
    "3.989422804014326779399e-1",
    "7.978845608028653558799e-1",
  ],
  [
    0.5,
    "-3.689464152886563930656e-1",
    "6.914624612740131036377e-1",
    "3.520653267642994777747e-1",
    "1.141077770368064480884e+0",
  ],
  [
    1,
    "-1.727537790234498895265e-1",
    "8.413447460685429485852e-1",
    "2.419707245191433497978e-1",
    "1.525135276160981209089e+0",
  ],
  [
    5,
    "-2.866516129637635933846e-7",
    "9.999997133484281208061e-1",
    "1.486719514734297707908e-6",
    "5.186503967125842115617e+0",
  ],
  [
    10,
    "-7.619853024160526065973e-24",
    "1.000000000000000000000e+0",
    "7.694598626706419346339e-23",
    "1.009809323396251196284e+1",
  ],
  [
    30,
    "-4.906713927148187059534e-198",
    "1.000000000000000000000e+0",
    "1.473646134878547519049e-196",
    "3.003325966743367703707e+1",
  ],
];

/** [a, inverse Mills ratio φ(a) / (1 − Φ(a))]. */
const MILLS: [number, string][] = [
  [1e5, "1.000000000099999999980e+5"],
  [1e3, "1.000000999998000010000e+3"],
  [40, "4.002496884720726372324e+1"],
  [38, "3.802627946657586898752e+1"],
  [3, "3.283098654930436506928e+0"],
  [0.26, "9.704389154552470706045e-1"],
  [0.25, "9.635539794164039068679e-1"],
  [-3, "4.437839042125663793302e-3"],
  [-40, "1.463270250838303178737e-348"],
];

/** [x, erfc(x), erfcx(x), erf(x)]. */
const ERF: [number, string, string, string][] = [
  [
    -5,
    "1.999999999998462540206e+0",
    "1.440097986746610404106e+11",
    "-9.999999999984625402056e-1",
  ],
  [
    -1,
    "1.842700792949714869341e+0",
    "5.008980080762283466310e+0",
    "-8.427007929497148693412e-1",
  ],
  [
    0,
    "1.000000000000000000000e+0",
    "1.000000000000000000000e+0",
    "0.000000000000000000000e-39",
  ],
  [
    0.1,
    "8.875370839817151015953e-1",
    "8.964569799691266366634e-1",
    "1.124629160182848984047e-1",
  ],
  [
    0.5,
    "4.795001221869534623173e-1",
    "6.156903441929258748708e-1",
    "5.204998778130465376827e-1",
  ],
  [
    1,
    "1.572992070502851306588e-1",
    "4.275835761558070044108e-1",
    "8.427007929497148693412e-1",
  ],
  [
    2,
    "4.677734981047265837931e-3",
    "2.553956763105057438651e-1",
    "9.953222650189527341621e-1",
  ],
  [
    5,
    "1.537459794428034850188e-12",
    "1.107046377330686263702e-1",
    "9.999999999984625402056e-1",
  ],
  [
    10,
    "2.088487583762544757001e-45",
    "5.614099274382258585752e-2",
    "1.000000000000000000000e+0",
  ],
  [
    26,
    "5.663192408856142846476e-296",
    "2.168358485056290661617e-2",
    "1.000000000000000000000e+0",
  ],
  [
    27,
    "5.237048923789255685016e-319",
    "2.088160799042094067409e-2",
    "1.000000000000000000000e+0",
  ],
  [
    100,
    "6.405961424921732039021e-4346",
    "5.641613782989432903556e-3",
    "1.000000000000000000000e+0",
  ],
  [
    1e5,
    "5.234880679754045500601e-4342944825",
    "5.641895835195468077749e-6",
    "1.000000000000000000000e+0",
  ],
];

/** [p, Φ⁻¹(p)], p being the double nearest the literal. */
const QUANTILES: [number, string][] = [
  [1e-300, "-3.704709629936119923655e+1"],
  [1e-100, "-2.127345356096532429418e+1"],
  [1e-20, "-9.262340089798407579572e+0"],
  [1e-10, "-6.361340902404056199100e+0"],
  [0.001, "-3.090232306167813535358e+0"],
  [0.025, "-1.959963984540054211780e+0"],
  [0.5, "0.000000000000000000000e+21"],
  [0.975, "1.959963984540053855604e+0"],
  [1 - 1e-10, "6.361340889697421864155e+0"],
];

/** Smallest positive normal double; below it doubles are spaced 2^-1074 apart. */
const MIN_NORMAL = 2 ** -1022;

/**
 * Checks `actual` against a reference string. Relative tolerance `rtol` for
 * normal results; a reference below the normal range is only representable to
 * a spacing of 2^-1074, so there the check is absolute, 4 of those spacings.
 */
function assertClose(
  actual: number,
  reference: string,
  rtol: number,
  what: string,
): void {
  const expected = Number(reference);
  if (Math.abs(expected) < MIN_NORMAL) {
    assert.ok(
      Math.abs(actual - expected) <= 4 * 2 ** -1074,
      `${what}: got ${actual}, expected ${reference} (subnormal range)`,
    );
    return;
  }
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(
    rel <= rtol,
    `${what}: got ${actual}, expected ${reference}, relative error ${rel}`,
  );
}

// Double precision allows about 1e-16 relative for well-conditioned values.
// 1e-14 leaves room for the conditioning of the argument: e.g. erfcx(x) for
// x < 0 has condition number ≈ 2x² (50 at x = −5), log Φ(x) near x = 10 has
// ≈ x², so an exactly representable x still meets rounding of order
// cond × 1.1e-16 in any double evaluation.
const RTOL = 1e-14;

Deno.test("normLogCdf() matches 50-digit references from x = -1e10 to 30", () => {
  for (const [x, logCdf] of AT_X) {
    assertClose(normLogCdf(x), logCdf, RTOL, `normLogCdf(${x})`);
    assertClose(normLogSf(-x), logCdf, RTOL, `normLogSf(${-x})`);
  }
});

Deno.test("normCdf() and normSf() keep full relative accuracy in the tails", () => {
  for (const [x, , cdf] of AT_X) {
    if (cdf === null) continue;
    assertClose(normCdf(x), cdf, RTOL, `normCdf(${x})`);
    assertClose(normSf(-x), cdf, RTOL, `normSf(${-x})`);
  }
  // The brief's anchor: Φ(−37) ≈ 5.7e-300 to 1e-14.
  assertClose(normCdf(-37), "5.725571222524576822683e-300", 1e-14, "Φ(-37)");
});

Deno.test("normPdf() and normLogPdf() match references", () => {
  for (const [x, , , pdf] of AT_X) {
    if (pdf === null) continue;
    assertClose(normPdf(x), pdf, RTOL, `normPdf(${x})`);
    assertClose(normPdf(-x), pdf, RTOL, `normPdf(${-x})`);
    if (Number(pdf) > 0) {
      // log φ from the log of the 22-digit reference; the log is well conditioned.
      const expected = Math.log(Number(pdf));
      const got = normLogPdf(x);
      assert.ok(
        Math.abs(got - expected) <= 1e-15 * Math.max(1, Math.abs(expected)),
        `normLogPdf(${x}) = ${got}, expected ${expected}`,
      );
    }
  }
  assert.equal(normLogPdf(-1e5), -5e9 - 0.9189385332046728);
});

Deno.test("inverseMillsRatio() is stable from a = -1e5 to 1e5", () => {
  for (const [a, , , , mills] of AT_X) {
    if (mills === null) continue;
    assertClose(inverseMillsRatio(a), mills, RTOL, `inverseMillsRatio(${a})`);
  }
  for (const [a, mills] of MILLS) {
    assertClose(inverseMillsRatio(a), mills, RTOL, `inverseMillsRatio(${a})`);
  }
});

Deno.test("erfc(), erfcx() and erf() match references", () => {
  for (const [x, c, cx, e] of ERF) {
    assertClose(erfc(x), c, RTOL, `erfc(${x})`);
    assertClose(erfcx(x), cx, RTOL, `erfcx(${x})`);
    if (Number(e) === 0) assert.equal(erf(x), 0);
    else assertClose(erf(x), e, RTOL, `erf(${x})`);
  }
  // erf is odd and accurate relative to its value near 0.
  assertClose(erf(1e-20), "1.128379167095512573896e-20", RTOL, "erf(1e-20)");
  assert.equal(erf(-0.3), -erf(0.3));
});

Deno.test("erfcx() is continuous across its table intervals and the tail switch", () => {
  // Interval ends are multiples of 1/4 up to 8; a wrong index or offset would
  // jump by far more than the function's own change over one ulp step.
  for (let i = 1; i <= 32; i++) {
    const edge = i / 4;
    const below = erfcx(edge - 1e-12);
    const at = erfcx(edge);
    // erfcx' is at most 2/√π·… ≈ 1.13 in size, so 1e-12 moves it < 1.2e-12.
    assert.ok(
      Math.abs(below - at) <= 1.2e-12 + 4e-16 * at,
      `erfcx jumps at ${edge}: ${below} vs ${at}`,
    );
  }
});

Deno.test("normInv() matches references and inverts normCdf()", () => {
  for (const [p, x] of QUANTILES) {
    if (Number(x) === 0) assert.equal(normInv(p), 0);
    else assertClose(normInv(p), x, RTOL, `normInv(${p})`);
  }
  // Round trip over the lower tail: there Φ⁻¹ has condition number
  // p / (φ(x)·|x|) < 1 for x ≤ −1, so Φ's ≤ 5e-16 relative error moves x by
  // less than 5e-16 relative. (Above the median Φ(x) rounds to a multiple of
  // 2^-53 and the round trip is lossy by nature, so it is not tested there.)
  for (let x = -37; x <= -1; x += 0.37) {
    const back = normInv(normCdf(x));
    assert.ok(
      Math.abs(back - x) <= 1e-15 * Math.abs(x),
      `normInv(normCdf(${x})) = ${back}`,
    );
  }
  // The upper half is the mirror image: 1 − p is exact for p ≥ 1/2.
  for (const p of [0.5000001, 0.6, 0.9, 0.975, 1 - 1e-10, 1 - 2 ** -53]) {
    assert.equal(normInv(p), -normInv(1 - p));
  }
});

Deno.test("functions are lenient: NaN in gives NaN, limits at ±Infinity", () => {
  // Every export of the module but the fused pair is a function of one number.
  const all = (Object.values(normal) as ((x: number) => number)[])
    .filter((f) => f !== normLogCdfAndPdfOverCdf);
  assert.ok(all.length >= 12, `${all.length} exports`);
  for (const f of all) assert.ok(Number.isNaN(f(NaN)), `${f.name}(NaN)`);
  assert.equal(normCdf(-Infinity), 0);
  assert.equal(normCdf(Infinity), 1);
  assert.equal(normSf(Infinity), 0);
  assert.equal(normLogCdf(-Infinity), -Infinity);
  assert.ok(normLogCdf(Infinity) === 0);
  assert.equal(normPdf(Infinity), 0);
  assert.equal(erfc(-Infinity), 2);
  assert.equal(erfc(Infinity), 0);
  assert.equal(erfcx(Infinity), 0);
  assert.equal(erfcx(-Infinity), Infinity);
  assert.equal(erf(Infinity), 1);
  assert.equal(erf(-Infinity), -1);
  assert.equal(inverseMillsRatio(Infinity), Infinity);
  assert.equal(inverseMillsRatio(-Infinity), 0);
  assert.equal(normInv(0), -Infinity);
  assert.equal(normInv(1), Infinity);
  for (const p of [-1e-300, -1, 1 + 2 ** -52, 2, Infinity, -Infinity]) {
    assert.ok(Number.isNaN(normInv(p)), `normInv(${p}) should be NaN`);
  }
});

Deno.test("normCdf() is monotone and symmetric on a fine grid", () => {
  let prev = 0;
  for (let x = -38; x <= 9; x += 1 / 64) {
    const c = normCdf(x);
    assert.ok(c >= prev, `normCdf not monotone at ${x}`);
    prev = c;
    if (Math.abs(x) < 8) {
      // Φ(x) + Φ(−x) = 1; each term carries ≤ ~1 ulp of 1.
      assert.ok(Math.abs(c + normCdf(-x) - 1) <= 4e-16, `symmetry at ${x}`);
    }
  }
});

Deno.test("normLogCdf() agrees with log(normCdf()) where both are finite", () => {
  for (let x = -37; x <= 5; x += 0.125) {
    const direct = Math.log(normCdf(x));
    const got = normLogCdf(x);
    // log of a value with relative error ≤ 5e-16 moves by ≤ 5e-16 absolutely.
    assert.ok(
      Math.abs(got - direct) <= 1e-15 * Math.max(1, Math.abs(direct)),
      `at ${x}: ${got} vs ${direct}`,
    );
  }
});

Deno.test("normLogCdfAndPdfOverCdf() and normPdfOverCdf() equal normLogCdf and inverseMillsRatio bit for bit", () => {
  const out = new Float64Array(2);
  const points = [0, -0, NaN, Infinity, -Infinity, 1e-300, -1e-300, 40, -40];
  // Every branch edge of both functions, and its neighbouring doubles.
  for (const edge of [1, Math.SQRT1_2, 0.5, 8 * Math.SQRT2, 38.5]) {
    for (const x of [edge, -edge]) {
      points.push(x, x * (1 + 2 ** -52), x * (1 - 2 ** -53));
    }
  }
  // A fixed, evenly spread grid over [−12, 12] plus the points above.
  for (let q = 0; q <= 20_000; q++) points.push(-12 + (24 * q) / 20_000 + 1e-7);
  for (const x of points) {
    normLogCdfAndPdfOverCdf(x, out);
    assert.ok(Object.is(out[0], normLogCdf(x)), `log Φ(${x})`);
    assert.ok(Object.is(out[1], inverseMillsRatio(-x)), `ratio at ${x}`);
    assert.ok(Object.is(normPdfOverCdf(x), out[1]), `normPdfOverCdf(${x})`);
  }
});
