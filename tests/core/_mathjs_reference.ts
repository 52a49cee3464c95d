/**
 * mathjs as the independent reference for core/linalg and core/metrics:
 * products, inverses and determinants in BigNumber arithmetic at 60 digits
 * (exact for our purposes), and its Jacobi eigensolver in double precision,
 * an algorithm unrelated to core's Householder + implicit QR. mathjs's
 * BigNumber `eigs` is not used: in 15.2 its Jacobi loop compares Decimal
 * objects with `>=`, which compares their strings, and stops after a few
 * rotations (eigenvalues of tridiag(1, 2, 1) off by 4e-10).
 *
 * Only tests import mathjs; core has no dependencies.
 *
 * The seeded test matrices cover well-conditioned, ill-conditioned (up to
 * kappa = 1e13), rank-deficient, indefinite, clustered and badly scaled
 * symmetric matrices of several sizes.
 */
import { all, type BigNumber, create } from "mathjs";
import type { Matrix } from "../../core/linalg/matrix.ts";
import { createPrng, type Prng } from "../../core/random/prng.ts";
import { fillStandardNormal } from "../../core/random/normal.ts";

/**
 * mathjs with BigNumber (60 significant digits) as its number type. The
 * tolerances are set near 0 because mathjs treats values below `absTol` as
 * zero: with the default 1e-15, `det` of an SPD matrix with kappa = 1e8
 * returned a leading minor (1.97e-19) instead of the determinant (1e-48).
 */
export const big = create(all, {
  number: "BigNumber",
  precision: 60,
  relTol: 1e-60,
  absTol: 1e-300,
});
/**
 * mathjs on doubles. Its Jacobi `eigs` rotates by π/4 whenever two diagonal
 * entries differ by less than `relTol`, which stalls it on eigenvalues
 * closer than the default 1e-12.
 */
export const math = create(all, { relTol: 1e-300 });

export const EPS = Number.EPSILON;

export type BigMatrix = BigNumber[][];

/** The exact value of a double as a BigNumber (60 digits are exact enough). */
export function bigOf(x: number): BigNumber {
  return big.bignumber(x.toPrecision(60));
}

export function toBig(m: Matrix): BigMatrix {
  const out: BigMatrix = [];
  for (let i = 0; i < m.rows; i++) {
    const row: BigNumber[] = [];
    for (let j = 0; j < m.cols; j++) row.push(bigOf(m.data[i * m.cols + j]!));
    out.push(row);
  }
  return out;
}

export function rowsOf(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) {
    out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  }
  return out;
}

export function matrixOf(rows: number[][]): Matrix {
  const r = rows.length, c = r === 0 ? 0 : rows[0]!.length;
  return { rows: r, cols: c, data: Float64Array.from(rows.flat()) };
}

export function bigMul(a: BigMatrix, b: BigMatrix): BigMatrix {
  return big.multiply(a, b) as BigMatrix;
}

export function bigTranspose(a: BigMatrix): BigMatrix {
  return big.transpose(a) as BigMatrix;
}

/** diag(values) as a BigNumber matrix. */
export function bigDiag(values: ArrayLike<number>): BigMatrix {
  const n = values.length;
  const out: BigMatrix = [];
  for (let i = 0; i < n; i++) {
    const row: BigNumber[] = [];
    for (let j = 0; j < n; j++) row.push(bigOf(i === j ? values[i]! : 0));
    out.push(row);
  }
  return out;
}

/** ‖a − b‖_F, computed in BigNumber and returned as a double. */
export function frobeniusDistance(a: BigMatrix, b: BigMatrix): number {
  let s = big.bignumber(0);
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a[i]!.length; j++) {
      const d = big.subtract(a[i]![j]!, b[i]![j]!) as BigNumber;
      s = big.add(s, big.multiply(d, d)) as BigNumber;
    }
  }
  return Math.sqrt(big.number(s) as number);
}

export function frobenius(a: BigMatrix): number {
  return frobeniusDistance(a, a.map((row) => row.map(() => bigOf(0))));
}

export function bigIdentity(n: number): BigMatrix {
  return bigDiag(new Array(n).fill(1));
}

/**
 * Eigenvalues (ascending) and eigenvectors (columns of `vectors`) by
 * mathjs's Jacobi method in double precision, run until no off-diagonal
 * entry exceeds ε‖A‖_F / d.
 */
export function jacobiEigen(
  a: Matrix,
): { values: number[]; vectors: number[][] } {
  const d = a.rows;
  let norm = 0;
  for (const x of a.data) norm += x * x;
  // (mathjs turns the precision into a BigNumber, which needs ≤ 15 digits.)
  const precision = Number(
    Math.max(EPS * Math.sqrt(norm), Number.MIN_VALUE).toPrecision(15),
  );
  const result = math.eigs(rowsOf(a), { precision, eigenvectors: true });
  const pairs = result.eigenvectors!.map((e) => ({
    value: e.value as number,
    vector: e.vector as number[],
  }));
  pairs.sort((p, q) => p.value - q.value);
  const vectors: number[][] = [];
  for (let i = 0; i < d; i++) vectors.push(pairs.map((p) => p.vector[i]!));
  return { values: pairs.map((p) => p.value), vectors };
}

