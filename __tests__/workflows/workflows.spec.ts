import { writeSynthOutput } from "../helpers/synth-output";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMMANDS } from "../../lib/cli/commands";
import { WEBHOOK_PLAN_PLACEHOLDER } from "../../lib/features/monitoring/destinations";
import { COMMENT_MARKER } from "../../lib/engines/plan";
import { golive, spawnCollect, tempDir } from "../helpers/cli";
import { DIR, isRecord, jobsOf, stepsIn, workflow } from "./support";
import { kindsSelectedBy, planEnvironmentsFlags } from "./stack-selection";
import { STACK_KINDS } from "../../lib/features";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { synthKind } from "../helpers/synth";

const FILES = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

interface Step {
  readonly job: string;
  readonly step: Record<string, unknown>;
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

/** A job that applies Terraform: one of its steps runs `cdktf deploy` or `terraform ... apply`. */
function applies(job: Record<string, unknown>): boolean {
  return (Array.isArray(job.steps) ? job.steps : [])
    .filter(isRecord)
    .some((s) => typeof s.run === "string" && /\bcdktf deploy\b|\bterraform\b[^\n]*\bapply\b/.test(s.run));
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

  test.each(FILES)("%s spells no stack folder of the synth output: it asks golive stacks --json (manifest.json) for it", (file) => {
    // cdktf decides the layout (manifest.json's synthesizedStackPath); lib/core/synth-output.ts is its one reader.
    expect(readFileSync(join(DIR, file), "utf8")).not.toMatch(/cdktf\.out\/stacks\//);
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

  test.each(FILES)("%s: every `npm run X`, `npx golive Y`, `npx Z` and `bash scripts/W` refers to something that exists", (file) => {
    const text = runText(workflow(file));
    const commands = new Set(COMMANDS.map((c) => c.name));
    for (const m of text.matchAll(/\bnpm run (?:-s |--silent )?([\w:.-]+)/g)) expect(SCRIPTS).toContain(m[1]);
    for (const m of text.matchAll(/\bnpx golive ([\w-]+)/g)) expect(commands).toContain(m[1]);
    const bins = dependencyBins();
    for (const m of text.matchAll(/\bnpx (?!golive\b)([\w@./-]+)/g)) expect(bins).toContain(m[1]);
    for (const m of text.matchAll(/\bbash (scripts\/[\w./-]+)/g)) expect(existsSync(join(REPO_ROOT, m[1] ?? ""))).toBe(true);
    for (const m of text.matchAll(/\bnode (?:-r (\S+) )?(scripts\/[\w./-]+)/g)) {
      expect(existsSync(join(REPO_ROOT, m[2] ?? ""))).toBe(true);
      if (m[1] !== undefined) expect(existsSync(join(REPO_ROOT, m[1]))).toBe(true);
    }
  });

  test("pr.yml runs on pull_request: synth, plan with the plan roles via OIDC, the data uploaded for pr-review.yml", () => {
    const doc = workflow("pr.yml");
    expect(isRecord(doc.on) && "pull_request" in doc.on).toBe(true);
    const steps = stepsOf(doc);
    const run = runText(doc);
    expect(run).toContain("npm ci");
    expect(run).toContain("npm run synth");
    // one read-only plan role per environment golive synthesizes, assumed by scripts/ci/plan-environments.ts
    expect(steps.some((s) => String(s.step.uses).startsWith("aws-actions/configure-aws-credentials@"))).toBe(false);
    const planStep = steps.find((s) => String(s.step.run).includes("scripts/ci/plan-environments.ts"));
    expect(planStep?.job).toBe("plan");
    expect(String(planStep?.step.run)).toMatch(/--role-variable AWS_PLAN_ROLE_ARN_ /);
    expect(planStep?.step.env).toMatchObject({ VARS: "${{ toJSON(vars) }}", AWS_REGION: "${{ vars.AWS_REGION }}" });
    // Forks get no OIDC token: not planned, and the review says so.
    expect(String(planStep?.step.if)).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(run).toContain('echo "plan (not run for a fork)"');
    // A pull request's plan never takes the state lock: it cannot make a deploy wait.
    expect(String(planStep?.step.run)).toMatch(/ -- --no-lock /);
    expect(run).not.toMatch(/npx golive plan/);
    // never the secret-holding states (edge, monitoring) nor the local bootstrap state, selected by declaration
    expect(String(planStep?.step.run)).not.toContain("--exclude");
    expect(STACK_KINDS.filter((k) => !kindsSelectedBy(planEnvironmentsFlags(String(planStep?.step.run))).includes(k))).toEqual([
      "bootstrap",
      "edge",
      "monitoring",
    ]);
    // The data, whatever failed: head commit, pull request, failed steps, plans, synth output, config; no provider binaries.
    const upload = steps.find((s) => String(s.step.uses).startsWith("actions/upload-artifact@"));
    expect(upload?.step.if).toBe("always()");
    expect(upload?.step.with).toMatchObject({ name: "golive-pr-review", "retention-days": 1 });
    const paths = String(isRecord(upload?.step.with) ? upload.step.with.path : "")
      .trim()
      .split("\n");
    expect(paths).toEqual(["review-data/", "plans/*.json", "config/", "cdktf.out/", "!cdktf.out/**/.terraform/", "!cdktf.out/**/*.tfplan"]);
    for (const file of ["head-sha", "pull-request", "failed-steps"]) expect(run).toContain(`review-data/${file}`);
  });

  test("pr.yml writes nothing: no comment, label, status or code scanning upload, and no permission to write any", () => {
    const doc = workflow("pr.yml");
    for (const [, job] of jobsOf(doc)) {
      const permissions = isRecord(job.permissions) ? job.permissions : {};
      // id-token: write only lets the job ask for an OIDC token (the plan roles); it writes nothing in the repository
      for (const [scope, level] of Object.entries(permissions))
        expect([scope, level]).toEqual([scope, scope === "id-token" ? "write" : "read"]);
    }
    const text = readFileSync(join(DIR, "pr.yml"), "utf8");
    expect(text).not.toMatch(
      /github-script|codeql-action|createComment|updateComment|addLabels|createCommitStatus|GITHUB_TOKEN|github\.token/,
    );
  });

  test("pr-review.yml posts ONE comment, found again by the marker plan-report writes, and uploads only the rendered report", () => {
    const doc = workflow("pr-review.yml");
    const script = stepsOf(doc)
      .map((s) => (isRecord(s.step.with) ? s.step.with.script : undefined))
      .find((s): s is string => typeof s === "string" && s.includes("createComment"));
    expect(script).toContain(`const marker = "${COMMENT_MARKER}";`);
    expect(script).toContain("updateComment");
    const run = runText(doc);
    expect(run).toContain('node bin/golive.js plan-report "$1" --synth-dir "$data/cdktf.out" ');
    expect(run).toContain('report "$data/plans" --output "$out/plan-comment.md" --full-report "$out/plan-report.md"');
    const uploads = stepsOf(doc).filter((s) => String(s.step.uses).startsWith("actions/upload-artifact@"));
    expect(uploads.map((u) => (isRecord(u.step.with) ? u.step.with.path : undefined))).toEqual(["review/plan-report.md"]);
  });

  test("deploy.yml deploys every synthesized environment on push to main, one at a time in promotion order, behind GitHub environment protection", () => {
    const doc = workflow("deploy.yml");
    expect(doc.on).toEqual({ push: { branches: ["main"] } });
    const jobs = Object.fromEntries(jobsOf(doc));
    // The order is the config's secrets.github.deployAfter, as golive stacks --json lists it (ci-scripts.spec.ts).
    expect(String(stepsIn(jobs.environments).at(-1)?.run)).toContain(
      "npx golive stacks --json | node -r ./lib/runtime/register-ts.js scripts/ci/environment-matrix.ts --require-order --require-remote-state)\n",
    );
    expect(stepsIn(jobs.environments).at(-1)?.env).toBeUndefined();
    // Not from a repository variable any admin changes unseen by review.
    const text = readFileSync(join(DIR, "deploy.yml"), "utf8");
    expect(text).not.toMatch(/PROMOTION_ORDER|--order\b/);
    expect(text).toMatch(
      /^# order is in that reviewed config: each environment but the first names the one it is deployed after\n# \(`secrets\.github\.deployAfter`/m,
    );
    expect(jobs.deploy).toMatchObject({
      needs: ["review", "environments"],
      strategy: { matrix: "${{ fromJSON(needs.environments.outputs.matrix) }}", "max-parallel": 1, "fail-fast": true },
      uses: "./.github/workflows/deploy-environment.yml",
      with: { environment: "${{ matrix.environment }}" },
    });
    const called = workflow("deploy-environment.yml");
    expect(isRecord(called.on) && "workflow_call" in called.on).toBe(true);
    expect(jobsOf(called)[0]?.[1].environment).toBe("${{ inputs.environment }}");
    // what is applied is the saved plan plan-compare checked (reviewed-apply.spec.ts runs it)
    expect(runText(called)).toMatch(/terraform -chdir="\$\{dir:\?[^"}]*\}" apply -input=false -no-color golive\.tfplan/);
    expect(runText(called)).not.toMatch(/--auto-approve/);
    // the CLI's deploy order, its failure not ignored (a `for` over a failed command substitution runs over nothing)
    expect(runText(called)).toMatch(
      /if ! stacks=\$\(npx golive stacks "\$ENVIRONMENT" [^\n]*\); then\n[^\n]*::error::[^\n]*\n\s*exit 1\n\s*fi\n\s*for stack in \$stacks; do/,
    );
  });

  test.each(["deploy.yml", "pr.yml", "pr-approval.yml", "pr-review.yml", "review.yml", "drift.yml", "deploy-environment.yml"])(
    "%s names no environment: every environment comes from the CLI (golive stacks)",
    (file) => {
      const doc = workflow(file);
      const environments = ["staging", "production", "prod", "qa"];
      for (const { path, value } of strings(doc))
        for (const name of environments)
          expect({ path: path.join("."), named: new RegExp(`\\b${name}\\b`, "i").test(value) }).toEqual({
            path: path.join("."),
            named: false,
          });
      for (const key of [...JSON.stringify(doc).matchAll(/"([\w-]+)":/g)].map((m) => m[1] ?? ""))
        expect(environments.some((e) => key.toLowerCase().includes(e))).toBe(false);
    },
  );

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
    expect(run).toContain('npx golive plan "$stack" --keep-plan-file --detailed-exitcode');
    expect(run).toMatch(/terraform -chdir="\$\{dir:\?[^"}]*\}" apply -input=false -no-color golive\.tfplan/);
    const applying = jobsOf(doc).filter(([, job]) => applies(job));
    expect(applying.map(([, job]) => job.environment)).toEqual(["${{ inputs.environment }}"]);
  });

  test("deploy-environment.yml feeds every required variable of the monitoring stack (alert webhooks) from Secrets Manager", async () => {
    const run = runText(workflow("deploy-environment.yml"));
    const snippet = /node -e '([\s\S]*?)' > webhook-variables\.txt/.exec(run)?.[1];
    expect(snippet).toBeDefined();
    expect(run).toMatch(
      /while read -r name secret region; do[\s\S]*aws secretsmanager get-secret-value --secret-id "\$secret" "\$\{where\[@\]\}"[\s\S]*::add-mask::[\s\S]*export "TF_VAR_\$name=\$value"/,
    );
    // Run the workflow's own snippet on the synthesized production monitoring stack.
    const json = synthKind(exampleConfig(), "monitoring");
    const dir = tempDir("golive-workflow-");
    writeSynthOutput(join(dir, "cdktf.out"), { "monitoring-production": json, "traffic-production": {} });
    // stacks.json as the workflow makes it: the CLI's stack list (in this process; __tests__/cli spawns `golive stacks`).
    const listed = await golive(["stacks", "production", "--json"], { cwd: dir });
    expect(listed.code).toBe(0);
    writeFileSync(join(dir, "stacks.json"), listed.stdout);
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
    // The secret's region, from the variable's description: the one the runbooks read it in.
    const region = /--region (\S+)/.exec((variables.alert_webhook_pagerduty as { description?: string }).description ?? "")?.[1];
    expect(region).toBeDefined();
    expect(lines).toContain(`alert_webhook_pagerduty opsbot/production/pagerduty-alerts-url ${region}`);
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
    expect(new Set([...text.matchAll(/\$\{\{\s*secrets\.([\w]+)/g)].map((m) => m[1]))).toEqual(new Set(["CLOUDFLARE_PLAN_API_TOKEN"]));
  });
});

