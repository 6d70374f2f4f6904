#!/usr/bin/env node
// Transpiles every TypeScript module the CLI, the cdktf app and the scripts can load into the loader's
// cache (lib/runtime/register-ts.js) in one process. scripts/test.sh runs it first: on a fresh checkout,
// the test processes started in parallel each transpiled the same modules again (about 10 s of CPU).
// With --load it also loads every module of lib/ and stacks/ (and so cdktf, the providers and the
// libraries they import), so V8's compiled code of each is on disk before the tests start processes
// (lib/runtime/code-cache.js on Node 20, enableCompileCache on 22+): started cold and in parallel, each
// process compiled and wrote the same modules (a fresh clone's test command: 103 s; warm: 82 s of jest).
const { readdirSync, readFileSync } = require("node:fs");
const path = require("node:path");
const { warmCache } = require("../lib/runtime/register-ts.js");

const root = path.join(__dirname, "..");
const files = [path.join(root, "main.ts")];
for (const dir of ["lib", "stacks", "scripts", "config"]) {
  for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && file.endsWith(".ts") && !file.endsWith(".d.ts")) files.push(file);
  }
}
warmCache(files);
if (process.argv.includes("--load")) {
  // Modules only (they declare, nothing runs): not main.ts, which synthesizes, nor the scripts; and the
  // packages they load on first use (`require("cloudflare")` inside a function: the API SDKs, the IAM
  // simulator).
  const inside = (dir) => (file) => file.startsWith(path.join(root, dir) + path.sep);
  const modules = files.filter((f) => inside("lib")(f) || inside("stacks")(f));
  const lazy = new Set();
  for (const file of modules)
    for (const [, name] of readFileSync(file, "utf8").matchAll(/\brequire\("([^".][^"]*)"\)/g))
      if (!name.startsWith("node:")) lazy.add(name);
  for (const file of [...modules, ...lazy]) require(file);
}
