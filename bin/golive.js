#!/usr/bin/env node
// Entry point of the `golive` CLI. tsx strips types without type-checking, so commands start fast;
// `npm run typecheck` is where types are enforced.
require("tsx/cjs");
// tsx turns on source maps; cdktf captures a stack trace for every token it creates, and mapping
// each through source maps costs more than the synth itself. Error messages here are for users.
process.setSourceMapsEnabled(false);
const { runCli } = require("../lib/cli/main.ts");
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env })
  .then((code) => { process.exitCode = code; })
  .catch((err) => { process.stderr.write(`golive: internal error: ${err && err.message ? err.message : String(err)}\n`); process.exitCode = 1; });
