#!/usr/bin/env node
// Transpiles every TypeScript module the CLI, the cdktf app and the scripts can load into the loader's
// cache (lib/runtime/register-ts.js) in one process. scripts/test.sh runs it first: on a fresh checkout,
// the test processes started in parallel each transpiled the same modules again (about 10 s of CPU).
const { readdirSync } = require("node:fs");
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
