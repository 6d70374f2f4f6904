import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";

/**
 * Paths of this repository cited in code comments, messages, docs, runbooks and workflows name files
 * that exist: a file moved without its citations leaves readers (and a rule's printed fix) pointing at
 * nothing. Config files (`config/<env>.yaml` examples) and test fixtures are names, not citations; but
 * the config folder holds no code, so `config/<file>.ts` cites a file that must be there (the schema's
 * code is lib/config/<file>.ts).
 */
const CITED =
  /(?<![\w./-])((?:lib|scripts|stacks|docs|runbooks|bin|\.github\/workflows)\/[\w./-]+\.(?:ts|js|mjs|md|json|yml|sh)|config\/[\w./-]+\.ts)\b/g;

/** Paths inside other packages, cited as such next to the package's name. */
const OTHER_PACKAGES: ReadonlySet<string> = new Set([
  "lib/notification-policy/index.d.ts", // @cdktf/provider-cloudflare
  "lib/internal/modules/helpers.js", // Node.js
]);

/** Tracked and new (not ignored) files; a tracked file deleted in the working tree cites nothing. */
function citingFiles(): string[] {
  const listed = execFileSync(
    "git",
    [
      ...["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--"],
      ...["lib", "scripts", "stacks", "docs", "runbooks", "bin", ".github", "README.md", "main.ts"],
    ],
    { cwd: REPO_ROOT, encoding: "utf8" },
  );
  return listed.split("\0").filter((f) => /\.(?:ts|js|mjs|md|yml|sh)$/.test(f) && existsSync(join(REPO_ROOT, f)));
}

describe("cited paths", () => {
  test("every repository path cited outside the tests exists", () => {
    const missing: string[] = [];
    for (const file of citingFiles()) {
      for (const m of readFileSync(join(REPO_ROOT, file), "utf8").matchAll(CITED)) {
        const cited = m[1] as string;
        if (!OTHER_PACKAGES.has(cited) && !existsSync(join(REPO_ROOT, cited))) missing.push(`${file}: ${cited}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test("the scan sees a citation: a moved file would be found", () => {
    expect([..."see lib/core/json.ts and `docs/nope.md`".matchAll(CITED)].map((m) => m[1])).toEqual(["lib/core/json.ts", "docs/nope.md"]);
  });

  test("a TypeScript file cited in the config folder is a citation; the user's config files and lib/config/ paths are not", () => {
    const text = "(config/inside-folder.ts), config/production.yaml, config/adopt/qa.json, lib/config/limits.ts";
    expect([...text.matchAll(CITED)].map((m) => m[1])).toEqual(["config/inside-folder.ts", "lib/config/limits.ts"]);
  });
});
