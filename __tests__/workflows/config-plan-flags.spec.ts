import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive } from "../helpers/cli";
import { writeSynthOutput } from "../helpers/synth-output";
import { fixtureText } from "../plan/fixtures";
import { activity, pull, REPOSITORY, review } from "./github-api";
import { closeGoliveServer, REAL_NODE } from "./golive-server";
import { HEAD, REVIEW_RUN, reviewWorkspace, SIGN_STEP_ENV, type StepRun, sharedStep, stepNamed, stepSandbox } from "./support";

// The audit's case: an edge-* (or monitoring-*) change whose risk flags nobody accepted, merged anyway
// (an administrator bypassing the required check, or a forged status), must not be deployed by the next
// merged pull request. #1 raises production's rate limit (30 -> 3000 requests per period): its review
// flags waf-loosened, review.yml refuses its deploy. #2 changes only traffic: its configuration diff,
// from main (with #1) to its head, shows no edge change, so its signed review has no flag and its gate
// passes; the edge plan the deploy makes, against what is live, still loosens the rate limit. Every step
// runs as the runner runs it: pr-review.yml's report and sign steps, review.yml's verify and gate steps,
// deploy-environment.yml's step, with this repository's golive and the scripts as processes.
afterAll(closeGoliveServer);

const KEY = "0123456789abcdef".repeat(4);
const PR1 = "1".repeat(40);
const PR2 = HEAD;
const PR3 = "3".repeat(40);
const MERGE = "f".repeat(40);
const TF = { backend: { s3: { bucket: "b", key: "k" } }, required_providers: { cloudflare: { source: "cloudflare/cloudflare" } } };
/** A team's own rule (.golive/risk-rules.json), read from the default branch by the review and the deploy alike. */
const TEAM_RULES = {
  rules: [
    {
      id: "team-ratelimit-change",
      label: "a rate limit changed",
      severity: "medium",
      match: { type: "cloudflare_ruleset", change: ["update"] },
    },
  ],
};

/** Requests per minute per IP the rate-limit ruleset allows: chat, and login (10 unless given). */
interface Limits {
  readonly chat: number;
  readonly login?: number;
}

const limit = (name: string, path: string, requests: number) => ({
  ref: name.toLowerCase(),
  description: `Rate limit ${name}`,
  action: "block",
  expression: `(http.request.uri.path wildcard r"${path}")`,
  ratelimit: { characteristics: ["ip.src", "cf.colo.id"], period: 60, requests_per_period: requests, mitigation_timeout: 600 },
});

/** The rate-limit ruleset as cdktf synthesizes it, allowing `chat` (and `login`) requests per minute per IP. */
function rateLimits({ chat, login = 10 }: Limits): Record<string, unknown> {
  return {
    zone_id: "023e105f4ecef8ad9ca31a8372d0c353",
    name: "app-production-rate-limits",
    kind: "zone",
    phase: "http_ratelimit",
    rules: [limit("chat", "/chat/*", chat), limit("login", "/login", login)],
  };
}

const edgeStack = (limits: Limits) => ({ terraform: TF, resource: { cloudflare_ruleset: { RateLimits: rateLimits(limits) } } });

/** `terraform show -json` of the live edge plan: the ruleset still at `live`, updated to `to`. */
function liveEdgePlan(live: Limits, to: Limits): string {
  return JSON.stringify({
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: [
      {
        address: "cloudflare_ruleset.RateLimits",
        mode: "managed",
        type: "cloudflare_ruleset",
        name: "RateLimits",
        provider_name: "registry.terraform.io/cloudflare/cloudflare",
        change: {
          actions: ["update"],
          before: { id: "2f2feab2026849078ba485f918791bdc", ...rateLimits(live) },
          after: { id: "2f2feab2026849078ba485f918791bdc", ...rateLimits(to) },
          after_unknown: {},
          before_sensitive: {},
          after_sensitive: {},
        },
      },
    ],
  });
}

