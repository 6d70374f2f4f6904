import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StackInput } from "../../lib/core/readiness/model";
import { listRepoFiles } from "../../lib/engines/check/load";
import { DEPLOY_CRITICAL_FOLDERS, MAX_MATCH_STEPS, MAX_NAMED_FILES, unownedFindings } from "../../lib/features/ci-access/rules/GL-SEC-009";
import type { RepoFile, RepoListing } from "../../lib/platform/readiness";
import { tempDir } from "../helpers/cli";
import { exampleConfig } from "../helpers/example-config";
import { contextFor, envConfig, messages, ruleById } from "./support";

/**
 * GL-SEC-009 judges every file of the deploy-critical folders the repository holds, not only the paths it
 * names: a later line without owners for a folder below one (`/lib/features/` after `*`) takes the owners
 * away from everything in it.
 */
const rule = ruleById("GL-SEC-009");
const stacks: StackInput[] = [{ name: "edge-production", file: "cdktf.out/stacks/edge-production/cdk.tf.json", json: { terraform: {} } }];
const run = (text: string, listing: RepoListing | undefined) => {
  const codeowners: RepoFile = { path: ".github/CODEOWNERS", text };
  const ctx = contextFor(stacks, { config: envConfig(exampleConfig()) });
  return messages(rule.check({ ...ctx, codeowners, ...(listing ? { repoFiles: listing } : {}) }));
};

/** The auditor's file: `*` owned, then owner-less lines for rule code, constructs, a stack file and config/. */
const UNOWNING = ["* @example-org/platform", "/lib/features/", "/lib/core/", "/stacks/dependencies.ts", "/config/"].join("\n");
const REPO = [
  "lib/cli/main.ts",
  "lib/core/codeowners.ts",
  "lib/features/ci-access/rules/GL-SEC-009.ts",
  "lib/features/edge/constructs/zone.ts",
  "stacks/dependencies.ts",
  "stacks/index.ts",
  "config/production.yaml",
  "config/staging.yaml",
  "docs/ci.md",
  "main.ts",
];

