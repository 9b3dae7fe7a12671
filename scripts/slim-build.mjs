// Slims a release build after trunk (or scripts/build-element.sh):
//
// 1. wasm-bindgen's snippets (the library's `widget.js`, a page's own
//    `inline_js`) are folded into the glue that imports them, so the page
//    fetches one module instead of several;
// 2. exported classes that no code can ever hold are dropped, from the glue
//    and from the wasm (wasm-metadce). Leptos always links wasm-streams'
//    `IntoUnderlying*` classes for server functions: they have no constructor
//    and the wasm never hands one out (no `__wrap`), so no instance can
//    exist. Then wasm-opt runs again, with flatten and rereloop before -Oz;
// 3. the wasm's import names (`__wbg_setAttribute_f75317b2b5cabfb4`, one per
//    browser API it calls, each with 16 hex digits that no compressor can
//    shrink) become short names, in the wasm and in the glue alike, and the
//    wasm's custom sections (tool versions, target features), which a browser
//    never reads, are left out;
// 4. terser minifies the glue (trunk's own minifier leaves wasm-bindgen's ES
//    module as it is);
// 5. the Subresource Integrity hashes in index.html are rewritten for every
//    changed file, the folded snippets' preloads removed, and every remaining
//    hash checked against its file.
//
// Every step applies or fails the build: a glue or wasm of a shape this script
// does not know (a new wasm-bindgen, say) stops it with a message, never a
// silent skip. It runs on what this repository ships (the demo, the custom
// element's package); an integrator's own build needs none of it.
//
// A trunk post-build hook (TRUNK_STAGING_DIR, release builds only), or by
// hand: node scripts/slim-build.mjs DIR
// The demo's sandbox and the SDK stand-in are left as they are: they are not
// part of what an integrator ships (scripts/not-shipped.mjs).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { minify } from "terser";
import { notShipped } from "./not-shipped.mjs";

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error("slim-build: set TRUNK_STAGING_DIR or pass the folder to slim");
  process.exit(1);
}
if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== "release") process.exit(0);
const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", ".bin");

const list = (ext) =>
  readdirSync(dir, { recursive: true })
    .map((name) => String(name))
    .filter((name) => name.endsWith(ext) && statSync(join(dir, name)).isFile())
    .map((name) => name.split(sep).join("/"))
    .filter((name) => !notShipped(name));

// Each wasm-bindgen glue module with its wasm beside it (`x.js`, `x_bg.wasm`).
const gluePairs = () =>
  list(".js")
    .map((name) => {
      const wasmName = name.replace(/\.js$/, "_bg.wasm");
      return { jsFile: join(dir, name), wasmName, wasmFile: join(dir, wasmName) };
    })
    .filter(({ wasmFile }) => existsSync(wasmFile));

// Stops the build: a step met a shape it does not know.
function fail(message) {
  console.error(`slim-build: ${message}; no step is skipped, so the build stops (see scripts/slim-build.mjs)`);
  process.exit(1);
}

const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
// Each file's hash as trunk wrote it into index.html, before any change.
const original = new Map([...list(".js"), ...list(".wasm")].map((name) => [name, sri(readFileSync(join(dir, name)))]));

if (gluePairs().length === 0) fail(`${dir} holds no wasm-bindgen glue with its wasm beside it`);