const rulesFile = (dir: string) => {
  mkdirSync(join(dir, ".golive"), { recursive: true });
  writeFileSync(join(dir, ".golive", "risk-rules.json"), JSON.stringify(TEAM_RULES));
};

/** pr-review.yml's report and sign steps for a pull request whose head is `head`: the comment it posts. */
async function prReview(head: string, base: Limits, proposed: Limits, trafficPlan: string): Promise<string> {
  const ws = reviewWorkspace("golive-config-flags-review-");
  rulesFile(ws.base);
  writeSynthOutput(join(ws.base, "cdktf.out"), { "edge-production": edgeStack(base) });
  writeSynthOutput(join(ws.temp, "pr-data", "cdktf.out"), { "edge-production": edgeStack(proposed) });
  mkdirSync(join(ws.temp, "pr-data", "plans"), { recursive: true });
  writeFileSync(join(ws.temp, "pr-data", "plans", "traffic-production.json"), trafficPlan);
  mkdirSync(join(ws.root, "review"));
  writeFileSync(join(ws.root, "review", "failed-steps.txt"), "");
  const job = { HEAD_SHA: head, REVIEW_RUN_URL: "https://github.com/o/r/actions/runs/42" };
  const outcomes = {
    HEAD_OUTCOME: "success",
    SCAN_OUTCOME: "success",
    CHECK_OUTCOME: "success",
    BASE_SYNTH_OUTCOME: "success",
    HEAD_SYNTH: "true",
  };
  for (const [name, env] of [
    ["golive plan-report", outcomes],
    ["sign the plan digest", { PLAN_REVIEW_HMAC_KEY: KEY, ...SIGN_STEP_ENV }],
  ] as const) {
    const result = await ws.run(String(stepNamed("pr-review.yml", name).run), { ...job, ...env });
    expect({ name, status: result.status, stderr: result.status === 0 ? "" : result.stderr }).toEqual({ name, status: 0, stderr: "" });
  }
  return readFileSync(join(ws.root, "review", "plan-comment.md"), "utf8");
}

/** review.yml's verify step, run once per comment and commit: #1's deploys with and without an approval share it. */
const verifyStep = sharedStep(["flags.json", "github-output"]);

/** review.yml's verify and gate steps for the merge of the pull request whose last commit is `head`: its `digest` output and the gate. */
async function reviewYml(comment: string, head: string, approvedBy?: string): Promise<{ digest: string; gate: StepRun }> {
  const box = stepSandbox("golive-config-flags-gate-", []);
  writeFileSync(join(box.dir, "review-comments.json"), JSON.stringify([comment]));
  const approvals = {
    repository: REPOSITORY,
    pull: pull(head, { merged: MERGE }),
    reviews: approvedBy ? [review(41, approvedBy, "APPROVED", head, "2031-01-02T11:00:00Z")] : [],
    activity: [activity(1, "alice", "branch_creation", "0".repeat(40), head, "2031-01-01T09:00:00Z")],
    permissions: approvedBy ? { [approvedBy]: "write" } : {},
  };
  writeFileSync(join(box.dir, "approvals.json"), JSON.stringify(approvals));
  const output = join(box.dir, "github-output");
  writeFileSync(output, "");
  const env = { REVIEWED_COMMIT: head, GITHUB_OUTPUT: output };
  const verify = await verifyStep(JSON.stringify([comment, head]), box.dir, () =>
    box.run(String(stepNamed("review.yml", "verify the review's signature").run), { ...env, PLAN_REVIEW_HMAC_KEY: KEY }),
  );
  expect({ status: verify.status, stderr: verify.stderr }).toEqual({
    status: 0,
    stderr: `review-signature: the review of ${head} signed by review run ${REVIEW_RUN.id} attempt ${REVIEW_RUN.attempt}, the latest of 1 signed comment(s)\n`,
  });
  const gate = await box.run(String(stepNamed("review.yml", "review complete, risk flags accepted").run), env);
  const [, digest = ""] = /^digest=(.*)$/m.exec(readFileSync(output, "utf8")) ?? [];
  return { digest, gate };
}

