import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SYNTH_RECORD } from "../../lib/engines/synth/record";
import { type CliRun, golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";

/** What the audit wrote over a stack's file after synth: a stack declaring nothing. */
const HOLLOW = '{"terraform":{}}';

/** A project with the example configs and runbooks, and the examples' synth output as cdktf.out. */
async function synthesizedProject(): Promise<string> {
  const dir = tempDir("golive-hollow-");
  for (const [from, to] of [
    [EXAMPLE_CONFIG_DIR, "config"],
    [join(REPO_ROOT, "runbooks"), "runbooks"],
  ] as const)
    cpSync(from, join(dir, to), { recursive: true });
  await copyExampleSynth(dir);
  return dir;
}

/** Overwrites each stack's cdk.tf.json in the synth output `out` (as the manifest places it: stacks/<name>/). */
function hollowOut(out: string, stacks: readonly string[]): void {
  for (const name of stacks) writeFileSync(join(out, "stacks", name, "cdk.tf.json"), HOLLOW);
}

const changed = (command: string, stacks: string, out = "cdktf.out") =>
  `golive ${command}: ${out} holds ${stacks} changed since golive synth wrote ${stacks.includes(",") ? "them" : "it"} for production; run golive synth production, then ${command} again\n`;

const AUDITED = "edge-production, email-production, secrets-production";

/** GL-SEC-009's warning, in each environment with secrets.github: the example project has no CODEOWNERS. */
const NO_CODEOWNERS = (envs: string) =>
  `WARNING GL-SEC-009 [${envs}] CODEOWNERS owns every path the deploy runs, so a pull request changing one needs an owner's approval: no CODEOWNERS file (GitHub reads the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS; the repository checked has none), so no pull request needs an owner's approval, not even one changing .npmrc or stacks/, which run with the deploy credentials; write .github/CODEOWNERS with the first line "* @<org>/<owners>"\n`;

/** GL-REL-004's warning: the example's edge hostnames (apex, chat, api) are not behind the load balancer. */
const NOT_BALANCED = (envs: string, more: number) =>
  `WARNING GL-REL-004 [${envs}] Every app hostname has a rollback path: api.example.com is not behind the load balancer (the load balancer serves only app.example.com): a bad release there is rolled back only by a redeploy of its origin (+${more} more)\n`;

describe("a synth output whose stacks were edited after golive synth is stale (golive.json records each file's digest)", () => {
  test("the audit's repro: check says READY, then, with edge, secrets and email hollowed out, refuses naming them", async () => {
    const dir = await synthesizedProject();
    const ready = await golive(["check", "production", "--compact"], { cwd: dir });
    expect(ready).toEqual({
      code: 0,
      stdout: `${NO_CODEOWNERS("production")}${NOT_BALANCED("production", 2)}READY: 0 blocker(s), 2 warning(s), 0 exempt\n`,
      stderr: "",
    });
    hollowOut(join(dir, "cdktf.out"), ["edge-production", "secrets-production", "email-production"]);
    expect(await golive(["check", "production", "--compact"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: changed("check", AUDITED),
    });
  });

  test.each(["edge-production", "secrets-production", "email-production", "bootstrap-production"])(
    "fails check when %s alone is hollowed out, with or without the environment named",
    async (stack) => {
      const dir = await synthesizedProject();
      hollowOut(join(dir, "cdktf.out"), [stack]);
      expect(await golive(["check", "production", "--compact"], { cwd: dir })).toEqual({
        code: 1,
        stdout: "",
        stderr: changed("check", stack),
      });
      expect(await golive(["check", "--compact"], { cwd: dir })).toEqual({ code: 1, stdout: "", stderr: changed("check", stack) });
    },
  );

  test("fails stacks, plan, verify and zone of it the same way; another environment's stacks still read", async () => {
    const dir = await synthesizedProject();
    hollowOut(join(dir, "cdktf.out"), ["edge-production", "secrets-production", "email-production"]);
    const runs: Record<string, CliRun> = {
      stacks: await golive(["stacks"], { cwd: dir }),
      plan: await golive(["plan", "edge-production"], { cwd: dir }),
      verify: await golive(["verify", "production", "--dry-run"], { cwd: dir }),
      zone: await golive(["zone", "production", "--set", "dkim_tokens=a,b,c"], { cwd: dir }),
    };
    expect(runs).toEqual({
      stacks: { code: 1, stdout: "", stderr: changed("stacks", AUDITED) },
      plan: { code: 1, stdout: "", stderr: `${changed("plan", AUDITED)}Nothing was planned.\n` },
      verify: { code: 1, stdout: "", stderr: `${changed("verify", AUDITED)}Nothing was probed.\n` },
      zone: { code: 1, stdout: "", stderr: `${changed("zone", AUDITED)}No zone was printed.\n` },
    });
    const staging = await golive(["check", "staging", "--compact"], { cwd: dir });
    expect(staging).toMatchObject({ code: 0, stderr: "" });
  });

  test("a synth of another environment keeps the digests recorded for the one it carries over; a synth of it repairs it", async () => {
    const dir = await synthesizedProject();
    hollowOut(join(dir, "cdktf.out"), ["email-production"]);
    expect((await golive(["synth", "staging"], { cwd: dir })).code).toBe(0);
    expect(await golive(["check", "production", "--compact"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: changed("check", "email-production"),
    });
    expect((await golive(["synth", "production"], { cwd: dir })).code).toBe(0);
    expect(await golive(["check", "production", "--compact"], { cwd: dir })).toMatchObject({ code: 0, stderr: "" });
  });

  test("a digest that is not a SHA-256 fails closed, naming the record, instead of turning the comparison off", async () => {
    const dir = await synthesizedProject();
    const file = join(dir, "cdktf.out", SYNTH_RECORD);
    const record = JSON.parse(readFileSync(file, "utf8"));
    record.digests.production["edge-production"] = "any";
    writeFileSync(file, JSON.stringify(record));
    expect(await golive(["check", "production"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "golive check: cdktf.out/golive.json is not the record golive synth writes (digests.production.edge-production: must be a SHA-256 in hex); run golive synth again\n",
    });
  });
});

/**
 * pr-review.yml runs the default branch's bin/golive.js in the pull request's data folder:
 * `check --dir cdktf.out --config-dir config --runbooks-dir <checkout>/runbooks`, on a synth output and
 * golive.json the pull request's own code wrote, in another checkout.
 */
describe("golive check --dir of a synth output made elsewhere (the pull request review)", () => {
  /** The data folder: config/ and cdktf.out/ of a project synthesized in another folder; no runbooks. */
  async function prData(): Promise<{ data: string; runbooks: string }> {
    const project = await synthesizedProject();
    const data = tempDir("golive-pr-data-");
    cpSync(join(project, "config"), join(data, "config"), { recursive: true });
    cpSync(join(project, "cdktf.out"), join(data, "cdktf.out"), { recursive: true });
    mkdirSync(join(data, "plans"));
    return { data, runbooks: join(project, "runbooks") };
  }
  /** The default branch's checkout, as pr-review.yml passes it (--repo-dir): its CODEOWNERS owns every path. */
  const base = tempDir("golive-pr-base-");
  mkdirSync(join(base, ".github"));
  writeFileSync(join(base, ".github", "CODEOWNERS"), "* @example-org/platform\n");
  const review = (data: string, runbooks: string) =>
    golive(["check", "--dir", "cdktf.out", "--config-dir", "config", "--runbooks-dir", runbooks, "--repo-dir", base, "--compact"], {
      cwd: data,
    });

  test("is READY on the output as its synth wrote it: the digests are of the files' bytes, wherever they were made", async () => {
    const { data, runbooks } = await prData();
    expect(await review(data, runbooks)).toEqual({
      code: 0,
      stdout:
        NOT_BALANCED("production, staging", 5) +
        "WARNING GL-MAIL-004 [staging] DMARC policy enforces (quarantine or reject) on all mail: _dmarc.example.net: p=none; next: once aggregate reports show all legitimate mail passing, move to p=quarantine; pct=25\nWARNING GL-SEC-008 [staging] An environment CI deploys keeps its Terraform state in S3 or HCP Terraform, not in local files: state.backend is local while secrets.github has CI deploy this environment: deploy.yml, drift.yml and pr.yml refuse it, because a runner has no state file, so a plan starts from empty state and an apply would create again what exists\nREADY: 0 blocker(s), 4 warning(s), 0 exempt\n",
      stderr: "",
    });
  });

  test("refuses an output hollowed out after its synth, as in the working tree", async () => {
    const { data, runbooks } = await prData();
    hollowOut(join(data, "cdktf.out"), ["edge-production"]);
    expect(await review(data, runbooks)).toEqual({ code: 1, stdout: "", stderr: changed("check", "edge-production") });
  });

  test("blocks hollowed stacks whose record the same hand wrote, or left out: the rules fail on what the config asks for", async () => {
    const { data, runbooks } = await prData();
    const out = join(data, "cdktf.out");
    hollowOut(out, ["edge-production", "secrets-production", "email-production"]);
    // An older golive's record (no digests), as a pull request branched before them writes it.
    const { digests: _digests, ...older } = JSON.parse(readFileSync(join(out, SYNTH_RECORD), "utf8"));
    writeFileSync(join(out, SYNTH_RECORD), JSON.stringify(older));
    const withOlder = await golive(["check", "production", "--dir", "cdktf.out", "--runbooks-dir", runbooks, "--compact"], { cwd: data });
    // No record at all: an output another tool wrote is read as it is.
    rmSync(join(out, SYNTH_RECORD));
    const withNone = await golive(["check", "production", "--dir", "cdktf.out", "--runbooks-dir", runbooks, "--compact"], { cwd: data });
    const blockers = [
      "GL-EDGE-001 [production] SSL mode is Full (strict): edge-production declares no cloudflare_zone or cloudflare_zone_setting, though config/production.yaml asks for zone example.com (cloudflare.zone.name)",
      "GL-SEC-001 [production] Secrets are encrypted with a customer-managed KMS key that rotates: secrets-production declares no aws_secretsmanager_secret",
      "GL-MAIL-001 [production] SPF records are valid and end in -all (~all only with a reason): email-production declares no",
    ];
    for (const run of [withOlder, withNone]) {
      expect(run).toMatchObject({ code: 1, stderr: "" });
      for (const blocker of blockers) expect(run.stdout).toContain(`BLOCKER ${blocker}`);
      expect(run.stdout).toMatch(/NOT READY: 21 blocker\(s\), 3 warning\(s\), 0 exempt\n$/);
    }
  });
});
