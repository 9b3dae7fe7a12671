// The real npm package aerosync-web-sdk@2.1.4 drives the component: it is
// served where the import map points, the backend and the Aerosync sandbox
// origin are answered with page.route (service workers are blocked so that
// page.route sees every request), and the widget page posts the real SDK's
// messages from https://sandbox.aerosync.com.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { fixtureAnswer, setup } from "./helpers.mjs";

const t = setup({ serviceWorkers: "block" });
const SDK = fileURLToPath(new URL("../node_modules/aerosync-web-sdk/dist/index.js", import.meta.url));
const CONNECTION = "conn real/1";
const USER = "user-real-1";

const account = fixtureAnswer;

// The Aerosync widget page: one button that reports success for the
// connection it was opened for, as the real widget does.
const WIDGET_PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body>
<button id="link">Link Chase Checking ••••1234</button>
<script>
  const params = new URLSearchParams(location.search);
  document.getElementById("link").onclick = () => parent.postMessage(JSON.stringify({
    type: "pageSuccess",
    payload: { connectionId: params.get("connectionId"), clientName: "Test", aeroPassUserUuid: params.get("aeroPassUserUuid") },
  }), "*");
</script></body></html>`;

test("the real aerosync-web-sdk opens the widget for this connection and the component verifies success", async () => {
  const { page } = t;
  let status = "EXPIRED_CONSENT";
  const tokens = [];
  await page.route("**/sandbox/aerosync-web-sdk.js", (route) =>
    route.fulfill({ path: SDK, contentType: "text/javascript" }));
  await page.route("**/routed-api/**", async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith("/widget-token")) {
      assert.deepEqual(JSON.parse(route.request().postData()), { aeroPassUserUuid: USER, connectionId: CONNECTION });
      tokens.push("real-wt-" + tokens.length);
      return route.fulfill({ json: { token: tokens.at(-1) } });
    }
    assert.equal(url.pathname, "/routed-api/accounts/conn%20real%2F1");
    return route.fulfill({ json: account(status) });
  });
  // The widget iframe is out of process: route its origin for the whole context.
  await t.context.route("https://sandbox.aerosync.com/**", (route) => {
    status = "ACTIVE"; // the backend learns of the reconnection when the widget links
    return route.fulfill({ contentType: "text/html; charset=utf-8", body: WIDGET_PAGE });
  });

  const query = new URLSearchParams({ api: "/routed-api", env: "sandbox", connection: CONNECTION, user: USER });
  await page.goto(`${t.url}/?${query}`);
  await page.getByRole("button", { name: "Reconnect your bank" }).click();

  const iframe = page.locator("iframe#aerosync-widget");
  await iframe.waitFor();
  const src = new URL(await iframe.getAttribute("src"));
  assert.equal(src.origin, "https://sandbox.aerosync.com");
  assert.equal(src.searchParams.get("connectionId"), CONNECTION);
  assert.equal(src.searchParams.get("aeroPassUserUuid"), USER);
  assert.equal(src.searchParams.get("token"), tokens[0]);
  assert.equal(await iframe.getAttribute("title"), "Reconnect your bank with Aerosync");

  await page.frameLocator("iframe#aerosync-widget").getByRole("button", { name: "Link Chase Checking ••••1234" }).click();
  await page.getByText("Chase Checking ••••1234 is connected").waitFor();
  assert.equal(await page.locator("#aerosync-widget-container").count(), 0);
  assert.equal(await page.evaluate(() => window.AerosyncWidget), undefined);
});
