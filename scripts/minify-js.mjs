// Minifies a release build's JavaScript (wasm-bindgen's glue and the
// library's snippets) with terser, then rewrites the Subresource Integrity
// hashes that index.html holds for the files it changed. trunk's own minifier
// leaves wasm-bindgen's ES module as it is, so this runs after it.
//
// A trunk post-build hook (TRUNK_STAGING_DIR, release builds only), or by
// hand: node scripts/minify-js.mjs DIR
// The demo's sandbox and the SDK stand-in are left as they are: they are not
// part of what an integrator ships.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { minify } from "terser";

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error("minify-js: set TRUNK_STAGING_DIR or pass the folder to minify");
  process.exit(1);
}
if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== "release") process.exit(0);

const skip = (path) => /(^|\/)sandbox(-sw\.js|\/)|aerosync-web-sdk\.js$/.test(path);
const scripts = readdirSync(dir, { recursive: true })
  .map((name) => String(name))
  .filter((name) => name.endsWith(".js") && statSync(join(dir, name)).isFile())
  .map((name) => name.split(sep).join("/"))
  .filter((name) => !skip(name));

const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
const changed = new Map();
for (const name of scripts) {
  const file = join(dir, name);
  const source = readFileSync(file, "utf8");
  const before = sri(source);
  const result = await minify(source, {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (typeof result.code !== "string") throw new Error(`minify-js: terser gave nothing for ${name}`);
  writeFileSync(file, result.code);
  changed.set(before, sri(result.code));
}

// trunk writes integrity="sha384-…" for the files it preloads.
const page = join(dir, "index.html");
if (existsSync(page)) {
  const html = readFileSync(page, "utf8");
  const updated = html.replace(/sha384-[A-Za-z0-9+/=]+/g, (hash) => changed.get(hash) ?? hash);
  writeFileSync(page, updated);
}
console.log(`minify-js: ${scripts.length} scripts in ${relative(process.cwd(), dir) || "."}`);
