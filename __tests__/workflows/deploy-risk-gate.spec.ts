import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMMENT_MARKER } from "../../lib/engines/plan";
import { deployGate, type GateIo } from "../../scripts/ci/gate";
import { type FlagsRecord, flagsRecordOf } from "../../scripts/ci/flags-record";
import { runReviewSignature, signComment } from "../../scripts/ci/signature";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { activity, approvalsApi, pull, review } from "./github-api";
import { closeGoliveServer, REAL_NODE } from "./golive-server";
import {
  HEAD,
  isRecord,
  jobsOf,
  reviewedDigestLine,
  runGithubScript,
  type StepRun,
  sharedStep,
  stepNamed,
  stepSandbox,
  workflow,
  REVIEW_RUN,
} from "./support";

afterAll(closeGoliveServer);

// The audit's first hole: anyone with push access can set golive/plan-review to success on any commit
// (a workflow on a never-merged branch with `statuses: write`), so the deploy never reads it. review.yml
// reads the flags pr-review.yml signed for the merged pull request's last commit, and that commit's
// approvals, from the API at deploy time. Here its steps run in order, as the runner runs them: its
// github-script steps with stand-ins for the API, its run steps with bash and the scripts as processes.
const KEY = "5e".repeat(32);
const MERGE = "f".repeat(40);
/** What the audit's workflow on a never-merged branch POSTed to /repos/{o}/{r}/statuses/<head>. */
const FORGED = {
  context: "golive/plan-review",
  state: "success",
  description: "1 stack(s) reviewed",
  creator: { login: "github-actions[bot]" },
};
const OPENED = activity(1, "alice", "branch_creation", "0".repeat(40), HEAD, "2031-01-01T09:00:00Z");

interface Deploy {
  readonly gate: StepRun;
  /** Every API call the steps made. */
  readonly asked: readonly string[];
}

let flags: FlagsRecord;
let signed: string;
/** The review pr-review.yml signs when the secret scan and `golive check` failed: plan-report, then sign. */
let incomplete: string;
const PLAN = join(REPO_ROOT, "__tests__", "fixtures", "plans", "sample", "edge-production.json");
beforeAll(async () => {
  // the real report of the sample plan: five flags in edge-production
  const report = (await golive(["plan-report", PLAN, "--json"], { cwd: tempDir("golive-gate-report-") })).stdout;
  flags = flagsRecordOf(report, []) as FlagsRecord;
  signed = signComment(
    `${COMMENT_MARKER}\n## golive plan review\n\n${reviewedDigestLine(["edge-production"])}\n`,
    HEAD,
    KEY,
    flags,
    REVIEW_RUN,
  );
  // pr-review.yml's report and sign steps, as they run after those two steps failed
  const dir = tempDir("golive-gate-incomplete-");
  writeFileSync(join(dir, "failed-steps.txt"), "golive check\nsecret scan\n");
  const failed = ["--failed-step", "golive check", "--failed-step", "secret scan"];
  for (const out of [
    ["--output", "comment.md"],
    ["--json", "--output", "report.json"],
  ])
    expect((await golive(["plan-report", PLAN, "--commit", HEAD, ...out, ...failed], { cwd: dir })).code).toBe(1); // incomplete
  const code = runReviewSignature(
    [
      "sign",
      "--commit",
      HEAD,
      "--run-id",
      REVIEW_RUN.id,
      "--run-attempt",
      REVIEW_RUN.attempt,
      "--report",
      join(dir, "report.json"),
      "--failed-steps",
      join(dir, "failed-steps.txt"),
      join(dir, "comment.md"),
    ],
    { PLAN_REVIEW_HMAC_KEY: KEY },
    { read: (f) => readFileSync(f, "utf8"), write: (f, t) => writeFileSync(f, t), stdout: () => undefined, stderr: () => undefined },
  );
  expect(code).toBe(0);
  incomplete = readFileSync(join(dir, "comment.md"), "utf8");
});

/** review.yml's verify step, run once per candidate comments and commit: the deploys of one review share it. */
const verifyStep = sharedStep(["flags.json", "github-output"]);

