import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./support";

// .gitignore keeps .env.example ("documents the names"): each name it lists must be one golive or a
// workflow reads, or the file drifts into a list of settings that do nothing.
const ENV_EXAMPLE = join(REPO_ROOT, ".env.example");

/** Every file under `dir` (lib/, .github/), recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const MAIN = join(REPO_ROOT, "main.ts");
const CODE = [...filesUnder(join(REPO_ROOT, "lib")), MAIN].map((f) => readFileSync(f, "utf8"));
const READERS = [...CODE, ...filesUnder(join(REPO_ROOT, ".github")).map((f) => readFileSync(f, "utf8"))];

/**
 * golive's own names, as its code reads them: `process.env.GOLIVE_X`, or a quoted `"GOLIVE_X"` handed to
 * an env lookup (lib/cli/cloudflare-base-url.ts, platform/probes.ts).
 */
function namesReadBy(texts: readonly string[]): string[] {
  const found = texts.flatMap((t) => [...t.matchAll(/(?:env\.|["'`])((?:GOLIVE|CLOUDFLARE)_[A-Z0-9_]+)\b/g)].map((m) => m[1] as string));
  return [...new Set(found)].sort();
}

/** The `NAME=` lines of an env file; comments and blank lines are not names. */
function namesOf(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"))
    .map((l) => l.split("=")[0] as string);
}

/** Whether lib/ or .github/ reads `name`; a TF_VAR_x is read as Terraform variable x, which golive declares. */
function isRead(name: string): boolean {
  const word = new RegExp(`\\b${name.replace(/^TF_VAR_/, "")}\\b`);
  return READERS.some((text) => word.test(text));
}

describe(".env.example", () => {
  const text = readFileSync(ENV_EXAMPLE, "utf8");

  test(".gitignore keeps it, and it holds names only: every line NAME= with no value", () => {
    expect(readFileSync(join(REPO_ROOT, ".gitignore"), "utf8").split("\n")).toContain("!.env.example");
    const lines = text.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => !/^[A-Z][A-Z0-9_]*=$/.test(l) && !/^TF_VAR_[a-z0-9_]+=$/.test(l))).toEqual([]);
  });

  test("every name it lists is read somewhere in lib/ or .github/", () => {
    expect(namesOf(text).filter((n) => !isRead(n))).toEqual([]);
  });

  test("lists every GOLIVE_ and CLOUDFLARE_ name golive's code reads", () => {
    const listed = new Set(namesOf(text));
    expect(namesReadBy(CODE).filter((n) => !listed.has(n))).toEqual([]);
    expect(namesReadBy(['const dir = process.env.GOLIVE_NEW_SETTING ?? "x";'])).toEqual(["GOLIVE_NEW_SETTING"]);
  });

  test("fails for a name nothing reads", () => {
    expect(namesOf("# comment\nCLOUDFLARE_API_TOKEN=\nGOLIVE_NO_SUCH_SETTING=\n").filter((n) => !isRead(n))).toEqual([
      "GOLIVE_NO_SUCH_SETTING",
    ]);
  });
});
