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

const READERS = [join(REPO_ROOT, "lib"), join(REPO_ROOT, ".github")].flatMap(filesUnder).map((f) => readFileSync(f, "utf8"));

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

  test("fails for a name nothing reads", () => {
    expect(namesOf("# comment\nCLOUDFLARE_API_TOKEN=\nGOLIVE_NO_SUCH_SETTING=\n").filter((n) => !isRead(n))).toEqual([
      "GOLIVE_NO_SUCH_SETTING",
    ]);
  });
});