/** review.yml's steps for a push of MERGE, the merge of #7 whose last commit is HEAD, with `reviews` on it and `comment` its review. */
async function deploy(reviews: readonly unknown[], comment = signed, gateEnv: Readonly<Record<string, string>> = {}): Promise<Deploy> {
  const box = stepSandbox("golive-deploy-gate-", []);
  const { github: api, asked } = approvalsApi({
    pull: pull(HEAD, { merged: MERGE }),
    reviews,
    activity: [OPENED],
    permissions: { bob: "write" },
  });
  const bot = { login: "github-actions[bot]", type: "Bot" };
  const github = {
    ...api,
    paginate: async (method: string, params: Record<string, unknown>) =>
      method === "listComments" ? [{ user: bot, body: comment }] : api.paginate(method, params),
    rest: {
      ...api.rest,
      issues: { listComments: "listComments" },
      repos: {
        ...api.rest.repos,
        listPullRequestsAssociatedWithCommit: async () => ({ data: [pull(HEAD, { merged: MERGE })] }),
        // forged by a workflow on some branch: never to be asked
        getCombinedStatusForRef: async () => {
          asked.push("status");
          return { data: { state: "success", statuses: [FORGED] } };
        },
        listCommitStatusesForRef: async () => {
          asked.push("status");
          return { data: [FORGED] };
        },
      },
    },
  };
  const outputs: Record<string, string> = {};
  const core = { setOutput: (k: string, v: string) => void (outputs[k] = v), warning: () => undefined, info: () => undefined };
  const context = { repo: { owner: "example-org", repo: "opsbot" }, sha: MERGE };
  const findStep = stepNamed("review.yml", "find the golive review comments");
  const find = isRecord(findStep.with) ? String(findStep.with.script) : "";
  await runGithubScript(find.replaceAll('"review-comments.json"', JSON.stringify(join(box.dir, "review-comments.json"))), {
    github,
    context,
    core,
  });
  const approvals = stepNamed("review.yml", "approvals of the pull request");
  await runGithubScript(String(isRecord(approvals.with) ? approvals.with.script : ""), {
    github,
    context,
    core,
    env: { PR_NUMBER: outputs.number ?? "", APPROVALS_FILE: join(box.dir, "approvals.json") },
  });
  const output = join(box.dir, "github-output");
  writeFileSync(output, "");
  const env = { REVIEWED_COMMIT: outputs.commit ?? "", GITHUB_OUTPUT: output };
  const verify = await verifyStep(readFileSync(join(box.dir, "review-comments.json"), "utf8") + env.REVIEWED_COMMIT, box.dir, () =>
    box.run(String(stepNamed("review.yml", "verify the review's signature").run), { ...env, PLAN_REVIEW_HMAC_KEY: KEY }),
  );
  expect({ status: verify.status, output: readFileSync(output, "utf8").startsWith("digest=<!-- golive:plan-digest ") }).toEqual({
    status: 0,
    output: true,
  });
  const gate = await box.run(String(stepNamed("review.yml", "review complete, risk flags accepted").run), { ...env, ...gateEnv });
  return { gate, asked };
}

