// The user's flows on the demo's built-in sandbox, one behaviour per test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { component, openScenario, picture, setup } from "./helpers.mjs";

const t = setup();
const LABEL = "Chase Checking ••••1234";

// The sandbox keeps its scenario across reloads; the switcher sets it.
const open = (scenario) => openScenario(t, scenario);

const widget = () => t.page.frameLocator("iframe#aerosync-widget");
const reconnect = () => t.page.getByRole("button", { name: "Reconnect your bank" });
const tryAgain = () => t.page.getByRole("button", { name: "Try again" });
const overlay = () => t.page.locator("#aerosync-widget-container");

/// Opens the widget and picks the account ending in `last4`.
async function link(last4) {
  await reconnect().click();
  await widget().getByRole("button", { name: `Chase Checking ••••${last4}` }).click();
}

test("expired → reconnect → the same account → connected", async () => {
  await open();
  await t.page.getByText(`Your connection to ${LABEL} has expired.`).waitFor();
  await picture(t.page, "expired");
  await link("1234");
  await t.page.getByRole("status").getByText(`${LABEL} is connected`).waitFor();
  await picture(t.page, "reconnected");
  assert.equal(await overlay().count(), 0);
  await t.page.getByText("on_reconnected: 7b0e6c1a-5d2f-4e8a-9c3b-5a1d0c0e1234").waitFor();
});

test("a different account is rejected, then the original one reconnects", async () => {
  await open();
  await link("9876");
  const error = t.page.getByRole("alert").getByText(
    `That's a different account. Please reconnect ${LABEL}, the account you originally linked.`,
  );
  await error.waitFor();
  await picture(t.page, "different-account");
  await t.page.getByText(/on_different_account: kept 7b0e6c1a-5d2f-4e8a-9c3b-5a1d0c0e1234, discard c9876-/).waitFor();
  await tryAgain().click();
  await widget().getByRole("button", { name: "Chase Checking ••••1234" }).click();
  await t.page.getByText(`${LABEL} is connected`).waitFor();
});

test("the reconnected state survives a reload", async () => {
  await open();
  await link("1234");
  await t.page.getByText(`${LABEL} is connected`).waitFor();
  await t.page.reload();
  await t.page.getByText(`${LABEL} is connected`).waitFor();
  assert.equal(await reconnect().count(), 0);
});

test("a revoked connection says so and offers nothing to click", async () => {
  await open("revoked");
  await t.page.getByText("You removed this connection at your bank, so we can't access this account anymore.").waitFor();
  await picture(t.page, "revoked");
  assert.equal(await component(t.page).getByRole("button").count(), 0);
});

test("a healthy connection says it is connected", async () => {
  await open("healthy");
  await t.page.getByText(`${LABEL} is connected`).waitFor();
  assert.equal(await component(t.page).getByRole("button").count(), 0);
});

test("an unknown status is shown as such", async () => {
  await open("unknown");
  await t.page.getByText(`We can't show the status of ${LABEL} right now.`).waitFor();
  assert.equal(await component(t.page).getByRole("button").count(), 0);
});

test("a server error offers try again, which recovers", async () => {
  await open("server-error");
  await t.page.getByRole("alert").getByText("We couldn't check your bank connection.").waitFor();
  await tryAgain().click();
  await t.page.getByText(`Your connection to ${LABEL} has expired.`).waitFor();
});

test("a slow backend shows the busy message first", async () => {
  await open("slow");
  await t.page.getByText("Checking your bank connection…").waitFor();
  assert.equal(await component(t.page).getAttribute("aria-busy"), "true");
  await t.page.getByText(`Your connection to ${LABEL} has expired.`).waitFor();
});

test("closing the widget returns to expired with a note", async () => {
  await open();
  await reconnect().click();
  await widget().getByRole("button", { name: "Close" }).click();
  await t.page.getByText("The reconnection window was closed, so your account is still disconnected.").waitFor();
  assert.equal(await overlay().count(), 0);
  await reconnect().waitFor();
  await t.page.getByText("on_closed").waitFor();
});

test("a widget error shows the widget's message and try again", async () => {
  await open();
  await reconnect().click();
  await widget().getByRole("button", { name: "Make the widget fail" }).click();
  await t.page
    .getByRole("alert")
    .getByText("No response received from the user within the expected time frame. Please try again later.")
    .waitFor();
  assert.equal(await t.page.getByText("POLLING_TIMEOUT").count(), 0);
  assert.equal(await overlay().count(), 0);
  await tryAgain().click();
  await widget().getByRole("button", { name: "Chase Checking ••••1234" }).click();
  await t.page.getByText(`${LABEL} is connected`).waitFor();
});

test("the sandbox's reset button brings back the expired connection", async () => {
  await open();
  await link("1234");
  await t.page.getByText(`${LABEL} is connected`).waitFor();
  await t.page.getByRole("button", { name: "Reset sandbox" }).click();
  await t.page.getByText(`Your connection to ${LABEL} has expired.`).waitFor();
  assert.equal(await t.page.getByLabel("Scenario").inputValue(), "expired");
});

test("after a reload the switcher shows the scenario the sandbox kept", async () => {
  await open("revoked");
  await t.page.getByText("You removed this connection at your bank").waitFor();
  await t.page.reload();
  await t.page.getByText("You removed this connection at your bank").waitFor();
  await t.page.waitForFunction(() => document.querySelector("#demo-scenario").value === "revoked");
  assert.equal(await t.page.getByLabel("Scenario").inputValue(), "revoked");
});

test("?lang=es shows the component and the page in Spanish", async () => {
  await t.page.goto(t.url + "/?lang=es");
  await t.page.getByText(`Tu conexión con ${LABEL} ha caducado.`).waitFor();
  await t.page.getByRole("button", { name: "Vuelve a conectar tu banco" }).waitFor();
  assert.equal(await t.page.getByRole("region", { name: "Conexión bancaria" }).getAttribute("lang"), "es");
  assert.equal(await t.page.locator("html").getAttribute("lang"), "es");
  await t.page.getByRole("heading", { name: "Vuelve a conectar tu banco" }).waitFor();
});

test("the language switcher changes the component's words and keeps the choice in the URL", async () => {
  await open();
  await reconnect().waitFor();
  await t.page.getByLabel("Language").selectOption("es");
  await t.page.getByRole("button", { name: "Vuelve a conectar tu banco" }).waitFor();
  assert.match(t.page.url(), /[?&]lang=es\b/);
  await t.page.reload();
  await t.page.getByText(`Tu conexión con ${LABEL} ha caducado.`).waitFor();
});
