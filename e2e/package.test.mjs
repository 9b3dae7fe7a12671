// The npm package as a product team installs it: the tarball `npm pack`
// made (scripts/test.sh, into target/npm/) installed into a fresh Vite app
// with React 19 from the registry, type-checked and built, and into a plain
// HTML page; the element then runs its happy path in each, in Chromium, with
// the real aerosync-web-sdk (the backend and Aerosync's sandbox origin are
// answered with page.route).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { serve } from "./serve.mjs";
import { fixtureAnswer, setup } from "./helpers.mjs";

const VERSION = JSON.parse(readFileSync("element/js/package.json", "utf8")).version;
const TARBALL = `${process.cwd()}/target/npm/aerosync-reconnect-element-${VERSION}.tgz`;
const SDK_VERSION = JSON.parse(readFileSync("package.json", "utf8")).devDependencies["aerosync-web-sdk"];
const ROOT = "target/package-test";
const CONNECTION = "conn-pkg-1";
const USER = "user-pkg-1";
const LABEL = "Chase Checking ••••1234";

// Pinned: the app a team starts from today.
const REACT_APP = {
  name: "a-team-app",
  private: true,
  type: "module",
  dependencies: {
    "aerosync-reconnect-element": `file:${TARBALL}`,
    "aerosync-web-sdk": SDK_VERSION,
    react: "19.3.1",
    "react-dom": "19.3.1",
  },
  devDependencies: {
    "@types/react": "19.3.3",
    "@types/react-dom": "19.3.0",
    "@vitejs/plugin-react": "6.3.1",
    typescript: "5.9.3",
    vite: "8.4.1",
  },
};

const APP_TSX = `import { useState } from "react";
import { createRoot } from "react-dom/client";
import "aerosync-reconnect-element";
import type {} from "aerosync-reconnect-element/react";
import type { AerosyncReconnectElement, AerosyncReconnectedDetail } from "aerosync-reconnect-element";

function BankRow() {
  const [done, setDone] = useState("");
  return (
    <main>
      <h1>Bank accounts</h1>
      <aerosync-reconnect
        api-base="/api"
        connection-id="${CONNECTION}"
        aero-pass-user-uuid="${USER}"
        environment="sandbox"
        onaerosync-reconnected={(event: CustomEvent) => setDone((event.detail as AerosyncReconnectedDetail).connectionId)}
      />
      <output>{done && "Host heard: reconnected " + done}</output>
    </main>
  );
}

// The element's own types: its events are typed on the element.
const element: AerosyncReconnectElement | null = document.querySelector("aerosync-reconnect");
element?.addEventListener("aerosync-error", (event) => console.log(event.detail.kind));

createRoot(document.getElementById("root")!).render(<BankRow />);
`;

const PLAIN_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Bank accounts</title>
    <script type="importmap">{ "imports": { "aerosync-web-sdk": "./node_modules/aerosync-web-sdk/dist/index.js" } }</script>
    <script type="module" src="./node_modules/aerosync-reconnect-element/aerosync-reconnect.js"></script>
    <script type="module" src="./page.js"></script>
  </head>
  <body>
    <main>
      <h1>Bank accounts</h1>
      <aerosync-reconnect api-base="/api" connection-id="${CONNECTION}" aero-pass-user-uuid="${USER}"
        environment="sandbox"></aerosync-reconnect>
      <output></output>
    </main>
  </body>
</html>
`;

const PAGE_JS = `document.addEventListener("aerosync-reconnected", (event) => {
  document.querySelector("output").textContent = "Host heard: reconnected " + event.detail.connectionId;
});
`;

// The Aerosync widget page: one button that reports success for the
// connection it was opened for, as the real widget does.
const WIDGET_PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body>
<button id="link">Link ${LABEL}</button>
<script>
  const params = new URLSearchParams(location.search);
  document.getElementById("link").onclick = () => parent.postMessage(JSON.stringify({
    type: "pageSuccess",
    payload: { accounts: [{ connectionId: params.get("connectionId"), accountType: "CHECKING", accountNumberDisplay: "1234" }] },
  }), "*");
</script></body></html>`;

function npm(args, cwd) {
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, stdio: "inherit" });
}

/// Both apps, installed from the tarball and built; served from one root.
async function buildApps() {
  if (!existsSync(TARBALL)) throw new Error(`${TARBALL} is missing: scripts/test.sh packs it (npm pack)`);
  rmSync(ROOT, { recursive: true, force: true });
  const react = `${ROOT}/vite-react`;
  mkdirSync(`${react}/src`, { recursive: true });
  writeFileSync(`${react}/package.json`, JSON.stringify(REACT_APP, null, 2));
  writeFileSync(
    `${react}/index.html`,
    `<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>Bank accounts</title></head>` +
      `<body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>`,
  );
  writeFileSync(
    `${react}/vite.config.js`,
    `import { defineConfig } from "vite";\nimport react from "@vitejs/plugin-react";\n` +
      `export default defineConfig({ base: "./", plugins: [react()] });\n`,
  );
  writeFileSync(
    `${react}/tsconfig.json`,
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "bundler",
        jsx: "react-jsx",
        strict: true,
        noEmit: true,
        lib: ["ES2022", "DOM"],
        types: [],
      },
      include: ["src"],
    }),
  );
  writeFileSync(`${react}/src/main.tsx`, APP_TSX);
  npm(["install"], react);
  // The package's types: the attributes, the events and the JSX tag check.
  execFileSync("npx", ["--no-install", "tsc", "-p", "."], { cwd: react, stdio: "inherit" });
  execFileSync("npx", ["--no-install", "vite", "build", "--logLevel", "warn"], { cwd: react, stdio: "inherit" });

  const plain = `${ROOT}/plain`;
  mkdirSync(plain, { recursive: true });
  writeFileSync(`${plain}/package.json`, JSON.stringify({ name: "a-plain-page", private: true }));
  writeFileSync(`${plain}/index.html`, PLAIN_PAGE);
  writeFileSync(`${plain}/page.js`, PAGE_JS);
  npm(["install", TARBALL, `aerosync-web-sdk@${SDK_VERSION}`], plain);
  return serve(ROOT);
}

const t = setup({ serviceWorkers: "block" }, buildApps);

/// The happy path on the page at `path`: expired, the widget for this
/// connection, success, the same account connected again, the host told.
async function happyPath(path) {
  const { page } = t;
  let status = "EXPIRED_CONSENT";
  await page.route("**/api/**", (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith("/widget-token")) return route.fulfill({ json: { token: "wt-pkg" } });
    assert.equal(url.pathname, `/api/accounts/${CONNECTION}`);
    return route.fulfill({ json: fixtureAnswer(status) });
  });
  await t.context.route("https://sandbox.aerosync.com/**", (route) => {
    status = "ACTIVE";
    return route.fulfill({ contentType: "text/html; charset=utf-8", body: WIDGET_PAGE });
  });
  await page.goto(`${t.url}/${path}`);
  await page.getByText(`Your connection to ${LABEL} has expired.`).waitFor();
  await page.getByRole("button", { name: "Reconnect your bank" }).click();
  await page.frameLocator("iframe#aerosync-widget").getByRole("button", { name: `Link ${LABEL}` }).click();
  await page.getByText(`${LABEL} is connected`).waitFor();
  await page.getByText(`Host heard: reconnected ${CONNECTION}`).waitFor();
}

test("the packed element runs its happy path in a fresh Vite app with React 19", async () => {
  await happyPath("vite-react/dist/index.html");
});

test("the packed element runs its happy path in a plain HTML page", async () => {
  await happyPath("plain/index.html");
});
