import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMMENT_MARKER } from "../../lib/engines/plan";
import { type FlagsRecord, flagsRecordOf } from "../../scripts/ci/flags-record";
import { signComment } from "../../scripts/ci/signature";
import { tempDir } from "../helpers/cli";
import { fixtureText } from "../plan/fixtures";
import {
  changedAfterReview,
  DIR,
  HEAD,
  isRecord,
  jobsOf,
  reviewedDigestLine,
  runGithubScript,
  stepNamed,
  type StepRun,
  stepSandbox,
  stepsIn,
  workflow,
  REVIEW_RUN,
} from "./support";
import { closeGoliveServer, REAL_NODE } from "./golive-server";
import { CONFIG_REVIEWED_KINDS } from "../../lib/engines/plan/config-diff";
import { goliveStacksFlags, kindsSelectedBy, planEnvironmentsFlags } from "./stack-selection";

// The in-process golive behind the step sandboxes' `npx golive` (support.ts).
afterAll(closeGoliveServer);

describe("deploy-environment.yml applies only what was reviewed", () => {
  // One run of the workflow's own script, with this repository's CLI behind `npx golive` and a stand-in
  // terraform whose `show -json` prints real plan fixtures and whose `apply` records the stack.
  // edge-* is left out: never planned in pull requests, it is compared by its synthesized configuration
  // (config-review.spec.ts runs that branch; the last test below checks which kinds take it).
  const stacks = ["email-production", "monitoring-production", "traffic-production"];
  const box = stepSandbox("golive-reviewed-apply-", stacks);
  // The stacks' folders are where manifest.json says, not stacks/<name>: the step asks golive for them.
  box.relocateStacks();
  // email: as reviewed; monitoring: nothing to do; traffic: changed since the review
  writeFileSync(join(box.fixtures, "email-production.json"), fixtureText("tf-changes.json"));
  writeFileSync(join(box.fixtures, "monitoring-production.json"), fixtureText("tf-noop.json"));
  writeFileSync(join(box.fixtures, "traffic-production.json"), changedAfterReview());
  const script = String(stepNamed("deploy-environment.yml", "plan, compare with the review").run);
  let result: StepRun;
  beforeAll(async () => {
    await box.writeStacksJson();
    result = await box.run(script, {
      ENVIRONMENT: "production",
      REVIEWED_DIGEST: reviewedDigestLine(["email-production", "traffic-production"]),
      REVIEWED_COMMIT: HEAD,
    });
  });
  const appliedStacks = box.applied;

  test("a stack whose plan is the reviewed one is applied from its saved plan file", () => {
    expect(result.stdout).toContain("email-production: same as the review of 0123456789abcdef0123456789abcdef01234567 (10 changes)");
    expect(appliedStacks()).toContain("email-production");
  });

  test("the saved plan is applied in the folder manifest.json names for the stack (golive stacks --json), wherever it is", () => {
    expect(existsSync(join(box.dir, "cdktf.out", "relocated", "email-production", "golive.tfplan"))).toBe(true);
    expect(existsSync(join(box.dir, "cdktf.out", "stacks", "email-production"))).toBe(false);
    expect(script).not.toContain("cdktf.out/stacks");
  });

  test("fails and applies nothing more when a stack's plan differs from the review, naming the stack and the address", () => {
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /traffic-production: REFUSED: the plan differs from the review of 0123456789abcdef\w*\n {2}changed since the review \(1\):\n {4}terraform_data\.update_me \(update\)/,
    );
    expect(appliedStacks()).not.toContain("traffic-production");
  });

  test("a stack without changes is not applied, and the stacks after it still are compared", () => {
    expect(result.stdout).toContain("monitoring-production: no changes");
    expect(appliedStacks()).toEqual(["email-production"]);
  });

  test("every stack applied is compared: by its plan when pull requests plan it, else by its reviewed configuration", () => {
    const prKinds = kindsSelectedBy(planEnvironmentsFlags(String(stepNamed("pr.yml", "golive plan").run)));
    const deployed = kindsSelectedBy(goliveStacksFlags(script));
    // Which branch a stack takes: the stacks whose state holds secrets, as `golive stacks --json` declares them.
    expect(script).toMatch(/config_reviewed=" \$\(node -e '[^']*\.filter\(\(s\) => s\.stateHoldsSecrets\)[^']*'\) "/);
    expect(script).toMatch(
      /case "\$config_reviewed" in\n(?:\s*#[^\n]*\n)*\s*\*" \$stack "\*\)\n\s*if ! npx golive plan-compare reviewed-digest\.txt --config-stack "\$stack"/,
    );
    const declared = JSON.parse(readFileSync(join(box.dir, "stacks.json"), "utf8")) as { name: string; stateHoldsSecrets: boolean }[];
    expect(declared.filter((s) => s.stateHoldsSecrets).map((s) => s.name)).toEqual(["monitoring-production"]);
    const byConfig = deployed.filter((k) => CONFIG_REVIEWED_KINDS.includes(k));
    expect(deployed.filter((k) => !prKinds.includes(k)).sort()).toEqual([...byConfig].sort());
    expect(byConfig.sort()).toEqual([...CONFIG_REVIEWED_KINDS].sort());
    expect(script).toMatch(/\*\) npx golive plan-compare reviewed-digest\.txt "plans\/\$stack\.json"/);
    expect(script).not.toContain("::warning::");
  });
});

