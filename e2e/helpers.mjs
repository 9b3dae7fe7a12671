// Shared set-up for the end-to-end tests: the release build (dist/) on a
// plain static server, Debian's Chromium driven by playwright-core, and a
// fresh browser context per test, which fails the test on any uncaught error.
import { after, afterEach, before, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
export const SCREENSHOTS = new URL("../docs/screenshots/", import.meta.url).pathname;
export const TIMEOUT = 15_000;

/// The release build of the demo (dist/) on a plain static server.
async function serveDist() {
  if (!existsSync("dist/index.html")) throw new Error("dist/ is missing: run `trunk build --release --offline` first");
  return serve("dist");
}

/// Registers the hooks; returns an object whose fields are set per test:
/// `url` (the server), `page`, `context`, `problems` (uncaught errors), and
/// `open(options)`, which replaces the context and page with fresh ones.
/// `start` starts the server under test and resolves to `{ server, url }`
/// (`server.close()` stops it); by default, the demo's release build.
export function setup(contextOptions = {}, start = serveDist) {
  const t = { url: "", browser: null, server: null, context: null, page: null, problems: [], console: [] };
  before(async () => {
    const { server, url } = await start();
    t.server = server;
    t.url = url;
    t.browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  after(async () => {
    await t.browser?.close();
    t.server?.close();
  });
  // A fresh context and page: the sandbox's state and the service worker
  // start over. `options` are Playwright context options (colorScheme…).
  t.open = async (options = {}) => {
    await t.context?.close();
    t.context = await t.browser.newContext(
      Object.assign({ viewport: { width: 900, height: 700 } }, contextOptions, options),
    );
    t.context.setDefaultTimeout(TIMEOUT);
    // Any Content-Security-Policy violation fails the test.
    await t.context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
      });
    });
    t.page = await t.context.newPage();
    t.page.on("pageerror", (error) => t.problems.push(`uncaught: ${error.message}`));
    t.page.on("console", (message) => {
      const text = message.text();
      t.console.push(text);
      // Chromium logs every HTTP error status it receives; those are answers
      // the tests ask for, not faults of the page.
      if (/^Failed to load resource: the server responded with a status of/.test(text)) return;
      if (message.type() === "error" || /panicked|RuntimeError|unreachable/.test(text)) {
        t.problems.push(`console ${message.type()}: ${text}`);
      }
    });
  };
  beforeEach(async () => {
    t.problems = [];
    t.console = [];
    await t.open();
  });
  afterEach(async () => {
    await t.context?.close();
    assert.deepEqual(t.problems, [], "the page logged errors");
  });
  return t;
}

/// The component on the page.
export function component(page) {
  return page.getByRole("region", { name: "Bank connection" });
}

/// Opens the demo and switches the sandbox to `scenario` through its
/// switcher, once the first check has settled (a status request still on its
/// way when the scenario changes would take the new scenario's first answer:
/// the sandbox counts the failures it was told to give). Returns once the
/// check has restarted, so that nothing on screen is left from the old
/// scenario; every sandbox answer takes at least 250 ms, long enough to see
/// the restart.
export async function openScenario(t, scenario) {
  await t.page.goto(t.url + "/");
  if (!scenario) return;
  const busy = (value) => component(t.page).and(t.page.locator(`[aria-busy="${value}"]`));
  await busy(false).waitFor();
  await t.page.getByLabel("Scenario").selectOption(scenario);
  await busy(true).waitFor();
}

/// Saves a picture of the component for the README.
export async function picture(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await component(page).screenshot({ path: `${SCREENSHOTS}${name}.png`, animations: "disabled" });
}

/// The fixture account shared with the Rust tests and the sandbox: Aerosync's
/// account answer, sensitive fields included.
export const FIXTURE = JSON.parse(readFileSync(new URL("../public/sandbox/account.json", import.meta.url), "utf8"));

/// The fixture's answer with another status.
export function fixtureAnswer(status) {
  return { ...FIXTURE, account: { ...FIXTURE.account, connectionStatus: status } };
}
