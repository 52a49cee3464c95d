/**
 * Helpers of the dashboard's browser tests: build the dashboard, start the
 * real server on a free port with an in-memory KV, and drive headless
 * Chromium through playwright-core.
 *
 * @module
 */
import { type Browser, chromium, type Page } from "playwright-core";

const ROOT = new URL("../../", import.meta.url);

/** Where Debian installs Chromium (override with CHROMIUM_PATH). */
export const CHROMIUM_PATH = Deno.env.get("CHROMIUM_PATH") ??
  "/usr/bin/chromium";

/**
 * Whether a Chromium binary is present, so tests can be skipped without one.
 * CI sets REQUIRE_BROWSER=1: there a missing browser fails the run instead of
 * silently skipping the browser tests.
 */
export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM_PATH).isFile;
  } catch {
    if (Deno.env.get("REQUIRE_BROWSER") === "1") {
      throw new Error(
        `Cannot run the browser tests: no Chromium at ${CHROMIUM_PATH} and REQUIRE_BROWSER=1`,
      );
    }
    return false;
  }
}

let built: Promise<string> | null = null;

/**
 * Runs `deno run -A dashboard/build.ts` once per test process (later calls
 * share the first build); throws with its output on failure.
 */
export function buildDashboard(): Promise<string> {
  built ??= runBuild();
  return built;
}

async function runBuild(): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "dashboard/build.ts"],
    cwd: ROOT.pathname,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`Cannot build the dashboard:\n${text}`);
  return text;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** A running server process. */
export interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts `functions/main.ts` and waits until `/api/health` answers; `env`
 * adds settings (see `functions/config.ts`).
 */
export async function startServer(
  env: Readonly<Record<string, string>> = {},
): Promise<Server> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "functions/main.ts"],
    cwd: ROOT.pathname,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      KV_PATH: ":memory:",
      NO_COLOR: "1",
      ...env,
    },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  const stderr: string[] = [];
  const decoder = new TextDecoder();
  const drain = child.stderr.pipeTo(
    new WritableStream({
      write: (chunk) => void stderr.push(decoder.decode(chunk)),
    }),
  ).catch(() => {});
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await child.status;
    await drain;
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/health`);
      await res.body?.cancel();
      if (res.ok) return { url, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`Cannot start the server on ${url}:\n${stderr.join("")}`);
}

/** Launches headless Chromium with flags that keep it off the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** The test-output folder for screenshots (git-ignored). */
export const SCREENSHOT_DIR = new URL("test-output/screenshots/", ROOT);

/** The committed README screenshots. */
export const DOC_SCREENSHOT_DIR = new URL("docs/screenshots/", ROOT);

/**
 * Collects what goes wrong on `page` (console errors, uncaught exceptions)
 * into the returned list, which a test expects to stay empty.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page: ${e.message}`));
  return problems;
}

/**
 * Waits until the Experiment view's run has ended ("done" or "failed") and
 * returns its status.
 */
export async function waitExperimentEnd(
  page: Page,
  timeout: number,
): Promise<string> {
  await page.waitForFunction(
    () => {
      const s = document.querySelector("[data-testid=experiment-status]");
      return s?.textContent === "done" || s?.textContent === "failed";
    },
    undefined,
    { timeout, polling: 500 },
  );
  return (await page.textContent("[data-testid=experiment-status]"))!;
}
