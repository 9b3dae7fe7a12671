// The demo's release build against aerosync-reconnect-server (the binary),
// with a fake of Aerosync's API behind it on loopback: the happy path, and
// no account or routing number on the wire to the browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { FIXTURE, setup } from "./helpers.mjs";

const BINARY = process.env.SERVER_BIN || "target/debug/aerosync-reconnect-server";
const SDK = fileURLToPath(new URL("../node_modules/aerosync-web-sdk/dist/index.js", import.meta.url));
const CONNECTION = "conn-e2e-1";
const USER = "user-e2e-1";
const KEY = "e2e-key-0001";
const SECRET = "e2e-secret-0002";

/// Aerosync's API, faked: what the server calls.
const aerosync = { status: "EXPIRED_CONSENT", widgetUsers: [] };

function listen(server) {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
}

async function startFakeAerosync() {
  const server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const send = (status, value) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(value));
    };
    const parsed = body ? JSON.parse(body) : {};
    if (request.method === "POST" && request.url === "/v2/token") {
      if (parsed.apiKey !== KEY || parsed.apiSecret !== SECRET) return send(401, { error: { code: "AC-001", message: "no" } });
      return send(200, { token: "e2e-api-token", expires_in: 1800 });
    }
    if (request.method === "POST" && request.url === "/v2/token_widget") {
      aerosync.widgetUsers.push(parsed.aeroPassUserUuid);
      return send(200, { token: "e2e-widget-token" });
    }
    if (request.method === "GET" && request.url === `/v2/accounts/${CONNECTION}`) {
      if (request.headers.authorization !== "Bearer e2e-api-token") return send(401, { error: { code: "AC-101", message: "no" } });
      return send(200, { ...FIXTURE, account: { ...FIXTURE.account, connectionStatus: aerosync.status } });
    }
    return send(404, { error: { code: "AC-102", message: "Not found." } });
  });
  return { server, url: `http://127.0.0.1:${await listen(server)}` };
}

async function startServer() {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: cargo build -p aerosync-reconnect-server`);
  const fake = await startFakeAerosync();
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  const child = spawn(BINARY, [], {
    env: {
      ...process.env,
      AEROSYNC_API_KEY: KEY,
      AEROSYNC_API_SECRET: SECRET,
      AEROSYNC_API_URL: fake.url,
      LISTEN: `127.0.0.1:${port}`,
      DIST: "dist",
      AEROSYNC_ALLOW: `${CONNECTION}=${USER}`,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const logs = [];
  await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the server exited with ${code}`)));
    child.stdout.on("data", (chunk) => {
      logs.push(String(chunk));
      if (String(chunk).includes("listening on")) resolve();
    });
  });
  aerosync.logs = logs;
  return {
    server: { close: () => { child.kill(); fake.server.close(); } },
    url: `http://127.0.0.1:${port}`,
  };
}

const t = setup({ serviceWorkers: "block" }, startServer);

test("the demo reconnects through the server; the browser never receives account or routing numbers", async () => {
  const { page } = t;
  // Each answer's body, read as it arrives (awaited before the checks: reading
  // a body takes a round trip of its own, which may end after the screen
  // has changed).
  const reading = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname.startsWith("/api/")) reading.push(response.text());
  });
  const statusRequests = [];
  const order = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith("/api/accounts/")) statusRequests.push(request);
    order.push(path.endsWith(".wasm") ? "wasm" : path.startsWith("/api/accounts/") ? "status" : "other");
  });
  await page.route("**/sandbox/aerosync-web-sdk.js", (route) => route.fulfill({ path: SDK, contentType: "text/javascript" }));
  // The widget, at Aerosync's origin: linking tells Aerosync the connection works again.
  await t.context.route("https://sandbox.aerosync.com/**", (route) => {
    aerosync.status = "CONNECTED";
    return route.fulfill({
      contentType: "text/html; charset=utf-8",
      body: `<!doctype html><button id="link">Link Chase Checking ••••1234</button><script>
        const params = new URLSearchParams(location.search);
        document.getElementById("link").onclick = () => parent.postMessage(JSON.stringify({
          type: "pageSuccess", payload: { connectionId: params.get("connectionId") } }), "*");
      </script>`,
    });
  });
  // The browser claims to be someone else: the server uses its own answer.
  const query = new URLSearchParams({ api: "/api", env: "sandbox", connection: CONNECTION, user: "forged-user" });
  await page.goto(`${t.url}/?${query}`);
  await page.getByText("Your connection to Chase Checking ••••1234 has expired.").waitFor();
  // The page started the status request before the wasm loaded, and the
  // component took its answer: one request, not two.
  assert.equal(statusRequests.length, 1, "one status request on load");
  assert.ok(order.indexOf("status") < order.indexOf("wasm"), `the status request went first: ${order}`);
  // Taken, so no answer is left in the page.
  assert.equal(await page.evaluate(() => Object.keys(globalThis.aerosyncReconnectEarly).length), 0);
  assert.equal(await statusRequests[0].headerValue("accept"), "application/json");
  await page.getByRole("button", { name: "Reconnect your bank" }).click();
  await page.frameLocator("iframe#aerosync-widget").getByRole("button", { name: "Link Chase Checking ••••1234" }).click();
  await page.getByText("Chase Checking ••••1234 is connected").waitFor();

  assert.deepEqual(aerosync.widgetUsers, [USER]);
  const bodies = await Promise.all(reading);
  assert.ok(bodies.length >= 3, `${bodies.length} answers`);
  for (const body of bodies) {
    for (const secret of [FIXTURE.account.accountNumber, FIXTURE.account.routingNumber, KEY, SECRET, "e2e-api-token"]) {
      assert.ok(!body.includes(secret), `${secret} sent to the browser: ${body}`);
    }
  }
  assert.ok(!aerosync.logs.join("").includes(SECRET) && !aerosync.logs.join("").includes(KEY));
});
