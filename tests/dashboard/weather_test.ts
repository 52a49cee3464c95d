/**
 * Real-looking data in Chromium, against the real server (`startServer`,
 * in-memory KV): a weather CSV written by R (`_weather.ts`), with row names,
 * a date column, a label column and missing cells, goes through the column
 * picker; the server reads it with the picked columns, drops the NA rows and
 * the row index, and computes the model check and rank analysis. The result
 * names its columns everywhere, the check flags precipitation (rain is
 * heavy-tailed, not a censored normal) and not wind, and the rank view asks
 * the server for a rank-1 fit; charts and files carry the names; History
 * shows the file name; the error curves of a small experiment over n are
 * drawn on log–log axes.
 *
 * The check is seeded, so its answer for this file is fixed: with 39
 * replicates precipitation gets the smallest p-value there is (1/40) and
 * wind 0.45.
 *
 * Skipped when Chromium is not installed.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  buildDashboard,
  hasChromium,
  launchChromium,
  SCREENSHOT_DIR,
  startServer,
  waitExperimentEnd,
  watchProblems,
} from "./_browser.ts";
import type { FitResponse } from "../../dashboard/src/api/types.ts";
import {
  describePValues,
  formatP,
} from "../../dashboard/src/lib/check_plots.ts";
import { uploadWeather, WEATHER_DAYS, WEATHER_NA_DAYS } from "./_weather.ts";

/**
 * Runs a small experiment over n from the Experiment view (paper and the
 * censored method) and returns its id once it is done.
 */
async function experimentOverN(page: Page, origin: string): Promise<string> {
  await page.goto(`${origin}/#/experiment`);
  await page.waitForSelector(".methods input[type=checkbox]");
  for (const box of await page.$$(".methods input[type=checkbox]:checked")) {
    await box.uncheck();
  }
  await page.check("#exp-method-paper");
  await page.check("#exp-method-censored");
  await page.fill("#exp-d", "3");
  await page.fill("#exp-k", "3");
  await page.selectOption("#exp-sweep", "n");
  await page.fill("#exp-values", "1000, 4000, 16000");
  await page.fill("#exp-runs", "2");
  await page.fill("#exp-seed", "1");
  await page.click("[data-testid=start-experiment]");
  assert.equal(await waitExperimentEnd(page, 120_000), "done");
  return (await page.textContent("[data-testid=experiment-run-link]"))!;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: new URL(`${name}.png`, SCREENSHOT_DIR).pathname,
    fullPage: true,
  });
}

/** Clicks `button` and returns the saved file's name and bytes. */
async function download(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; bytes: Uint8Array }> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await Deno.readFile(path) };
}

/** Texts of the SVG elements under `selector`. */
function texts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ""));
}

