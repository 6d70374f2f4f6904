import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { FEATURES, STACK_KINDS } from "../../lib/features";
import type { Rule } from "../../lib/platform/readiness";
import { REPO_ROOT } from "../helpers/example-config";

const FEATURES_DIR = join(REPO_ROOT, "lib", "features");
const folders = readdirSync(FEATURES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function isRule(value: unknown): value is Rule {
  return typeof value === "object" && value !== null && "id" in value && "check" in value;
}

describe("the registry of concerns", () => {
  test("every folder under lib/features is one registered concern, with a README", () => {
    expect(folders.length).toBeGreaterThanOrEqual(7);
    expect(FEATURES.map((f) => f.name).sort()).toEqual(folders);
    for (const f of folders) expect({ f, readme: existsSync(join(FEATURES_DIR, f, "README.md")) }).toEqual({ f, readme: true });
  });

  test("stack kinds are unique and keep today's names (they are part of every state address)", () => {
    expect(STACK_KINDS).toEqual(["bootstrap", "access", "secrets", "edge", "email", "monitoring", "traffic"]);
  });

  test("every readiness rule sits in its concern's rules/ folder, in a file named after its public id", () => {
    for (const feature of FEATURES) {
      const dir = join(FEATURES_DIR, feature.name, "rules");
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".ts")) : [];
      const fromFiles = files.map((file) => {
        const exported = Object.values(require(join(dir, file)) as Record<string, unknown>).filter(isRule);
        expect({ file, rules: exported.length }).toEqual({ file, rules: 1 });
        expect({ file, id: exported[0]?.id }).toEqual({ file, id: basename(file, ".ts") });
        return exported[0]?.id;
      });
      expect({ feature: feature.name, ids: feature.rules.map((r) => r.id).sort() }).toEqual({
        feature: feature.name,
        ids: fromFiles.sort(),
      });
    }
  });

  test("exactly one concern's stack owns the zone, the edge's: golive zone starts from it", () => {
    expect(FEATURES.filter((f) => f.zoneExport?.ownsZone).map((f) => f.stack?.kind)).toEqual(["edge"]);
  });

  test("rule ids and risk ids are unique across concerns", () => {
    const rules = FEATURES.flatMap((f) => f.rules.map((r) => r.id));
    const risks = FEATURES.flatMap((f) => f.risks.map((r) => r.id));
    expect(new Set(rules).size).toBe(rules.length);
    expect(new Set(risks).size).toBe(risks.length);
    expect(rules.length).toBe(45);
  });
});
