import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { RULES } from "../../lib/engines/check/rules";
import { golive, tempDir } from "../helpers/cli";
import { editedInput, exampleInput, REPO_ROOT } from "../helpers/example-config";
import { isObj } from "./support";

const TODAY = "2026-11-29";

/** A temp repo with the example configs (or the given ones) and the repository's runbooks. */
function workspace(
  configs: Readonly<Record<string, unknown>> = { production: exampleInput("production"), staging: exampleInput("staging") },
): string {
  const dir = tempDir("golive-check-");
  mkdirSync(join(dir, "config"));
  for (const [env, input] of Object.entries(configs)) writeFileSync(join(dir, "config", `${env}.yaml`), stringify(input));
  if (existsSync(join(REPO_ROOT, "runbooks"))) cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
  return dir;
}

function brokenProduction(): unknown {
  const input = editedInput();
  const at = (v: unknown, k: string) => (isObj(v) ? v[k] : undefined);
  const edge = at(input, "edge");
  const rateLimits = at(edge, "rateLimits");
  const dns = at(edge, "dns");
  const attestations = at(at(input, "readiness"), "attestations");
  return editedInput([
    [["edge", "waf", "managed", "owasp"], false],
    [["edge", "rateLimits"], Array.isArray(rateLimits) ? rateLimits.filter((r) => at(r, "name") !== "tools") : []],
    [
      ["edge", "dns"],
      [...(Array.isArray(dns) ? dns : []), { name: "legacy.example.com", type: "A", content: "192.0.2.50", proxied: true }],
    ],
    [
      ["readiness", "attestations"],
      Array.isArray(attestations) ? attestations.filter((a) => at(a, "item") !== "prompt-injection-defence") : [],
    ],
    [["readiness", "exemptions"], [{ rule: "GL-SEC-006", reason: "Legacy SMTP user until the relay moves", expires: "2026-10-31" }]],
  ]);
}

describe("golive check on the example config", () => {
  const dir = workspace();
  beforeAll(async () => {
    expect((await golive(["synth"], { cwd: dir })).code).toBe(0);
  });

  test("passes with no blocker and prints the scorecard of every checklist row per environment", async () => {
    const run = await golive(["check", "--today", TODAY], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Checklist row\s+production\s+staging$/m);
    expect(run.stdout).toMatch(/^Prompt-injection defence\s+attested\s+attested$/m);
    expect(run.stdout).toMatch(/^Auth on every endpoint\s+pass\s+pass$/m);
    expect(run.stdout).toMatch(/^READY: 0 blocker\(s\)/m);
    expect(run.stdout).not.toContain("BLOCKER");
  });

  test("--format json gives the summary, the scorecard and one result per rule and environment", async () => {
    const run = await golive(["check", "--dir", "cdktf.out", "--format", "json", "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ today: TODAY, environments: ["production", "staging"], summary: { blockers: 0, ready: true } });
    expect(report.scorecard).toHaveLength(11);
    for (const row of report.scorecard) expect(["pass", "attested", "exempt", "warn", "n/a"]).toContain(row.cells.production);
    expect(report.results).toHaveLength(RULES.length * 2);
    expect(report.results[0]).toEqual(
      expect.objectContaining({
        ruleId: expect.any(String),
        title: expect.any(String),
        severity: expect.any(String),
        row: expect.any(String),
        env: expect.any(String),
        status: expect.any(String),
        findings: expect.any(Array),
      }),
    );
  });

  test("checks only the named environment", async () => {
    const run = await golive(["check", "staging", "--json", "--today", TODAY], { cwd: dir });
    expect(JSON.parse(run.stdout).environments).toEqual(["staging"]);
  });
});

describe("golive check on a deliberately broken config", () => {
  const dir = workspace({ production: brokenProduction() });

  test("fails with exit 1 naming each broken rule, after synthesizing the missing cdktf.out", async () => {
    const run = await golive(["check", "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("did not exist; synthesized it first");
    expect(existsSync(join(dir, "cdktf.out", "manifest.json"))).toBe(true);
    for (const id of ["GL-EDGE-007", "GL-EDGE-009", "GL-AUTH-001", "GL-APP-001", "GL-READY-001"])
      expect(run.stdout).toMatch(new RegExp(`^BLOCKER ${id} `, "m"));
    expect(run.stdout).toContain("legacy.example.com is proxied to users but no Access application covers it");
    expect(run.stdout).toMatch(/^Rate limiting\s+FAIL$/m);
    expect(run.stdout).toMatch(/^NOT READY: /m);
  });

  test("--format sarif writes SARIF 2.1.0 with every rule and error-level results located in the synth output", async () => {
    const run = await golive(["check", "--format", "sarif", "--output", "check.sarif", "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    const sarif = JSON.parse(readFileSync(join(dir, "check.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    const [runOut] = sarif.runs;
    expect(runOut.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const rule of runOut.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text).toContain("Fix:");
    }
    const owasp = runOut.results.find((r: { ruleId: string }) => r.ruleId === "GL-EDGE-007");
    expect(owasp.level).toBe("error");
    expect(owasp.locations[0].physicalLocation.artifactLocation.uri).toBe("cdktf.out/stacks/edge-production/cdk.tf.json");
    const access = runOut.results.find((r: { ruleId: string }) => r.ruleId === "GL-AUTH-001");
    expect(access.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(access.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^edge-production\/Dns\//);
    const attest = runOut.results.find((r: { ruleId: string }) => r.ruleId === "GL-APP-001");
    expect(attest.locations[0].physicalLocation.artifactLocation.uri).toBe("config/production.yaml");
  });
});

describe("golive check usage", () => {
  const dir = workspace({ production: exampleInput("production") });

  test.each([
    [["--format", "xml"], '--format: got "xml"'],
    [["--today", "2026-13-01"], '--today: got "2026-13-01"'],
    [["--config-dir", "nowhere"], "--config-dir"],
    [["--frobnicate"], "unknown option --frobnicate"],
  ])("fails with exit 2 for %j", async (args, says) => {
    const run = await golive(["check", ...args], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(says);
  });

  test("fails with exit 2 for an environment that has no stacks", async () => {
    expect((await golive(["synth"], { cwd: dir })).code).toBe(0);
    const run = await golive(["check", "qa", "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no stacks for environment qa; allowed: production");
  });

  test("fails with exit 1 when the directory holds no stacks", async () => {
    mkdirSync(join(dir, "empty"));
    const run = await golive(["check", "--dir", "empty", "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("no synthesized stacks");
  });
});
