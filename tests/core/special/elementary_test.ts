import assert from "node:assert/strict";
import { crExp, crLog, crLog1p } from "../../../core/special/elementary.ts";
import {
  decompose,
  expExact,
  ln2Fixed,
  logExact,
  logRatioFixed,
} from "../../../core/special/_elementary_exact.ts";
import {
  EXP_TABLE,
  LOG_TABLE,
  LOG_TABLE_SIZE,
} from "../../../core/special/_elementary_tables.ts";
import { createPrng } from "../../../core/random/prng.ts";

/*
 * [x, f(x)] with f(x) the correctly rounded value: mpmath 1.3 at 600 bits,
 * converted to the nearest double (round to nearest, ties to even), printed
 * by Python's shortest round-trip repr. Arguments: edges (overflow and
 * underflow thresholds, the subnormal range, arguments next to 1 where the
 * result sits near a rounding boundary) and seeded random ones over the
 * whole range.
 */
const EXP: [number, number][] = [
  [1.0, 2.718281828459045],
  [-1.0, 0.36787944117144233],
  [0.5, 1.6487212707001282],
  [1e-10, 1.0000000001],
  [-1e-10, 0.9999999999],
  [1.1102230246251565e-16, 1.0000000000000002],
  [-1.1102230246251565e-16, 0.9999999999999999],
  [8.326672684688674e-17, 1.0],
  [6.661338147750939e-16, 1.0000000000000007],
  [0.6931471805599453, 2.0],
  [10.0, 22026.465794806718],
  [-10.0, 4.5399929762484854e-05],
  [100.0, 2.6881171418161356e+43],
  [709.78, 1.7928227943945155e+308],
  [709.782712893384, 1.7976931348622732e+308],
  [-708.3964185322641, 2.2250738585072626e-308],
  [-708.39641853226, 2.2250738585163693e-308],
  [-708.4, 2.217119081664265e-308],
  [-720.0, 2.0322308024e-313],
  [-744.4400719213812, 5e-324],
  [-745.1332191019411, 5e-324],
  [-745.1332191019412, 0.0],
  [-745.0, 5e-324],
  [0.0108304246962234, 1.0108892860516745],
  [-0.0054152123481117, 0.9945994234836459],
  [1e-05, 1.00001000005],
  [-1e-05, 0.9999900000499998],
  [160.69906436962663, 6.176136740099162e+69],
  [333.5582823851005, 7.286541336186125e+144],
  [411.2114443325229, 3.862434868597866e+178],
  [625.3227126118311, 3.7514874341507066e+271],
  [330.81252767185924, 4.6779471648552986e+143],
  [596.0605451515164, 7.341852236233273e+258],
  [-702.8263980756242, 5.839471992758362e-306],
  [-67.98466053423488, 2.982888885480249e-30],
  [626.6406665155482, 1.401469348892617e+272],
  [198.60900026108777, 1.7980131749839154e+86],
  [564.9093150054055, 2.1726925869888347e+245],
  [-580.3985273943281, 8.632214984446718e-253],
  [-9.439377507884601e-07, 0.9999990560626947],
  [-0.0018631575461755447, 0.9981385770544001],
  [0.07394118792810078, 1.076743478119179],
  [3.4449058291230228e-09, 1.000000003444906],
  [-3.917180073445253e-16, 0.9999999999999996],
  [-3.927975754906435e-16, 0.9999999999999996],
  [0.0011607304352781425, 1.0011614043435666],
  [4.393092727775915e-10, 1.0000000004393093],
  [-0.3733007674497303, 0.6884581359037258],
  [0.4723372896865363, 1.603738216873181],
  [-3.546675018370143e-05, 0.9999645338787541],
  [0.00044934287130615194, 1.0004494438409368],
];

