import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "yaml";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { TIER_LIMITS } from "../../lib/features/edge/tiers";
import { ATTESTATION_ITEMS } from "../../lib/features/readiness/schema";
import { ReleaseMonitor } from "../../lib/features/release/schema";
import { runEnvironmentMatrix } from "../../scripts/ci/matrix";
import { blockersInitPrinted, withAttestations } from "./attestations";

const PLANS = ["free", "pro", "business"] as const;

/**
 * Every flag init needs for `env` on `plan`; each environment in its own zone and AWS account. Without
 * `ci`, no --github-repository / --secrets-writer-role (as Enter at their prompts gives).
 */
function flags(env: string, plan: string, account: string, ci = true): string[] {
  return [
    "init",
    env,
    "--yes",
    "--domain",
    `${env}.example`,
    "--app",
    "opsbot",
    "--plan",
    plan,
    "--cloudflare-account-id",
    "0123456789abcdef0123456789abcdef",
    "--aws-account-id",
    account,
    "--hostname",
    `chat.${env}.example`,
    "--hostname",
    `api.${env}.example`,
    "--origin",
    "192.0.2.10",
    "--alert-email",
    "oncall@example.org",
    ...(ci
      ? ["--github-repository", "example-org/opsbot", "--secrets-writer-role", `arn:aws:iam::${account}:role/opsbot-secret-writers`]
      : []),
  ];
}

/** Fills in the commented secrets template init writes without --github-repository, as its comment says. */
function fillSecretsTemplate(text: string, account: string): string {
  const template = /^# secrets:\n(# {3}.*\n)+/m;
  expect(text).toMatch(template);
  return text.replace(
    template,
    [
      "secrets:",
      `  accountId: "${account}"`,
      '  region: "us-east-1"',
      "  owner: app-team",
      `  writers: ["arn:aws:iam::${account}:role/opsbot-secret-writers"]`,
      "  runtimeRoles: [{name: app, assumedBy: ecs-tasks.amazonaws.com}]",
      "  github: {repository: example-org/opsbot}",
      "",
    ].join("\n"),
  );
}

function project(): string {
  const dir = tempDir("golive-init-");
  cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
  return dir;
}

interface Result {
  readonly ruleId: string;
  readonly severity: string;
  readonly env: string;
  readonly status: string;
  readonly findings: readonly { readonly location: unknown }[];
}

async function blockers(cwd: string): Promise<{ code: number; failing: string[]; results: Result[] }> {
  const run = await golive(["check", "--format", "json"], { cwd });
  const report = JSON.parse(run.stdout) as { results: Result[] };
  const failing = report.results
    .filter((r) => r.status === "fail" && r.severity === "blocker")
    .map((r) => `${r.env}:${r.ruleId}`)
    .sort();
  return { code: run.code, failing, results: report.results };
}

/** free is written without --github-repository (no CI roles yet); pro and business with it. */
const FREE_ACCOUNT = "111111111110";

/**
 * What a person does after init: attests each control (and, on free, accepts the missing OWASP ruleset
 * for now; free was written without CI roles, so its secrets template is filled in too).
 */
function attest(file: string, plan: string): void {
  let text = withAttestations(readFileSync(file, "utf8"));
  if (plan === "free")
    text = text.replace(
      "  exemptions: []",
      '  exemptions:\n    - rule: GL-EDGE-007\n      reason: Free plan has no OWASP Core Ruleset; inputs are validated by the app.\n      expires: "2027-01-31"',
    );
  if (plan === "free") text = fillSecretsTemplate(text, FREE_ACCOUNT);
  writeFileSync(file, text);
}