interface Comment {
  readonly user: { readonly login: string; readonly type: string };
  readonly body: string;
  readonly html_url?: string;
}

/** review.yml's first step (deploy.yml and deploy-admin.yml call it) with stand-ins for the API: its outputs and the candidates it wrote. */
async function runReviewStep(
  pulls: readonly unknown[],
  comments: readonly Comment[],
): Promise<{ outputs: Record<string, string>; bodies: unknown }> {
  const dir = tempDir("golive-review-step-");
  const outputs: Record<string, string> = {};
  const github = {
    rest: { repos: { listPullRequestsAssociatedWithCommit: async () => ({ data: pulls }) }, issues: { listComments: "listComments" } },
    paginate: async () => comments,
  };
  const context = { repo: { owner: "o", repo: "r" }, sha: "f".repeat(40) };
  const core = { setOutput: (k: string, v: string) => void (outputs[k] = v), warning: () => undefined, info: () => undefined };
  // The script writes review-comments.json into the job's working directory.
  const step = stepNamed("review.yml", "find the golive review comments");
  const script = isRecord(step.with) ? String(step.with.script) : "";
  await runGithubScript(script.replaceAll('"review-comments.json"', JSON.stringify(join(dir, "review-comments.json"))), {
    github,
    context,
    core,
  });
  return { outputs, bodies: JSON.parse(readFileSync(join(dir, "review-comments.json"), "utf8")) };
}