// ---- 1. snippets folded into the glue ----

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
function fold(name, source) {
  const importRe = /^import\s*\{([^}]*)\}\s*from\s*['"](\.\/snippets\/[^'"]+)['"];?[ \t]*$/gm;
  return source.replace(importRe, (statement, names, specifier) => {
    const target = posix.join(posix.dirname(name), specifier);
    const file = join(dir, target);
    if (notShipped(target) || !existsSync(file)) return statement;
    const code = readFileSync(file, "utf8");
    if (!foldable(code)) fail(`the snippet ${target} is not a plain module and cannot be folded`);
    const bindings = names
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
for (const name of list(".js")) {
  const file = join(dir, name);
  const source = readFileSync(file, "utf8");
  const result = fold(name, source);
  if (result !== source) writeFileSync(file, result);
}
// Every shipped snippet the glue imports is folded.
for (const name of list(".js")) {
  const left = /from\s*['"](\.\/snippets\/[^'"]+)['"]/.exec(readFileSync(join(dir, name), "utf8"));
  if (left && !notShipped(posix.join(posix.dirname(name), left[1]))) fail(`${name} still imports ${left[1]}`);
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

// ---- 2. classes no code can hold, dropped from glue and wasm ----

// wasm-bindgen writes an exported class as `export class Name {` … `}` at the
// start of a line, then `if (Symbol.dispose) Name.prototype…;` and, further
// down, `const NameFinalization = … new FinalizationRegistry(…);` over three
// lines. A class is dead when it has no constructor and no static method and
// the glue never wraps a pointer into one (`Name.__wrap`).
function deadClasses(glue) {
  const dead = [];
  for (const match of glue.matchAll(/^export class (\w+) \{\n([\s\S]*?)^\}\n/gm)) {
    const [block, name, body] = match;
    if (/^\s*(constructor\(|static\s)/m.test(body)) continue;
    if (glue.includes(`${name}.__wrap`)) continue;
    const dispose = new RegExp(`^if \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = ${name}\\.prototype\\.free;\\n`, "m");
    const registry = new RegExp(`^const ${name}Finalization = [^\\n]*\\n[^\\n]*\\n[^\\n]*FinalizationRegistry[^\\n]*\\n`, "m");
    const parts = [block, dispose.exec(glue)?.[0], registry.exec(glue)?.[0]];
    if (parts.some((part) => part === undefined)) fail(`the class ${name} is not in the shape wasm-bindgen 0.2.130 writes`);
    dead.push({ name, parts });
  }
  return dead;
}

// Binaryen's flatten and rereloop passes before -Oz, repeated until nothing
// shrinks: about 1 % less than trunk's -Oz alone.
const WASM_OPT = ["--flatten", "--rereloop", "-Oz", "--converge"];

// The wasm exports a piece of the glue calls (`wasm.name`).
const exportsUsedBy = (text) => new Set([...text.matchAll(/\bwasm\.(\w+)/g)].map((m) => m[1]));

let strippedClasses = 0;
for (const { jsFile, wasmName, wasmFile } of gluePairs()) {
  let glue = readFileSync(jsFile, "utf8");
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasmFile))).map((e) => e.name);
  const dead = deadClasses(glue);
  if (dead.length > 0) {
    const removed = new Set();
    for (const { parts } of dead) {
      for (const part of parts) {
        for (const used of exportsUsedBy(part)) removed.add(used);
        glue = glue.replace(part, "");
      }
    }
    const stillUsed = exportsUsedBy(glue);
    const drop = exports.filter((e) => removed.has(e) && !stillUsed.has(e));
    const keep = exports.filter((e) => !drop.includes(e));
    const graph = [
      { name: "root", root: true, reaches: keep.map((_, i) => `keep${i}`) },
      ...keep.map((e, i) => ({ name: `keep${i}`, export: e })),
      ...drop.map((e, i) => ({ name: `drop${i}`, export: e })),
    ];
    const graphFile = `${wasmFile}.graph.json`;
    writeFileSync(graphFile, JSON.stringify(graph));
    execFileSync(join(bin, "wasm-metadce"), ["-f", graphFile, wasmFile, "-o", wasmFile], { stdio: "ignore" });
    rmSync(graphFile);
    strippedClasses += dead.length;
  }
  execFileSync(join(bin, "wasm-opt"), [...WASM_OPT, wasmFile, "-o", wasmFile], { stdio: "inherit" });
  // The result must still offer everything the glue calls.
  const left = new Set(WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasmFile))).map((e) => e.name));
  const missing = [...exportsUsedBy(glue)].filter((e) => exports.includes(e) && !left.has(e));
  if (missing.length > 0) {
    console.error(`slim-build: ${wasmName} lost exports the glue uses: ${missing.join(", ")}`);
    process.exit(1);
  }
  writeFileSync(jsFile, glue);
}

// ---- 3. short import names ----

// Reads an unsigned LEB128 number at `at`: [value, next offset].
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, at];
  }
}
function lebBytes(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}
const shortName = (i) => {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let name = "";
  do {
    name = letters[i % letters.length] + name;
    i = Math.floor(i / letters.length) - 1;
  } while (i >= 0);
  return name;
};

// Leaves out the custom sections (id 0) of a wasm module.
function withoutCustomSections(bytes) {
  const kept = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const [size, start] = leb(bytes, at + 1);
    if (bytes[at] !== 0) kept.push(bytes.subarray(at, start + size));
    at = start + size;
  }
  return Buffer.concat(kept);
}

