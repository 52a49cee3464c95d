/**
 * Samples of any magnitude: the answer holds finite numbers or is an error
 * naming the problem, never a `null` where a number was (which the cache
 * would then keep).
 */
import assert from "node:assert/strict";
import { post, sampleRows, withApp } from "../_app.ts";

function scaledCsv(c: number): string {
  return sampleRows(60).map((row) => row.map((v) => v * c).join(",")).join(
    "\n",
  ) + "\n";
}

/** Every number in `value`, with where it is. */
function numbersIn(value: unknown, path = ""): [string, unknown][] {
  if (value === null) return [[path, null]];
  if (typeof value === "number") return [[path, value]];
  if (typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) =>
    numbersIn(v, `${path}.${k}`)
  );
}

/** got = c · want, to 1e-9 of the largest entry of c · want. */
function assertScaled(got: number[], want: number[], c: number, what: string) {
  const scale = Math.max(...want.map((v) => Math.abs(c * v)));
  got.forEach((v, i) =>
    assert.ok(
      Math.abs(v - c * want[i]!) <= 1e-9 * scale,
      `${what}[${i}] at ${c}`,
    )
  );
}

Deno.test("POST /api/fit answers data near 1e150 and 1e-150 with finite estimates in scale", async () => {
  await withApp(async (app) => {
    const fit = async (c: number) => {
      const res = await app.request(
        "/api/fit?seed=2",
        post(scaledCsv(c), "text/csv"),
      );
      assert.equal(res.status, 200);
      return await res.json();
    };
    const base = await fit(1);
    for (const c of [1e150, 1e-150]) {
      const answer = await fit(c);
      for (const [path, v] of numbersIn(answer)) {
        assert.ok(Number.isFinite(v), `${c}: ${path} is ${v}`);
      }
      // Inputs rounded once (2^-53 relative), passed through a
      // well-conditioned fit: 1e-9 of the largest entry is ample.
      assertScaled(answer.b, base.b, c, "b");
      assertScaled(answer.sigma.flat(), base.sigma.flat(), c * c, "sigma");
    }
  });
});

Deno.test("POST /api/fit answers 422 naming Sigma_hat for data near 1e200 and 1e-200, every time", async () => {
  await withApp(async (app) => {
    for (const [c, words] of [[1e200, "1e400"], [1e-200, "1e-400"]] as const) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await app.request(
          "/api/fit",
          post(scaledCsv(c), "text/csv"),
        );
        const body = await res.json();
        assert.equal(res.status, 422, JSON.stringify(body));
        assert.equal(body.error.code, "invalid_input");
        assert.match(
          body.error.message,
          new RegExp(
            `^Cannot fit: Sigma_hat would have entries of about ${words}, `,
          ),
        );
      }
    }
  });
});

Deno.test("POST /api/sample answers 422 for W and b whose samples could overflow, instead of nulls", async () => {
  await withApp(async (app) => {
    const res = await app.request("/api/sample", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ W: [[1e308, 1e308], [1, 0]], b: [0, 0], n: 7 }),
    });
    const body = await res.json();
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.match(
      body.error.message,
      /^Cannot sample D\(W, b\): row 0 of W z \+ b may exceed the largest double/,
    );
  });
});
