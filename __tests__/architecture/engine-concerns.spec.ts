import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";
import { concernTable, type Edge, EDGES, isConcernModule } from "./import-graph";

/**
 * docs/architecture.md names the engines that import a concern's own modules (not its schema section,
 * which is config) and which concerns: the table and the imports must agree both ways, so a generic
 * engine that starts importing a concern, or a table row that outlived its import, fails here.
 */
const DOC = readFileSync(join(REPO_ROOT, "docs", "architecture.md"), "utf8");

/** Engine -> concerns, from the rows of the "Engines that know a concern" table. */
const documented = (doc: string) => concernTable(doc, "Engines that know a concern");

/** Engine -> the concerns whose modules (lib/features/<concern>/, schema.ts aside) it imports. */
function imported(): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const e of EDGES) {
    if (!e.fromUnit.name.startsWith("engine:") || !isConcernModule(e)) continue;
    const engine = e.fromUnit.name.slice("engine:".length);
    out.set(engine, (out.get(engine) ?? new Set()).add(e.toUnit.name.slice("feature:".length)));
  }
  return new Map([...out].map(([engine, concerns]) => [engine, [...concerns].sort()]));
}

/**
 * Engine -> the concerns it reaches: the concerns' modules its files import, and those imported by every
 * file of another engine they import, directly or through others (config/load.ts ->
 * preflight/adopt-file.ts -> features/edge/adoption.ts reaches edge). Imports are followed file by
 * file, through engines only: the registry is how an engine should see concerns.
 */
function reached(edges: readonly Edge[]): Map<string, string[]> {
  const importsOf = new Map<string, Edge[]>();
  for (const e of edges) importsOf.set(e.from, [...(importsOf.get(e.from) ?? []), e]);
  const out = new Map<string, Set<string>>();
  for (const start of new Set(edges.filter((e) => e.fromUnit.name.startsWith("engine:")).map((e) => e.from))) {
    const engine = (importsOf.get(start)?.[0]?.fromUnit.name ?? "").slice("engine:".length);
    const seen = new Set([start]);
    for (const file of seen)
      for (const e of importsOf.get(file) ?? []) {
        if (e.toUnit.name.startsWith("engine:")) seen.add(e.to);
        if (isConcernModule(e)) out.set(engine, (out.get(engine) ?? new Set()).add(e.toUnit.name.slice("feature:".length)));
      }
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

  test("verify, synth, config and zone see concerns only through the registry: the table may not list them", () => {
    const known = documented(DOC);
    for (const engine of ["verify", "synth", "config", "zone"])
      expect({ engine, concerns: known.get(engine) }).toEqual({ engine, concerns: undefined });
  });

  test("no engine reaches a concern through another engine that its row does not list (config -> preflight -> edge)", () => {
    const known = documented(DOC);
    const beyond = [...reached(EDGES)].flatMap(([engine, concerns]) =>
      concerns.filter((c) => !(known.get(engine) ?? []).includes(c)).map((c) => `${engine} reaches ${c}`),
    );
    expect(beyond).toEqual([]);
  });

  test("the reach is followed through engines: one that imports an engine knowing a concern reaches it", () => {
    const edge = (from: string, to: string) => {
      const unit = (file: string) => ({
        name: file.split("/").slice(0, 2).join(":").replace("engines:", "engine:").replace("features:", "feature:"),
        rank: 7,
      });
      return { from, to, fromUnit: unit(from), toUnit: unit(to), typeOnly: false };
    };
    const edges = [
      edge("engines/config/load.ts", "engines/preflight/adopt-file.ts"),
      edge("engines/preflight/adopt-file.ts", "engines/zone/load.ts"),
      edge("engines/zone/load.ts", "features/edge/index.ts"),
      edge("engines/zone/other.ts", "features/email/index.ts"),
    ];
    expect(sorted(reached(edges))).toEqual({ config: ["edge"], preflight: ["edge"], zone: ["edge", "email"] });
  });

  test("verify's probes and input refusals, zone's checks and plan-report's risks come from the registry, not from a concern", () => {
    const direct = EDGES.filter(
      (e) =>
        (e.from.startsWith("lib/engines/verify/") || e.from.startsWith("lib/engines/zone/") || e.from === "lib/engines/plan/report.ts") &&
        isConcernModule(e),
    );
    expect(direct.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
    expect(EDGES.some((e) => e.from === "lib/engines/verify/plan.ts" && e.toUnit.name === "registry")).toBe(true);
    expect(EDGES.some((e) => e.from === "lib/engines/zone/check.ts" && e.toUnit.name === "registry")).toBe(true);
  });
});
