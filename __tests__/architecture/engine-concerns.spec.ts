import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";
import { EDGES } from "./import-graph";

/**
 * docs/architecture.md names the engines that import a concern's own modules (not its schema section,
 * which is config) and which concerns: the table and the imports must agree both ways, so a generic
 * engine that starts importing a concern, or a table row that outlived its import, fails here.
 */
const DOC = readFileSync(join(REPO_ROOT, "docs", "architecture.md"), "utf8");

/** Engine -> concerns, from the rows of the "Engines that know a concern" table. */
function documented(doc: string): Map<string, string[]> {
  const section = doc.split(/^## /m).find((s) => s.startsWith("Engines that know a concern")) ?? "";
  const rows = [...section.matchAll(/^\| `([a-z-]+)` \| ([a-z-]+(?:, [a-z-]+)*) \|/gm)];
  return new Map(rows.map((m) => [m[1] ?? "", (m[2] ?? "").split(", ").sort()]));
}

/** Engine -> the concerns whose modules (lib/features/<concern>/, schema.ts aside) it imports. */
function imported(): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const e of EDGES) {
    if (!e.fromUnit.name.startsWith("engine:") || !e.toUnit.name.startsWith("feature:")) continue;
    const engine = e.fromUnit.name.slice("engine:".length);
    out.set(engine, (out.get(engine) ?? new Set()).add(e.toUnit.name.slice("feature:".length)));
  }
  return new Map([...out].map(([engine, concerns]) => [engine, [...concerns].sort()]));
}

const sorted = (m: Map<string, string[]>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

describe("engines and concerns", () => {
  test("the table was read (a broken parser cannot pass silently)", () => {
    expect(documented(DOC).get("check")).toContain("secrets");
    expect(documented("## Engines that know a concern\n\n| `zone` | edge | why |\n").get("zone")).toEqual(["edge"]);
  });

  test("the engines that import a concern's modules, and which, are exactly those docs/architecture.md lists", () => {
    expect(sorted(imported())).toEqual(sorted(documented(DOC)));
  });

  test("verify, synth and config see concerns only through the registry: the table may not list them", () => {
    const known = documented(DOC);
    for (const engine of ["verify", "synth", "config"])
      expect({ engine, concerns: known.get(engine) }).toEqual({ engine, concerns: undefined });
  });

  test("verify's probes and plan-report's risks come from the registry, not from a concern", () => {
    const direct = EDGES.filter(
      (e) => (e.from.startsWith("lib/engines/verify/") || e.from === "lib/engines/plan/report.ts") && e.toUnit.name.startsWith("feature:"),
    );
    expect(direct.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
    expect(EDGES.some((e) => e.from === "lib/engines/verify/plan.ts" && e.toUnit.name === "registry")).toBe(true);
  });
});
