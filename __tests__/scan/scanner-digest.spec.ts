import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { git } from "./git-history";
import { gitRepo, once } from "./secret-scan-run";

/**
 * `history verified` trusts .secret-scan-verified only under the scanner's digest it was written with:
 * a change to what decides a scan's outcome must scan every commit again. The patterns themselves
 * (lib/core/secret-patterns.json, which .secretlintrc.js builds the scan's rules from) are the first
 * of those: a pattern added for a credential nobody looked for before must be looked for in history.
 *
 * A copy of the scanner (the script, the patterns, the installed packages by a link) lets the patterns
 * change here without touching this repository's. Its record is written by `history all
 * --record-verified` over one empty commit with an empty message, which scans no file, path or message:
 * no secretlint run, about a second.
 */

const LINE = /^([0-9a-f]{40}) ([0-9a-f]{64})$/m;

/** Runs the copy of scripts/secret-scan.sh under `scanner`. */
function scanWith(scanner: string, args: readonly string[]): { readonly code: number | null; readonly out: string } {
  const run = spawnSync("bash", [join(scanner, "scripts", "secret-scan.sh"), ...args], { encoding: "utf8" });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/** A copy of the scanner under its own root, and a repository with one empty commit, recorded as verified by it. */
const verifiedCopy = once(() => {
  const scanner = tempDir("golive-scanner-copy-");
  mkdirSync(join(scanner, "scripts"));
  mkdirSync(join(scanner, "lib", "core"), { recursive: true });
  copyFileSync(join(REPO_ROOT, "scripts", "secret-scan.sh"), join(scanner, "scripts", "secret-scan.sh"));
  copyFileSync(join(REPO_ROOT, "lib", "core", "secret-patterns.json"), join(scanner, "lib", "core", "secret-patterns.json"));
  symlinkSync(join(REPO_ROOT, "node_modules"), join(scanner, "node_modules"));
  const repo = gitRepo(tempDir("golive-scanner-history-"));
  git(repo, "commit", "-q", "--allow-empty", "--allow-empty-message", "-m", "");
  const recorded = scanWith(scanner, ["history", "all", "--record-verified", "--root", repo]);
  return { scanner, patterns: join(scanner, "lib", "core", "secret-patterns.json"), repo, head: git(repo, "rev-parse", "HEAD"), recorded };
});

describe("the scanner digest of .secret-scan-verified", () => {
  const range = () => scanWith(verifiedCopy().scanner, ["history", "verified", "--print-range", "--root", verifiedCopy().repo]);

  test("a record written by this scanner holds: only the commits after it are scanned", () => {
    const { repo, head, recorded } = verifiedCopy();
    expect(recorded.code).toBe(0);
    const [, commit, digest] = LINE.exec(readFileSync(join(repo, ".secret-scan-verified"), "utf8")) ?? [];
    expect({ commit, digest: digest?.length }).toEqual({ commit: head, digest: 64 });
    const held = range();
    expect(held.out.split("\n")[0]).toBe(`${head}..HEAD`);
    expect(held.out).toContain("verified clean by this scanner");
  });

  test("a change of the patterns alone (lib/core/secret-patterns.json) no longer holds: every commit is scanned, saying why", () => {
    const { patterns, head } = verifiedCopy();
    const before = readFileSync(patterns, "utf8");
    const parsed: { placeholders: string[] } = JSON.parse(before);
    writeFileSync(patterns, `${JSON.stringify({ ...parsed, placeholders: [...parsed.placeholders, "/^never-a-secret$/"] }, null, 2)}\n`);
    const changed = range();
    expect(changed.out.split("\n")[0]).toBe("all");
    expect(changed.out).toContain(`the scanner changed since ${head.slice(0, 12)} was verified: scanning every commit`);
    // The same patterns again: the record holds again (the digest is of the content, not of a time).
    writeFileSync(patterns, before);
    expect(range().out.split("\n")[0]).toBe(`${head}..HEAD`);
  });
});
