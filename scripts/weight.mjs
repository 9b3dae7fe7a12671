// Prints the download weight of release builds: the wasm and JS a browser
// fetches (the sandbox's files left out), raw and brotli (quality 11), and
// fails when a build passes its budget.
//
// Usage: node scripts/weight.mjs NAME=DIR[:BUDGET] ...
// e.g.   node scripts/weight.mjs component=target/weight/minimal:45000 floor=target/weight/floor
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { notShipped } from "./not-shipped.mjs";

function files(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((path) => statSync(path).isFile())
    .filter((path) => /\.(wasm|js|mjs)$/.test(path))
    .filter((path) => !notShipped(relative(dir, path).split(sep).join("/")));
}

const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

let failed = false;
const rows = [];
for (const arg of process.argv.slice(2)) {
  const [name, spec] = arg.split("=");
  const [dir, budget] = spec.split(":");
  let raw = 0;
  let compressed = 0;
  for (const path of files(dir)) {
    const bytes = readFileSync(path);
    raw += bytes.length;
    compressed += brotli(bytes);
  }
  const over = budget && compressed > Number(budget);
  if (over) failed = true;
  rows.push(`| ${name} | ${raw} | ${compressed} | ${budget ? `${budget}${over ? " **over**" : ""}` : ""} |`);
}
console.log("| page (wasm + JS, sandbox left out) | raw bytes | brotli bytes | budget |");
console.log("| --- | ---: | ---: | ---: |");
for (const row of rows) console.log(row);
if (failed) {
  console.error("A build is over its byte budget.");
  process.exit(1);
}
