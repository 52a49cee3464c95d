/**
 * Produces the README's screenshots from real runs, through the dashboard:
 * docs/screenshots/run.png (run detail of a synthetic fit with standard
 * errors), docs/screenshots/compare.png (two experiments, each with paper and
 * the API's default method, compared), docs/screenshots/figure1.png (the
 * three Figure 1 panels at their default settings, with the paper's
 * reference values), and docs/screenshots/check.png and rank.png (the model
 * check and the rank view of a weather CSV, `_weather.ts`, both computed by
 * the server). Takes a few minutes; not part of `deno task test`.
 *
 * Usage: deno run -A tests/dashboard/doc_screenshots.ts [run] [compare]
 *   [figure1] [check] (no names: all four)
 *
 * @module
 */
import type { Browser, Page } from "playwright-core";
import { uploadWeather } from "./_weather.ts";
import type { MethodsResponse } from "../../dashboard/src/api/types.ts";
import {
  buildDashboard,
  DOC_SCREENSHOT_DIR,
  launchChromium,
  startServer,
  waitExperimentEnd,
} from "./_browser.ts";

const FIGURE1_TIMEOUT_MS = 15 * 60_000;

async function experiment(
  page: Page,
  methods: readonly string[],
  kappa: number,
): Promise<string> {
  await page.goto(`${page.url().split("#")[0]}#/experiment`);
  await page.waitForSelector(".methods input[type=checkbox]");
  await page.fill("#exp-d", "5");
  await page.fill("#exp-k", "5");
  await page.fill("#exp-kappa", String(kappa));
  await page.selectOption("#exp-sweep", "n");
  await page.fill("#exp-values", "5000, 20000, 50000");
  await page.fill("#exp-runs", "5");
  // The form starts with the API's default method and paper: add the rest.
  for (const m of methods) await page.check(`#exp-method-${m}`);
  const before = await page.evaluate(() =>
    document.querySelector("[data-testid=experiment-run-link]")?.textContent ??
      null
  );
  await page.click("[data-testid=start-experiment]");
  await page.waitForFunction((prev) => {
    const link = document.querySelector("[data-testid=experiment-run-link]");
    return link !== null && link.textContent !== prev;
  }, before);
  await waitExperimentEnd(page, 5 * 60_000);
  return (await page.textContent("[data-testid=experiment-run-link]"))!;
}

/** A synthetic fit with standard errors, then its run detail. */
async function runDetail(page: Page, method: string): Promise<string> {
  await page.goto(`${page.url().split("#")[0]}#/fit`);
  await page.waitForSelector(`#fit-method-${method}`);
  for (const box of await page.locator(".methods input:checked").all()) {
    await box.uncheck();
  }
  await page.check(`#fit-method-${method}`);
  await page.fill("#fit-d", "5");
  await page.fill("#fit-k", "5");
  // Few enough samples that the 95% bars are visible at the chart's scale.
  await page.fill("#fit-n", "1000");
  await page.fill("#fit-kappa", "2");
  const answer = page.waitForResponse((r) => r.url().includes("/api/fit"));
  await page.click("form button[type=submit]");
  const fit = await (await answer).json();
  await page.goto(`${page.url().split("#")[0]}#/runs/${fit.id}`);
  await page.waitForSelector("[data-testid=heatmap-sigma-hat] svg");
  await page.waitForSelector("[data-testid=run-detail] .chart svg");
  // Read one off-diagonal entry, as a user pointing at the map would.
  const map = page.locator("[data-testid=heatmap-sigma-hat] svg");
  const box = (await map.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.1);
  return fit.id;
}

/** Picks the methods of the Compare shot: paper and the API's default. */
function compareMethods(registry: MethodsResponse): string[] {
  const names = registry.methods.map((m) => m.name);
  const methods = [...new Set(["paper", registry.default])];
  // With paper as the default there is no gap to show: add the registry's
  // pairwise likelihood method (the most complete one-layer method).
  if (methods.length === 1 && names.includes("pairwise-mle")) {
    methods.push("pairwise-mle");
  }
  return methods.filter((m) => names.includes(m));
}

