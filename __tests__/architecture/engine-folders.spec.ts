import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";

/**
 * lib/README.md and docs/architecture.md each list the engines (`lib/engines/<name>/`): both lists are
 * the folders there, so an engine added (or removed) without its line fails here.
 */
const ENGINES = readdirSync(join(REPO_ROOT, "lib", "engines"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** The `<name>/` folders lib/README.md's tree names on the engines/ entry, up to the next top-level entry. */
function inLibReadme(text: string): string[] {
  const entry = /^ {2}engines\/ {2,}([\s\S]*?)\n {2}\S/m.exec(text)?.[1] ?? "";
  return [...entry.matchAll(/(?<![\w/.-])([a-z-]+)\/\s+\(/g)].map((m) => m[1] ?? "").sort();
}

/** The `` `<name>/` `` folders in docs/architecture.md's layout entry for `lib/engines/`, up to its closing parenthesis. */
function inArchitecture(text: string): string[] {
  const entry = /^- `lib\/engines\/` \(([^)]*)\)/m.exec(text)?.[1] ?? "";
  return [...entry.matchAll(/`([a-z-]+)\/`/g)].map((m) => m[1] ?? "").sort();
}

describe("the engines the docs list", () => {
  test("the lists were read (a broken reader cannot pass silently)", () => {
    expect(ENGINES).toEqual(expect.arrayContaining(["check", "config", "synth"]));
    expect(inLibReadme("  engines/     x: a/ (b), c/\n               (d); e/ (f)\n  cli/   g/ (h)\n")).toEqual(["a", "c", "e"]);
    expect(inArchitecture("- `lib/engines/` (`a/` x, `b/`): `c/`\n")).toEqual(["a", "b"]);
  });

  test("lib/README.md names every folder of lib/engines, and only those", () => {
    expect(inLibReadme(readFileSync(join(REPO_ROOT, "lib", "README.md"), "utf8"))).toEqual(ENGINES);
  });

  test("docs/architecture.md names every folder of lib/engines, and only those", () => {
    expect(inArchitecture(readFileSync(join(REPO_ROOT, "docs", "architecture.md"), "utf8"))).toEqual(ENGINES);
  });
});