Deno.test({
  name: "dashboard: a weather CSV is fitted by name, checked and ranked",
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
        acceptDownloads: true,
      });
      const problems = watchProblems(page);
      // Nothing leaves the server's origin (the PNG of a chart is drawn
      // from a blob: URL of the page's own).
      page.on("request", (r) => {
        const url = r.url().replace(/^blob:/, "");
        if (!url.startsWith(`${server.url}/`)) {
          problems.push(`outside request: ${r.url()}`);
        }
      });
      await page.goto(`${server.url}/#/fit`);

      // The picker reads the header in the browser: numbers are ticked, the
      // row names (unnamed column 1) are not, dates and labels cannot be.
      await uploadWeather(page);
      assert.deepEqual(
        await texts(page, "[data-testid=column-picker] tbody label"),
        [
          "x1 (no name)",
          "date",
          "precipitation",
          "temp_max",
          "wind",
          "weather",
        ],
      );
      const ticked = async (n: number) => await page.isChecked(`#fit-col-${n}`);
      assert.deepEqual(
        await Promise.all([1, 2, 3, 4, 5, 6].map(ticked)),
        [false, false, true, true, true, false],
      );
      assert.ok(await page.isDisabled("#fit-col-2"), "dates are not numbers");
      assert.ok(await page.isDisabled("#fit-col-6"), "labels are not numbers");
      await page.uncheck("#fit-col-4");
      assert.match(
        (await page.textContent("[data-testid=columns-summary]"))!,
        /Fitting 2 of 6 columns: precipitation, wind\./,
      );
      assert.ok(await page.isChecked("#fit-check"), "check on for files");
      await page.fill("#fit-check-replicates", "39");
      await shot(page, "weather-picker");

      const response = page.waitForResponse((r) =>
        r.url().includes("/api/fit") && r.request().method() === "POST"
      );
      await page.click("form button[type=submit]");
      const answer: FitResponse = await (await response).json();
      const sent = new URL((await response).url()).searchParams;
      assert.equal(sent.get("columns"), "-2,-4,-6");
      assert.equal(sent.get("index"), "drop");
      assert.equal(sent.get("check"), "true");
      assert.equal(sent.get("checkReplicates"), "39");
      await page.waitForSelector("[data-testid=model-check]", {
        timeout: 60_000,
      });

      // How the data were read: row names and NA rows left out.
      const notes = (await page.textContent("[data-testid=data-notes]"))!;
      assert.match(notes, /row index and left out/);
      assert.match(
        notes,
        new RegExp(
          `left out ${WEATHER_NA_DAYS.length} of ${WEATHER_DAYS} rows`,
        ),
      );
      // Names on the heatmap's axes, the bias chart and the readout.
      assert.deepEqual(answer.columns, ["precipitation", "wind"]);
      assert.deepEqual(
        await texts(
          page,
          "[data-testid=heatmap-sigma-hat] :is(.row-labels, .col-labels) text",
        ),
        ["precipitation", "wind", "precipitation", "wind"],
      );
      assert.ok(
        (await texts(page, "[data-testid=bias-chart] .x-ticks text"))
          .join() === "precipitation,wind",
      );
      await page.focus("[data-testid=heatmap-sigma-hat] svg");
      await page.keyboard.press("ArrowRight");
      assert.match(
        (await page.textContent(
          "[data-testid=heatmap-sigma-hat] [data-testid=heatmap-readout]",
        ))!,
        /^Σ̂\[precipitation, wind\] = /,
      );

      // The misfit: precipitation flagged with its p-values, wind not.
      const rain = "[data-testid=check-coordinate][data-name=precipitation]";
      const wind = "[data-testid=check-coordinate][data-name=wind]";
      assert.equal(await page.getAttribute(rain, "data-flagged"), "true");
      assert.equal(await page.getAttribute(wind, "data-flagged"), "false");
      const [rainCheck, windCheck] = answer.check!.coordinates;
      assert.equal(rainCheck.flagged, true);
      assert.equal(windCheck.flagged, false);
      // No replicate of the fitted model looks as far off as the rain does.
      assert.equal(rainCheck.pValue, 1 / 40);
      assert.ok(
        (await page.textContent(`${rain} [data-testid=check-p]`))!.endsWith(
          describePValues(rainCheck.pValue, rainCheck.adjustedPValue),
        ),
      );
      assert.match(
        (await page.textContent("[data-testid=check-verdict]"))!,
        /does not fit 1 column \(precipitation\)/,
      );
      // The histogram of the positive values, the fitted density and the
      // zero shares are drawn; the QQ view is one click away.
      assert.ok(await page.$(`${rain} svg [data-testid=zero-shares]`));
      await page.locator("[data-testid=model-check]").getByLabel(
        "quantiles, fitted against data",
      ).check();
      assert.ok(await page.$(`${rain} svg circle`));
      await page.locator("[data-testid=model-check]").getByLabel(
        "histograms with the fitted density",
      ).check();
      const pCells = await texts(
        page,
        "[data-testid=check-pvalues] .cell-values text",
      );
      assert.deepEqual(pCells, [
        formatP(rainCheck.adjustedPValue),
        formatP(answer.check!.pairs[0].adjustedPValue),
        formatP(answer.check!.pairs[0].adjustedPValue),
        formatP(windCheck.adjustedPValue),
      ]);
      await page.locator("[data-testid=model-check]").screenshot({
        path: new URL("weather-check.png", SCREENSHOT_DIR).pathname,
      });

      // Rank: a scree chart, and a rank-1 fit asked for without the check.
      assert.match(
        (await page.textContent("[data-testid=rank-suggested]"))!,
        /Suggested k = \d of d = 2/,
      );
      await page.locator("[data-testid=rank-view] input[type=number]").fill(
        "1",
      );
      const rankRequest = page.waitForRequest((r) =>
        r.url().includes("/api/fit") && r.method() === "POST"
      );
      await page.click("[data-testid=rank-k-submit]");
      const rankSent = new URL((await rankRequest).url()).searchParams;
      assert.equal(rankSent.get("rank"), "1");
      assert.equal(rankSent.get("check"), null);
      await page.waitForSelector("[data-testid=rank-k-result]");
      assert.deepEqual(
        await texts(
          page,
          "[data-testid=heatmap-rank-w] :is(.row-labels, .col-labels) text",
        ),
        ["precipitation", "wind", "z1"],
      );
      await page.locator("[data-testid=rank-view]").screenshot({
        path: new URL("weather-rank.png", SCREENSHOT_DIR).pathname,
      });

      // Files carry the names: the fit's CSV, samples, a chart's SVG and PNG.
      const fitCsv = await download(
        page,
        () => page.getByRole("button", { name: "Download CSV" }).click(),
      );
      assert.match(
        new TextDecoder().decode(fitCsv.bytes).split("\n")[0],
        /^coordinate,name,b_hat,b_se,sigma_precipitation,sigma_wind$/,
      );
      const samples = await download(
        page,
        () => page.getByRole("button", { name: /samples of the fit/ }).click(),
      );
      assert.equal(
        new TextDecoder().decode(samples.bytes).split("\n")[0],
        "precipitation,wind",
      );
      const bias = page.locator("[data-testid=bias-chart]");
      const svg = await download(
        page,
        () => bias.getByRole("button", { name: "SVG" }).click(),
      );
      assert.match(svg.name, /bias\.svg$/);
      const svgText = new TextDecoder().decode(svg.bytes);
      assert.match(
        svgText,
        /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
      );
      assert.match(svgText, />precipitation</);
      const png = await download(
        page,
        () => bias.getByRole("button", { name: "PNG" }).click(),
      );
      assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      await shot(page, "weather-fit");

      // History names the file, filters by kind and says why Delete shows.
      await page.goto(`${server.url}/#/history`);
      await page.waitForSelector("[data-testid=history-table] tbody tr");
      assert.ok(
        (await texts(page, "[data-testid=run-file]")).includes(
          "seattle-weather.csv",
        ),
      );
      await page.selectOption("#history-kind", "fit");
      await page.waitForFunction(() =>
        [...document.querySelectorAll("[data-testid=history-table] tbody tr")]
          .every((tr) => tr.textContent?.includes("fit"))
      );
      assert.match(
        (await page.textContent("[data-testid=delete-note]"))!,
        /only beside runs created in this browser/,
      );
      await shot(page, "weather-history");

      // Error against n: log–log axes, on which the censored method's small
      // errors are spread out instead of lying on zero.
      const experimentId = await experimentOverN(page, server.url);
      await page.goto(`${server.url}/#/runs/${experimentId}`);
      const chart = "[data-testid=run-detail] [data-testid=chart-errSigma]";
      await page.waitForSelector(`${chart} svg`);
      assert.equal(await page.getAttribute(chart, "data-x-scale"), "log");
      assert.equal(await page.getAttribute(chart, "data-y-scale"), "log");
      const ticks = await page.$$eval(
        `${chart} .y-ticks text`,
        (els) =>
          els.map((e) => [Number(e.textContent), Number(e.getAttribute("y"))]),
      );
      // Equal ratios, equal distances: pixels per decade are the same
      // between any two ticks (0.02 → 0.05 as 0.1 → 0.2 in proportion).
      assert.ok(ticks.length >= 3, JSON.stringify(ticks));
      const perDecade = ticks.slice(1).map(([v, y], i) =>
        (ticks[i][1] - y) / Math.log10(v / ticks[i][0])
      );
      for (const p of perDecade) {
        assert.ok(Math.abs(p / perDecade[0] - 1) < 0.01, JSON.stringify(ticks));
      }
      const dots = async () =>
        await page.$$eval(
          `${chart} circle`,
          (els) =>
            els.filter((e) => e.textContent?.startsWith("censored"))
              .map((e) => Number(e.getAttribute("cy"))),
        );
      const spread = (ys: number[]) => Math.max(...ys) - Math.min(...ys);
      const logSpread = spread(await dots());
      await shot(page, "weather-log-curves");
      await page.locator("[data-testid=run-detail] .axes-toggle").getByLabel(
        "linear",
      ).check();
      assert.equal(await page.getAttribute(chart, "data-y-scale"), "linear");
      // On linear axes the censored curve (0.1 down to 0.0125) is squeezed
      // into the bottom third below paper's 0.3.
      assert.ok(logSpread > 2 * spread(await dots()), `${logSpread}`);

      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await server.stop();
    }
  },
});
