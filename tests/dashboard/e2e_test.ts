/**
 * End-to-end: the real server and the built dashboard in headless Chromium.
 * Runs two tiny experiments from the Experiment view, compares them, and
 * checks that every number the Compare table shows is the API's, formatted.
 * Screenshots of each view go to test-output/screenshots/.
 *
 * Skipped when Chromium is not installed (apt-get install -y chromium).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  formatEntry,
  formatMeanStd,
  formatMetric,
} from "../../dashboard/src/lib/format.ts";
import type { RunRecord } from "../../dashboard/src/api/types.ts";
import {
  buildDashboard,
  hasChromium,
  launchChromium,
  SCREENSHOT_DIR,
  startServer,
  watchProblems,
} from "./_browser.ts";
import { pointsOf } from "../../dashboard/src/lib/run_points.ts";

/** 200 rows of d non-negative values that vary enough for every method. */
function pastedCsv(d: number): string {
  const rows: string[] = [];
  for (let i = 0; i < 200; i++) {
    const row = Array.from(
      { length: d },
      (_, j) => Math.max(0, Math.sin(i * (j + 1.3)) + 0.2 * j).toFixed(4),
    );
    rows.push(row.join(","));
  }
  return rows.join("\n") + "\n";
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: new URL(`${name}.png`, SCREENSHOT_DIR).pathname,
    fullPage: true,
  });
}

/** Fills the Experiment form with a tiny sweep and waits for the run to end. */
async function runExperiment(page: Page, seed: number): Promise<string> {
  await page.goto(`${page.url().split("#")[0]}#/experiment`);
  await page.fill("#exp-d", "3");
  await page.fill("#exp-k", "3");
  await page.selectOption("#exp-sweep", "n");
  await page.fill("#exp-values", "2000, 4000");
  await page.fill("#exp-runs", "2");
  await page.fill("#exp-seed", String(seed));
  // A new run replaces the one shown: wait for its link to change.
  const before = await page.evaluate(() =>
    document.querySelector("[data-testid=experiment-run-link]")?.textContent ??
      null
  );
  await page.click("[data-testid=start-experiment]");
  await page.waitForFunction(
    (prev) => {
      const link = document.querySelector("[data-testid=experiment-run-link]");
      const status = document.querySelector("[data-testid=experiment-status]");
      return link && link.textContent !== prev &&
        (status?.textContent === "done" || status?.textContent === "failed");
    },
    before,
    { timeout: 60_000 },
  );
  assert.equal(
    await page.textContent("[data-testid=experiment-status]"),
    "done",
  );
  return (await page.textContent("[data-testid=experiment-run-link]"))!;
}

