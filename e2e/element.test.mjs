// <aerosync-reconnect> on a plain HTML page (examples/element, laid out with
// the element's package and the demo's sandbox by scripts/build-element.sh).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { serve } from "./serve.mjs";
import { setup } from "./helpers.mjs";

const SITE = "target/element-site";
const CONNECTION = "7b0e6c1a-5d2f-4e8a-9c3b-5a1d0c0e1234";
const LABEL = "Chase Checking ••••1234";

async function serveSite() {
  if (!existsSync(`${SITE}/aerosync-reconnect/aerosync-reconnect.js`)) {
    throw new Error(`${SITE} is missing: run scripts/build-element.sh first`);
  }
  return serve(SITE);
}

const t = setup({}, serveSite);
const element = () => t.page.locator("aerosync-reconnect").first();
const widget = () => t.page.frameLocator("iframe#aerosync-widget");
const reconnect = () => t.page.getByRole("button", { name: "Reconnect your bank" });

/// Records every aerosync-* event with its detail, from before any script runs.
async function recordEvents() {
  await t.context.addInitScript(() => {
    window.__events = [];
    for (const type of ["aerosync-reconnected", "aerosync-different-account", "aerosync-closed", "aerosync-error"]) {
      document.addEventListener(type, (event) => {
        window.__events.push({ type, detail: event.detail, bubbles: event.bubbles, composed: event.composed });
      });
    }
  });
}
const events = () => t.page.evaluate(() => window.__events);

async function open(scenario) {
  await t.page.goto(t.url + "/");
  await reconnect().or(t.page.getByText(/is connected|removed this connection/)).first().waitFor();
  if (scenario) {
    await t.page.evaluate(async (scenario) => {
      await fetch("sandbox-api/__sandbox/scenario", { method: "POST", body: JSON.stringify({ scenario }) });
    }, scenario);
    await t.page.reload();
  }
}

test("the element shows the expired connection and reconnects the same account", async () => {
  await recordEvents();
  await open();
  await t.page.getByText(`Your connection to ${LABEL} has expired.`).waitFor();
  await reconnect().click();
  await widget().getByRole("button", { name: "Chase Checking ••••1234" }).click();
  await t.page.getByRole("status").getByText(`${LABEL} is connected`).waitFor();
  assert.equal(await t.page.locator("#aerosync-widget-container").count(), 0);
  const seen = await events();
  assert.deepEqual(seen, [
    { type: "aerosync-reconnected", detail: { connectionId: CONNECTION }, bubbles: true, composed: true },
  ]);
  // The page prints it too.
  await t.page.getByRole("region", { name: "Events" }).getByText(`aerosync-reconnected {"connectionId":"${CONNECTION}"}`).waitFor();
});

test("a different account is rejected with its event, then the original one reconnects", async () => {
  await recordEvents();
  await open();
  await reconnect().click();
  await widget().getByRole("button", { name: "Chase Checking ••••9876" }).click();
  await t.page.getByText(`That's a different account. Please reconnect ${LABEL}, the account you originally linked.`).waitFor();
  const [different] = await events();
  assert.equal(different.type, "aerosync-different-account");
  assert.equal(different.detail.connectionId, CONNECTION);
  assert.match(different.detail.strayConnectionId, /^c9876-/);
  await t.page.getByRole("button", { name: "Try again" }).click();
  await widget().getByRole("button", { name: "Chase Checking ••••1234" }).click();
  await t.page.getByText(`${LABEL} is connected`).waitFor();
});

test("closing the widget and a widget error fire their events", async () => {
  await recordEvents();
  await open();
  await reconnect().click();
  await widget().getByRole("button", { name: "Close" }).click();
  await t.page.getByText("The reconnection window was closed").waitFor();
  await reconnect().click();
  await widget().getByRole("button", { name: "Make the widget fail" }).click();
  await t.page.getByRole("button", { name: "Try again" }).waitFor();
  const seen = await events();
  assert.deepEqual(seen[0], { type: "aerosync-closed", detail: null, bubbles: true, composed: true });
  assert.equal(seen[1].type, "aerosync-error");
  assert.equal(seen[1].detail.kind, "widget");
  assert.equal(seen[1].detail.code, "AR-100");
  // The widget's own message, and the developers' sentence beside it.
  const said = "No response received from the user within the expected time frame. Please try again later.";
  assert.equal(seen[1].detail.message, said);
  await element().getByText(said).waitFor();
  assert.equal(seen[1].detail.status, null);
  assert.match(seen[1].detail.developerMessage, /^the Aerosync widget reported an error: the widget reported POLLING_TIMEOUT \(AR-100\)$/);
});

