// Shrinks a release build's JavaScript: wasm-bindgen's snippets (the
// library's `widget.js`, a page's own `inline_js`) are folded into the glue
// that imports them, so the page fetches one module instead of several; then
// terser minifies the glue, and the Subresource Integrity hashes that
// index.html holds are rewritten (the folded snippets' preloads removed).
// trunk's own minifier leaves wasm-bindgen's ES module as it is, so this runs
// after it.
//
// A trunk post-build hook (TRUNK_STAGING_DIR, release builds only), or by
// hand: node scripts/minify-js.mjs DIR
// The demo's sandbox and the SDK stand-in are left as they are: they are not
// part of what an integrator ships.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";
import { minify } from "terser";

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error("minify-js: set TRUNK_STAGING_DIR or pass the folder to minify");
  process.exit(1);
}
if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== "release") process.exit(0);

const skip = (path) => /(^|\/)sandbox(-sw\.js|\/)|aerosync-web-sdk\.js$/.test(path);
const listScripts = () =>
  readdirSync(dir, { recursive: true })
    .map((name) => String(name))
    .filter((name) => name.endsWith(".js") && statSync(join(dir, name)).isFile())
    .map((name) => name.split(sep).join("/"))
    .filter((name) => !skip(name));

// A snippet can be folded in when it is a plain module: `export function`,
// `export async function`, `export const`/`let`/`class` declarations, no
// static import and no other kind of export. Anything else stays a file.
function foldable(code) {
  if (/^\s*import\s[^(]/m.test(code)) return false;
  if (/^\s*export\s+(default|\{|\*)/m.test(code)) return false;
  return true;
}

// `import { a, b as c } from './snippets/x/widget.js';` becomes
// `const { a, b: c } = (() => { …widget.js without "export"… return { a, b }; })();`
// (its own scope: the snippet's names cannot clash with the glue's).
const folded = new Set();
const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
// Each script's hash as trunk wrote it into index.html, before any change.
const original = new Map(listScripts().map((name) => [name, sri(readFileSync(join(dir, name)))]));
function fold(name, source) {
  const importRe = /^import\s*\{([^}]*)\}\s*from\s*['"](\.\/snippets\/[^'"]+)['"];?[ \t]*$/gm;
  return source.replace(importRe, (statement, list, specifier) => {
    const target = posix.join(posix.dirname(name), specifier);
    const file = join(dir, target);
    if (skip(target) || !existsSync(file)) return statement;
    const code = readFileSync(file, "utf8");
    if (!foldable(code)) return statement;
    const bindings = list
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => part.split(/\s+as\s+/));
    const body = code.replace(/^(\s*)export\s+(?=(async\s+)?function\b|const\b|let\b|class\b)/gm, "$1");
    const pattern = bindings.map(([from, to]) => (to ? `${from}: ${to}` : from)).join(", ");
    const exported = [...new Set(bindings.map(([from]) => from))].join(", ");
    folded.add(target);
    return `const { ${pattern} } = (() => {\n${body}\nreturn { ${exported} };\n})();`;
  });
}
for (const name of listScripts()) {
  const file = join(dir, name);
  const source = readFileSync(file, "utf8");
  const result = fold(name, source);
  if (result !== source) writeFileSync(file, result);
}
for (const target of folded) rmSync(join(dir, target));
// Empty snippet folders go too.
for (const target of folded) {
  let folder = dirname(join(dir, target));
  while (folder.startsWith(join(dir, "snippets")) && existsSync(folder) && readdirSync(folder).length === 0) {
    rmSync(folder, { recursive: true });
    folder = dirname(folder);
  }
}
const scripts = listScripts();

const changed = new Map();
for (const name of scripts) {
  const file = join(dir, name);
  const source = readFileSync(file, "utf8");
  const result = await minify(source, {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (typeof result.code !== "string") throw new Error(`minify-js: terser gave nothing for ${name}`);
  writeFileSync(file, result.code);
  changed.set(original.get(name), sri(result.code));
}

// trunk writes integrity="sha384-…" for the files it preloads.
const page = join(dir, "index.html");
if (existsSync(page)) {
  const html = readFileSync(page, "utf8");
  const updated = html
    .replace(/<link\b[^>]*>/g, (tag) => {
      const href = /\bhref=["']?([^"' >]+)/.exec(tag)?.[1]?.replace(/^\.?\//, "");
      return href && folded.has(href) ? "" : tag;
    })
    .replace(/sha384-[A-Za-z0-9+/=]+/g, (hash) => changed.get(hash) ?? hash);
  writeFileSync(page, updated);
  // Every preload must still match its file, or the browser blocks it.
  for (const [, href, hash] of updated.matchAll(/<link\b[^>]*?href=["']?\/?([^"' >]+)[^>]*?integrity=["']?(sha384-[A-Za-z0-9+/=]+)/g)) {
    const file = join(dir, href);
    if (existsSync(file) && sri(readFileSync(file)) !== hash) {
      console.error(`minify-js: the integrity hash of ${href} in index.html does not match the file`);
      process.exit(1);
    }
  }
}
console.log(`minify-js: ${folded.size} snippets folded into the glue, ${scripts.length} scripts minified in ${relative(process.cwd(), dir) || "."}`);
