import { writeSynthOutput } from "../helpers/synth-output";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { COMMANDS } from "../../lib/cli/commands";
import { isWebhookVariable, WEBHOOK_PLAN_PLACEHOLDER } from "../../lib/features/monitoring/destinations";
import { COMMENT_MARKER } from "../../lib/engines/plan";
import { tempDir } from "../helpers/cli";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { synthKind } from "../helpers/synth";

const DIR = join(REPO_ROOT, ".github", "workflows");
const FILES = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function workflow(file: string): Record<string, unknown> {
  const doc: unknown = parse(readFileSync(join(DIR, file), "utf8"));
  if (!isRecord(doc)) throw new Error(`${file}: not a mapping`);
  return doc;
}

interface Step {
  readonly job: string;
  readonly step: Record<string, unknown>;
}

function jobsOf(doc: Record<string, unknown>): [string, Record<string, unknown>][] {
  return isRecord(doc.jobs) ? Object.entries(doc.jobs).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1])) : [];
}

function stepsOf(doc: Record<string, unknown>): Step[] {
  return jobsOf(doc).flatMap(([job, j]) => (Array.isArray(j.steps) ? j.steps : []).filter(isRecord).map((step) => ({ job, step })));
}

function runText(doc: Record<string, unknown>): string {
  return stepsOf(doc)
    .map((s) => s.step.run)
    .filter((r): r is string => typeof r === "string")
    .join("\n");
}

const pkg: unknown = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
const SCRIPTS = isRecord(pkg) && isRecord(pkg.scripts) ? Object.keys(pkg.scripts) : [];
const DEPENDENCIES = isRecord(pkg)
  ? [
      ...Object.keys(isRecord(pkg.dependencies) ? pkg.dependencies : {}),
      ...Object.keys(isRecord(pkg.devDependencies) ? pkg.devDependencies : {}),
    ]
  : [];