test("the element starts its status request while its wasm loads, and the component takes it", async () => {
  const order = [];
  let answers = 0;
  const isStatus = (url) => new URL(url).pathname.includes("/sandbox-api/accounts/");
  t.page.on("request", (request) => {
    if (new URL(request.url()).pathname.endsWith(".wasm")) order.push("wasm");
    else if (isStatus(request.url())) order.push("status");
  });
  // (Requests the sandbox's service worker answers may be reported more than
  // once; answers are counted instead.)
  t.page.on("response", (response) => {
    if (isStatus(response.url())) answers += 1;
  });
  await t.page.goto(t.url + "/");
  await t.page.getByText(`Your connection to ${LABEL} has expired.`).waitFor();
  assert.equal(answers, 1, "one status request");
  assert.ok(order.indexOf("status") < order.indexOf("wasm"), `the status request went first: ${order}`);
  assert.equal(await t.page.evaluate(() => Object.keys(globalThis.aerosyncReconnectEarly).length), 0, "taken");
});

test("a revoked connection says so on the element", async () => {
  await open("revoked");
  await t.page.getByText("You removed this connection at your bank, so we can't access this account anymore.").waitFor();
  assert.equal(await element().getByRole("button").count(), 0);
});

test("changing an attribute restarts the check; an invalid one gives a defined state", async () => {
  await open();
  await reconnect().waitFor();
  await element().evaluate((e) => e.setAttribute("connection-id", "no-such-connection"));
  await element().getByText("We couldn't find this bank connection.").waitFor();
  await element().evaluate((e) => e.setAttribute("lang", "es"));
  await element().getByText("No encontramos esta conexión bancaria.").waitFor();
  await element().evaluate((e) => e.removeAttribute("connection-id"));
  await element().getByText("No podemos comprobar esta conexión bancaria.").waitFor();
  await element().evaluate((e, id) => {
    e.setAttribute("connection-id", id);
    e.setAttribute("lang", "en");
    e.setAttribute("environment", "nonsense");
  }, CONNECTION);
  await t.page.getByText(`Your connection to ${LABEL} has expired.`).waitFor();
  assert.equal(await t.page.locator("aerosync-reconnect section").count(), 1, "one component, not one per change");
});

