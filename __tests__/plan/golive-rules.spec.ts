import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ConfigError } from "../../lib/config/errors";
import { parseRiskRules } from "../../lib/engines/plan/custom-rules";
import { GOLIVE_RULES, GOLIVE_RULES_BY_ID } from "../../lib/engines/plan/golive-rules";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { PLANS } from "./fixtures";

/** A rules file with one rule of this id. */
const rulesWithId = (id: string): string =>
  JSON.stringify({ rules: [{ id, label: "Shadowing golive", severity: "low", match: { type: "terraform_data" } }] });

function errorsOf(text: string): string[] {
  try {
    parseRiskRules("risk-rules.json", text);
    return [];
  } catch (err) {
    return err instanceof ConfigError ? err.message.split("\n") : [String(err)];
  }
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("golive's own rule ids are reserved", () => {
  test("fails on a repository rule taking policy-known-after-apply (a policy read during apply), naming it", () => {
    expect(errorsOf(rulesWithId("policy-known-after-apply"))).toEqual([
      `risk-rules.json: rules[0].id: "policy-known-after-apply" is one of golive's rule ids; choose another`,
    ]);
  });

  test("fails on a repository rule taking any id of golive's own rules, naming it", () => {
    const accepted = GOLIVE_RULES.map((r) => r.id).filter((id) => errorsOf(rulesWithId(id)).length === 0);
    expect(accepted).toEqual([]);
    expect(GOLIVE_RULES.map((r) => r.id)).toEqual(expect.arrayContaining(["construct-renamed", "config-expression", "lb-weights-moved"]));
  });

  test("every flag golive raises carries the id of a rule in the one list (a new rule cannot be missed)", () => {
    // Every flag is made by flagOf(rule, ...) (lib/engines/plan/risks.ts); the concerns' rules reach it as `rule` from RISK_RULES.
    const raisers: string[] = [];
    const missing: string[] = [];
    for (const file of tsFiles(join(REPO_ROOT, "lib"))) {
      const text = readFileSync(file, "utf8");
      const where = relative(REPO_ROOT, file);
      for (const [, name = ""] of text.matchAll(/\bflagOf\(\s*([A-Za-z_$][\w$]*)/g)) {
        if (where === join("lib", "engines", "plan", "risks.ts") && name === "rule") continue;
        const id = new RegExp(`\\bconst ${name.replace(/\$/g, "\\$")}\\b[^=]*=\\s*\\{\\s*id:\\s*"([^"]+)"`).exec(text)?.[1];
        raisers.push(`${where}: ${name}`);
        if (id === undefined || !GOLIVE_RULES_BY_ID.has(id))
          missing.push(`${where}: ${name} (id ${id ?? "not found"}) is not in GOLIVE_RULES`);
      }
    }
    expect(missing).toEqual([]);
    // the scan sees the engine's own rules: a rename, a policy read during apply, a configuration diff's three
    expect(raisers.length).toBeGreaterThanOrEqual(4);
  });

  test("plan-report --json lists every rule of the list; a rules file taking one is refused (exit 1), naming it", async () => {
    const dir = tempDir("golive-golive-rules-");
    const plan = join(PLANS, "tf-changes.json");
    const listed = await golive(["plan-report", plan, "--json"], { cwd: dir });
    expect(JSON.parse(listed.stdout).rules.map((r: { id: string }) => r.id)).toEqual(GOLIVE_RULES.map((r) => r.id));
    mkdirSync(join(dir, ".golive"));
    writeFileSync(join(dir, ".golive", "risk-rules.json"), rulesWithId("policy-known-after-apply"));
    const run = await golive(["plan-report", plan, "--output", "comment.md"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `.golive/risk-rules.json: rules[0].id: "policy-known-after-apply" is one of golive's rule ids; choose another`,
    );
  });
});