describe("GL-SEC-009 judges every file of the deploy-critical folders", () => {
  test("fails for the lines below `*` that leave rule code, constructs, a stack file and config/ unowned", () => {
    // Every path it names by itself is owned: before the repository's files were listed, this passed.
    expect(run(UNOWNING, undefined)).toEqual([]);
    expect(run(UNOWNING, { paths: REPO })).toEqual([
      'lib/ (golive\'s own code): 3 of its 3 file(s) have no code owner in .github/CODEOWNERS: lib/core/codeowners.ts: the last line matching it, line 3 "/lib/core/", names no owner; lib/features/ci-access/rules/GL-SEC-009.ts: the last line matching it, line 2 "/lib/features/", names no owner; lib/features/edge/constructs/zone.ts: the last line matching it, line 2 "/lib/features/", names no owner',
      'stacks/ (the cdktf app the deploy synthesizes): 1 of its 1 file(s) have no code owner in .github/CODEOWNERS: stacks/dependencies.ts: the last line matching it, line 4 "/stacks/dependencies.ts", names no owner',
      'config/ (the environments the deploy applies, and their readiness exemptions): 2 of its 2 file(s) have no code owner in .github/CODEOWNERS: config/production.yaml: the last line matching it, line 5 "/config/", names no owner; config/staging.yaml: the last line matching it, line 5 "/config/", names no owner',
    ]);
  });

  test("stops at its bound of matching steps on a CODEOWNERS too large to judge against the files, and says so in one finding", () => {
    // 1,000 lines matching no file: each file is compared with every line, about 15 steps each.
    const text = ["* @example-org/platform", ...Array.from({ length: 1_000 }, (_, i) => `/lib/features/x${i}/ @example-org/x`)].join("\n");
    const paths = Array.from({ length: 100 }, (_, i) => `lib/core/f${i}.ts`);
    const file: RepoFile = { path: ".github/CODEOWNERS", text };
    expect(unownedFindings(file, { paths }, 100_000).map((f) => f.message)).toEqual([
      `.github/CODEOWNERS (1001 lines) against the repository's 100 file(s) took more than golive's bound of 100000 matching steps, so which paths it owns was not judged; shorten it (a few broad lines, such as "* @<org>/<owners>", own as much)`,
    ]);
    // The same file within the default bound is judged: `*` owns every file, so nothing is found.
    expect(unownedFindings(file, { paths })).toEqual([]);
    expect(MAX_MATCH_STEPS).toBeGreaterThan(100 * 1_001 * 15);
  });

  test("passes when `*` owns everything, and when the lines below it name owners", () => {
    expect(run("* @example-org/platform\n", { paths: REPO })).toEqual([]);
    expect(run("* @example-org/platform\n/config/ @example-org/app-team\n/lib/**/*.ts @example-org/golive\n", { paths: REPO })).toEqual([]);
  });

  test("a folder's finding names at most MAX_NAMED_FILES files, one per line that unowns them first, and counts the rest", () => {
    const paths = [...Array.from({ length: 9 }, (_, i) => `lib/core/f${i}.ts`), "lib/plugins/p.ts"];
    const [finding = ""] = run("* @example-org/platform\n/lib/core/\n/lib/plugins/\n", { paths });
    expect(finding).toMatch(/^lib\/ \(golive's own code\): 10 of its 10 file\(s\) have no code owner/);
    // lib/plugins/p.ts comes second although it is listed last: its line is named too.
    expect([...finding.matchAll(/(?:: |; )(lib\/[^:]+): the last line/g)].map((m) => m[1])).toEqual([
      "lib/core/f0.ts",
      "lib/plugins/p.ts",
      "lib/core/f1.ts",
      "lib/core/f2.ts",
      "lib/core/f3.ts",
    ]);
    expect(finding).toMatch(/; and 5 more$/);
    expect(MAX_NAMED_FILES).toBe(5);
  });

  test("fails, saying why, when the listing is not the whole repository: a file past it was not judged", () => {
    const out = run("* @example-org/platform\n", { paths: ["lib/a.ts"], incomplete: "golive lists at most 3 files and folders" });
    expect(out).toEqual([
      `the repository's files were not all listed (golive lists at most 3 files and folders), so a file of ${DEPLOY_CRITICAL_FOLDERS.map((f) => f.path).join(", ")} past them was not checked against .github/CODEOWNERS`,
    ]);
  });
});

describe("listRepoFiles: the repository's files, bounded, no link followed", () => {
  const repo = tempDir("golive-repo-files-");
  const put = (path: string) => {
    mkdirSync(join(repo, path, ".."), { recursive: true });
    writeFileSync(join(repo, path), "x");
  };
  for (const p of [
    "main.ts",
    "lib/b.ts",
    "lib/a/c.ts",
    "node_modules/x/index.js",
    ".git/HEAD",
    "cdktf.out/manifest.json",
    "lib/cdktf.out/x",
  ])
    put(p);
  const outside = tempDir("golive-repo-outside-");
  writeFileSync(join(outside, "secret.ts"), "x");
  symlinkSync(outside, join(repo, "lib", "linked"));

  test("breadth first, names sorted, skipping node_modules, .git and cdktf.out; a link is listed, never entered", () => {
    expect(listRepoFiles(repo)).toEqual({ paths: ["main.ts", "lib/b.ts", "lib/linked", "lib/a/c.ts"] });
  });

  test("stops at its bound and says so", () => {
    // .git, cdktf.out, lib and main.ts are its 4 entries: node_modules is one too many.
    expect(listRepoFiles(repo, 4)).toEqual({ paths: ["main.ts"], incomplete: "golive lists at most 4 files and folders" });
  });
});