const LOG: [number, number][] = [
  [2.0, 0.6931471805599453],
  [0.5, -0.6931471805599453],
  [3.0, 1.0986122886681098],
  [10.0, 2.302585092994046],
  [10000000000.0, 23.025850929940457],
  [1e-10, -23.025850929940457],
  [1e-300, -690.7755278982137],
  [5e-324, -744.4400719213812],
  [2.2250738585072014e-308, -708.3964185322641],
  [2.225073858507201e-308, -708.3964185322641],
  [1.7976931348623157e+308, 709.782712893384],
  [0.9999999999999999, -1.1102230246251565e-16],
  [1.0000000000000002, 2.2204460492503128e-16],
  [1.0000000000000004, 4.440892098500625e-16],
  [0.9999999999999998, -2.2204460492503136e-16],
  [0.9990234375, -0.0009770396478266127],
  [1.0009765625, 0.0009760859730554589],
  [1.99609375, 0.691192145724142],
  [2.7182818284590455, 1.0],
  [1.5, 0.4054651081081644],
  [0.75, -0.2876820724517809],
  [1.4142135623730951, 0.3465735902799727],
  [0.7071067811865476, -0.3465735902799726],
  [1.811920039935558e+34, 78.88228024037379],
  [2.7087460792949706e-78, -178.60515142709042],
  [7.812855497385227e-71, -161.42777108488468],
  [6.128598604450851e-81, -184.6964264213562],
  [1.5819712709333503e+150, 345.8464356583211],
  [3.9503236866911835e+122, 282.289178866827],
  [8.506139785399377e-144, -329.43146516070533],
  [2.623996145642805e+86, 198.98701639968257],
  [1.95156e-319, -733.8560159704921],
  [1.9890676750706756e+94, 217.13066476540433],
  [5.202834011429379e+114, 264.1439040806468],
  [3.459348979773934e+270, 622.9390555236237],
  [1.0000959081091998, 9.59035103111334e-05],
  [0.9999999999999994, -5.551115123125785e-16],
  [0.9999950579846264, -4.942027585397273e-06],
  [1.2375497815721177, 0.2131334421846272],
  [1.0000001071025078, 1.0710250201600439e-07],
  [1.1724404446940648, 0.15908742661036923],
  [1.0000000007311396, 7.311395930456636e-10],
  [0.9999999999990263, -9.736655925967363e-13],
  [1.000000001271196, 1.2711960365144276e-09],
  [0.9997786753509272, -0.00022134914498733946],
  [1.0000302033767279, 3.020292061507873e-05],
  [0.9999883734300865, -1.1626637502579955e-05],
];

const LOG1P: [number, number][] = [
  [1e-20, 1e-20],
  [-1e-20, -1e-20],
  [1.1102230246251565e-16, 1.1102230246251565e-16],
  [-1.1102230246251565e-16, -1.1102230246251565e-16],
  [2.220446049250313e-16, 2.2204460492503128e-16],
  [-2.220446049250313e-16, -2.2204460492503136e-16],
  [3.3306690738754696e-16, 3.330669073875469e-16],
  [1e-10, 9.999999999500001e-11],
  [-1e-10, -1.00000000005e-10],
  [-0.5, -0.6931471805599453],
  [-0.9999999999999999, -36.7368005696771],
  [1e+300, 690.7755278982137],
  [1e-05, 9.999950000333332e-06],
  [1.0, 0.6931471805599453],
  [-0.75, -1.3862943611198906],
  [0.0078125, 0.007782140442054949],
  [-0.0078125, -0.007843177461025893],
  [7.453331694841378e-19, 7.453331694841378e-19],
  [-1.7599500522277152e-11, -1.7599500522432022e-11],
  [-3.3808591529281756e-11, -3.380859152985327e-11],
  [-9.279923281035049e-10, -9.279923285340897e-10],
  [-5.569903733759916e-15, -5.569903733759932e-15],
  [6.699255691917946e-08, 6.699255467517821e-08],
  [0.17984715959379005, 0.16538490432041217],
  [-0.004188957183714877, -0.00419775544381116],
  [-1.3574799846448142e-10, -1.3574799847369518e-10],
  [7.690205284559565e-19, 7.690205284559565e-19],
  [-5.368108606949191e-06, -5.368123015295762e-06],
  [4.9383102383905866e-11, 4.938310238268652e-11],
  [1.9372732519471194e+210, 484.20415097289316],
  [9.709891307510061e+53, 124.31015501705375],
  [7.288714390203085e+192, 444.08266503281556],
  [2.505811667571376e+211, 486.7640673227882],
];

Deno.test("crExp, crLog and crLog1p give the correctly rounded value at reference points", () => {
  for (
    const [f, name, table] of [
      [crExp, "crExp", EXP],
      [crLog, "crLog", LOG],
      [crLog1p, "crLog1p", LOG1P],
    ] as const
  ) {
    for (const [x, expected] of table) {
      assert.equal(f(x), expected, `${name}(${x})`);
    }
  }
});

