import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RuleResult } from "../../lib/engines/check/engine";
import { RULES } from "../../lib/engines/check/rules";
import { cellStatus } from "../../lib/engines/check/scorecard";
import { golive, tempDir } from "../helpers/cli";
import { TODAY, workspace } from "./support";

/** What `golive check --json` reports, as far as this spec reads it. */
interface CheckJson {
  readonly summary: { readonly warnings: number; readonly ready: boolean };
  readonly scorecard: readonly { readonly row: string; readonly cells: Readonly<Record<string, string>> }[];
  readonly results: readonly {
    readonly ruleId: string;
    readonly env: string;
    readonly status: string;
    readonly findings: { message: string }[];
  }[];
}

// golive check on the example configs' synth output (synthesized once), with what an auditor found it
// let through.
const dir = workspace();
beforeAll(async () => {
  expect((await golive(["synth"], { cwd: dir })).code).toBe(0);
});

/** A repository checkout holding `files` (path -> text). */
function checkout(files: Readonly<Record<string, string>>): string {
  const root = tempDir("golive-checkout-");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test("--repo-dir: GL-SEC-009 warns for each deploy-critical folder a later owner-less line takes from `*`, naming its files", async () => {
  const base = checkout({
    ".github/CODEOWNERS": ["* @example-org/platform", "/lib/features/", "/lib/core/", "/stacks/dependencies.ts", "/config/", ""].join("\n"),
    "lib/features/edge/rules/GL-EDGE-008.ts": "",
    "lib/core/names.ts": "",
    "stacks/dependencies.ts": "",
    "stacks/index.ts": "",
    "config/production.yaml": "",
    "node_modules/lib/x.js": "",
  });
  const run = await golive(["check", "--repo-dir", base, "--json", "--today", TODAY], { cwd: dir });
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as CheckJson;
  const gl009 = report.results.filter((r) => r.ruleId === "GL-SEC-009" && r.env === "production");
  expect(gl009.map((r) => r.status)).toEqual(["fail"]);
  expect(gl009[0]?.findings.map((f) => f.message.slice(0, f.message.indexOf(":")))).toEqual([
    "lib/ (golive's own code)",
    "stacks/ (the cdktf app the deploy synthesizes)",
    "config/ (the environments the deploy applies, and their readiness exemptions)",
  ]);
  expect(gl009[0]?.findings[2]?.message).toContain('config/production.yaml: the last line matching it, line 5 "/config/", names no owner');
  expect(report.summary.warnings).toBeGreaterThan(0);
});

describe("--skip-rule: a checklist row whose rule was not run never says pass", () => {
  test("golive check --skip-rule GL-AUTH-001: the auth row is skipped in both environments, the verdict counts it, exit 0", async () => {
    const run = await golive(["check", "--skip-rule", "GL-AUTH-001", "--today", TODAY], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Auth on every endpoint\s+skipped\s+skipped$/m);
    expect(run.stdout).toMatch(/^Authorization by role\s+\S+\s+\S+$/m);
    expect(run.stdout).toMatch(/^READY: 0 blocker\(s\), \d+ warning\(s\), \d+ exempt, 1 rule\(s\) skipped$/m);
    expect(run.stdout).toMatch(/^SKIPPED GL-AUTH-001 .+ \(--skip-rule\)$/m);
  });

  test("--json's scorecard says skipped for the same row", async () => {
    const run = await golive(["check", "--skip-rule", "gl-auth-001", "--json", "--today", TODAY], { cwd: dir });
    const report = JSON.parse(run.stdout) as CheckJson;
    expect(report.scorecard.find((r) => r.row === "auth")?.cells).toEqual({ production: "skipped", staging: "skipped" });
    expect(report.summary.ready).toBe(true);
  });

  test("worst first: a failing rule still fails or warns the row, a skipped one outranks exempt, attested and pass", () => {
    const [blocker, warning] = ["blocker", "warning"].map((severity) => RULES.find((r) => r.severity === severity));
    if (!blocker || !warning) throw new Error("no blocker or warning rule");
    const result = (status: RuleResult["status"], rule = blocker): RuleResult => ({ rule, env: "production", status, findings: [] });
    expect(cellStatus([result("skipped"), result("fail")])).toBe("fail");
    expect(cellStatus([result("skipped"), result("fail", warning)])).toBe("warn");
    for (const other of ["pass", "exempt", "attested", "n/a"] as const)
      expect(cellStatus([result(other), result("skipped")])).toBe("skipped");
    expect(cellStatus([result("pass"), result("n/a")])).toBe("pass");
  });
});