describe("review.yml enforces the risk gate at deploy time: the signed flags, and an approval of the reviewed commit read now", () => {
  test("the audit's case: golive/plan-review forged to success, no approval: the deploy stops with one line naming the flags, the commit and what to do", async () => {
    // risk-gate.ts --deploy as a process here, as the runner runs it
    const { gate, asked } = await deploy([review(40, "carol", "COMMENTED", HEAD, "2031-01-01T09:30:00Z")], signed, REAL_NODE);
    expect(gate.status).toBe(1);
    expect(gate.stdout).toBe(
      `::error::5 risk flag(s) in the signed review of ${HEAD} (edge-production: dmarc-weakened ×3, dkim-removed, lb-weights-moved) are not accepted (no approval of 0123456789ab): nothing is deployed; a reviewer with write access who is neither the author nor pushed to its branch reads the flags in #7's golive comment and approves 0123456789ab (Review changes > Approve, or \`gh pr review 7 --approve\`, also after the merge), then re-run this deploy while its commit is main's newest (after a later merge: docs/ci.md, "Only main's newest commit is deployed")\n`,
    );
    expect(asked).not.toContain("status");
  });

  test("an approval of the reviewed commit by a reviewer with write access lets the deploy go on, naming who accepted", async () => {
    const { gate } = await deploy([review(41, "bob", "APPROVED", HEAD, "2031-01-01T09:40:00Z")]);
    expect([gate.status, gate.stdout]).toEqual([
      0,
      `5 risk flag(s) in the signed review of ${HEAD} (edge-production: dmarc-weakened ×3, dkim-removed, lb-weights-moved): accepted by bob (approval of that commit)\n`,
    ]);
  });

  test("the audit's case: the secret scan and golive check failed, the review signed complete:false; the digests would match, an approval exists: the deploy stops, naming the failed steps", async () => {
    const { gate } = await deploy([review(41, "bob", "APPROVED", HEAD, "2031-01-01T09:40:00Z")], incomplete);
    expect(gate.status).toBe(1);
    expect(gate.stdout.split("\n")).toEqual([
      `::error::the signed review of ${HEAD} is incomplete (failed: golive check, secret scan): nothing is deployed (no approval accepts an incomplete review); fix what failed (a passing failure: any change) in a new pull request whose review completes, and merge it: its plans, and its deploy, include this change`,
      "",
    ]);
  });

  test("an incomplete review refuses with or without flags; a record signed before the failed steps were recorded still refuses, saying so", () => {
    const lines: string[] = [];
    const io: GateIo = { read: () => undefined, write: () => undefined, stdout: (t) => void lines.push(t), stderr: () => undefined };
    const noFlags = { ...flags, count: 0, stacks: {} };
    expect(deployGate(HEAD, { ...noFlags, complete: false, failed: ["plan of traffic-production"] }, undefined, io)).toBe(1);
    expect(deployGate(HEAD, { ...noFlags, complete: false }, undefined, io)).toBe(1);
    expect(lines.map((l) => l.slice(0, l.indexOf("): nothing is deployed") + 1))).toEqual([
      `::error::the signed review of ${HEAD} is incomplete (failed: plan of traffic-production)`,
      `::error::the signed review of ${HEAD} is incomplete (failed: steps not recorded in the signed review: see its comment)`,
    ]);
  });

  test("no signed review (every change is refused by plan-compare) or one without flags: nothing to accept, one line", () => {
    const lines: string[] = [];
    const io: GateIo = { read: () => undefined, write: () => undefined, stdout: (t) => void lines.push(t), stderr: () => undefined };
    expect(deployGate(HEAD, undefined, undefined, io)).toBe(0);
    expect(deployGate(HEAD, { ...flags, count: 0, stacks: {} }, undefined, io)).toBe(0);
    expect(deployGate(HEAD, flags, undefined, io)).toBe(1);
    expect(lines).toEqual([
      `no signed review of ${HEAD}: no flag to accept here; every stack with changes is refused by golive plan-compare\n`,
      `the signed review of ${HEAD} raised no risk flag\n`,
      `::error::5 risk flag(s) in the signed review of ${HEAD} (edge-production: dmarc-weakened ×3, dkim-removed, lb-weights-moved) are not accepted (the approvals could not be read (see the run's log)): nothing is deployed; re-run this deploy while its commit is main's newest (after a later merge: docs/ci.md, "Only main's newest commit is deployed")\n`,
    ]);
  });

  test("the gate is review.yml's last step, in a job with read permissions only; what deploys waits for it; nothing that deploys reads a commit status", () => {
    const [, job] = jobsOf(workflow("review.yml"))[0] ?? [];
    expect(job?.permissions).toEqual({ contents: "read", "pull-requests": "read" });
    const names = (Array.isArray(job?.steps) ? job.steps : []).filter(isRecord).map((s) => String(s.name));
    expect(names.slice(-3)).toEqual([
      "approvals of the pull request (API)",
      "verify the review's signature (the plan-review environment's key; this step only)",
      "review complete, risk flags accepted (an approval of the reviewed commit, read now)",
    ]);
    expect(Object.fromEntries(jobsOf(workflow("deploy.yml"))).deploy?.needs).toEqual(["review", "environments"]);
    expect(Object.fromEntries(jobsOf(workflow("deploy-admin.yml"))).secrets?.needs).toEqual(["review", "target"]);
    for (const file of ["review.yml", "deploy.yml", "deploy-admin.yml", "deploy-environment.yml"])
      expect({ file, text: readFileSync(join(REPO_ROOT, ".github", "workflows", file), "utf8") }).not.toEqual({
        file,
        text: expect.stringMatching(/CommitStatus|statuses|combined status|golive\/plan-review"/i),
      });
  });
});