// ---- hardening (#13 item 3, #12 "Workflows") ----

const PINNED = /^\s*(?:-\s+)?uses:\s+([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)\s*$/;
const LOCAL = /^\s*(?:-\s+)?uses:\s+\.\/\.github\/workflows\/[\w-]+\.ya?ml\s*$/;
/** Runs that need the Cloudflare token: plans, applies and the API break-glass. */
const NEEDS_CLOUDFLARE = /\bnpx (?:golive plan |cdktf deploy |golive release .*--now)|scripts\/ci\/plan-environments\.ts/;

/** The raw `uses:` lines of a workflow file (the parser drops the version comments). */
function usesLines(file: string): string[] {
  return readFileSync(join(DIR, file), "utf8")
    .split("\n")
    .filter((l) => /^\s*(?:-\s+)?uses:/.test(l));
}

function usesValues(doc: Record<string, unknown>): unknown[] {
  return [...jobsOf(doc).map(([, job]) => job.uses), ...stepsOf(doc).map((s) => s.step.uses)].filter((u) => u !== undefined);
}

/** Every string in a parsed workflow, with its path. */
function strings(value: unknown, path: readonly string[] = []): { readonly path: readonly string[]; readonly value: string }[] {
  if (typeof value === "string") return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...path, String(i)]));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