/** Executables the project's own dependencies install (what `npx X` runs without a download). */
function dependencyBins(): Set<string> {
  const bins = new Set<string>();
  for (const dep of DEPENDENCIES) {
    const file = join(REPO_ROOT, "node_modules", dep, "package.json");
    if (!existsSync(file)) continue;
    const manifest: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (!isRecord(manifest)) continue;
    const bin = manifest.bin;
    if (typeof bin === "string" && typeof manifest.name === "string") bins.add(manifest.name.replace(/^@[^/]+\//, ""));
    else if (isRecord(bin)) Object.keys(bin).forEach((b) => bins.add(b));
  }
  return bins;
}

describe("GitHub workflows for users", () => {
  test("pr.yml, deploy.yml (with deploy-environment.yml) and rollback.yml exist", () => {
    expect(FILES).toEqual(expect.arrayContaining(["deploy-environment.yml", "deploy.yml", "pr.yml", "rollback.yml"]));
  });

  test.each(FILES)("%s is valid YAML with on, jobs, and runs-on and steps in every job", (file) => {
    const doc = workflow(file);
    expect(doc.on).toBeDefined();
    expect(jobsOf(doc).length).toBeGreaterThan(0);
    for (const [, job] of jobsOf(doc)) {
      if (typeof job.uses === "string") {
        // a call of a reusable workflow of this repository
        expect(job.uses).toMatch(/^\.\/\.github\/workflows\/[\w-]+\.ya?ml$/);
        expect(existsSync(join(REPO_ROOT, job.uses))).toBe(true);
        continue;
      }
      expect(typeof job["runs-on"]).toBe("string");
      expect(Array.isArray(job.steps) && job.steps.length > 0).toBe(true);
    }
    for (const { step } of stepsOf(doc)) expect(typeof step.uses === "string" || typeof step.run === "string").toBe(true);
  });

  test.each(FILES)("%s: every action is pinned to a version", (file) => {
    for (const { step } of stepsOf(workflow(file))) {
      if (typeof step.uses === "string") expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@v?\d[\w.]*$/);
    }
  });

  test.each(FILES)("%s: every `npm run X`, `npx golive Y`, `npx Z` and `bash scripts/W` refers to something that exists", (file) => {
    const text = runText(workflow(file));
    const commands = new Set(COMMANDS.map((c) => c.name));
    for (const m of text.matchAll(/\bnpm run (?:-s |--silent )?([\w:.-]+)/g)) expect(SCRIPTS).toContain(m[1]);
    for (const m of text.matchAll(/\bnpx golive ([\w-]+)/g)) expect(commands).toContain(m[1]);
    const bins = dependencyBins();
    for (const m of text.matchAll(/\bnpx (?!golive\b)([\w@./-]+)/g)) expect(bins).toContain(m[1]);
    for (const m of text.matchAll(/\bbash (scripts\/[\w./-]+)/g)) expect(existsSync(join(REPO_ROOT, m[1] ?? ""))).toBe(true);
  });

  test("pr.yml runs on pull_request: synth, check as SARIF uploaded to code scanning, plan with the plan roles via OIDC", () => {
    const doc = workflow("pr.yml");
    expect(isRecord(doc.on) && "pull_request" in doc.on).toBe(true);
    const steps = stepsOf(doc);
    const run = runText(doc);
    expect(run).toContain("npm ci");
    expect(run).toContain("npm run synth");
    expect(run).toMatch(/npx golive check --format sarif --output (\S+)/);
    const sarif = /npx golive check --format sarif --output (\S+)/.exec(run)?.[1];
    const upload = steps.find((s) => s.step.uses === "github/codeql-action/upload-sarif@v3");
    expect(isRecord(upload?.step.with) && upload?.step.with.sarif_file).toBe(sarif);
    const roles = steps.filter((s) => String(s.step.uses).startsWith("aws-actions/configure-aws-credentials@"));
    expect(roles.map((s) => (isRecord(s.step.with) ? s.step.with["role-to-assume"] : undefined))).toEqual([
      "${{ vars.AWS_PLAN_ROLE_ARN_STAGING }}",
      "${{ vars.AWS_PLAN_ROLE_ARN_PRODUCTION }}",
    ]);
    const plan = jobsOf(doc).find(([name]) => name === "plan")?.[1];
    expect(plan?.permissions).toMatchObject({ "id-token": "write", "pull-requests": "write" });
    expect(run).toMatch(/npx golive plan .*/);
  });

  test("pr.yml posts ONE comment, found again by the marker plan-report writes, and never uploads plan JSON", () => {
    const doc = workflow("pr.yml");
    const script = stepsOf(doc)
      .map((s) => (isRecord(s.step.with) ? s.step.with.script : undefined))
      .find((s): s is string => typeof s === "string");
    expect(script).toContain(`const marker = "${COMMENT_MARKER}";`);
    expect(script).toContain("updateComment");
    expect(script).toContain("createComment");
    const run = runText(doc);
    expect(run).toMatch(/npx golive plan-report plans --output plan-comment\.md --full-report plan-report\.md/);
    for (const { step } of stepsOf(doc)) {
      if (String(step.uses).startsWith("actions/upload-artifact@")) expect(JSON.stringify(step.with)).not.toContain("plans");
    }
  });

  test("deploy.yml deploys per stack on push to main, staging then production, behind GitHub environment protection", () => {
    const doc = workflow("deploy.yml");
    expect(doc.on).toEqual({ push: { branches: ["main"] } });
    const jobs = Object.fromEntries(jobsOf(doc));
    expect(jobs.staging).toMatchObject({ uses: "./.github/workflows/deploy-environment.yml", with: { environment: "staging" } });
    expect(jobs.production).toMatchObject({
      needs: "staging",
      uses: "./.github/workflows/deploy-environment.yml",
      with: { environment: "production" },
    });
    const called = workflow("deploy-environment.yml");
    expect(isRecord(called.on) && "workflow_call" in called.on).toBe(true);
    expect(jobsOf(called)[0]?.[1].environment).toBe("${{ inputs.environment }}");
    expect(runText(called)).toContain('npx cdktf deploy "$stack" --auto-approve');
  });

  test("rollback.yml is manual, takes the environment, runs golive release rollback and deploys the traffic stack", () => {
    const doc = workflow("rollback.yml");
    const on = doc.on;
    expect(
      isRecord(on) && isRecord(on.workflow_dispatch) && isRecord(on.workflow_dispatch.inputs)
        ? Object.keys(on.workflow_dispatch.inputs)
        : [],
    ).toContain("environment");
    const run = runText(doc);
    expect(run).toContain('npx golive release rollback "$ENVIRONMENT"');
    expect(run).toContain('npx cdktf deploy "traffic-$ENVIRONMENT" --auto-approve');
    expect(jobsOf(doc)[0]?.[1].environment).toBe("${{ inputs.environment }}");
  });

  test("deploy-environment.yml feeds every required variable of the monitoring stack (alert webhooks) from Secrets Manager", () => {
    const run = runText(workflow("deploy-environment.yml"));
    const snippet = /node -e '([\s\S]*?)' > webhook-variables\.txt/.exec(run)?.[1];
    expect(snippet).toBeDefined();
    expect(run).toMatch(
      /while read -r name secret; do[\s\S]*aws secretsmanager get-secret-value --secret-id "\$secret"[\s\S]*::add-mask::[\s\S]*export "TF_VAR_\$name=\$value"/,
    );
    // Run the workflow's own snippet on the synthesized production monitoring stack.
    const json = synthKind(exampleConfig(), "monitoring");
    const dir = tempDir("golive-workflow-");
    writeSynthOutput(join(dir, "cdktf.out"), { "monitoring-production": json, "traffic-production": {} });
    // stacks.json as the workflow makes it: the real CLI's stack list.
    const listed = execFileSync("node", [join(REPO_ROOT, "bin", "golive.js"), "stacks", "production", "--json"], {
      cwd: dir,
      encoding: "utf8",
    });
    writeFileSync(join(dir, "stacks.json"), listed);
    expect(run).toContain('npx golive stacks "$ENVIRONMENT" --json > stacks.json');
    const lines = execFileSync("node", ["-e", snippet ?? ""], { cwd: dir, encoding: "utf8" })
      .trim()
      .split("\n");
    const variables = (json as unknown as { variable?: Record<string, { default?: unknown }> }).variable ?? {};
    const required = Object.entries(variables)
      .filter(([, v]) => v.default === undefined)
      .map(([name]) => name);
    expect(required.length).toBeGreaterThan(0);
    expect(lines.map((l) => l.split(" ")[0]).sort()).toEqual(required.sort());
    expect(lines).toContain("alert_webhook_pagerduty opsbot/production/pagerduty-alerts-url");
  });

  test("deploy-environment.yml refuses an empty webhook secret or the plan placeholder (a wrong first URL would stick)", () => {
    const run = runText(workflow("deploy-environment.yml"));
    expect(run).toMatch(/case "\$value" in\s+"" \| https:\/\/placeholder\.invalid\/\*\) echo "::error::[^"$]*\$secret[^"]*"; exit 1 ;;/);
    expect(WEBHOOK_PLAN_PLACEHOLDER.startsWith("https://placeholder.invalid/")).toBe(true);
  });

  test("pr.yml never reads an alert webhook secret: no Secrets Manager call, no TF_VAR_, no secret but the read-only Cloudflare token", () => {
    const doc = workflow("pr.yml");
    const text = readFileSync(join(DIR, "pr.yml"), "utf8");
    expect(runText(doc)).not.toMatch(/secretsmanager|get-secret-value|TF_VAR_/);
    expect(JSON.stringify(doc)).not.toMatch(/secretsmanager|TF_VAR_/);
    expect([...text.matchAll(/\$\{\{\s*secrets\.([\w]+)/g)].map((m) => m[1])).toEqual(["CLOUDFLARE_PLAN_API_TOKEN"]);
  });

  test("pr.yml's own plan script plans the monitoring stack: every alert_webhook_* variable gets the placeholder, never a URL", () => {
    const step = stepsOf(workflow("pr.yml")).find((s) => s.step.name === "golive plan (production)");
    const script = step?.step.run;
    expect(typeof script).toBe("string");
    const dir = tempDir("golive-pr-plan-");
    const bin = join(dir, ".bin");
    const log = join(dir, "tf-vars.log");
    mkdirSync(bin);
    // npx golive -> this repository's CLI; terraform -> a stand-in that, like Terraform, fails a plan
    // with "No value for required variable" unless every variable without a default has a TF_VAR_.
    writeFileSync(
      join(bin, "npx"),
      `#!/bin/sh\n[ "$1" = golive ] || exit 64\nshift\nexec node "${join(REPO_ROOT, "bin", "golive.js")}" "$@"\n`,
    );
    writeFileSync(
      join(bin, "terraform"),
      `#!/usr/bin/env node
const fs = require("fs");
const [cmd] = process.argv.slice(2);
if (cmd === "init") process.exit(0);
if (cmd === "show") { console.log(JSON.stringify({ format_version: "1.2", resource_changes: [] })); process.exit(0); }
if (cmd !== "plan") process.exit(64);
const vars = JSON.parse(fs.readFileSync("cdk.tf.json", "utf8")).variable || {};
for (const [name, v] of Object.entries(vars)) {
  if (v.default !== undefined) continue;
  const value = process.env["TF_VAR_" + name];
  if (value === undefined) { console.error("Error: No value for required variable " + name); process.exit(1); }
  fs.appendFileSync(${JSON.stringify(log)}, name + "=" + value + "\\n");
}
for (const a of process.argv) if (a.startsWith("-out=")) fs.writeFileSync(a.slice(5), "binary plan");
`,
    );
    for (const f of ["npx", "terraform"]) chmodSync(join(bin, f), 0o755);
    const json = synthKind(exampleConfig(), "monitoring");
    writeSynthOutput(join(dir, "cdktf.out"), { "monitoring-production": json, "bootstrap-production": json });
    const env = { PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`, HOME: dir };
    const result = spawnSync("bash", ["-e", "-c", String(script)], { cwd: dir, env, encoding: "utf8" });
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    const variables = Object.keys((json as unknown as { variable?: Record<string, unknown> }).variable ?? {}).filter(isWebhookVariable);
    expect(variables).toEqual(["alert_webhook_pagerduty"]);
    // planned once (bootstrap-* is skipped), each webhook variable with the placeholder and nothing else
    expect(readFileSync(log, "utf8").trim().split("\n").sort()).toEqual(variables.map((v) => `${v}=${WEBHOOK_PLAN_PLACEHOLDER}`).sort());
    expect(existsSync(join(dir, "plans", "monitoring-production.json"))).toBe(true);
  });
});