// Renames the imports of `module` in the wasm's import section; gives the
// new bytes and the renaming, or null when the section holds anything this
// reader does not know.
function renameImports(bytes, module) {
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    if (id !== 2) {
      at = start + size;
      continue;
    }
    const end = start + size;
    let [count, p] = leb(bytes, start);
    const out = [...lebBytes(count)];
    const renamed = new Map();
    const decoder = new TextDecoder();
    for (let i = 0; i < count; i++) {
      const [moduleLength, m] = leb(bytes, p);
      const moduleName = decoder.decode(bytes.subarray(m, m + moduleLength));
      const [fieldLength, f] = leb(bytes, m + moduleLength);
      const field = decoder.decode(bytes.subarray(f, f + fieldLength));
      let q = f + fieldLength;
      const kind = bytes[q++];
      if (kind === 0) [, q] = leb(bytes, q); // function: type index
      else if (kind === 1 || kind === 2) {
        if (kind === 1) q++; // table: element type
        const flags = bytes[q++];
        [, q] = leb(bytes, q);
        if (flags & 1) [, q] = leb(bytes, q);
      } else if (kind === 3) q += 2; // global: value type, mutability
      else if (kind === 4) [, q] = leb(bytes, q + 1); // tag: attribute, type index
      else return null;
      let name = field;
      if (moduleName === module) {
        name = renamed.get(field) ?? shortName(renamed.size);
        renamed.set(field, name);
      }
      const encoded = new TextEncoder().encode(name);
      out.push(
        ...bytes.subarray(p, m + moduleLength), // the module's name, as it was
        ...lebBytes(encoded.length),
        ...encoded,
        ...bytes.subarray(f + fieldLength, q), // kind and description
      );
      p = q;
    }
    if (p !== end) return null;
    const section = [2, ...lebBytes(out.length), ...out];
    return { bytes: Buffer.concat([bytes.subarray(0, at), Buffer.from(section), bytes.subarray(end)]), renamed };
  }
  return null;
}

let renamedImports = 0;
for (const { jsFile, wasmFile } of gluePairs()) {
  const glue = readFileSync(jsFile, "utf8");
  // wasm-bindgen's import module: `"./<name>_bg.js": import0` in the glue.
  const module = /^\s*"(\.\/[^"]+_bg\.js)": import0,?$/m.exec(glue)?.[1];
  if (!module) fail(`${jsFile} has no import object of the shape wasm-bindgen 0.2.130 writes`);
  const result = renameImports(readFileSync(wasmFile), module);
  if (!result || result.renamed.size === 0) fail(`${wasmFile}'s import section could not be read`);
  // Each import is one `        name: function(` line of the import object.
  let next = glue;
  let ok = true;
  for (const [from, to] of result.renamed) {
    const key = new RegExp(`^(        )${from}(: function\\()`, "m");
    const matches = glue.split(`\n        ${from}: function(`).length - 1;
    if (matches !== 1) {
      ok = false;
      break;
    }
    next = next.replace(key, `$1${to}$2`);
  }
  if (!ok) fail(`${jsFile}'s imports are not one \`name: function(\` line each`);
  const slim = withoutCustomSections(result.bytes);
  new WebAssembly.Module(slim); // still a valid module
  writeFileSync(wasmFile, slim);
  writeFileSync(jsFile, next);
  renamedImports += result.renamed.size;
}

// ---- 4. minified ----

const scripts = list(".js");
for (const name of scripts) {
  const file = join(dir, name);
  const result = await minify(readFileSync(file, "utf8"), {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (typeof result.code !== "string") throw new Error(`slim-build: terser gave nothing for ${name}`);
  writeFileSync(file, result.code);
}

// ---- 5. integrity hashes ----

const changed = new Map();
for (const name of [...list(".js"), ...list(".wasm")]) {
  const now = sri(readFileSync(join(dir, name)));
  if (original.has(name) && original.get(name) !== now) changed.set(original.get(name), now);
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
      console.error(`slim-build: the integrity hash of ${href} in index.html does not match the file`);
      process.exit(1);
    }
  }
}
console.log(
  `slim-build: ${folded.size} snippets folded, ${strippedClasses} dead classes dropped, ` +
    `${renamedImports} imports renamed, ` +
    `${scripts.length} scripts minified in ${relative(process.cwd(), dir) || "."}`,
);