describe("golive init", () => {
  const dir = project();
  const runs = new Map<string, { code: number; stdout: string; stderr: string }>();

  beforeAll(async () => {
    for (const [i, plan] of PLANS.entries())
      runs.set(plan, await golive(flags(plan, plan, `11111111111${i}`, plan !== "free"), { cwd: dir }));
  });

  test("writes config/<env>.yaml for free, pro and business with --yes", () => {
    for (const plan of PLANS) {
      expect(runs.get(plan)).toMatchObject({ code: 0, stderr: "" });
      expect(runs.get(plan)?.stdout).toContain(`Wrote config/${plan}.yaml (${plan} plan)`);
    }
    expect(readdirSync(join(dir, "config")).sort()).toEqual(["business.yaml", "free.yaml", "pro.yaml"]);
    // Without --github-repository init says what check will report for it, and how to clear it.
    expect(runs.get("free")?.stdout).toContain(
      "No --github-repository: no CI deploy roles yet, so golive check also reports GL-SEC-005 until the file's commented secrets section is filled in",
    );
    expect(runs.get("pro")?.stdout).not.toContain("GL-SEC-005");
  });

  test("the file is commented and points editors at the JSON schema, from its own folder", () => {
    const text = readFileSync(join(dir, "config", "pro.yaml"), "utf8");
    const pointer = /^# yaml-language-server: \$schema=(.+)\n/.exec(text)?.[1] ?? "";
    expect(resolve(dir, "config", pointer)).toBe(join(REPO_ROOT, "config", "golive.schema.json"));
    expect(text.split("\n").filter((l) => l.trimStart().startsWith("#")).length).toBeGreaterThan(25);
  });

  test("the comment above readiness names every attestation item, and the GitHub environments by name", () => {
    const text = readFileSync(join(dir, "config", "pro.yaml"), "utf8");
    const comment = text.slice(text.indexOf("# What no stack can prove."), text.indexOf("\nreadiness:")).replace(/\s*#\s*/g, " ");
    for (const item of ATTESTATION_ITEMS) expect(comment).toContain(item);
    expect(comment).toContain("GL-SEC-010");
    expect(comment).toContain("the GitHub environments pro and pro-admin require reviewers and allow only main");
    expect(text).toContain("  # Before applying access-pro, create the GitHub environments pro and pro-admin with\n");
  });

  test("the comment above the state section says the CI workflows refuse local state", () => {
    const text = readFileSync(join(dir, "config", "pro.yaml"), "utf8");
    expect(text).toContain(
      "# Terraform state stays local (terraform.<stack>.tfstate, git-ignored) until you add a state section:\n# a team keeps it in S3 (name secrets.administrators first) or HCP Terraform (docs/state.md). The CI\n# workflows refuse local state (a runner has no state file): add one before deploying from CI.\n",
    );
  });

  test.each(PLANS)("the %s config's WAF and rate limits fit the plan's tier table", (plan) => {
    const cfg = parse(readFileSync(join(dir, "config", `${plan}.yaml`), "utf8"));
    const limits = TIER_LIMITS[plan];
    expect(cfg.edge.waf.managed.owasp).toBe(limits.managedRulesets);
    expect(cfg.edge.waf.managed.cloudflare).toBe(limits.managedRulesets);
    expect(cfg.edge.rateLimits.length).toBeLessThanOrEqual(limits.rateLimitRules);
    for (const r of cfg.edge.rateLimits) {
      expect(limits.rateLimitPeriods).toContain(r.period);
      expect(limits.mitigationTimeouts).toContain(r.mitigationTimeout);
    }
    // The paths readiness wants rate limited are the ones the rules cover.
    const covered = cfg.edge.rateLimits.flatMap((r: { paths: string[] }) => r.paths);
    expect([...cfg.readiness.chatPaths, ...cfg.readiness.toolPaths].every((p: string) => covered.includes(p))).toBe(true);
    expect(cfg.edge.hostnames).toEqual([
      { name: `chat.${plan}.example`, origin: "192.0.2.10" },
      { name: `api.${plan}.example`, origin: "192.0.2.10" },
    ]);
  });

  test.each(PLANS)("the %s config's release monitor interval is at least the plan's minimum", (plan) => {
    const cfg = parse(readFileSync(join(dir, "config", `${plan}.yaml`), "utf8"));
    // Init writes no interval: the schema's default applies, so that is what must fit.
    const interval = ReleaseMonitor.parse(cfg.release.monitor ?? {}).interval;
    expect(interval).toBeGreaterThanOrEqual(TIER_LIMITS[plan].monitorMinInterval);
  });

  test("then synth, then check: only what a person must fill in blocks (no GL-AUTH-002), and once filled in check is READY on every plan", async () => {
    expect((await golive(["synth"], { cwd: dir })).code).toBe(0);
    const before = await blockers(dir);
    // Honest: no stack can prove the app's own controls, so init attests nothing on anyone's behalf.
    // What runbooks/deploy.md, init --help and the file's comments list: GL-APP-001..005, GL-EDGE-007 on
    // free, GL-SEC-005 without --github-repository (free here), and GL-SEC-010 (the GitHub environments)
    // where CI deploys (pro and business).
    const human = PLANS.flatMap((p) => ["GL-APP-001", "GL-APP-002", "GL-APP-003", "GL-APP-004", "GL-APP-005"].map((r) => `${p}:${r}`));
    expect(before.code).toBe(1);
    expect(before.failing).toEqual([...human, "free:GL-EDGE-007", "free:GL-SEC-005", "pro:GL-SEC-010", "business:GL-SEC-010"].sort());
    // What init printed it would be, plan by plan.
    const printed = PLANS.flatMap((p) => blockersInitPrinted(runs.get(p)?.stdout ?? "").map((r) => `${p}:${r}`));
    expect(printed.sort()).toEqual(before.failing);
    // GL-SEC-005 points where the fix goes, the file's secrets section, as GL-APP-* point at its attestations.
    const noRoles = before.results.find((r) => r.env === "free" && r.ruleId === "GL-SEC-005");
    expect(noRoles?.findings.map((f) => f.location)).toEqual([{ kind: "config", file: "config/free.yaml", path: "secrets" }]);
    const help = (await golive(["init", "--help"], { cwd: dir })).stdout.replace(/\s+/g, " ");
    expect(help).toContain("GL-APP-001..005");
    expect(help).toContain("GL-EDGE-007");
    expect(help).toContain("without --github-repository, GL-SEC-005");
    expect(readFileSync(join(dir, "config", "free.yaml"), "utf8")).toContain("`golive check` reports GL-SEC-005");
    // What the file's comments ask for, on the plan that needs the most (pro and business need the
    // attestations only, free its secrets template too); one environment synthesized again keeps the others.
    attest(join(dir, "config", "free.yaml"), "free");
    expect((await golive(["synth", "free"], { cwd: dir })).code).toBe(0);
    const after = await golive(["check", "free", "--compact"], { cwd: dir });
    expect(after.stdout).toMatch(/^READY: 0 blocker\(s\)/m);
    expect(after.code).toBe(0);
    // pro and business (written with CI roles) need the attestations only: the origin lockdown init chose
    // (access-jwt: every hostname is behind Access) passes GL-AUTH-002 on every plan.
    for (const plan of ["pro", "business"]) attest(join(dir, "config", `${plan}.yaml`), plan);
    expect((await golive(["synth"], { cwd: dir })).code).toBe(0);
    const all = await golive(["check", "--format", "json"], { cwd: dir });
    const report = JSON.parse(all.stdout) as { results: Result[] };
    const lockdown = report.results.filter((r) => r.ruleId === "GL-AUTH-002").map((r) => `${r.env}:${r.status}`);
    expect(lockdown.sort()).toEqual(PLANS.map((p) => `${p}:pass`).sort());
    expect(report.results.filter((r) => r.status === "fail" && r.severity === "blocker")).toEqual([]);
    expect(all.code).toBe(0);
    for (const plan of PLANS)
      expect(parse(readFileSync(join(dir, "config", `${plan}.yaml`), "utf8")).edge.originLockdown).toBe("access-jwt");
    // docs/configuration.md's lock-file recipe runs `providers lock` in one stack: an init config has it,
    // and it requires both providers (the audit's recipe named the email stack, which init writes none of).
    const recipe = /-chdir=cdktf\.out\/stacks\/([a-z]+)-production providers lock/.exec(
      readFileSync(join(REPO_ROOT, "docs", "configuration.md"), "utf8"),
    );
    for (const plan of PLANS) {
      const stack = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", `${recipe?.[1]}-${plan}`, "cdk.tf.json"), "utf8"));
      expect(Object.keys(stack.terraform.required_providers).sort()).toEqual(["aws", "cloudflare"]);
    }
  });

  // After the synth above; before qa.json below makes the folder unloadable.
  test("a second environment gets its promotion order as a comment, not a guess; the deploy matrix names the field to set until it is", async () => {
    const text = (env: string) => readFileSync(join(dir, "config", `${env}.yaml`), "utf8");
    expect(text("free")).not.toContain("deployAfter");
    // pro was written when only free existed; business when free and pro did (no order between them).
    expect(text("pro")).toMatch(/\n {4}# The promotion order \(free already configured\)[\s\S]*\n {4}# deployAfter: free\n/);
    expect(text("business")).toContain("\n    # deployAfter: <one of free, pro>\n");
    // The other way round (the new one goes first) is an edit of the file that goes first today, named.
    const comment = (env: string) =>
      text(env)
        .split("\n")
        .filter((l) => l.startsWith("    # "))
        .map((l) => l.slice(6))
        .join(" ");
    expect(comment("pro")).toContain(
      "If pro goes first (deployed before free), leave it and add `deployAfter: pro` under secrets.github in the config of free, which goes first today",
    );
    // Named by the environments configured, not a staging and a production the folder may not have.
    expect(comment("business")).toContain(
      "If business goes first (deployed before free, pro), leave it and add `deployAfter: business` under secrets.github in the config of the environment that goes first today",
    );
    for (const env of ["pro", "business"]) expect(comment(env)).not.toMatch(/staging|production/);
    // And init says so where it cannot be missed: the order may be an edit of another environment's file.
    expect(runs.get("free")?.stdout).not.toContain("promotion order");
    expect(runs.get("pro")?.stdout).toContain(
      "Set the promotion order before the first deploy: with free, pro, every environment but the first names the one it is deployed after in secrets.github.deployAfter",
    );
    // What deploy.yml's first job runs: golive stacks --json | scripts/ci/environment-matrix.ts --require-order
    const deployOrder = async () => {
      const listed = (await golive(["stacks", "--json"], { cwd: dir })).stdout;
      return runEnvironmentMatrix(["--require-order"], () => listed);
    };
    expect((await deployOrder()).stderr).toMatch(
      /^environment-matrix: 3 environments have no secrets\.github\.deployAfter, .*all but one of business, free, pro, /,
    );
    // The comment taken as it is: pro after free. Synthesized alone, the others' order is kept.
    writeFileSync(join(dir, "config", "pro.yaml"), text("pro").replace("    # deployAfter: free\n", "    deployAfter: free\n"));
    expect((await golive(["synth", "pro"], { cwd: dir })).code).toBe(0);
    expect((await deployOrder()).stderr).toBe(
      "environment-matrix: 2 environments have no secrets.github.deployAfter, so each starts a promotion order of its own (business; free -> pro): which goes first? set secrets.github.deployAfter in config/business.yaml to pro, or secrets.github.deployAfter in config/free.yaml to business (only the environment that tries a change first has none, and the one users reach comes last; secrets.github.deployAfter sits in a secrets.github section, which also needs secrets.github.repository)\n",
    );
  });

  test("fails to overwrite: an existing .yaml, .yml or .json refuses in one line and writes nothing", async () => {
    writeFileSync(join(dir, "config", "qa.json"), "{}\n");
    const before = readdirSync(join(dir, "config")).sort();
    const run = await golive(flags("qa", "pro", "111111111119"), { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "golive init: config/qa.json already exists; init never overwrites a config (edit it, or choose another environment)\n",
    );
    expect(readFileSync(join(dir, "config", "qa.json"), "utf8")).toBe("{}\n");
    expect(readdirSync(join(dir, "config")).sort()).toEqual(before);
    const again = await golive(flags("pro", "pro", "111111111119"), { cwd: dir });
    expect(again.code).toBe(1);
  });

  test("fails without a terminal when required values are missing: one line naming the flags, exit 2", async () => {
    const cwd = tempDir("golive-init-missing-");
    const run = await golive(["init", "qa", "--domain", "example.org"], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(
      "golive init: missing --plan, --cloudflare-account-id, --aws-account-id, --origin, --alert-email (give them as flags, or run init on a terminal without --yes)",
    );
    expect(existsSync(join(cwd, "config"))).toBe(false);
  });

  test("fails on a value the config refuses across fields, naming the flag, and writes nothing", async () => {
    const cwd = tempDir("golive-init-bad-");
    const args = flags("qa", "pro", "111111111111");
    // Each value is well-formed on its own (field-checks.spec.ts), but the hostname is outside the zone.
    args[args.indexOf("--hostname") + 1] = "chat.example.net";
    const run = await golive(args, { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'config/qa.yaml: edge.hostnames[0].name: "chat.example.net" is outside the zone qa.example; allowed: qa.example or a name ending in .qa.example (--hostname)',
    );
    expect(run.stderr).toContain("Nothing was written; see: golive init --help");
    expect(existsSync(join(cwd, "config", "qa.yaml"))).toBe(false);
  });

  test("fails on an environment name that is not a file name, before anything else", async () => {
    const run = await golive(["init", "../x", "--yes"], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("allowed: a lower-case name such as production");
  });

  test("fails on a --config-dir golive may not write into, naming the flag, and writes nothing; a missing one inside the project is made", async () => {
    const cwd = tempDir("golive-init-dirs-");
    mkdirSync(join(cwd, ".git"));
    writeFileSync(join(cwd, "README.md"), "# readme\n");
    const elsewhere = tempDir("golive-elsewhere-");
    for (const [given, why] of [
      [".git", ".git is inside a .git folder, the repository's own files; golive never writes a config there"],
      [".git/config-dir", ".git/config-dir is inside a .git folder, the repository's own files; golive never writes a config there"],
      ["README.md", "README.md is a file, not a folder"],
      ["README.md/sub", "README.md is a file, not a folder"],
      [
        join(elsewhere, "new"),
        `the folder ${join(elsewhere, "new")} does not exist (golive creates a missing folder only inside the working directory)`,
      ],
    ]) {
      const run = await golive([...flags("qa", "free", "111111111111"), "--config-dir", given as string], { cwd });
      expect({ given, code: run.code, stderr: run.stderr }).toEqual({ given, code: 2, stderr: `golive init: --config-dir: ${why}\n` });
    }
    expect(readdirSync(join(cwd, ".git"))).toEqual([]);
    expect(readFileSync(join(cwd, "README.md"), "utf8")).toBe("# readme\n");
    expect(readdirSync(elsewhere)).toEqual([]);
    expect((await golive([...flags("qa", "free", "111111111111"), "--config-dir", "deploy/config"], { cwd })).code).toBe(0);
    expect(existsSync(join(cwd, "deploy", "config", "qa.yaml"))).toBe(true);
  });

  test("a config folder outside the working directory is named by its absolute path, in errors as on success", async () => {
    const cwd = tempDir("golive-init-abs-");
    const elsewhere = tempDir("golive-elsewhere-");
    const first = await golive([...flags("qa", "free", "111111111111"), "--config-dir", elsewhere], { cwd });
    expect(first.stdout).toContain(`Wrote ${join(elsewhere, "qa.yaml")} (free plan)`);
    const args = flags("qb", "free", "222222222222");
    args[args.indexOf("--domain") + 1] = "qa.example";
    const second = await golive([...args, "--config-dir", elsewhere], { cwd });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`"qa.example" is already the zone of ${join(elsewhere, "qa.yaml")};`);
  });

  test("on a terminal, asks for what no flag gave; Enter takes the default in brackets", async () => {
    const cwd = tempDir("golive-init-tty-");
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    // domain, app (default), plan, cloudflare id, aws id, region (default), hostnames (default),
    // origins, origin lockdown (default), release hostname (default), alert emails, github (skip), writer (skip)
    stdin.end(
      `${[
        "example.org",
        "",
        "pro",
        "0123456789abcdef0123456789abcdef",
        "111111111111",
        "",
        "",
        "192.0.2.7",
        "",
        "",
        "a@example.org, b@example.org",
        "",
        "",
      ].join("\n")}\n`,
    );
    const run = await golive(["init", "qa"], { cwd, stdin });
    expect(run.stderr).toContain(
      "App name (2-31 lower-case letters, digits or dashes, starting with a letter; used in resource names) [example]: ",
    );
    expect(run.code).toBe(0);
    const cfg = parse(readFileSync(join(cwd, "config", "qa.yaml"), "utf8"));
    expect(cfg.app).toBe("example");
    expect(cfg.edge.hostnames).toEqual([{ name: "chat.example.org", origin: "192.0.2.7" }]);
    expect(cfg.release.hostname).toBe("app.example.org");
    expect(cfg.monitoring.alerts.emails).toEqual(["a@example.org", "b@example.org"]);
    expect(cfg.secrets).toBeUndefined();
    expect(run.stdout).toContain("golive check also reports GL-SEC-005");
  });

  test("fails on a --domain that is another environment's zone before asking anything (one zone per environment)", async () => {
    const cwd = tempDir("golive-init-zone-");
    expect((await golive(flags("qa", "pro", "111111111111"), { cwd })).code).toBe(0);
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    stdin.end("");
    const run = await golive(["init", "staging", "--domain", "qa.example"], { cwd, stdin });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'golive init: --domain: "qa.example" is already the zone of config/qa.yaml; each environment\'s edge stack owns its whole zone, so each environment needs a zone of its own\nsee: golive init --help\n',
    );
    expect(existsSync(join(cwd, "config", "staging.yaml"))).toBe(false);
  });

  test("a staging added after production names it already (deployAfter: staging, as the docs say): init still sees production", async () => {
    const cwd = tempDir("golive-init-order-");
    expect((await golive(flags("production", "pro", "111111111111"), { cwd })).code).toBe(0);
    const production = join(cwd, "config", "production.yaml");
    writeFileSync(
      production,
      readFileSync(production, "utf8").replace("    deployFrom: environment\n", "    deployFrom: environment\n    deployAfter: staging\n"),
    );
    const args = flags("staging", "free", "111111111111");
    // production's zone is refused, although production's config names an environment with no file yet.
    const sameZone = [...args];
    sameZone[sameZone.indexOf("--domain") + 1] = "production.example";
    const refused = await golive(sameZone, { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('golive init: --domain: "production.example" is already the zone of config/production.yaml');
    const run = await golive(args, { cwd });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    // The order is set, so no guess and no reminder; the account's OIDC provider is production's.
    expect(run.stdout).not.toContain("promotion order");
    const text = readFileSync(join(cwd, "config", "staging.yaml"), "utf8");
    expect(text).toContain("    oidcProvider: existing\n");
    expect(text).toContain("    # The promotion order: production names staging in deployAfter, so staging is deployed before\n");
    expect(text).not.toContain("# deployAfter:");
    expect((await golive(["synth"], { cwd })).code).toBe(0);
    const listed = (await golive(["stacks", "--json"], { cwd })).stdout;
    expect(runEnvironmentMatrix(["--require-order"], () => listed).stdout).toBe(
      '{"include":[{"environment":"staging","variable":"STAGING"},{"environment":"production","variable":"PRODUCTION"}]}\n',
    );
  });

  test("on a terminal, a required value left empty and a domain that is another environment's zone are asked again", async () => {
    const cwd = tempDir("golive-init-again-");
    expect((await golive(flags("qa", "pro", "111111111111"), { cwd })).code).toBe(0);
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    // domain (taken, then its own), app, plan, cloudflare id (Enter, then typed), aws id, region, hostnames,
    // origins, origin lockdown, release hostname, alert emails (Enter, then typed), github (skip), writer (skip)
    const typed = ["qa.example", "staging.example", "", "free", "", "0123456789abcdef0123456789abcdef", "111111111111"];
    stdin.end(`${[...typed, "", "", "192.0.2.7", "", "", "", "a@example.org", "", ""].join("\n")}\n`);
    const run = await golive(["init", "staging"], { cwd, stdin });
    expect(run.stderr).toContain(
      '  "qa.example" is already the zone of config/qa.yaml; each environment\'s edge stack owns its whole zone, so each environment needs a zone of its own\nDomain (the Cloudflare zone), such as example.org: ',
    );
    expect(run.stderr.match(/ {2}required, it has no default \(Ctrl-C stops; nothing is written\)\n/g)).toHaveLength(2);
    expect(run.code).toBe(0);
    const cfg = parse(readFileSync(join(cwd, "config", "staging.yaml"), "utf8"));
    expect(cfg.cloudflare).toMatchObject({ accountId: "0123456789abcdef0123456789abcdef", zone: { name: "staging.example" } });
    expect(cfg.monitoring.alerts.emails).toEqual(["a@example.org"]);
  });

  test("--administrator-role becomes secrets.administrators, asked on a terminal after the CI roles; refused without them", async () => {
    const cwd = tempDir("golive-init-admin-");
    const admin = "arn:aws:iam::111111111111:role/opsbot-admins";
    // As a flag.
    expect((await golive([...flags("qa", "pro", "111111111111"), "--administrator-role", admin], { cwd })).code).toBe(0);
    expect(parse(readFileSync(join(cwd, "config", "qa.yaml"), "utf8")).secrets.administrators).toEqual([admin]);
    // At the prompt, after the CI roles: region, origin lockdown and release hostname take their defaults (Enter).
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    stdin.end(`\n\n\n${admin}\n`);
    const asked = await golive(
      flags("uat", "pro", "111111111112").filter((f) => f !== "--yes"),
      { cwd, stdin },
    );
    expect(asked.code).toBe(0);
    expect(asked.stderr).toContain("IAM role ARN you apply access-<env> with by hand");
    expect(parse(readFileSync(join(cwd, "config", "uat.yaml"), "utf8")).secrets.administrators).toEqual([admin]);
    // Under --yes without it: a commented line names the field to fill in before state moves to S3.
    expect((await golive(flags("dev", "pro", "111111111113"), { cwd })).code).toBe(0);
    const text = readFileSync(join(cwd, "config", "dev.yaml"), "utf8");
    expect(text).toContain('  # administrators: ["arn:aws:iam::111111111113:role/<role you apply access-dev with>"]');
    expect(parse(text).secrets.administrators).toBeUndefined();
    // Without the secrets section it would go in: a usage error naming the flag, nothing written.
    const refused = await golive([...flags("sandbox", "pro", "111111111114", false), "--administrator-role", admin], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr.split("\n")[0]).toBe(
      "golive init: --administrator-role: goes in the secrets section, which init writes with --github-repository and --secrets-writer-role; give those too, or leave it out",
    );
    expect(existsSync(join(cwd, "config", "sandbox.yaml"))).toBe(false);
  });

  test("the real binary writes a config with --yes", async () => {
    const cwd = tempDir("golive-init-bin-");
    const run = await spawnGolive(flags("qa", "business", "111111111111"), { cwd });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(parse(readFileSync(join(cwd, "config", "qa.yaml"), "utf8")).cloudflare.plan).toBe("business");
  });
});
