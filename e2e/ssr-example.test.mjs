// The server-rendered example (examples/ssr, axum + leptos_axum): the server's
// HTML shows the loading state, the browser hydrates it and runs the whole
// flow on the demo's sandbox. Build it first: scripts/ssr-example.sh.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { component, setup } from "./helpers.mjs";

const BINARY = process.env.SSR_EXAMPLE_BIN || "target/debug/aerosync-reconnect-ssr-example";
const SITE = "target/ssr-example";
const LABEL = "Chase Checking ••••1234";

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/// Starts the example's server and waits until it answers.
async function startExample() {
  for (const needed of [BINARY, `${SITE}/pkg/aerosync_reconnect_ssr_example.js`]) {
    if (!existsSync(needed)) throw new Error(`${needed} is missing: run scripts/ssr-example.sh first`);
  }
  const port = await freePort();
  const child = spawn(BINARY, [], {
    env: { ...process.env, LISTEN: `127.0.0.1:${port}`, SITE_ROOT: SITE },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the example server exited with ${code}`)));
    child.stdout.on("data", (chunk) => {
      if (String(chunk).includes("listening on")) resolve();
    });
  });
  return { server: { close: () => child.kill() }, url: `http://127.0.0.1:${port}` };
}

const t = setup({}, startExample);

const widget = () => t.page.frameLocator("iframe#aerosync-widget");
const reconnect = () => t.page.getByRole("button", { name: "Reconnect your bank" });

/// Opens the page on a fresh sandbox (its state lives in the service worker's cache).
async function open() {
  await t.page.goto(t.url + "/");
  await t.page.getByText(`Your connection to ${LABEL} has expired.`).waitFor();
}

test("the server serves the component's stylesheet from the crate, and the page uses it", async () => {
  const response = await fetch(t.url + "/style/aerosync-reconnect.css");
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type"), /^text\/css/);
  assert.match(await response.text(), /\.aerosync-reconnect \{/);
  await open();
  // The stylesheet's own rules apply: the root gets its tone border, and
  // the element that holds it has no box of its own.
  const styles = await t.page.evaluate(() => ({
    border: getComputedStyle(document.querySelector(".aerosync-reconnect")).borderLeftWidth,
    host: getComputedStyle(document.querySelector(".aerosync-reconnect-host")).display,
  }));
  assert.deepEqual(styles, { border: "6px", host: "contents" });
});

test("the server renders the loading state into the page's HTML", async () => {
  const response = await fetch(t.url + "/");
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, /<section[^>]*aria-label="Bank connection"[^>]*>/);
  assert.ok(html.includes("Checking your bank connection…"), html);
  assert.ok(html.includes('aria-busy="true"'), html);
  // No button to press until the status is known: it is in the markup, hidden.
  assert.match(html, /<button[^>]*\shidden[\s>]/);
});

test("hydrated, the happy path: expired → reconnect → the same account → connected", async () => {
  await open();
  await reconnect().click();
  await widget().getByRole("button", { name: "Chase Checking ••••1234" }).click();
  await component(t.page).getByRole("status").getByText(`${LABEL} is connected`).waitFor();
  await t.page.getByText("reconnected 7b0e6c1a-5d2f-4e8a-9c3b-5a1d0c0e1234").waitFor();
  assert.equal(await t.page.locator("#aerosync-widget-container").count(), 0);
  // One component, hydrated in place: the server's markup was taken over, not duplicated.
  assert.equal(await t.page.getByRole("region", { name: "Bank connection" }).count(), 1);
});

test("hydrated, a different account is rejected and the original one is asked for", async () => {
  await open();
  await reconnect().click();
  await widget().getByRole("button", { name: "Chase Checking ••••9876" }).click();
  await t.page
    .getByRole("alert")
    .getByText(`That's a different account. Please reconnect ${LABEL}, the account you originally linked.`)
    .waitFor();
  await t.page.getByText(/different account; discard c9876-/).waitFor();
  await t.page.getByRole("button", { name: "Try again" }).click();
  await widget().getByRole("button", { name: "Chase Checking ••••1234" }).click();
  await t.page.getByText(`${LABEL} is connected`).waitFor();
});
