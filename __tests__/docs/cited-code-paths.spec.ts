import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { proseLines, REPO_ROOT, readDoc, userPages } from "./support";

/**
 * A code file README, docs/ or a runbook names in a code span (`__tests__/cli/process.spec.ts`) is a
 * path from the repository root, so a reader finds it: an abbreviated `cli/process.spec.ts` resolves
 * nowhere. (__tests__/architecture/cited-paths.spec.ts checks paths that start at a root folder.)
 */
const CODE_PATH = /`([\w.-]+(?:\/[\w.-]+)+\.(?:ts|js|mjs|sh))`/g;

const pages = userPages();

describe("code files cited in the docs", () => {
  test("the scan sees an abbreviated path", () => {
    expect([..."the tests of `cli/process.spec.ts` and `npm test`".matchAll(CODE_PATH)].map((m) => m[1])).toEqual(["cli/process.spec.ts"]);
  });

  test.each(pages)("%s cites each code file by its path from the repository root", (page) => {
    const unresolved = proseLines(readDoc(page)).flatMap(({ line, text }) =>
      [...text.matchAll(CODE_PATH)].filter((m) => !existsSync(join(REPO_ROOT, m[1] as string))).map((m) => `${page}:${line}: ${m[1]}`),
    );
    expect(unresolved).toEqual([]);
  });
});

/**
 * A name cited as living in a file (`withGeneratedFiles`, the hook in lib/engines/config/generated-file.ts;
 * `topicKeyPolicy` in lib/features/secrets/topic-key-policy.ts; `x` (lib/y.ts)) occurs in that file: a
 * function renamed or moved without its citations sends readers looking for something that is not there.
 * Paths from the repository root only; a name is matched by its last part (`Feature.rules` -> `rules`).
 */
const PATH = String.raw`\`?((?:lib|scripts|stacks|bin|\.github\/workflows)\/[\w./-]+\.(?:ts|js|mjs|sh|yml))\`?`;
const NAME = String.raw`\`([A-Za-z_$][\w$.]*)(?:\(\))?\``;
const NAME_IN_FILE = new RegExp(`${NAME}(?:,? (?:the|a|an|its) [\\w -]{1,30}?)?\\s+in\\s+${PATH}|${NAME},? \\(${PATH}[,;:)]`, "g");

/** The citations in `text` whose name does not occur in the file cited, as `name in path`. */
function misplacedNames(text: string): string[] {
  return [...text.matchAll(NAME_IN_FILE)].flatMap((m) => {
    const name = (m[1] ?? m[3] ?? "").split(".").pop() ?? "";
    const path = m[2] ?? m[4] ?? "";
    const file = join(REPO_ROOT, path);
    const escaped = name.replace(/\$/g, "\\$");
    const found = existsSync(file) && new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`).test(readFileSync(file, "utf8"));
    return found ? [] : [`${name} in ${path}`];
  });
}

/** What the cited-paths check scans (__tests__/architecture/cited-paths.spec.ts): code, its comments, docs, workflows. */
function citingFiles(): string[] {
  const roots = ["lib", "scripts", "stacks", "docs", "runbooks", "bin", ".github", "README.md", "main.ts"];
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ...roots], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  return listed.split("\0").filter((f) => /\.(?:ts|js|mjs|md|yml|sh)$/.test(f) && existsSync(join(REPO_ROOT, f)));
}

describe("names cited as living in a file", () => {
  test("the scan finds a name the cited file does not hold, in each form, and passes one it does", () => {
    expect(misplacedNames("the config loader attaches it (`withAdoptFile`, the hook in lib/engines/config/load.ts)")).toEqual([
      "withAdoptFile in lib/engines/config/load.ts",
    ]);
    expect(misplacedNames("`stackNames` in\n`lib/core/names.ts`; `namePrefixes` (lib/core/names.ts)")).toEqual([
      "stackNames in lib/core/names.ts",
      "namePrefixes in lib/core/names.ts",
    ]);
    expect(misplacedNames("`stackName` in lib/core/names.ts, `namePrefix()` (lib/core/names.ts)")).toEqual([]);
  });

  test("every name cited as living in a file occurs in it", () => {
    const files = citingFiles();
    expect(files.length).toBeGreaterThan(100);
    const misplaced = files.flatMap((f) => misplacedNames(readFileSync(join(REPO_ROOT, f), "utf8")).map((m) => `${f}: ${m}`));
    expect(misplaced).toEqual([]);
  });
});