/** One seeded test matrix and what kind it is. */
export interface TestMatrix {
  readonly name: string;
  readonly a: Matrix;
  /** "spd": positive definite (kappa finite); others have λ ≤ 0 too. */
  readonly kind: "spd" | "singular" | "indefinite";
}

/** A Haar-random orthogonal (d, d) matrix: Q of a QR of a Gaussian matrix. */
function randomOrthogonal(d: number, prng: Prng): number[][] {
  const g = fillStandardNormal(prng, new Float64Array(d * d));
  const { Q } = math.qr(rowsOf({ rows: d, cols: d, data: g }));
  return Q as number[][];
}

/** Q diag(values) Qᵀ for a random orthogonal Q, symmetrised exactly. */
function withSpectrum(values: number[], prng: Prng): Matrix {
  const d = values.length;
  const q = randomOrthogonal(d, prng);
  const qd = q.map((row) => row.map((x, j) => x * values[j]!));
  const a = math.multiply(qd, math.transpose(q)) as number[][];
  return symmetrised(matrixOf(a));
}

function symmetrised(m: Matrix): Matrix {
  const d = m.rows;
  const data = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      data[i * d + j] = 0.5 * (m.data[i * d + j]! + m.data[j * d + i]!);
    }
  }
  return { rows: d, cols: d, data };
}

/** Geometric spectrum from 1 down to 1/kappa. */
function geometric(d: number, kappa: number): number[] {
  return Array.from(
    { length: d },
    (_, i) => d === 1 ? 1 : Math.pow(kappa, -i / (d - 1)),
  );
}

/** The seeded matrices every reference test runs over. */
export function testMatrices(): TestMatrix[] {
  const prng = createPrng(2024);
  const out: TestMatrix[] = [];
  for (const d of [1, 2, 3, 8, 25]) {
    const data = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        data[i * d + j] = data[j * d + i] = 2 * prng() - 1;
      }
    }
    out.push({
      name: `uniform entries, d = ${d}`,
      a: { rows: d, cols: d, data },
      kind: "indefinite",
    });
  }
  for (const [d, kappa] of [[5, 1e3], [12, 1e8], [25, 1e8], [12, 1e13]]) {
    out.push({
      name: `SPD, d = ${d}, kappa = ${kappa}`,
      a: withSpectrum(geometric(d!, kappa!), prng),
      kind: "spd",
    });
  }
  for (const [d, k] of [[6, 4], [15, 14]]) {
    // W Wᵀ with W (d x k): rank k, so d − k eigenvalues are 0 up to rounding.
    const w = fillStandardNormal(prng, new Float64Array(d! * k!));
    const rows = rowsOf({ rows: d!, cols: k!, data: w });
    out.push({
      name: `rank ${k} PSD, d = ${d}`,
      a: symmetrised(matrixOf(math.multiply(rows, math.transpose(rows)))),
      kind: "singular",
    });
  }
  out.push({
    name: "clustered and indefinite, d = 10",
    a: withSpectrum(
      [-2, -1e-3, -1e-3, 1e-9, 1, 1, 1 + 1e-12, 1 + 1e-12, 3, 3],
      prng,
    ),
    kind: "indefinite",
  });
  {
    // Badly scaled SPD: D B D with D = diag(10^−4 … 10^4) and B well conditioned.
    const d = 9;
    const b = withSpectrum(geometric(d, 10), prng);
    const data = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        data[i * d + j] = b.data[i * d + j]! * 10 ** (i - 4) * 10 ** (j - 4);
      }
    }
    out.push({
      name: "scaled by 1e-4 … 1e4, d = 9",
      a: { rows: d, cols: d, data },
      kind: "spd",
    });
  }
  return out;
}

/**
 * The constant of the O(d ε) backward-error bounds the tests use (Householder
 * tridiagonalisation and QR steps are backward stable with a modest multiple
 * of d ε). The largest ratio measured over `testMatrices()` is 2.1, for the
 * orthogonality of V at d = 25.
 */
export const C = 5;

/** max |λ| of a symmetric matrix from its reference eigenvalues. */
export function spectralNorm(values: readonly number[]): number {
  return Math.max(...values.map(Math.abs));
}

/** The inverse in BigNumber arithmetic. */
export function bigInverse(a: BigMatrix): BigMatrix {
  return big.inv(a) as BigMatrix;
}

/** ln det of a positive definite matrix in BigNumber arithmetic. */
export function bigLogDet(a: BigMatrix): number {
  const det = big.det(a) as unknown as BigNumber;
  return big.number(big.log(det) as BigNumber) as number;
}

/** The trace of a BigNumber matrix, as a double. */
export function bigTrace(a: BigMatrix): number {
  let s = big.bignumber(0);
  for (let i = 0; i < a.length; i++) s = big.add(s, a[i]![i]!) as BigNumber;
  return big.number(s) as number;
}
