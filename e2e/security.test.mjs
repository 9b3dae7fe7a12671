// The page's Content-Security-Policy, and that no secret leaks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FIXTURE, setup } from "./helpers.mjs";

const t = setup();

test("the demo runs under a strict Content-Security-Policy that blocks injected scripts", async () => {
  await t.page.goto(t.url + "/");
  await t.page.getByRole("button", { name: "Reconnect your bank" }).waitFor();
  const policy = await t.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  const directive = (name) => policy.split(";").map((d) => d.trim()).find((d) => d.startsWith(name + " ")) || "";
  assert.ok(!policy.includes("'unsafe-eval'") && !policy.includes("'unsafe-inline'"), policy);
  assert.match(directive("script-src"), /^script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')+$/);
  assert.equal(directive("style-src"), "style-src 'self'");
  assert.equal(
    directive("frame-src"),
    "frame-src 'self' https://sandbox.aerosync.com https://sandbox-sync.aero.inc https://sync.aero.inc https://staging-sync.aero.inc https://qa-sync.aero.inc",
  );

  // An injected inline script does not run, and the violation is reported.
  const ran = await t.page.evaluate(async () => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true;";
    document.body.appendChild(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return window.__injected === true;
  });
  assert.equal(ran, false);
  const reported = t.problems.filter((p) => p.includes("CSP violation: script-src"));
  assert.ok(reported.length > 0, "the violation was reported");
  t.problems = t.problems.filter((p) => !p.includes("script-src") && !p.includes("Content Security Policy"));
});

test("account numbers, routing numbers and widget tokens never reach the page, console or storage", async () => {
  // The sandbox answers with accountNumber, routingNumber and sbx-wt-… tokens.
  await t.page.goto(t.url + "/");
  await t.page.getByRole("button", { name: "Reconnect your bank" }).click();
  const widget = t.page.frameLocator("iframe#aerosync-widget");
  await widget.getByRole("button", { name: "Chase Checking ••••9876" }).click();
  await t.page.getByText("That's a different account.").waitFor();
  await t.page.getByRole("button", { name: "Try again" }).click();
  await widget.getByRole("button", { name: "Chase Checking ••••1234" }).click();
  await t.page.getByText("Chase Checking ••••1234 is connected").waitFor();

  const seen = await t.page.evaluate(() => ({
    dom: document.documentElement.outerHTML,
    local: JSON.stringify(Object.entries(localStorage)),
    session: JSON.stringify(Object.entries(sessionStorage)),
  }));
  const places = { ...seen, console: t.console.join("\n") };
  // The sandbox's accounts are the fixture's, ending in 1234 and 9876.
  const number = FIXTURE.account.accountNumber;
  const secrets = [number, number.slice(0, -4) + "9876", FIXTURE.account.routingNumber, "sbx-wt-"];
  for (const secret of secrets) {
    for (const [where, text] of Object.entries(places)) {
      assert.ok(!text.includes(secret), `${secret} found in ${where}`);
    }
  }
  // The host callbacks (shown by the demo) carry connection ids only.
  assert.match(await t.page.getByRole("region", { name: "Host callbacks" }).innerText(), /on_reconnected: 7b0e6c1a/);
});
