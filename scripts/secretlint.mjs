#!/usr/bin/env node
// secretlint's own CLI (same flags, output and exit codes), with its always-on profiler switched off.
// secretlint 12 records a performance mark per file and rule and matches every end mark against all
// marks so far, so a run's cost grows with the square of its files (561 files: 18.6 s of CPU; 2.3 s
// with the marks off). Nothing reads the marks unless --profile is given, and then they stay on.
// Used by scripts/secret-scan.sh; if a future secretlint moves the profiler, the patch finds nothing to
// switch off and the scan is only slower, never different.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

if (!process.argv.includes("--profile")) {
  try {
    const { secretLintProfiler } = await import(require.resolve("@secretlint/profiler"));
    secretLintProfiler.mark = () => {};
  } catch {
    // No profiler where secretlint 12 keeps it: scan with it on.
  }
}

try {
  const { run, cli } = await import("secretlint/cli");
  const { exitStatus, stderr, stdout } = await run(cli.input, cli.flags);
  if (stdout) console.log(stdout);
  if (stderr) console.error(stderr);
  process.exit(exitStatus);
} catch (error) {
  // As secretlint's bin does: a crash (a rule or config that fails to load) is exit 2.
  console.error(error);
  process.exit(2);
}
