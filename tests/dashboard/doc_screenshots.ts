/**
 * Produces the README's screenshots from real runs, through the dashboard:
 * docs/screenshots/compare.png (two experiments compared) and
 * docs/screenshots/figure1.png (the three Figure 1 panels at their default
 * settings). Takes a few minutes; not part of `deno task test`.
 *
 * Usage: deno run -A tests/dashboard/doc_screenshots.ts
 *
 * @module
 */
import type { Page } from "playwright-core";
import type { MethodsResponse } from "../../dashboard/src/api/types.ts";
import {
  buildDashboard,
  DOC_SCREENSHOT_DIR,
  launchChromium,
  startServer,
} from "./_browser.ts";

const FIGURE1_TIMEOUT_MS = 15 * 60_000;

async function waitDone(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const s = document.querySelector("[data-testid=experiment-status]");
      return s?.textContent === "done" || s?.textContent === "failed";
    },
    undefined,
    { timeout, polling: 500 },
  );
}

async function experiment(
  page: Page,
  methods: readonly string[],
  kappa: number,
): Promise<string> {
  await page.goto(`${page.url().split("#")[0]}#/experiment`);
  await page.fill("#exp-d", "5");
  await page.fill("#exp-k", "5");
  await page.fill("#exp-kappa", String(kappa));
  await page.selectOption("#exp-sweep", "n");
  await page.fill("#exp-values", "5000, 10000, 20000, 50000");
  await page.fill("#exp-runs", "5");
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
  await waitDone(page, 5 * 60_000);
  return (await page.textContent("[data-testid=experiment-run-link]"))!;
}

await buildDashboard();
await Deno.mkdir(DOC_SCREENSHOT_DIR, { recursive: true });
const server = await startServer();
const browser = await launchChromium();
try {
  const registry: MethodsResponse = await (await fetch(
    `${server.url}/api/methods`,
  )).json();
  // One-layer methods only: a two-layer model estimates a different Sigma.
  const methods = registry.methods.map((m) => m.name)
    .filter((name) => !/two/i.test(name)).slice(0, 3);
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
  });
  await page.goto(`${server.url}/#/experiment`);
  await page.waitForSelector(".methods input[type=checkbox]");

  const first = await experiment(page, methods, 1);
  const second = await experiment(page, methods, 10);
  await page.goto(`${server.url}/#/compare?ids=${first},${second}`);
  await page.waitForSelector("[data-testid=chart-errB] canvas");
  await page.screenshot({
    path: new URL("compare.png", DOC_SCREENSHOT_DIR).pathname,
    fullPage: true,
  });
  console.log(`compare.png: runs ${first}, ${second} (${methods.join(", ")})`);

  const started = Date.now();
  await page.goto(`${server.url}/#/figure1`);
  await page.waitForSelector("#fig-method option", { state: "attached" });
  await page.click("form button[type=submit]");
  await page.waitForFunction(
    () => {
      const panels = ["left", "middle", "right"].map((id) =>
        document.querySelector(`[data-testid=figure1-${id}]`)
      );
      return panels.every((p) => p?.querySelector(".chart canvas"));
    },
    undefined,
    { timeout: FIGURE1_TIMEOUT_MS, polling: 1000 },
  );
  await page.screenshot({
    path: new URL("figure1.png", DOC_SCREENSHOT_DIR).pathname,
    fullPage: true,
  });
  console.log(
    `figure1.png: ${
      ((Date.now() - started) / 1000).toFixed(0)
    } s, ${page.url()}`,
  );
} finally {
  await browser.close();
  await server.stop();
}
