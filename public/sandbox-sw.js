// The sandbox backend of the demo: a service worker that answers the
// component's backend contract inside the browser, with real HTTP responses,
// so the demo needs no Aerosync account and no network.
//
//   GET  sandbox-api/accounts/{connectionId}   Aerosync's account shape
//   POST sandbox-api/widget-token              {"token": "..."}
// and, for the demo page and the sandbox widget:
//   GET  sandbox-api/__sandbox/state           {"scenario": "..."}
//   POST sandbox-api/__sandbox/scenario        {"scenario": "expired" | "expires-soon" | "revoked" | ...}
//   POST sandbox-api/__sandbox/reset
//   POST sandbox-api/__sandbox/link            {"token", "connectionId", "account": "1234" | "9876"}
//
// Its state lives in the Cache API, so a reload keeps it.

const API = new URL("sandbox-api/", self.registration.scope).pathname;
const STATE_URL = new URL("sandbox-api/__sandbox/saved-state", self.registration.scope).toString();
const CACHE = "aerosync-reconnect-sandbox";
const PRIMARY = "7b0e6c1a-5d2f-4e8a-9c3b-5a1d0c0e1234";
const LATENCY_MS = 250;
const SLOW_MS = 3000;
// How many status requests fail in the "server-error" scenario before the
// backend recovers: the component's first attempt and its two automatic
// retries, so the error shows and "Try again" then succeeds.
const SERVER_ERROR_FAILURES = 3;

const STATUS_BY_SCENARIO = {
  expired: "EXPIRED_CONSENT",
  revoked: "REVOKED_BY_USER",
  healthy: "ACTIVE",
  "expires-soon": "ACTIVE",
  unknown: "PENDING_REVIEW",
  "server-error": "EXPIRED_CONSENT",
  slow: "EXPIRED_CONSENT",
};

// The fixture account (shared with the project's tests): Aerosync's account
// answer, sensitive fields included, as a real backend would receive it.
const FIXTURE_URL = new URL("sandbox/account.json", self.registration.scope).toString();
let fixture = null;

async function loadFixture() {
  if (!fixture) {
    const response = await fetch(FIXTURE_URL, { cache: "no-store" });
    fixture = (await response.json()).account;
  }
  return fixture;
}

// The fixture's account ending in `last4` (loadFixture() must have run).
function account(last4, status) {
  return Object.assign({}, fixture, {
    // Sensitive fields, as Aerosync sends them: the component must never show them.
    accountNumber: fixture.accountNumber.slice(0, -4) + last4,
    accountNumberDisplay: last4,
    connectionStatus: status,
  });
}

const DAY_MS = 86400000;

// An expiry `days` from now, as Aerosync writes it.
function expiryIn(days) {
  return new Date(Date.now() + days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function freshState(scenario = "expired") {
  const primary = account("1234", STATUS_BY_SCENARIO[scenario]);
  // Consent runs for 90 days; in "expires-soon" it ends in three.
  primary.connectionExpiry = expiryIn(scenario === "expires-soon" ? 3 : 90);
  return {
    scenario,
    failuresLeft: scenario === "server-error" ? SERVER_ERROR_FAILURES : 0,
    connections: { [PRIMARY]: primary },
    tokens: [],
  };
}

let state = null;

async function load() {
  await loadFixture();
  if (state) return state;
  try {
    const cache = await caches.open(CACHE);
    const saved = await cache.match(STATE_URL);
    state = saved ? await saved.json() : freshState();
  } catch (_) {
    state = freshState();
  }
  return state;
}

async function save() {
  try {
    const cache = await caches.open(CACHE);
    await cache.put(STATE_URL, json(200, state));
  } catch (_) {
    // Without the Cache API the sandbox still works; it forgets on reload.
  }
}

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: Object.assign({ "Content-Type": "application/json", "Cache-Control": "no-store" }, headers),
  });
}

function error(status, code, message) {
  return json(status, { error: { code, message } });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function readJson(request) {
  try {
    return await request.json();
  } catch (_) {
    return null;
  }
}

async function route(request, path) {
  const s = await load();
  const delay = s.scenario === "slow" ? SLOW_MS : LATENCY_MS;

  if (request.method === "GET" && path.startsWith("accounts/")) {
    await sleep(delay);
    if (s.failuresLeft > 0) {
      s.failuresLeft -= 1;
      await save();
      return error(500, "SANDBOX-500", "The sandbox backend was told to fail.");
    }
    const id = decodeURIComponent(path.slice("accounts/".length));
    const found = s.connections[id];
    if (!found) return error(404, "AC-102", "Connection not found.");
    return json(200, { status: "success", statusCode: 200, account: found });
  }

  if (request.method === "POST" && path === "widget-token") {
    await sleep(delay);
    const body = await readJson(request);
    const ok = body && typeof body.aeroPassUserUuid === "string" && body.aeroPassUserUuid &&
      typeof body.connectionId === "string" && s.connections[body.connectionId];
    if (!ok) return error(400, "AC-100", "aeroPassUserUuid and a known connectionId are required.");
    const token = "sbx-wt-" + crypto.randomUUID();
    s.tokens = s.tokens.slice(-19).concat([token]);
    await save();
    return json(200, { token });
  }

  if (request.method === "GET" && path === "__sandbox/state") {
    return json(200, { scenario: s.scenario });
  }

  if (request.method === "POST" && path === "__sandbox/scenario") {
    const body = await readJson(request);
    const scenario = body && body.scenario;
    if (!Object.hasOwn(STATUS_BY_SCENARIO, scenario)) return error(400, "AC-100", "Unknown scenario.");
    state = freshState(scenario);
    await save();
    return json(200, { scenario });
  }

  if (request.method === "POST" && path === "__sandbox/reset") {
    state = freshState();
    await save();
    return json(200, { scenario: state.scenario });
  }

  if (request.method === "POST" && path === "__sandbox/link") {
    await sleep(LATENCY_MS);
    const body = await readJson(request);
    if (!body || !s.tokens.includes(body.token)) {
      return error(401, "AC-101", "This widget session has no valid token.");
    }
    // A widget token is good for one session.
    s.tokens = s.tokens.filter((t) => t !== body.token);
    let connectionId = body.connectionId;
    if (body.account === "1234" && s.connections[connectionId]) {
      // Reconnecting grants fresh consent.
      s.connections[connectionId].connectionStatus = "ACTIVE";
      s.connections[connectionId].connectionExpiry = expiryIn(90);
    } else {
      // Another account: Aerosync creates another connection for it.
      connectionId = "c9876-" + crypto.randomUUID();
      s.connections[connectionId] = account("9876", "ACTIVE");
    }
    await save();
    return json(200, { connectionId });
  }

  return error(404, "AC-102", "No such sandbox endpoint.");
}

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("message", (event) => {
  if (event.data === "claim") event.waitUntil(self.clients.claim());
});
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(API)) return;
  event.respondWith(route(event.request, url.pathname.slice(API.length)));
});
