import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";
import { concernTable, type Edge, EDGES, isConcernModule } from "./import-graph";

/**
 * docs/architecture.md names the lib/cli files that import a concern's own modules (its config section
 * aside, as for the engines) and which concerns: the table and the imports must agree both ways, so a
 * generic command that starts importing a concern (golive zone calling the email concern's zone check
 * itself), or a row that outlived its import, fails here.
 */
const DOC = readFileSync(join(REPO_ROOT, "docs", "architecture.md"), "utf8");
const HEADING = "CLI commands that know a concern";

/** A lib/cli file -> the concerns whose own modules it imports. */
function imported(edges: readonly Edge[]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!e.from.startsWith("lib/cli/") || !isConcernModule(e)) continue;
    out.set(e.from, (out.get(e.from) ?? new Set()).add(e.toUnit.name.slice("feature:".length)));
  }
  return new Map([...out].map(([file, concerns]) => [file, [...concerns].sort()]));
}

const sorted = (m: Map<string, string[]>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

describe("CLI commands and concerns", () => {
  test("the table was read (a broken parser cannot pass silently)", () => {
    expect(concernTable(DOC, HEADING).get("lib/cli/commands/secrets-put.ts")).toEqual(["secrets"]);
    expect(concernTable(`## ${HEADING}\n\n| \`lib/cli/commands/zone.ts\` | edge, email | why |\n`, HEADING)).toEqual(
      new Map([["lib/cli/commands/zone.ts", ["edge", "email"]]]),
    );
  });

  test("a command's import of a concern's module counts, its config section and another folder's import do not", () => {
    const edge = (from: string, to: string, feature: string, configSection = false): Edge => ({
      from,
      to,
      fromUnit: { name: from.startsWith("lib/cli/") ? "cli" : "engine:zone", rank: from.startsWith("lib/cli/") ? 8 : 7 },
      toUnit: { name: feature, rank: configSection ? 1 : 4, ...(configSection ? { configSection } : {}) },
      typeOnly: false,
    });
    const edges = [
      edge("lib/cli/commands/zone.ts", "lib/features/email/zone-check.ts", "feature:email"),
      edge("lib/cli/commands/init.ts", "lib/features/edge/schema.ts", "feature:edge", true),
      edge("lib/cli/commands/verify.ts", "lib/features/index.ts", "registry"),
      edge("lib/engines/zone/check.ts", "lib/features/email/zone-check.ts", "feature:email"),
    ];
    expect(sorted(imported(edges))).toEqual({ "lib/cli/commands/zone.ts": ["email"] });
  });

  test("the lib/cli files that import a concern's modules, and which, are exactly those docs/architecture.md lists", () => {
    expect(sorted(imported(EDGES))).toEqual(sorted(concernTable(DOC, HEADING)));
  });

  test("zone, verify, plan, preflight and the Cloudflare base URL reach concerns only through the registry and the engines: the table may not list them", () => {
    const known = concernTable(DOC, HEADING);
    for (const file of ["zone", "verify", "plan", "preflight"]
      .map((c) => `lib/cli/commands/${c}.ts`)
      .concat("lib/cli/cloudflare-base-url.ts"))
      expect({ file, concerns: known.get(file) }).toEqual({ file, concerns: undefined });
  });
});
