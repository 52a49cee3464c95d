import assert from "node:assert/strict";
import {
  maximizePairLikelihood,
  pairDerivatives,
  pairLogLikelihood,
  PairScore,
  pairWorkspace,
} from "../../../core/estimators/_pairwise_likelihood.ts";
import { maskedGram } from "../../../core/kernels/masked_gram.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { drawFrom } from "./_censored_fixtures.ts";

Deno.test("maximizePairLikelihood() stops at the likelihood's stationary point", () => {
  // The score is a sum of O(n) terms, so its rounding error is ~1e-16·n·max
  // term; at n = 4000 the Newton distance |score/curvature| of the true
  // maximiser computed in doubles is ~1e-14. Stopping on the likelihood
  // value instead (whose changes near the peak are ½|ℓ''|δ², below its
  // rounding for δ ~ 1e-8) left pairs up to 3e-8 away.
  const w = fromRows([
    [1, 0, 0, 0],
    [0.6, 0.8, 0, 0],
    [-0.3, 0.4, 0.866, 0],
    [0.5, -0.5, 0.5, 0.5],
  ]);
  const b = new Float64Array([0.3, -0.4, 0.1, 0]);
  const g = maskedGram(drawFrom(w, b, 4_000, 7), { bins: 64 });
  const at = pairDerivatives();
  const marginal = { mu: [0.3, -0.4, 0.1, 0], sd: [1, 1, 1, 1] };
  for (let i = 0; i < 4; i++) {
    for (let j = i + 1; j < 4; j++) {
      const pair = {
        mu1: marginal.mu[i],
        sigma1: marginal.sd[i],
        mu2: marginal.mu[j],
        sigma2: marginal.sd[j],
      };
      for (const start of [-0.5, 0, 0.5]) {
        const best = maximizePairLikelihood(g, i, j, pair, start);
        pairLogLikelihood(g, i, j, pair, best.rho, at);
        assert.ok(at.curvature < 0, `pair ${i},${j}`);
        const distance = Math.abs(at.score / at.curvature);
        assert.ok(
          distance < 1e-12,
          `pair ${i},${j} from ${start}: ${distance}`,
        );
        // The reported information is the curvature at (or within 1e-7 of)
        // the maximum.
        assert.ok(
          Math.abs(best.information + at.curvature) <
            1e-6 * best.information,
        );
      }
    }
  }
});

Deno.test("pairLogLikelihood() does not depend on the pair evaluated before in its workspace", () => {
  const w = fromRows([[1, 0, 0], [0.6, 0.8, 0], [-0.3, 0.4, 0.866]]);
  const g = maskedGram(
    drawFrom(w, new Float64Array([0.2, -0.3, 0.4]), 2_000, 9),
    { bins: 16 },
  );
  const pairOf = (i: number, j: number) => ({
    mu1: [0.2, -0.3, 0.4][i],
    sigma1: 1,
    mu2: [0.2, -0.3, 0.4][j],
    sigma2: 1,
  });
  const first = pairDerivatives();
  const again = pairDerivatives();
  pairLogLikelihood(g, 0, 1, pairOf(0, 1), 0.3, first);
  // One workspace through pairs of other sizes and marginals, as in a fit.
  const work = pairWorkspace();
  maximizePairLikelihood(g, 1, 2, pairOf(1, 2), 0.1, work);
  pairLogLikelihood(g, 2, 0, pairOf(2, 0), -0.2, again, work);
  pairLogLikelihood(g, 0, 1, pairOf(0, 1), 0.3, again, work);
  assert.deepEqual(again, first);
  // Nor do two fits' workspaces interfere.
  const other = pairWorkspace();
  maximizePairLikelihood(g, 2, 0, pairOf(2, 0), -0.4, other);
  pairLogLikelihood(g, 0, 1, pairOf(0, 1), 0.3, again, work);
  assert.deepEqual(again, first);
});

Deno.test("PairScore.at() equals pairLogLikelihood().score bit for bit", () => {
  // The standard errors difference this score in the marginals (steps of
  // 1e-4·σ); it must be the same function, not an approximation of it.
  const w = fromRows([[1, 0, 0], [0.6, 0.8, 0], [-0.3, 0.4, 0.866]]);
  const g = maskedGram(
    drawFrom(w, new Float64Array([0.2, -0.3, 0.4]), 3_000, 11),
    { bins: 64 },
  );
  const mu = [0.2, -0.3, 0.4];
  const full = pairDerivatives();
  const scorer = new PairScore();
  let checked = 0;
  for (const [i, j] of [[0, 1], [1, 2], [2, 0]]) {
    scorer.load(g, i, j);
    for (const shift of [-1e-4, 0, 0.05]) {
      const pair = {
        mu1: mu[i] + shift,
        sigma1: 1 - shift,
        mu2: mu[j] - shift,
        sigma2: 1.1 + shift,
      };
      for (const rho of [-0.9, -0.2, 0, 0.35, 0.99]) {
        pairLogLikelihood(g, i, j, pair, rho, full);
        assert.ok(
          Object.is(scorer.at(pair, rho), full.score),
          `pair ${i},${j} shift ${shift} ρ ${rho}`,
        );
        checked++;
      }
    }
  }
  assert.equal(checked, 45);
});

Deno.test("PairScore.gradient() matches central differences of the score in each marginal parameter", () => {
  const w = fromRows([[1, 0, 0], [0.6, 0.8, 0], [-0.3, 0.4, 0.866]]);
  const g = maskedGram(
    drawFrom(w, new Float64Array([0.2, -0.3, 0.4]), 3_000, 5),
    { bins: 32 },
  );
  const score = new PairScore();
  const gradient = new Float64Array(4);
  const keys = ["mu1", "sigma1", "mu2", "sigma2"] as const;
  for (const [i, j] of [[0, 1], [0, 2], [1, 2]]) {
    score.load(g, i, j);
    for (const rho of [-0.4, 0.1, 0.7]) {
      // Off the fitted marginals, so that no term vanishes.
      const pair = { mu1: 0.25, sigma1: 1.1, mu2: -0.2, sigma2: 0.9 };
      score.gradient(pair, rho, gradient);
      keys.forEach((key, p) => {
        // Central differences with step 1e-5: truncation error ~1e-10 of
        // the third derivative, rounding ~1e-16·(score terms ~ n)/1e-5
        // ~ 1e-8 absolute against derivatives of order n = 3000; 1e-6
        // relative (of the largest component) is allowed.
        const step = 1e-5;
        const up = score.at({ ...pair, [key]: pair[key] + step }, rho);
        const down = score.at({ ...pair, [key]: pair[key] - step }, rho);
        const numeric = (up - down) / (2 * step);
        const scale = Math.max(...gradient.map(Math.abs));
        assert.ok(
          Math.abs(gradient[p] - numeric) < 1e-6 * scale,
          `pair ${i},${j} rho ${rho} ${key}: ${gradient[p]} against ${numeric}`,
        );
      });
    }
  }
});