test("the SDK from the page's import map, under the same policy; theme and expiry-warning-days reach the component", async () => {
  // The example page's policy, with the hash of an inline import map (the
  // only inline script a page may allow) and no `sdk-module` on the element.
  const example = readFileSync("examples/element/index.html", "utf8");
  const policy = example.match(/content="(default-src[^"]*)"/)[1];
  const importMap = JSON.stringify({ imports: { "aerosync-web-sdk": "./sandbox/aerosync-web-sdk.js" } });
  const hash = createHash("sha256").update(importMap).digest("base64");
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8" />
<meta http-equiv="Content-Security-Policy" content="${policy.replace("script-src 'self'", `script-src 'self' 'sha256-${hash}'`)}" />
<title>Import map</title><script type="importmap">${importMap}</script>
<script type="module" src="example.js"></script></head>
<body><main><aerosync-reconnect api-base="sandbox-api" connection-id="${CONNECTION}"
aero-pass-user-uuid="3f6e1c2a-8b4d-4f0e-a1c2-sandbox00001" environment="sandbox" theme="dark"
expiry-warning-days="2"></aerosync-reconnect><ol id="events"></ol></main></body></html>`;
  await t.page.route("**/import-map.html", (route) => route.fulfill({ contentType: "text/html", body: page }));
  await t.page.goto(t.url + "/import-map.html");
  await reconnect().waitFor();
  // Access ends in 3 days: outside a 2-day window, inside the default 7.
  await t.page.evaluate(() =>
    fetch("sandbox-api/__sandbox/scenario", { method: "POST", body: JSON.stringify({ scenario: "expires-soon" }) }),
  );
  await t.page.reload();
  await t.page.getByText(`${LABEL} is connected`).waitFor();
  assert.equal(await t.page.getByText("Access to your bank ends on").count(), 0);
  await element().evaluate((e) => e.setAttribute("expiry-warning-days", "7"));
  await t.page.getByText("Access to your bank ends on").waitFor();
  await t.page.getByRole("button", { name: "Reconnect now" }).click();
  const src = await t.page.locator("iframe#aerosync-widget").getAttribute("src");
  assert.equal(new URL(src).searchParams.get("defaultTheme"), "dark");
  assert.equal(new URL(src).searchParams.get("connectionId"), CONNECTION);
});

test("two elements on one page work independently, one widget at a time", async () => {
  await recordEvents();
  await open();
  await reconnect().waitFor();
  await t.page.evaluate((id) => {
    const second = document.createElement("aerosync-reconnect");
    for (const [name, value] of Object.entries({
      "api-base": "sandbox-api", "connection-id": id, "aero-pass-user-uuid": "3f6e1c2a-8b4d-4f0e-a1c2-sandbox00001",
      environment: "sandbox", "sdk-module": "./sandbox/aerosync-web-sdk.js", lang: "es",
    })) second.setAttribute(name, value);
    second.id = "second";
    document.querySelector("main").append(second);
  }, CONNECTION);
  const first = t.page.locator("aerosync-reconnect").nth(0);
  const second = t.page.locator("#second");
  await second.getByRole("button", { name: "Vuelve a conectar tu banco" }).waitFor();
  await first.getByRole("button", { name: "Reconnect your bank" }).click();
  await t.page.locator("iframe#aerosync-widget").waitFor();
  // The overlay covers the page; another script opens the second widget.
  await second.getByRole("button", { name: "Vuelve a conectar tu banco" }).evaluate((b) => b.click());
  // The second widget replaces the first: the first element says it was closed.
  await first.getByText("The reconnection window was closed").waitFor();
  assert.equal(await t.page.locator("iframe#aerosync-widget").count(), 1);
  assert.equal(await second.locator("iframe#aerosync-widget").count(), 1);
  const closed = (await events()).filter((e) => e.type === "aerosync-closed");
  assert.equal(closed.length, 1);
  // Each goes on by itself: the second reconnects, the first still offers to.
  await widget().getByRole("button", { name: "Chase Checking ••••1234" }).click();
  await second.getByText(`${LABEL} está conectada`).waitFor();
  await first.getByRole("button", { name: "Reconnect your bank" }).waitFor();
  assert.equal(await first.getByText("is connected").count(), 0);
});

test("removal tears everything down: 50 add/remove cycles leave no iframe, overlay or listener, and the heap flat", async () => {
  await t.context.addInitScript(() => {
    const counts = { message: 0 };
    const add = window.addEventListener.bind(window);
    const remove = window.removeEventListener.bind(window);
    window.addEventListener = (type, listener, options) => {
      if (type === "message") counts.message += 1;
      return add(type, listener, options);
    };
    window.removeEventListener = (type, listener, options) => {
      if (type === "message") counts.message -= 1;
      return remove(type, listener, options);
    };
    window.__listeners = counts;
  });
  await open();
  await reconnect().waitFor();
  const cdp = await t.context.newCDPSession(t.page);
  const heap = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    return (await cdp.send("Runtime.getHeapUsage")).usedSize;
  };
  let atTen = 0;
  for (let cycle = 1; cycle <= 50; cycle += 1) {
    // Out of the page with its widget open, then back: it starts again.
    await reconnect().click();
    await t.page.locator("iframe#aerosync-widget").waitFor();
    await t.page.evaluate(() => {
      const e = document.querySelector("aerosync-reconnect");
      window.__parked = e;
      e.remove();
    });
    assert.equal(await t.page.locator("iframe#aerosync-widget, #aerosync-widget-container").count(), 0, `cycle ${cycle}`);
    assert.equal(await t.page.evaluate(() => window.__listeners.message), 0, `cycle ${cycle}`);
    await t.page.evaluate(() => {
      document.querySelector("main").prepend(window.__parked);
      window.__parked = null;
    });
    await reconnect().waitFor();
    if (cycle === 10) atTen = await heap();
  }
  const growth = (await heap()) - atTen;
  assert.ok(growth / 40 < 4_000, `heap grows ${growth} bytes over 40 cycles`);
  assert.equal(await t.page.locator("aerosync-reconnect section").count(), 1);
});

test("the package is ready to publish: npm pack lists the module, wasm, glue, stylesheet and README", async () => {
  const { execFileSync } = await import("node:child_process");
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: "element/dist",
    encoding: "utf8",
  });
  const [pack] = JSON.parse(out);
  const files = pack.files.map((f) => f.path).sort();
  for (const needed of [
    "README.md",
    "aerosync-reconnect.css",
    "aerosync-reconnect.js",
    "aerosync_reconnect_element.js",
    "aerosync_reconnect_element_bg.wasm",
    "package.json",
  ]) {
    assert.ok(files.includes(needed), `${needed} in ${files}`);
  }
  // The SDK bridge (the library's widget.js) and its page helpers (page.js)
  // are folded into the glue; any snippet the glue still imports must ship
  // beside it.
  const { readFileSync } = await import("node:fs");
  const glue = readFileSync("element/dist/aerosync_reconnect_element.js", "utf8");
  assert.ok(glue.includes("aerosync-web-sdk"), "the SDK bridge is in the glue");
  assert.ok(glue.includes("aerosyncReconnectEarly"), "the page helpers are in the glue");
  for (const [, snippet] of glue.matchAll(/from\s*["']\.\/(snippets\/[^"']+)["']/g)) {
    assert.ok(files.includes(snippet), `${snippet} in ${files}`);
  }
  // Nothing from the demo's sandbox ships.
  assert.ok(!files.some((f) => /register\.js|inline\d*\.js|sandbox/.test(f)), `${files}`);
  assert.equal(pack.name, "aerosync-reconnect-element");
});
