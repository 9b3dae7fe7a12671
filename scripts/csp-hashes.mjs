// trunk post-build hook: puts the sha256 hashes of index.html's inline
// scripts (trunk's loader, whose hash changes with every build, the import
// map, and trunk serve's reload script) into the page's Content-Security-Policy,
// in place of the 'inline-scripts' placeholder. No 'unsafe-inline' is needed.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error("csp-hashes: set TRUNK_STAGING_DIR or pass the folder of index.html");
  process.exit(1);
}
const file = join(dir, "index.html");
const html = readFileSync(file, "utf8");
const PLACEHOLDER = "'inline-scripts'";
if (html.split(PLACEHOLDER).length !== 2) {
  console.error(`csp-hashes: ${file} must hold ${PLACEHOLDER} once, in its Content-Security-Policy`);
  process.exit(1);
}
const hashes = new Set();
for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (/\bsrc\s*=/i.test(attributes)) continue;
  hashes.add(`'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`);
}
writeFileSync(file, html.replace(PLACEHOLDER, [...hashes].join(" ")));
