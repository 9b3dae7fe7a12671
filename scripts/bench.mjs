// Prints size and speed figures of the release build (run
// `trunk build --release --offline` first): the size of what a browser
// downloads, and the median time of the demo's main steps on the sandbox,
// in Debian's Chromium. Figures only: nothing here passes or fails.
//
// Usage: node scripts/bench.mjs [runs]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { serve } from "../e2e/serve.mjs";

const RUNS = Number(process.argv[2] || 7);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

console.log("Size of the release build (dist/):");
for (const name of readdirSync("dist").filter((n) => /\.(wasm|js|css)$/.test(n)).sort()) {
  const bytes = readFileSync(join("dist", name));
  console.log(`  ${name.replace(/-[0-9a-f]{16}/, "")}: ${kb(statSync(join("dist", name)).size)}, gzip ${kb(gzipSync(bytes).length)}, brotli ${kb(brotliCompressSync(bytes).length)}`);
}

const { server, url } = await serve("dist");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const steps = { "load → expired screen": [], "click → widget shown": [], "pick account → connected": [] };
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let t = performance.now();
  await page.goto(url + "/");
  await page.getByText("has expired.").waitFor();
  steps["load → expired screen"].push(performance.now() - t);
  t = performance.now();
  await page.getByRole("button", { name: "Reconnect your bank" }).click();
  const widget = page.frameLocator("iframe#aerosync-widget");
  await widget.getByRole("button", { name: "Chase Checking ••••1234" }).waitFor();
  steps["click → widget shown"].push(performance.now() - t);
  t = performance.now();
  await widget.getByRole("button", { name: "Chase Checking ••••1234" }).click();
  await page.getByText("Chase Checking ••••1234 is connected").waitFor();
  steps["pick account → connected"].push(performance.now() - t);
  await context.close();
}
await browser.close();
server.close();

console.log(`\nMedian of ${RUNS} runs on the sandbox (each backend answer waits 250 ms on purpose):`);
for (const [step, times] of Object.entries(steps)) {
  const sorted = times.sort((a, b) => a - b);
  console.log(`  ${step}: ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)})`);
}
