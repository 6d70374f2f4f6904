#!/usr/bin/env node
// Entry point of the `golive` CLI. Types are stripped without type-checking, so commands start fast;
// `npm run typecheck` is where types are enforced.
require("../lib/runtime/register-ts.js");
const { exitCodeAfterOutput, runCli } = require("../lib/cli/main.ts");
const { INTERRUPTED } = require("../lib/cli/io.ts");
// Signals go to the release commands that listen while they talk to the API (release-interrupt.ts).
const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, signals: process };
runCli(process.argv.slice(2), io)
  .then((code) => {
    process.exitCode = code;
    // Interrupted: its note is written, and what the command had in flight (a request, a retry's timer)
    // must not run on after it, so the process ends now rather than when the last socket closes.
    if (Object.values(INTERRUPTED).includes(code)) process.exit();
  })
  .catch((err) => {
    // A message golive did not word: masked and escaped like everything else it prints.
    const { printable } = require("../lib/core/printable.ts");
    const { redact } = require("../lib/core/redact.ts");
    process.stderr.write(`golive: internal error: ${printable(redact(err?.message ? err.message : String(err)))}\n`);
    process.exitCode = 1;
  });
// A write can fail after the command returned (its last report, to a full disk): that still fails the
// run. A reader that stopped early (EPIPE) does not (lib/cli/main.ts, watchOutput).
process.on("exit", () => {
  process.exitCode = exitCodeAfterOutput(io, process.exitCode ?? 0);
});
