// Names from outside cannot move the digits: a nickname carrying U+202E
// (right-to-left override), or written in Arabic, never changes where the
// last four digits are drawn. The checks measure the glyphs' positions on
// screen, left to right, not only the text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixtureAnswer, setup } from "./helpers.mjs";

// page.route must see the backend's requests: no service worker.
const t = setup({ serviceWorkers: "block" });

async function showNickname(nickname) {
  const answer = fixtureAnswer("EXPIRED_CONSENT");
  answer.account.accountNickname = nickname;
  await t.page.route("**/routed-api/**", (route) => route.fulfill({ json: answer }));
  const query = new URLSearchParams({ api: "/routed-api", env: "sandbox", connection: "conn-bidi", user: "user-bidi" });
  await t.page.goto(`${t.url}/?${query}`);
  await t.page.getByRole("button", { name: "Reconnect your bank" }).waitFor();
}

/// Where the headline's pieces are drawn: the right edge of "to", the left
/// edge of "has", and the left edge of each of the label's last four digits.
function positions() {
  return t.page.evaluate(() => {
    const headline = document.querySelector(".aerosync-reconnect__headline");
    const label = headline.querySelector("bdi");
    const rectOf = (node, from, to) => {
      const range = document.createRange();
      range.setStart(node, from);
      range.setEnd(node, to);
      return range.getBoundingClientRect();
    };
    const textNodes = [...headline.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE);
    const before = textNodes.find((n) => n.textContent.includes("Your connection to"));
    const after = textNodes.find((n) => n.textContent.includes("has expired."));
    const labelText = label.firstChild;
    const at = labelText.textContent.lastIndexOf("1234");
    return {
      label: labelText.textContent,
      headline: headline.textContent,
      to: rectOf(before, before.textContent.indexOf("to"), before.textContent.indexOf("to") + 2).right,
      has: rectOf(after, after.textContent.indexOf("has"), after.textContent.indexOf("has") + 3).left,
      digits: [0, 1, 2, 3].map((i) => rectOf(labelText, at + i, at + i + 1).left),
    };
  });
}

function assertDigitsInPlace(p) {
  const [one, two, three, four] = p.digits;
  assert.ok(one < two && two < three && three < four, `1234 drawn in order, left to right: ${p.digits}`);
  assert.ok(p.to < Math.min(...p.digits), `the digits after "to": ${p.to} < ${p.digits}`);
  assert.ok(Math.max(...p.digits) < p.has, `the digits before "has": ${p.digits} < ${p.has}`);
}

test("a U+202E override in a nickname is removed and cannot reverse the digits", async () => {
  await showNickname("\u202EChase Checking");
  const p = await positions();
  assert.equal(p.label, "Chase Checking ••••1234");
  assert.ok(!p.headline.includes("\u202E"));
  assertDigitsInPlace(p);
});

test("an Arabic nickname stays within its label and leaves the digits in order", async () => {
  await showNickname("حساب التوفير");
  const p = await positions();
  assert.equal(p.label, "حساب التوفير ••••1234");
  assertDigitsInPlace(p);
});

test("every bidirectional control is removed from outside text", async () => {
  await showNickname("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061CChase\u202E Checking");
  const p = await positions();
  assert.equal(p.label, "Chase Checking ••••1234");
  assertDigitsInPlace(p);
});
