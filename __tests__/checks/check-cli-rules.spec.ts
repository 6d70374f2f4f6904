import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { TODAY, workspace } from "./support";

/** What `golive check --json` reports, as far as this spec reads it. */
interface CheckJson {
  readonly summary: { readonly warnings: number };
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
