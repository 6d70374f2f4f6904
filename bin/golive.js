#!/usr/bin/env node
// Entry point of the `golive` CLI. Types are stripped without type-checking, so commands start fast;
// `npm run typecheck` is where types are enforced.
require("../lib/runtime/register-ts.js");
const { runCli } = require("../lib/cli/main.ts");
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`golive: internal error: ${err?.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