/** `${{ inputs.X }}` and `${{ matrix.X }}` replaced by the value a caller or the matrix gives; fails on one it does not know. */
function expand(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\$\{\{\s*(?:inputs|matrix)\.([\w-]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for ${name} in ${template}`);
    return value;
  });
}

type LockKind = "deploy" | "rollback" | "release" | "admin" | "drift" | "pr";

interface Lock {
  readonly where: string;
  readonly kind: LockKind;
  readonly environment: string | undefined;
  readonly group: string;
  readonly cancelInProgress: unknown;
  readonly queue: unknown;
  readonly applies: boolean;
}

function lockOf(
  where: string,
  kind: LockKind,
  concurrency: unknown,
  environment: string | undefined,
  job: Record<string, unknown> | undefined,
): Lock[] {
  if (concurrency === undefined) return [];
  if (!isRecord(concurrency) || typeof concurrency.group !== "string") throw new Error(`${where}: concurrency needs a group`);
  const group = expand(concurrency.group, environment === undefined ? {} : { environment });
  const applying = job !== undefined && applies(job);
  return [
    { where, kind, environment, group, cancelInProgress: concurrency["cancel-in-progress"], queue: concurrency.queue, applies: applying },
  ];
}

/**
 * Environments to try the locks with. No workflow lists environments: rollback, release and deploy-admin
 * take a GitHub `environment` input, deploy and drift a matrix of what golive synthesizes.
 */
const ENVIRONMENTS = ["staging", "production", "eu-west"];

/** Every concurrency group a run of these workflows joins, for each environment it can act on. */
function locks(): Lock[] {
  const out: Lock[] = [];
  const kinds: Record<string, LockKind> = {
    "deploy.yml": "deploy",
    "rollback.yml": "rollback",
    "release.yml": "release",
    "deploy-admin.yml": "admin",
    "drift.yml": "drift",
    "pr.yml": "pr",
  };
  for (const [file, kind] of Object.entries(kinds)) {
    const doc = workflow(file);
    out.push(...lockOf(file, kind, doc.concurrency, undefined, undefined));
    for (const environment of ENVIRONMENTS) {
      for (const [name, job] of jobsOf(doc)) {
        const where = `${file} ${name} (${environment})`;
        out.push(...lockOf(where, kind, job.concurrency, environment, job));
        if (typeof job.uses !== "string" || !isRecord(job.with)) continue;
        // a called workflow: its jobs' locks, with the environment the caller passes
        const passed = expand(String(job.with.environment ?? ""), { environment });
        const called = workflow(job.uses.replace("./.github/workflows/", ""));
        for (const [calledName, calledJob] of jobsOf(called))
          out.push(...lockOf(`${where} -> ${job.uses} ${calledName}`, kind, calledJob.concurrency, passed || undefined, calledJob));
      }
    }
  }
  return out;
}

describe("GitHub workflows: hardening", () => {
  test.each(FILES)("%s: every action is pinned to a full 40-hex commit SHA with its version as a comment", (file) => {
    const lines = usesLines(file);
    const values = usesValues(workflow(file));
    // the line check sees every `uses:` the parser sees, and no action goes unpinned (pr-approval.yml uses none)
    expect(lines.length).toBe(values.length);
    for (const line of lines) if (!LOCAL.test(line)) expect(line).toMatch(PINNED);
    for (const value of values) expect(value).toMatch(/^(?:\.\/\.github\/workflows\/[\w-]+\.ya?ml|[\w.-]+\/[\w./-]+@[0-9a-f]{40})$/);
  });

  test("one action, one pin: every use of an action names the same commit and version in every workflow", () => {
    const pins = new Map<string, Set<string>>();
    for (const file of FILES) {
      for (const line of usesLines(file)) {
        const m = PINNED.exec(line);
        if (m?.[1] !== undefined) pins.set(m[1], (pins.get(m[1]) ?? new Set()).add(`${m[2]} ${m[3]}`));
      }
    }
    expect([...pins.keys()]).toEqual(
      expect.arrayContaining(["actions/checkout", "actions/setup-node", "aws-actions/configure-aws-credentials"]),
    );
    for (const [action, seen] of pins) expect({ action, pins: seen.size }).toEqual({ action, pins: 1 });
  });

  test.each(FILES)("%s: a secret appears only in the env of a step that plans, deploys, rolls back --now or signs the review", (file) => {
    const doc = workflow(file);
    expect(JSON.stringify(doc.env ?? {})).not.toContain("secrets.");
    for (const [, job] of jobsOf(doc)) expect(JSON.stringify(job.env ?? {})).not.toContain("secrets.");
    for (const { path } of strings(doc).filter((s) => /\bsecrets\./.test(s.value))) {
      expect(path.join(".")).toMatch(/^jobs\.[\w-]+\.steps\.\d+\.env\.[A-Z_]+$/);
      const job = isRecord(doc.jobs) ? doc.jobs[path[1] ?? ""] : undefined;
      const step = isRecord(job) && Array.isArray(job.steps) ? job.steps[Number(path[3])] : undefined;
      // a run step of ours, never a third-party action's inputs or environment; the review's HMAC key only
      // where the review is signed or verified (pr-review.yml, review.yml), and nothing else there
      const run = isRecord(step) && step.uses === undefined && typeof step.run === "string" ? step.run : "";
      if (path.at(-1) === "PLAN_REVIEW_HMAC_KEY") expect(run).toMatch(/\bnode -r \S+ scripts\/ci\/review-signature\.ts (?:sign|verify) /);
      else expect(NEEDS_CLOUDFLARE.test(run)).toBe(true);
    }
  });

  test.each(FILES)("%s: a called workflow that reads a secret is called with secrets: inherit, and only such a one", (file) => {
    // Environment secrets reach a called workflow's job only through inherit (actions/runner#1490): a
    // call without it gives that job empty secrets, and review.yml's verify step would stop every deploy.
    for (const [, job] of jobsOf(workflow(file))) {
      const called = typeof job.uses === "string" ? /^\.\/\.github\/workflows\/([\w-]+\.ya?ml)$/.exec(job.uses)?.[1] : undefined;
      if (called === undefined) continue;
      const readsSecrets = strings(workflow(called)).some((s) => /\bsecrets\./.test(s.value));
      expect({ called, secrets: job.secrets }).toEqual({ called, secrets: readsSecrets ? "inherit" : undefined });
    }
  });

  test.each(FILES)("%s: every step that plans or applies gets the Cloudflare token in its own env", (file) => {
    for (const { step } of stepsOf(workflow(file))) {
      if (typeof step.run !== "string" || !NEEDS_CLOUDFLARE.test(step.run)) continue;
      // secrets-<env> (deploy-admin.yml) is AWS only: no Cloudflare token at all
      if (/^\s*stack="secrets-\$ENVIRONMENT"$/m.test(step.run)) {
        expect(JSON.stringify(step.env ?? {})).not.toContain("CLOUDFLARE");
        continue;
      }
      expect(isRecord(step.env) ? step.env.CLOUDFLARE_API_TOKEN : undefined).toMatch(
        /^\$\{\{ secrets\.CLOUDFLARE_(?:PLAN_)?API_TOKEN \}\}$/,
      );
    }
  });

  test.each(FILES)("%s: npm ci runs no install script and gets no step env", (file) => {
    for (const { step } of stepsOf(workflow(file))) {
      if (typeof step.run !== "string" || !/\bnpm ci\b/.test(step.run)) continue;
      expect(step.run).toMatch(/\bnpm ci\b.*--ignore-scripts/);
      expect(step.env).toBeUndefined();
    }
  });

  test.each(FILES)("%s: every checkout keeps no git credentials and no step pushes with git", (file) => {
    const doc = workflow(file);
    const checkouts = stepsOf(doc).filter((s) => String(s.step.uses).startsWith("actions/checkout@"));
    // every job that runs commands checks the repository out (pr-review.yml twice: the default branch's
    // golive, and the pull request's files as data); a job with no permission and no action (pr-approval.yml)
    // runs nothing of the repository's and holds no credential
    const inert = (job: Record<string, unknown>) =>
      isRecord(job.permissions) && Object.keys(job.permissions).length === 0 && stepsIn(job).every((st) => st.uses === undefined);
    const running = jobsOf(doc).filter(([, job]) => !inert(job) && stepsIn(job).some((st) => "run" in st));
    for (const [name] of running) expect({ name, checkout: checkouts.some((c) => c.job === name) }).toEqual({ name, checkout: true });
    for (const { step } of checkouts) expect(isRecord(step.with) ? step.with["persist-credentials"] : undefined).toBe(false);
    // the only push: scripts/ci/push-branch.sh (push-branch.spec.ts), never a step's own git push
    expect(runText(doc)).not.toMatch(/\bgit\s+push\b/);
    expect(readFileSync(join(DIR, file), "utf8")).not.toMatch(/create-pull-request/);
  });

  test.each(FILES)(
    "%s grants nothing itself; id-token: write only where an AWS role is assumed, contents: write only where a branch is pushed",
    (file) => {
      const doc = workflow(file);
      expect(doc.permissions).toEqual({});
      for (const [name, job] of jobsOf(doc)) {
        expect({ name, declared: isRecord(job.permissions) }).toEqual({ name, declared: true });
        const permissions = isRecord(job.permissions) ? job.permissions : {};
        const steps = (Array.isArray(job.steps) ? job.steps : []).filter(isRecord).map((s) => String(s.uses));
        const assumesRole =
          steps.some((u) => u.startsWith("aws-actions/configure-aws-credentials@")) ||
          stepsIn(job).some((st) => String(st.run).includes("scripts/ci/plan-environments.ts")) ||
          job.uses === "./.github/workflows/deploy-environment.yml";
        const pushesBranch = stepsIn(job).some((st) => /^bash scripts\/ci\/push-branch\.sh /.test(String(st.run).trim()));
        expect({ name, idToken: permissions["id-token"] === "write" }).toEqual({ name, idToken: assumesRole });
        expect({ name, contentsWrite: permissions.contents === "write" }).toEqual({ name, contentsWrite: pushesBranch });
        // no workflow opens a pull request (one opened with the GITHUB_TOKEN is never reviewed): only the
        // review (pr-review.yml) writes to pull requests, its comment and labels
        if (file !== "pr-review.yml")
          expect({ name, pullRequests: permissions["pull-requests"] }).not.toEqual({ name, pullRequests: "write" });
      }
    },
  );

  test("rollback.yml and release.yml: only the propose jobs push (scripts/ci/push-branch.sh, the token in that step alone), with no cloud credential", () => {
    for (const file of ["rollback.yml", "release.yml"]) {
      const doc = workflow(file);
      const pushers = stepsOf(doc).filter((s) => String(s.step.run).includes("scripts/ci/push-branch.sh"));
      expect([file, pushers.map((s) => s.job)]).toEqual([file, ["propose"]]);
      const tokens = strings(doc).filter((s) => /\bgithub\.token\b|\bsecrets\.GITHUB_TOKEN\b/.test(s.value));
      // the job token: PUSH_TOKEN of the push step, and GITHUB_TOKEN of the applying job's check that its
      // commit is main's newest (newest-commit.spec.ts), a job with contents: read
      expect([file, tokens.map((t) => t.path.slice(-2).join(".")).sort()]).toEqual([file, ["env.GITHUB_TOKEN", "env.PUSH_TOKEN"]]);
      const reader = tokens.find((t) => t.path.at(-1) === "GITHUB_TOKEN")?.path ?? [];
      const readerJob = Object.fromEntries(jobsOf(doc))[reader[1] ?? ""];
      expect([file, String(stepsIn(readerJob)[Number(reader[3])]?.run), readerJob?.permissions]).toEqual([
        file,
        expect.stringContaining("scripts/ci/newest-commit.ts"),
        { contents: "read", "id-token": "write" },
      ]);
      expect([file, pushers[0]?.step.env]).toEqual([file, expect.objectContaining({ PUSH_TOKEN: "${{ github.token }}" })]);
      const propose = Object.fromEntries(jobsOf(doc)).propose;
      expect(propose?.environment).toBeUndefined();
      expect(JSON.stringify(propose)).not.toMatch(/secrets\.|configure-aws-credentials/);
    }
    // every other git push in scripts/ci: none
    const ci = join(REPO_ROOT, "scripts", "ci");
    const pushing = readdirSync(ci).filter((f) => /\bgit\b[^\n]*\bpush\b/.test(readFileSync(join(ci, f), "utf8")));
    expect(pushing).toEqual(["push-branch.sh"]);
  });

  test("rollback.yml deploys the pushed commit, not the dispatched one that lacks the rollback", () => {
    const doc = workflow("rollback.yml");
    const jobs = Object.fromEntries(jobsOf(doc));
    const id = stepsOf(doc).find((s) => String(s.step.run).includes("scripts/ci/push-branch.sh"))?.step.id;
    expect(jobs.propose?.outputs).toEqual({ commit: `\${{ steps.${String(id)}.outputs.commit }}` });
    const deploy = jobsOf(doc).find(([, job]) => applies(job));
    expect(deploy?.[1].needs).toBe("propose");
    const checkout = stepsOf(doc).find((s) => s.job === deploy?.[0] && String(s.step.uses).startsWith("actions/checkout@"));
    expect(isRecord(checkout?.step.with) ? checkout.step.with.ref : undefined).toBe("${{ needs.propose.outputs.commit || github.sha }}");
    expect(
      stepsOf(doc)
        .filter((s) => String(s.step.run).includes("npx golive release rollback"))
        .map((s) => s.job),
    ).toEqual(["propose"]);
  });

  test("every job that applies holds an apply lock; everything that applies to or plans against one environment shares it, environments do not", () => {
    const all = locks();
    for (const file of FILES) {
      for (const [name, job] of jobsOf(workflow(file)))
        if (applies(job)) expect({ file, name, locked: isRecord(job.concurrency) }).toEqual({ file, name, locked: true });
    }
    for (const file of ["rollback.yml", "release.yml", "deploy-admin.yml"]) {
      const on = workflow(file).on;
      const input =
        isRecord(on) && isRecord(on.workflow_dispatch) && isRecord(on.workflow_dispatch.inputs)
          ? on.workflow_dispatch.inputs.environment
          : undefined;
      expect([file, input]).toEqual([file, expect.objectContaining({ type: "environment", required: true })]);
    }
    const groups = ENVIRONMENTS.map((environment) => {
      const members = all.filter((l) => l.environment === environment && l.kind !== "pr");
      expect(new Set(members.filter((l) => l.applies).map((l) => l.kind))).toEqual(new Set(["deploy", "rollback", "admin"]));
      // one group per environment: deploy, rollback, release, deploy-admin and drift
      expect(new Set(members.map((l) => l.kind))).toEqual(new Set(["deploy", "rollback", "release", "admin", "drift"]));
      expect(new Set(members.map((l) => l.group.toLowerCase()))).toEqual(new Set([`golive-apply-${environment}`]));
      return members[0]?.group.toLowerCase();
    });
    expect(new Set(groups).size).toBe(ENVIRONMENTS.length);
  });

  test("deploy-admin.yml refuses an -admin environment or plan-review before any job names <env>-admin (GitHub would create it unprotected)", async () => {
    const jobs = new Map(jobsOf(workflow("deploy-admin.yml")));
    const target = jobs.get("target");
    expect({ environment: target?.environment, permissions: target?.permissions }).toEqual({ environment: undefined, permissions: {} });
    for (const [name, job] of jobs)
      if (String(job.environment ?? "").includes("-admin"))
        expect({ name, needs: job.needs }).toEqual({ name, needs: expect.arrayContaining(["target"]) });
    const [check] = stepsIn(target);
    const outcome = async (environment: string) => {
      const run = await spawnCollect("bash", ["-e", "-c", String(check?.run)], {
        cwd: REPO_ROOT,
        env: { ...process.env, ENVIRONMENT: environment },
      });
      return [environment, run.code, run.stdout.trim()];
    };
    // The message names the environment chosen, not the example's: a team's prod-admin hears "prod".
    const refused = (environment: string) =>
      `::error::environment: got ${environment}-admin, allowed: an environment with a config/<env>.yaml (${environment}, not ${environment}-admin: this workflow runs in <env>-admin itself)`;
    expect(await Promise.all(["production-admin", "prod-admin", "plan-review", "production", "staging"].map(outcome))).toEqual([
      ["production-admin", 1, refused("production")],
      ["prod-admin", 1, refused("prod")],
      [
        "plan-review",
        1,
        "::error::environment: got plan-review, allowed: an environment with a config/<env>.yaml (plan-review holds the review key, no deploy)",
      ],
      ["production", 0, ""],
      ["staging", 0, ""],
    ]);
  });

  test("pr-review.yml queues its runs per branch (queue: max): a pr-approval run never cancels the waiting review of a newer head", () => {
    const doc = workflow("pr-review.yml");
    // both kinds of run share the group: the review of a push (pr) and the refresh after a review (pr-approval)
    expect(isRecord(doc.on) && isRecord(doc.on.workflow_run) ? doc.on.workflow_run.workflows : undefined).toEqual(["pr", "pr-approval"]);
    expect(doc.concurrency).toEqual({
      group: "pr-review-${{ github.event.workflow_run.head_repository.full_name }}-${{ github.event.workflow_run.head_branch }}",
      "cancel-in-progress": false,
      queue: "max",
    });
    for (const [name, job] of jobsOf(doc)) expect({ name, concurrency: job.concurrency }).toEqual({ name, concurrency: undefined });
    // every group that must not drop a waiting run queues; deploy.yml's alone lets a newer push replace a waiting deploy
    for (const file of FILES) {
      const blocks = [workflow(file).concurrency, ...jobsOf(workflow(file)).map(([, job]) => job.concurrency)];
      for (const c of blocks.filter(isRecord))
        if (c["cancel-in-progress"] === false && file !== "deploy.yml") expect({ file, queue: c.queue }).toEqual({ file, queue: "max" });
    }
  });

  test("a rollback is never cancelled or displaced: every run sharing a group with a rollback waits in line (queue: max) and cancels nothing", () => {
    const all = locks();
    const rollbacks = all.filter((l) => l.kind === "rollback");
    expect(rollbacks.length).toBeGreaterThan(0);
    for (const rollback of rollbacks) {
      const members = all.filter((l) => l.group.toLowerCase() === rollback.group.toLowerCase());
      expect(members.some((l) => l.kind === "deploy")).toBe(true);
      for (const m of members)
        expect({ where: m.where, cancelInProgress: m.cancelInProgress, queue: m.queue }).toEqual({
          where: m.where,
          cancelInProgress: false,
          queue: "max",
        });
    }
    // deploy.yml's own group holds deploys only: a push may replace a waiting deploy, never a rollback
    const deployGroup = all.find((l) => l.where === "deploy.yml")?.group.toLowerCase();
    expect(all.filter((l) => l.group.toLowerCase() === deployGroup).map((l) => l.kind)).toEqual(["deploy"]);
  });
});
