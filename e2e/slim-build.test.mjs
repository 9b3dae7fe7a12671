// scripts/slim-build.mjs, the post-build step of what this repository ships
// (the demo, the element's package): on wasm-bindgen's output every step
// applies, and on output of a shape it does not know (as a new wasm-bindgen
// could write) it fails the build instead of skipping a step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const WASM = "target/wasm32-unknown-unknown/release/aerosync_reconnect_element.wasm";
const NAME = "aerosync_reconnect_element";

/// wasm-bindgen's own output for the element, not yet slimmed.
function fresh() {
  if (!existsSync(WASM)) throw new Error(`${WASM} is missing: run scripts/build-element.sh first`);
  const dir = mkdtempSync(join(tmpdir(), "slim-"));
  const bindgen = spawnSync("wasm-bindgen", ["--target", "web", "--no-typescript", "--out-dir", dir, "--out-name", NAME, WASM]);
  assert.equal(bindgen.status, 0, String(bindgen.stderr));
  return dir;
}

const slim = (dir) => spawnSync("node", ["scripts/slim-build.mjs", dir], { encoding: "utf8" });

test("on wasm-bindgen's output every step applies", () => {
  const dir = fresh();
  try {
    const run = slim(dir);
    assert.equal(run.status, 0, run.stderr);
    const [, folded, , renamed] = /(\d+) snippets folded, (\d+) dead classes dropped, (\d+) imports renamed/.exec(run.stdout) ?? [];
    assert.ok(Number(folded) >= 1, run.stdout);
    assert.ok(Number(renamed) >= 10, run.stdout);
    assert.ok(!existsSync(join(dir, "snippets")), "the snippets are folded into the glue");
    const wasm = new WebAssembly.Module(readFileSync(join(dir, `${NAME}_bg.wasm`)));
    const long = WebAssembly.Module.imports(wasm).filter((i) => i.name.length > 3);
    assert.deepEqual(long, [], "every import the wasm asks for has a short name");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("glue of another shape fails the build", () => {
  const changes = {
    "an import object of another shape": (dir) => {
      const file = join(dir, `${NAME}.js`);
      writeFileSync(file, readFileSync(file, "utf8").replace(/"\.\/[^"]+_bg\.js": import0/, '"./elsewhere.js": imports'));
    },
    "a snippet that is not a plain module": (dir) => {
      const snippets = join(dir, "snippets");
      const [folder] = readdirSync(snippets);
      const file = readdirSync(join(snippets, folder), { recursive: true }).find((f) => String(f).endsWith(".js"));
      const path = join(snippets, folder, String(file));
      writeFileSync(path, `import "./side-effect.js";\n${readFileSync(path, "utf8")}`);
    },
  };
  for (const [what, change] of Object.entries(changes)) {
    const dir = fresh();
    try {
      change(dir);
      const run = slim(dir);
      assert.equal(run.status, 1, `${what}: ${run.stdout}`);
      assert.match(run.stderr, /no step is skipped/, what);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