/** deploy-environment.yml's step for production: edge as main synthesizes it (`main`), planned against what is live. */
async function deploy(
  digest: string,
  head: string,
  live: string,
  traffic: string,
  stepEnv: Readonly<Record<string, string>> = {},
  main: Limits = { chat: 3000 },
): Promise<{ result: StepRun; applied: string[] }> {
  const box = stepSandbox("golive-config-flags-deploy-", ["edge-production", "traffic-production"]);
  rulesFile(box.dir);
  writeSynthOutput(join(box.dir, "cdktf.out"), { "edge-production": edgeStack(main), "traffic-production": {} });
  writeFileSync(join(box.fixtures, "edge-production.json"), live);
  writeFileSync(join(box.fixtures, "traffic-production.json"), traffic);
  await box.writeStacksJson();
  const script = String(stepNamed("deploy-environment.yml", "plan, compare with the review").run);
  const result = await box.run(script, { ENVIRONMENT: "production", REVIEWED_DIGEST: digest, REVIEWED_COMMIT: head, ...stepEnv });
  return { result, applied: box.applied() };
}

describe("deploy-environment.yml applies an edge or monitoring plan only with the risk flags its signed review accepted", () => {
  let pr1: string;
  let pr2: string;
  beforeAll(async () => {
    // #1: main at 30, its head at 3000; #2: main (with #1) and its head at 3000, a traffic change
    pr1 = await prReview(PR1, { chat: 30 }, { chat: 3000 }, fixtureText("tf-noop.json"));
    pr2 = await prReview(PR2, { chat: 3000 }, { chat: 3000 }, fixtureText("tf-changes.json"));
  });

  test("the audit's case: #1's flags were never accepted; #2's gate passes and its configuration matches, but the edge plan loosens the rate limit: refused, nothing applied", async () => {
    const one = await reviewYml(pr1, PR1);
    expect(one.gate.status).toBe(1); // #1's own deploy: refused, no approval
    expect(one.gate.stdout).toContain("(edge-production: waf-loosened, team-ratelimit-change) are not accepted");
    const two = await reviewYml(pr2, PR2);
    expect([two.gate.status, two.gate.stdout]).toEqual([0, `the signed review of ${PR2} raised no risk flag\n`]);
    // risk-gate.ts --applied-plan as a process here, as the runner runs it
    const { result, applied } = await deploy(
      two.digest,
      PR2,
      liveEdgePlan({ chat: 30 }, { chat: 3000 }),
      fixtureText("tf-changes.json"),
      REAL_NODE,
    );
    expect(result.stdout).toContain(`edge-production: configuration same as the review of ${PR2}`);
    expect(result.status).toBe(1);
    expect(result.stdout.split("\n").filter((l) => l.startsWith("::error::"))).toEqual([
      '::error::edge-production: its plan raises risk flags the signed review of 0123456789ab did not accept for it: waf-loosened on "cloudflare_ruleset.RateLimits": "http_ratelimit: \\"Rate limit chat\\" requests_per_period 30 -> 3000" (the review raised none of this rule on the stack), team-ratelimit-change on "cloudflare_ruleset.RateLimits": "update" (the review raised none of this rule on the stack); its configuration is the reviewed one, so they come from what is live: a change merged before without its flags accepted, or a setting changed by hand; edge-production and the stacks after it are not applied. Have them reviewed: open a pull request whose review shows the change (revert it, then propose it again) and merge it once its flags are accepted (the deploy of the commit that made the change is not re-run: only main\'s newest commit is deployed)',
    ]);
    expect(applied).toEqual([]); // traffic-production comes after edge: not applied either
  });

  test("the flags the review raised, once an approval accepts them, are applied: #1's deploy re-run after the approval", async () => {
    const { digest, gate } = await reviewYml(pr1, PR1, "bob");
    expect(gate.status).toBe(0);
    // the digest output: the signed digest line, then the signed flags line the gate accepted
    expect(digest).toMatch(/^<!-- golive:plan-digest \{.*\} --> <!-- golive:plan-flags \{.*"count":2.*\} -->$/);
    const { result, applied } = await deploy(digest, PR1, liveEdgePlan({ chat: 30 }, { chat: 3000 }), fixtureText("tf-noop.json"));
    expect({ status: result.status, errors: result.stdout.split("\n").filter((l) => l.startsWith("::error::")) }).toEqual({
      status: 0,
      errors: [],
    });
    expect(result.stdout).toContain(
      "edge-production: its plan's risk flags (waf-loosened, team-ratelimit-change) are ones the signed review of 111111111111 raised, accepted",
    );
    expect(applied).toEqual(["edge-production"]);
  });

  // The count per rule let this through: #3 raises login's limit, which someone already raised live by
  // hand; its review flags waf-loosened once (login), accepted. The plan the deploy makes loosens chat
  // instead (main has it from #1, which was never accepted): one waf-loosened as well.
  test("fails on the flag of a change merged unaccepted in place of a reviewed one live already has: the same rule and ruleset, another rule of it", async () => {
    const pr3 = await prReview(PR3, { chat: 3000 }, { chat: 3000, login: 1000 }, fixtureText("tf-noop.json"));
    const three = await reviewYml(pr3, PR3, "bob");
    expect(three.gate.status).toBe(0);
    const main = { chat: 3000, login: 1000 };
    const { result, applied } = await deploy(
      three.digest,
      PR3,
      liveEdgePlan({ chat: 30, login: 1000 }, main),
      fixtureText("tf-noop.json"),
      REAL_NODE,
      main,
    );
    expect(result.stdout).toContain(`edge-production: configuration same as the review of ${PR3}`);
    expect({ status: result.status, errors: result.stdout.split("\n").filter((l) => l.startsWith("::error::")) }).toEqual({
      status: 1,
      errors: [
        `::error::edge-production: its plan raises risk flags the signed review of 333333333333 did not accept for it: waf-loosened on "cloudflare_ruleset.RateLimits": "http_ratelimit: \\"Rate limit chat\\" requests_per_period 30 -> 3000" (the review raised it there with another detail); its configuration is the reviewed one, so they come from what is live: a change merged before without its flags accepted, or a setting changed by hand; edge-production and the stacks after it are not applied. Have them reviewed: open a pull request whose review shows the change (revert it, then propose it again) and merge it once its flags are accepted (the deploy of the commit that made the change is not re-run: only main's newest commit is deployed)`,
      ],
    });
    expect(applied).toEqual([]);
    // the same review, with login still at 10 live: the plan raises what the review raised, applied
    const live = await deploy(three.digest, PR3, liveEdgePlan({ chat: 3000 }, main), fixtureText("tf-noop.json"), {}, main);
    expect([live.result.status, live.applied]).toEqual([0, ["edge-production"]]);
    expect(live.result.stdout).toContain(
      "edge-production: its plan's risk flags (waf-loosened, team-ratelimit-change) are ones the signed review of 333333333333 raised, accepted (each matched by rule, address and detail)",
    );
  });

  test("golive plan-report --fail-on-risk flags the live edge plan the deploy refused", async () => {
    const box = stepSandbox("golive-config-flags-report-", []);
    writeFileSync(join(box.dir, "edge-production.json"), liveEdgePlan({ chat: 30 }, { chat: 3000 }));
    const report = await golive(["plan-report", "edge-production.json", "--fail-on-risk", "--json"], { cwd: box.dir });
    expect(report.code).toBe(1);
    expect(report.stdout).toContain("requests_per_period 30 -> 3000");
  });
});