Deno.test({
  name: "dashboard: experiment → compare shows the API's numbers",
  ignore: !hasChromium(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await buildDashboard();
    await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
    const server = await startServer();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({
        viewport: { width: 1280, height: 900 },
      });
      const problems = watchProblems(page);
      page.on("request", (r) => {
        if (!r.url().startsWith(server.url)) {
          problems.push(`outside request: ${r.url()}`);
        }
      });

      await page.goto(`${server.url}/#/fit`);
      await page.waitForSelector(
        "#fit-method-paper, .methods input[type=checkbox]",
      );
      await page.fill("#fit-d", "3");
      await page.fill("#fit-k", "3");
      await page.fill("#fit-n", "2000");
      // Fit with paper alone (the default method is another one): an option
      // from paper's spec (GET /api/methods) travels in `options`.
      for (
        const box of await page.$$(".methods input[type=checkbox]:checked")
      ) {
        await box.uncheck();
      }
      await page.check("#fit-method-paper");
      await page.waitForSelector("#fit-opt-paper-B");
      assert.equal(await page.inputValue("#fit-opt-paper-B"), "1", "default");
      await page.fill("#fit-opt-paper-B", "3");
      const jsonFit = page.waitForResponse((r) =>
        r.url().includes("/api/fit") && r.request().method() === "POST"
      );
      await page.click("form button[type=submit]");
      const jsonAnswer = await (await jsonFit).json();
      assert.equal(jsonAnswer.options.B, 3, "the answer's options");
      // The synthetic source sends its truth; the API answers its metrics.
      assert.equal(jsonAnswer.truth.sigma.length, 3);
      assert.equal(typeof jsonAnswer.metrics.errSigma, "number");
      assert.equal(
        JSON.parse((await jsonFit).request().postData()!).options.B,
        3,
      );
      await page.waitForSelector("[data-testid=fit-result] svg");
      // The keyboard reads Σ̂ entries: focus the map, move right.
      await page.focus("[data-testid=heatmap-sigma-hat] svg");
      await page.keyboard.press("ArrowRight");
      assert.equal(
        await page.textContent(
          "[data-testid=heatmap-sigma-hat] [data-testid=heatmap-readout]",
        ),
        // Samples drawn in the browser have the default names x1, x2, ….
        `Σ̂[x1, x2] = ${formatEntry(jsonAnswer.sigma[0][1])}`,
      );
      await shot(page, "fit");

      // Pasted CSV: the option goes in the query string instead. The model
      // check is on by default for pasted data; this fit asks for none.
      await page.check("#fit-source-paste");
      await page.fill("#fit-paste", pastedCsv(jsonAnswer.d));
      assert.ok(await page.isChecked("#fit-check"), "check on for pasted data");
      await page.uncheck("#fit-check");
      await page.fill("#fit-opt-paper-B", "2");
      const csvFit = page.waitForResponse((r) =>
        r.url().includes("/api/fit") && r.request().method() === "POST"
      );
      await page.click("form button[type=submit]");
      const csvResponse = await csvFit;
      assert.equal(new URL(csvResponse.url()).searchParams.get("B"), "2");
      assert.equal(new URL(csvResponse.url()).searchParams.get("check"), null);
      assert.equal((await csvResponse.json()).options.B, 2);
      // An out-of-range value is flagged before anything is sent.
      await page.fill("#fit-opt-paper-B", "0");
      assert.equal(
        await page.getAttribute("#fit-opt-paper-B", "aria-invalid"),
        "true",
      );
      assert.ok(await page.isDisabled("form button[type=submit]"));
      await page.fill("#fit-opt-paper-B", "1");
      await page.check("#fit-source-synthetic");

      // A bootstrap gives paper (no analytic SEs) error bars.
      await page.fill("#fit-bootstrap", "10");
      const bootFit = page.waitForResponse((r) =>
        r.url().includes("/api/fit") && r.request().method() === "POST"
      );
      await page.click("form button[type=submit]");
      const bootResponse = await bootFit;
      assert.equal(
        JSON.parse(bootResponse.request().postData()!).bootstrap,
        10,
      );
      const bootAnswer = await bootResponse.json();
      assert.equal(bootAnswer.standardErrors.b.length, bootAnswer.d);
      assert.equal(bootAnswer.diagnostics.standardErrorsFrom, "bootstrap");
      await page.waitForSelector(
        "[data-testid=se-source][data-source=bootstrap]",
      );
      await page.waitForSelector(".fit-bias svg");
      await shot(page, "fit-bootstrap");
      await page.fill("#fit-bootstrap", "0");

      const first = await runExperiment(page, 1);
      await shot(page, "experiment");
      const second = await runExperiment(page, 2);
      assert.notEqual(first, second);

      await page.goto(`${server.url}/#/runs/${first}`);
      await page.waitForSelector("[data-testid=run-detail] table.points");
      await page.waitForSelector("[data-testid=chart-errSigma] svg");
      // Error against n starts on log–log axes, and switches to linear.
      const errSigmaChart =
        "[data-testid=run-detail] [data-testid=chart-errSigma]";
      assert.equal(
        await page.getAttribute(errSigmaChart, "data-x-scale"),
        "log",
      );
      assert.equal(
        await page.getAttribute(errSigmaChart, "data-y-scale"),
        "log",
      );
      await shot(page, "run-detail");
      await page.locator("[data-testid=run-detail] .axes-toggle").getByLabel(
        "linear",
      ).check();
      assert.equal(
        await page.getAttribute(errSigmaChart, "data-y-scale"),
        "linear",
      );

      // Pick both runs in History and open Compare from there.
      await page.goto(`${server.url}/#/history`);
      for (const id of [first, second]) {
        await page.check(`input[aria-label="Select run ${id} to compare"]`);
      }
      await shot(page, "history");
      await page.click("[data-testid=compare-selected]");
      await page.waitForSelector("[data-testid=compare-table] td[data-cell]");
      await page.waitForSelector("[data-testid=chart-errB] svg");
      await shot(page, "compare");

      let checked = 0;
      let expected = 0;
      for (const id of [first, second]) {
        const run: RunRecord =
          await (await fetch(`${server.url}/api/runs/${id}`)).json();
        assert.equal(run.status, "done");
        // The form starts with the default method plus paper: 2 values each.
        const points = pointsOf(run);
        const methods = new Set(points.map((p) => p.method));
        assert.ok(
          methods.has("paper") && methods.size === 2,
          [...methods].join(),
        );
        assert.equal(points.length, 2 * methods.size);
        expected += 2 * points.length;
        for (const p of points) {
          for (const metric of ["errSigma", "errB"] as const) {
            const cell = `${id}|${p.method}|${p.value}|${metric}`;
            const text = await page.textContent(`td[data-cell="${cell}"]`);
            assert.equal(text, formatMeanStd(p[metric]), cell);
            checked++;
          }
        }
      }
      assert.equal(checked, expected);

      await page.setViewportSize({ width: 390, height: 844 });
      await shot(page, "compare-phone");
      await page.setViewportSize({ width: 1280, height: 900 });

      // The synthetic fit, opened later from History, still has its truth
      // and shows the API's metrics.
      await page.goto(`${server.url}/#/history`);
      await page.click(`a[href="#/runs/${jsonAnswer.id}"]`);
      const truthMap =
        "[data-testid=run-detail] [data-testid=heatmap-sigma-truth]";
      await page.waitForSelector(`${truthMap} svg`);
      await page.focus(`${truthMap} svg`);
      await page.keyboard.press("ArrowRight");
      // Opened later, the fit is named by the stored columns, or numbered.
      const stored: RunRecord =
        await (await fetch(`${server.url}/api/runs/${jsonAnswer.id}`)).json();
      const columns = (stored.result as { columns?: string[] }).columns;
      assert.equal(
        await page.textContent(`${truthMap} [data-testid=heatmap-readout]`),
        `Σ[${columns?.[0] ?? 1}, ${columns?.[1] ?? 2}] = ${
          formatEntry(jsonAnswer.truth.sigma[0][1])
        }`,
      );
      assert.equal(
        await page.textContent(
          "[data-testid=run-detail] td[data-metric=errSigma]",
        ),
        formatMetric(jsonAnswer.metrics.errSigma),
      );
      await shot(page, "run-detail-fit-truth");

      // The fits made first are ours: History offers to delete them.
      await page.goto(`${server.url}/#/history`);
      await page.waitForSelector("[data-testid=history-table] tbody tr");
      const rows = await page.locator("[data-testid=history-table] tbody tr")
        .count();
      assert.equal(rows, 5, "three fits and two experiments");
      for (const left of [4, 3, 2]) {
        await page.locator("tr", { hasText: "fit with" }).first()
          .getByRole("button", { name: "Delete" }).click();
        await page.waitForFunction(
          (n) =>
            document.querySelectorAll("[data-testid=history-table] tbody tr")
              .length === n,
          left,
        );
      }
      // Listing needs the owner tokens, which this browser keeps.
      const tokens: Record<string, string> = JSON.parse(
        await page.evaluate(() => localStorage.getItem("rg.ownerTokens")) ??
          "{}",
      );
      const listed = await (await fetch(`${server.url}/api/runs?limit=10`, {
        headers: {
          authorization: `Bearer ${Object.values(tokens).join(", ")}`,
        },
      })).json();
      const anonymous = await (await fetch(`${server.url}/api/runs`)).json();
      assert.deepEqual(anonymous.runs, [], "nobody else lists them");
      assert.deepEqual(
        listed.runs.map((r: RunRecord) => r.id).sort(),
        [first, second].sort(),
      );

      await page.goto(`${server.url}/#/figure1`);
      await page.waitForSelector("[data-testid=paper-reference]");
      await shot(page, "figure1");

      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await server.stop();
    }
  },
});
