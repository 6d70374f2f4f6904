import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FEATURE_STACKS, FEATURES, STACK_KINDS } from "../../lib/features";
import { REPO_ROOT } from "../helpers/example-config";
import { EDGES } from "./import-graph";

/** The TypeScript files of a folder of the repository, as repository paths. */
function tsFiles(folder: string): string[] {
  return readdirSync(join(REPO_ROOT, folder))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `${folder}/${f}`);
}

// Issue 10: a concern owns its cross-field rules, those spanning environments too; the engines and the
// composition see them through the Feature interface only.
describe("rules that span environments are the concerns' own", () => {
  test("the concerns declare them: state (bucket), ci-access (OIDC provider, admin environments), edge (zones), monitoring (token expiry alert)", () => {
    expect(FEATURES.filter((f) => f.crossEnvironment).map((f) => f.name)).toEqual(["state", "ci-access", "edge", "monitoring"]);
  });

  test("what one environment creates for another is declared by the creating stack (sharedCreator)", () => {
    expect(FEATURE_STACKS.filter((s) => s.sharedCreator).map((s) => s.kind)).toEqual(["bootstrap", "access"]);
  });

  test("lib/config imports a concern only to compose the schema (lib/config/schema.ts)", () => {
    const fromConfig = EDGES.filter((e) => e.from.startsWith("lib/config/") && e.to.startsWith("lib/features/"));
    expect(fromConfig.filter((e) => e.from !== "lib/config/schema.ts").map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  // lib/config is left out: its config sections share names with stack kinds (edge, secrets).
  test("no stack kind is written in the config engine or the stack composition", () => {
    const files = [...tsFiles("lib/engines/config"), ...tsFiles("stacks")];
    const named = files.flatMap((file) => {
      const code = readFileSync(join(REPO_ROOT, file), "utf8").replace(/^\s*(\/\/|\*|\/\*).*$/gm, "");
      return STACK_KINDS.filter((kind) => code.includes(`"${kind}"`)).map((kind) => `${file}: "${kind}"`);
    });
    expect(files.length).toBeGreaterThan(4);
    expect(named).toEqual([]);
  });
});