describe("review.yml (deploy.yml, deploy-admin.yml) trusts only a review pr-review.yml signed", () => {
  const line = reviewedDigestLine(["email-production"]);
  const merged = { number: 7, merged_at: "2031-01-01T00:00:00Z", merge_commit_sha: "f".repeat(40), head: { sha: HEAD } };
  const bot = { login: "github-actions[bot]", type: "Bot" };
  const key = "0123456789abcdef".repeat(4);
  const noFlags = flagsRecordOf(JSON.stringify({ riskCount: 0, failures: [], stacks: [] }), []) as FlagsRecord;
  const signed = signComment(`${COMMENT_MARKER}\n## golive plan review\n\n${line}\n`, HEAD, key, noFlags, REVIEW_RUN);

  test("the candidates are every github-actions[bot] comment and no one else's, the marker or not, oldest first; the commit is the pull request's last", async () => {
    const other = { user: { login: "mallory", type: "User" }, body: `${COMMENT_MARKER}\n${line}\n` };
    const url = "https://github.com/o/r/pull/7#issuecomment-1";
    const { outputs, bodies } = await runReviewStep(
      [merged],
      [
        { user: bot, body: signed, html_url: url },
        other,
        { user: bot, body: "unrelated" },
        { user: { login: "bob", type: "User" }, body: "LGTM" },
      ],
    );
    expect(outputs).toEqual({ commit: HEAD, number: "7" });
    expect(bodies).toEqual([{ url, body: signed }, { body: "unrelated" }]);
  });

  test("a commit that is no merged pull request has no review: no commit, no candidate, so every change is refused", async () => {
    const { outputs, bodies } = await runReviewStep([{ ...merged, merged_at: null }], []);
    expect([outputs, bodies]).toEqual([{ commit: "", number: "" }, []]);
  });

  // The verify step as the runner runs it: bash, with a real HMAC (scripts/ci/review-signature.ts a process in the first test).
  async function verify(bodies: readonly string[], env: Record<string, string>) {
    const box = stepSandbox("golive-review-verify-", []);
    writeFileSync(join(box.dir, "review-comments.json"), JSON.stringify(bodies));
    const output = join(box.dir, "github-output");
    writeFileSync(output, "");
    const result = await box.run(String(stepNamed("review.yml", "verify the review's signature").run), {
      GITHUB_OUTPUT: output,
      REVIEWED_COMMIT: HEAD,
      ...env,
    });
    return { result, output: readFileSync(output, "utf8") };
  }

  test("the signed digest is the output when it is the only golive comment", async () => {
    // review-signature.ts verify and risk-gate.ts --flags-line as processes here (REAL_NODE), as the runner runs them
    const { result, output } = await verify([signed], { PLAN_REVIEW_HMAC_KEY: key, ...REAL_NODE });
    expect(result.status).toBe(0);
    expect(output).toBe(`digest=${line}\n`);
  });

  test("fails closed when a newer unsigned or forged comment follows the signed one: no digest (every change refused), the look-alike named", async () => {
    const forged = `${COMMENT_MARKER}\n${reviewedDigestLine(["email-production", "traffic-production"])}\n<!-- golive:plan-digest-hmac sha256:${"0".repeat(64)} -->\n`;
    const { result, output } = await verify([signed, forged], { PLAN_REVIEW_HMAC_KEY: key, ...REAL_NODE });
    expect([result.status, output]).toEqual([0, "digest=\n"]);
    expect(result.stderr).toContain(
      `the signed review of ${HEAD} has 1 golive comment(s) beside it not signed for that commit (the first: candidate 2 of 2)`,
    );
  });

  test("an unsigned, wrongly signed or other commit's review gives no digest (every change refused); no key fails the job", async () => {
    const otherCommit = signComment(`${COMMENT_MARKER}\n${line}\n`, "1".repeat(40), key, noFlags, REVIEW_RUN);
    const refused = await verify([`${COMMENT_MARKER}\n${line}\n`, otherCommit, signed], { PLAN_REVIEW_HMAC_KEY: `${key}0` });
    expect([refused.result.status, refused.output]).toEqual([0, "digest=\n"]);
    expect(refused.result.stderr).toContain(`no review comment signed for ${HEAD} among 3 candidate(s)`);
    const noKey = await verify([signed], {});
    expect(noKey.result.status).toBe(2);
    expect(noKey.result.stderr).toContain("PLAN_REVIEW_HMAC_KEY: not set");
  });

  test("the key reaches only the verify step, and the job runs in the plan-review environment", () => {
    const job = jobsOf(workflow("review.yml"))[0]?.[1];
    expect(job?.environment).toBe("plan-review");
    const withKey = stepsIn(job).filter((s) => JSON.stringify(s).includes("PLAN_REVIEW_HMAC_KEY }}"));
    expect(withKey.map((s) => s.name)).toEqual(["verify the review's signature (the plan-review environment's key; this step only)"]);
    expect(job?.outputs).toEqual({ digest: "${{ steps.verify.outputs.digest }}", commit: "${{ steps.review.outputs.commit }}" });
  });
});

describe("a failing command never passes for an empty list: deploy-environment.yml stops when `golive stacks` fails", () => {
  test("`for x in $(cmd)` ignores cmd's failure even under set -euo pipefail: why the list is an assignment of its own", () => {
    const loop = spawnSync("bash", ["-c", "set -euo pipefail; for s in $(echo a; exit 3); do :; done; echo rc=$?"], { encoding: "utf8" });
    expect(loop.stdout).toBe("rc=0\n");
  });

  test("the step's own script, with a golive whose `stacks` fails: non-zero, one ::error:: line, nothing planned or applied", async () => {
    const box = stepSandbox("golive-stacks-fails-", ["traffic-production"]);
    writeFileSync(join(box.dir, "stacks.json"), "[]");
    // `npx golive stacks` fails as a broken synth output or CLI would; any other command is recorded and refused
    writeFileSync(
      join(box.dir, ".bin", "npx"),
      `#!/bin/sh\necho "$*" >> "${join(box.dir, "npx.log")}"\n[ "$2" = stacks ] && { echo "golive stacks: no synth output" >&2; exit 3; }\nexit 64\n`,
    );
    const script = String(stepNamed("deploy-environment.yml", "plan, compare with the review").run);
    const result = await box.run(script, { ENVIRONMENT: "production", REVIEWED_DIGEST: "", REVIEWED_COMMIT: HEAD });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("::error::golive stacks failed for production: nothing is deployed\n");
    expect(readFileSync(join(box.dir, "npx.log"), "utf8")).toBe("golive stacks production --applied-by deploy\n");
    expect(box.applied()).toEqual([]);
  });

  test("no workflow's run: script loops over a command substitution", () => {
    for (const file of readdirSync(DIR).filter((f) => f.endsWith(".yml")))
      for (const [, job] of jobsOf(workflow(file)))
        for (const step of stepsIn(job))
          expect({ file, step: step.name, loops: /\bfor\s+\w+\s+in\s[^;\n]*(?:\$\(|`)/.test(String(step.run ?? "")) }).toEqual({
            file,
            step: step.name,
            loops: false,
          });
  });
});