/** The first one-layer method that reports standard errors. */
async function methodWithSe(
  serverUrl: string,
  registry: MethodsResponse,
): Promise<string> {
  const preferred = [registry.default, "pairwise-mle", "censored"];
  for (const m of preferred) {
    if (!registry.methods.some((x) => x.name === m)) continue;
    const res = await fetch(`${serverUrl}/api/fit`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        method: m,
        samples: [[1, 0], [0, 2], [3, 1], [0.5, 0.2], [2, 0], [0, 0.7]],
      }),
    });
    const body = await res.json();
    if (res.ok && body.standardErrors) return m;
  }
  return registry.default;
}

/** The weather CSV fitted with its check, then a rank-1 fit asked for. */
async function weather(browser: Browser, serverUrl: string): Promise<void> {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
  });
  await page.goto(`${serverUrl}/#/fit`);
  await uploadWeather(page);
  await page.uncheck("#fit-col-4"); // precipitation and wind
  await page.click("form button[type=submit]");
  await page.waitForSelector("[data-testid=model-check]", { timeout: 120_000 });
  await page.locator("[data-testid=model-check]").screenshot({
    path: new URL("check.png", DOC_SCREENSHOT_DIR).pathname,
  });
  await page.locator("[data-testid=rank-view] input[type=number]").fill("1");
  await page.click("[data-testid=rank-k-submit]");
  await page.waitForSelector("[data-testid=rank-k-result]", {
    timeout: 120_000,
  });
  await page.locator("[data-testid=rank-view]").screenshot({
    path: new URL("rank.png", DOC_SCREENSHOT_DIR).pathname,
  });
  await page.close();
}

async function save(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: new URL(name, DOC_SCREENSHOT_DIR).pathname,
    fullPage: true,
  });
}

await buildDashboard();
await Deno.mkdir(DOC_SCREENSHOT_DIR, { recursive: true });
const server = await startServer();
const browser = await launchChromium();
const only = new Set(Deno.args);
const wants = (name: string) => only.size === 0 || only.has(name);
try {
  const registry: MethodsResponse = await (await fetch(
    `${server.url}/api/methods`,
  )).json();
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
  });
  await page.goto(`${server.url}/#/fit`);

  if (wants("run")) {
    const method = await methodWithSe(server.url, registry);
    const id = await runDetail(page, method);
    await save(page, "run.png");
    console.log(`run.png: fit ${id} (${method})`);
  }

  if (wants("compare")) {
    const methods = compareMethods(registry);
    const first = await experiment(page, methods, 1);
    const second = await experiment(page, methods, 10);
    await page.goto(`${server.url}/#/compare?ids=${first},${second}`);
    await page.waitForSelector("[data-testid=chart-errB] svg");
    await save(page, "compare.png");
    console.log(
      `compare.png: runs ${first}, ${second} (${methods.join(", ")})`,
    );
  }

  if (wants("check")) {
    await weather(browser, server.url);
    console.log("check.png, rank.png: weather CSV, answered by the server");
  }

  if (wants("figure1")) {
    const started = Date.now();
    await page.goto(`${server.url}/#/figure1`);
    await page.waitForSelector("#fig-method-paper");
    // At least the paper's method, whatever the default is.
    await page.check("#fig-method-paper");
    await page.click("form button[type=submit]");
    await page.waitForFunction(
      () => {
        const panels = ["left", "middle", "right"].map((id) =>
          document.querySelector(`[data-testid=figure1-${id}]`)
        );
        return panels.every((p) => p?.querySelector(".chart svg"));
      },
      undefined,
      { timeout: FIGURE1_TIMEOUT_MS, polling: 1000 },
    );
    await save(page, "figure1.png");
    console.log(
      `figure1.png: ${
        ((Date.now() - started) / 1000).toFixed(0)
      } s, ${page.url()}`,
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
