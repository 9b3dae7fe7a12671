// What end users notice: axe-core finds nothing in any state of the demo, in
// light and in dark; the keyboard alone goes through the happy path; the dark
// scheme and reduced motion are honoured; the expiry warning works on the
// sandbox.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { component, openScenario, picture, setup } from "./helpers.mjs";

const t = setup();
const LABEL = "Chase Checking ••••1234";
const AXE = readFileSync(new URL("../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

const widget = () => t.page.frameLocator("iframe#aerosync-widget");
const reconnect = () => t.page.getByRole("button", { name: "Reconnect your bank" });

const open = (scenario) => openScenario(t, scenario);

/// Runs axe-core on the page (evaluated through the driver, so the page's
/// Content-Security-Policy stays as strict as it is) and returns its violations.
async function violations() {
  await t.page.evaluate(AXE);
  // The check itself works: a nameless button added for a moment is found.
  const probe = await t.page.evaluate(async () => {
    const button = document.body.appendChild(document.createElement("button"));
    // eslint-disable-next-line no-undef
    const { violations } = await axe.run(button, { runOnly: ["button-name"] });
    button.remove();
    return violations.length;
  });
  assert.equal(probe, 1, "axe-core runs and reports");
  const result = await t.page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const { violations } = await axe.run(document, {
      iframes: false,
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  return result;
}

/// Every state the demo can show, each reached as a user would.
const STATES = {
  "loading": async () => {
    await open("slow");
    await t.page.getByText("Checking your bank connection…").waitFor();
  },
  "expired": async () => {
    await open("expired");
    await reconnect().waitFor();
  },
  "expires soon": async () => {
    await open("expires-soon");
    await t.page.getByRole("button", { name: "Reconnect now" }).waitFor();
  },
  "healthy": async () => {
    await open("healthy");
    await t.page.getByText(`${LABEL} is connected`).waitFor();
  },
  "revoked": async () => {
    await open("revoked");
    await t.page.getByText("You removed this connection at your bank").waitFor();
  },
  "unknown": async () => {
    await open("unknown");
    await t.page.getByText(`We can't show the status of ${LABEL} right now.`).waitFor();
  },
  "server error": async () => {
    await open("server-error");
    await t.page.getByRole("button", { name: "Try again" }).waitFor();
  },
  "closed early": async () => {
    await open("expired");
    await reconnect().click();
    await widget().getByRole("button", { name: "Close" }).click();
    await t.page.getByText("The reconnection window was closed").waitFor();
  },
  "widget error": async () => {
    await open("expired");
    await reconnect().click();
    await widget().getByRole("button", { name: "Make the widget fail" }).click();
    await t.page.getByRole("button", { name: "Try again" }).waitFor();
  },
  "different account": async () => {
    await open("expired");
    await reconnect().click();
    await widget().getByRole("button", { name: "Chase Checking ••••9876" }).click();
    await t.page.getByText("That's a different account.").waitFor();
  },
  "reconnected": async () => {
    await open("expired");
    await reconnect().click();
    await widget().getByRole("button", { name: "Chase Checking ••••1234" }).click();
    await t.page.getByText("Your bank connection is working again.").waitFor();
  },
};

for (const scheme of ["light", "dark"]) {
  test(`axe-core finds no violation in any state, ${scheme}`, async () => {
    const found = [];
    for (const [state, reach] of Object.entries(STATES)) {
      await t.open({ colorScheme: scheme });
      await reach();
      for (const violation of await violations()) found.push(`${state}: ${violation}`);
    }
    assert.deepEqual(found, []);
  });
}

test("the keyboard alone goes through the happy path", async () => {
  await open("expired");
  await reconnect().waitFor();
  // Tab from the top of the page to the component's button.
  for (let i = 0; i < 20; i += 1) {
    const focused = await t.page.evaluate(() => document.activeElement && document.activeElement.textContent);
    if (focused === "Reconnect your bank") break;
    await t.page.keyboard.press("Tab");
  }
  await t.page.keyboard.press("Enter");
  // The focus moves into the widget.
  await t.page.locator("iframe#aerosync-widget").waitFor();
  await t.page.waitForFunction(() => document.activeElement && document.activeElement.tagName === "IFRAME");
  const frame = t.page.frameLocator("iframe#aerosync-widget");
  await frame.getByRole("button", { name: "Chase Checking ••••1234" }).waitFor();
  const inWidget = () => frame.locator(":focus").evaluate((e) => e.textContent).catch(() => "");
  for (let i = 0; i < 10; i += 1) {
    if ((await inWidget()) === "Chase Checking ••••1234") break;
    await t.page.keyboard.press("Tab");
  }
  assert.equal(await inWidget(), "Chase Checking ••••1234");
  await t.page.keyboard.press("Enter");
  await component(t.page).getByRole("status").getByText(`${LABEL} is connected`).waitFor();
});

test("the dark scheme darkens the component, hands the widget its dark theme, and --arc-* still override", async () => {
  await t.open({ colorScheme: "dark" });
  await open("expired");
  await reconnect().waitFor();
  const background = () => component(t.page).evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.equal(await background(), "rgb(22, 28, 36)");
  await picture(t.page, "dark");
  await reconnect().click();
  const src = new URL(await t.page.locator("iframe#aerosync-widget").getAttribute("src"));
  assert.equal(src.searchParams.get("defaultTheme"), "dark");
  await widget().getByRole("button", { name: "Close" }).click();
  // A host's override, set on an ancestor, wins over the dark scheme.
  await t.page.evaluate(() => document.body.style.setProperty("--arc-surface", "rgb(1, 2, 3)"));
  assert.equal(await background(), "rgb(1, 2, 3)");
});

test("in light, the widget gets its light theme", async () => {
  await t.open({ colorScheme: "light" });
  await open("expired");
  await reconnect().click();
  const src = new URL(await t.page.locator("iframe#aerosync-widget").getAttribute("src"));
  assert.equal(src.searchParams.get("defaultTheme"), "light");
});

test("in forced colours, the button keeps a visible border and focus ring", async () => {
  const look = async (forcedColors) => {
    await t.open({ forcedColors });
    await open("expired");
    await reconnect().waitFor();
    // Focus by keyboard, as :focus-visible asks.
    for (let i = 0; i < 40 && !(await reconnect().evaluate((e) => e === document.activeElement)); i += 1) {
      await t.page.keyboard.press("Tab");
    }
    return reconnect().evaluate((e) => {
      const style = getComputedStyle(e);
      return {
        border: `${style.borderTopStyle} ${style.borderTopWidth}`,
        borderColor: style.borderTopColor,
        text: style.color,
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
        focused: e === document.activeElement,
      };
    });
  };
  const forced = await look("active");
  assert.ok(forced.focused, "the button was reached by keyboard");
  assert.equal(forced.border, "solid 2px");
  assert.equal(forced.borderColor, forced.text, "the border is drawn in the button's text colour");
  assert.equal(forced.outline, "solid 3px");
  await picture(t.page, "forced-colors");
  // Without forced colours the border stays invisible: the design is unchanged.
  const normal = await look("none");
  assert.equal(normal.borderColor, "rgba(0, 0, 0, 0)");
});

test("with reduced motion, the busy indicators stand still", async () => {
  const animation = async (reducedMotion) => {
    await t.open({ reducedMotion });
    await open("slow");
    const spinner = component(t.page).locator(".aerosync-reconnect__spinner");
    await spinner.waitFor();
    return spinner.evaluate((e) => getComputedStyle(e).animationName);
  };
  assert.equal(await animation("reduce"), "none");
  assert.equal(await animation("no-preference"), "arc-spin");
});

test("expires soon: the date, Reconnect now, and the new expiry after reconnecting", async () => {
  await open("expires-soon");
  const warning = t.page.getByText(/^Access to your bank ends on .+\. Reconnect now to keep it working\.$/);
  await warning.waitFor();
  await picture(t.page, "expires-soon");
  await t.page.getByRole("button", { name: "Reconnect now" }).click();
  await widget().getByRole("button", { name: "Chase Checking ••••1234" }).click();
  await t.page.getByText(/^Access to your bank now runs until .+\.$/).waitFor();
  await t.page.getByText("on_reconnected: 7b0e6c1a-5d2f-4e8a-9c3b-5a1d0c0e1234").waitFor();
});
