#!/usr/bin/env node
// secretlint's own CLI (same flags, output and exit codes), with its always-on profiler switched off,
// and with a text copy of every file it would skip or misread as binary (NUL bytes, UTF-16, gzip:
// scripts/secret-scan-text.mjs), and of the base64 in a file that decodes to text, scanned in the same run. A finding in a copy is also named by the
// original's path on stderr; a binary file too large to decode, and a disable comment, are refused (exit 1).
// secretlint's disable comments hide nothing: the preset's rule that honours them is taken out.
// secretlint 12 records a performance mark per file and rule and matches every end mark against all
// marks so far, so a run's cost grows with the square of its files (561 files: 18.6 s of CPU; 2.3 s
// with the marks off). Nothing reads the marks unless --profile is given, and then they stay on.
// Used by scripts/secret-scan.sh; if a future secretlint moves the profiler, the patch finds nothing to
// switch off and the scan is only slower, never different. The same holds for the glob cache below,
// which lived in .secretlintrc.js: a runtime patch of this process, not configuration.
import { createRequire } from "node:module";
import { findingsText } from "./secret-scan-report.mjs";
import { textCopies } from "./secret-scan-text.mjs";

const require = createRequire(import.meta.url);

if (!process.argv.includes("--profile")) {
  try {
    const { secretLintProfiler } = await import(require.resolve("@secretlint/profiler"));
    secretLintProfiler.mark = () => {};
  } catch {
    // No profiler where secretlint 12 keeps it: scan with it on.
  }
}

/**
 * secretlint-rule-pattern matches every file against every pattern's globs with micromatch, which parses
 * each glob again on every call (picomatch keeps no cache): most of a scan's CPU, and ten times as much
 * for a glob in any letter case (.secretlintrc.js spells each letter as a class of both). Here each glob
 * is parsed once a run: picomatch's makeRe, which micromatch calls through the module object, keeps its
 * RegExp per glob and options. Options
 * holding a function (other than the matcher's onResult callback, which the RegExp does not depend on)
 * are not cached. With no makeRe where picomatch 2 keeps it, nothing is patched: slower, never different.
 */
function parseEachGlobOnce() {
  let picomatch;
  try {
    const rule = createRequire(require.resolve("@secretlint/secretlint-rule-pattern"));
    picomatch = createRequire(rule.resolve("micromatch"))("picomatch");
  } catch {
    return;
  }
  const makeRe = picomatch?.makeRe;
  if (typeof makeRe !== "function" || makeRe.parsesOnce) return;
  const parsed = new Map();
  const once = (input, options = {}, returnOutput = false, returnState = false) => {
    const plain = Object.entries(options).every(([k, v]) => typeof v !== "function" || k === "onResult");
    if (returnOutput || !plain) return makeRe(input, options, returnOutput, returnState);
    const key = JSON.stringify([input, options, returnState]);
    let hit = parsed.get(key);
    if (!hit) {
      const regex = makeRe(input, options, returnOutput, returnState);
      hit = { regex, state: regex.state };
      parsed.set(key, hit);
    }
    // picomatch reads the parse state off the RegExp, then deletes it: put it back for the next caller.
    if (hit.state !== undefined) hit.regex.state = hit.state;
    return hit.regex;
  };
  once.parsesOnce = true;
  picomatch.makeRe = once;
}
parseEachGlobOnce();

// The preset's filter-comments rule drops the findings a secretlint disable comment covers, so a token
// committed with one beside it was never reported (scripts/secret-scan-comments.mjs). The preset
// registers each rule of the `rules` array it exports, this very array, so the rule taken out of it here
// never runs. A secretlint without it there still has every such comment refused.
const { rules: presetRules } = await import(require.resolve("@secretlint/secretlint-rule-preset-recommend"));
const filterComments = presetRules.findIndex((rule) => rule.meta.id === "@secretlint/secretlint-rule-filter-comments");
if (filterComments >= 0) presetRules.splice(filterComments, 1);

let text;
try {
  const { run, cli } = await import("secretlint/cli");
  text = textCopies(cli.input, { cwd: process.cwd(), ignoreFile: cli.flags.secretlintignore ?? ".secretlintignore" });
  const { exitStatus, stderr, stdout } = await run([...cli.input, ...text.copies.map((c) => c.copy)], cli.flags);
  if (stdout) console.log(stdout);
  if (stderr) console.error(stderr);
  // A json report lists every scanned file, clean ones too, and SARIF names a copy by a relative path:
  // a copy is a finding when the report gives its path a message (scripts/secret-scan-report.mjs).
  const found = findingsText(stdout ?? "", cli.flags.format, cli.flags.cwd ?? process.cwd());
  for (const c of text.copies)
    if (found.includes(c.copy))
      console.error(
        `secret-scan: ${c.original}: found ${c.kind === "path" ? "below a folder secretlint skips, in its copy" : `in its ${c.kind} text`} (${c.copy})`,
      );
  for (const line of text.refused) console.error(`secret-scan: ${line}`);
  text.cleanup();
  process.exit(text.refused.length > 0 ? Math.max(exitStatus, 1) : exitStatus);
} catch (error) {
  // As secretlint's bin does: a crash (a rule or config that fails to load) is exit 2.
  console.error(error);
  text?.cleanup();
  process.exit(2);
}