Deno.test("crExp, crLog and crLog1p follow IEEE special cases", () => {
  assert.equal(crExp(0), 1);
  assert.equal(crExp(-0), 1);
  assert.equal(crExp(Infinity), Infinity);
  assert.equal(crExp(-Infinity), 0);
  assert.equal(crExp(709.7827128933841), Infinity); // first overflow
  assert.ok(Number.isNaN(crExp(NaN)));
  assert.equal(crLog(1), 0);
  assert.equal(crLog(0), -Infinity);
  assert.equal(crLog(-0), -Infinity);
  assert.equal(crLog(Infinity), Infinity);
  assert.ok(Number.isNaN(crLog(-1)));
  assert.ok(Number.isNaN(crLog(NaN)));
  assert.ok(Object.is(crLog1p(-0), -0));
  assert.equal(crLog1p(0), 0);
  assert.equal(crLog1p(-1), -Infinity);
  assert.equal(crLog1p(Infinity), Infinity);
  assert.ok(Number.isNaN(crLog1p(-1.5)));
  assert.ok(Number.isNaN(crLog1p(NaN)));
  assert.equal(crLog1p(5e-324), 5e-324);
});

Deno.test("the fast paths agree with exact BigInt evaluation on seeded arguments", () => {
  // The fast paths (double-double tables and polynomials) and the exact
  // path (BigInt series) share no arithmetic, so agreement on every
  // argument checks both.
  const prng = createPrng(11);
  for (let i = 0; i < 3000; i++) {
    const x = (prng() - 0.5) * 1490;
    assert.equal(crExp(x), expExact(x), `crExp(${x})`);
    const small = (prng() - 0.5) * 2 ** -Math.floor(prng() * 40);
    if (small !== 0) {
      assert.equal(crExp(small), expExact(small), `crExp(${small})`);
    }
    const y = prng() * 2 ** (Math.floor(prng() * 2096) - 1074);
    if (y > 0 && y !== 1) assert.equal(crLog(y), logExact(y, 0), `crLog(${y})`);
    const z = (prng() - 0.7) * 2 ** -Math.floor(prng() * 50);
    if (Math.abs(z) >= 2 ** -53) {
      const h = 1 + z;
      const l = z - (h - 1);
      assert.equal(crLog1p(z), logExact(h, l), `crLog1p(${z})`);
    }
  }
});

/** The exact value of a sum of doubles as num / 2^-scale. */
function exactSum(...xs: number[]): { num: bigint; scale: number } {
  const parts = xs.filter((x) => x !== 0).map(decompose);
  const scale = Math.min(0, ...parts.map((p) => p.exponent));
  let num = 0n;
  for (const p of parts) num += p.mantissa << BigInt(p.exponent - scale);
  return { num, scale };
}

Deno.test("exp table: (hi + lo)^64 = 2^j to 100 bits", () => {
  for (let j = 0; j < 64; j++) {
    const { num, scale } = exactSum(EXP_TABLE[2 * j], EXP_TABLE[2 * j + 1]);
    // num^64 · 2^(64 scale) against 2^j, relative error below 2⁻⁹⁹ (each
    // pair is good to about 2⁻¹⁰⁶, and the power multiplies that by 64).
    const power = num ** 64n;
    const target = 1n << BigInt(j - 64 * scale);
    const diff = power > target ? power - target : target - power;
    assert.ok(diff * (1n << 99n) < target, `entry ${j}`);
  }
});

Deno.test("log table: hi + lo = −log(c_j) to 2⁻⁹⁵, c_j ≈ 1/(1 + j/256)", () => {
  const q = 200;
  for (let j = 0; j <= LOG_TABLE_SIZE; j++) {
    const c = LOG_TABLE[3 * j],
      hi = LOG_TABLE[3 * j + 1],
      lo = LOG_TABLE[3 * j + 2];
    assert.ok(Math.abs(c * (1 + j / LOG_TABLE_SIZE) - 1) < 2 ** -12, `c_${j}`);
    const cd = decompose(c);
    // −log c = log(2^-exponent / mantissa), brought into [3/4, 3/2).
    let num = 1n << 52n, den = cd.mantissa, shift = -cd.exponent - 52;
    while (2n * num >= 3n * den) {
      den <<= 1n;
      shift++;
    }
    while (4n * num < 3n * den) {
      num <<= 1n;
      shift--;
    }
    const exact = BigInt(shift) * ln2Fixed(q) + logRatioFixed(num, den, q);
    const sum = exactSum(hi, lo);
    const table = sum.scale >= -q
      ? sum.num << BigInt(q + sum.scale)
      : sum.num >> BigInt(-q - sum.scale);
    const diff = table > exact ? table - exact : exact - table;
    assert.ok(diff < 1n << BigInt(q - 95), `entry ${j}: off by ${diff}`);
  }
});
