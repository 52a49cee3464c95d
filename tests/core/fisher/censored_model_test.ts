import assert from "node:assert/strict";
import { assertClose } from "../../_helpers.ts";
import { censoredModel } from "../../../core/fisher/censored_model.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { normLogCdf, normLogPdf } from "../../../core/special/normal.ts";
import { D1, D2, D3, type Params, perturbed } from "./_fixtures.ts";

/** One sample point per region: every pattern of zeros and positives. */
function pointsOf(d: number): number[][] {
  const values = [0.7, 1.9, 0.25];
  const points: number[][] = [];
  for (let mask = 0; mask < 1 << d; mask++) {
    points.push(
      Array.from({ length: d }, (_, i) => (mask & (1 << i) ? values[i]! : 0)),
    );
  }
  return points;
}

/**
 * The score against central differences of the log-likelihood in each
 * parameter: step 1e-5 gives a truncation error near 1e-10 and rounding
 * near 1e-11 (the orthant probabilities are accurate to about 1e-15).
 */
function checkScore(p: Params): void {
  const d = p.b.length;
  const model = censoredModel(p.b, p.sigma);
  const q = model.names.length;
  const score = new Float64Array(q);
  const h = 1e-5;
  for (const x of pointsOf(d)) {
    const ll = model.score(x, score);
    assertClose(ll, model.logLikelihood(x), 1e-14, `log f(${x})`);
    for (let k = 0; k < q; k++) {
      const up = perturbed(p, k, h), down = perturbed(p, k, -h);
      const fd = (censoredModel(up.b, up.sigma).logLikelihood(x) -
        censoredModel(down.b, down.sigma).logLikelihood(x)) / (2 * h);
      assertClose(
        score[k]!,
        fd,
        1e-7 * (1 + Math.abs(fd)),
        `d = ${d}, x = (${x}), d/d${model.names[k]}`,
      );
    }
  }
}

Deno.test("censoredModel() score is the gradient of the log-likelihood in every region (d = 1)", () => {
  checkScore(D1);
});

Deno.test("censoredModel() score is the gradient of the log-likelihood in every region (d = 2)", () => {
  checkScore(D2);
});

Deno.test("censoredModel() score is the gradient of the log-likelihood in every region (d = 3)", () => {
  checkScore(D3);
});

Deno.test("censoredModel() log-likelihood is log Φ at zero and the Gaussian density above it (d = 1)", () => {
  const model = censoredModel(Float64Array.of(0.5), fromRows([[4]]));
  assertClose(model.logLikelihood([0]), normLogCdf(-0.25), 1e-15, "x = 0");
  assertClose(
    model.logLikelihood([1.3]),
    normLogPdf(0.4) - Math.log(2),
    1e-15,
    "x = 1.3",
  );
});

Deno.test("censoredModel() rejects bad samples and parameters, naming them", () => {
  const model = censoredModel(D2.b, D2.sigma);
  assert.throws(() => model.logLikelihood([1]), {
    name: "RangeError",
    message: /the sample has 1 entries, expected 2/,
  });
  assert.throws(() => model.logLikelihood([1, -0.5]), {
    name: "RangeError",
    message: /x\[1\] = -0.5 is not a finite non-negative number/,
  });
  assert.throws(() => model.score([1, 1], new Float64Array(4)), {
    name: "RangeError",
    message: /out has 4 entries, expected 5/,
  });
  assert.throws(
    () => censoredModel(Float64Array.of(0, 0), fromRows([[1, 2], [2, 1]])),
    { name: "RangeError", message: /Sigma is not positive definite/ },
  );
  assert.throws(
    () => censoredModel(Float64Array.of(0, 0), fromRows([[1, 0.2], [0.3, 1]])),
    { name: "RangeError", message: /Sigma is not symmetric/ },
  );
  assert.throws(
    () =>
      censoredModel(
        new Float64Array(4),
        fromRows([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]),
      ),
    { name: "RangeError", message: /d <= 3, got d = 4/ },
  );
  assert.throws(
    () => censoredModel(Float64Array.of(0, NaN), fromRows([[1, 0], [0, 1]])),
    { name: "RangeError", message: /b\[1\] is not finite/ },
  );
});
