import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive } from "../helpers/cli";
import { fixtureText } from "../plan/fixtures";
import { closeGoliveServer, REAL_NODE } from "./golive-server";
import { HEAD, reviewWorkspace, type StepRun, stepNamed, stepSandbox } from "./support";

// The audit's replay: two signed reviews of one commit, the older one complete, the newer one not (its
// secret scan failed); any workflow can post the older comment again as github-actions[bot]. Signed by
// pr-review.yml's sign step, verified and gated by review.yml's steps, every script a process as the
// runner runs it (REAL_NODE).
afterAll(closeGoliveServer);

const KEY = "5a".repeat(32);

/** pr-review.yml's report and sign steps for HEAD in review run `runId` (attempt 1), `failed` its failed steps. */
async function signedReview(runId: string, failed: readonly string[]): Promise<string> {
  const ws = reviewWorkspace("golive-replay-sign-");
  const review = join(ws.root, "review");
  mkdirSync(join(ws.root, "plans"));
  mkdirSync(review);
  writeFileSync(join(ws.root, "plans", "traffic-production.json"), fixtureText("tf-changes.json"));
  writeFileSync(join(review, "failed-steps.txt"), failed.map((f) => `${f}\n`).join(""));
  const steps = failed.flatMap((f) => ["--failed-step", f]);
  for (const out of [
    ["--output", join(review, "plan-comment.md")],
    ["--json", "--output", join(review, "plan-report.json")],
  ])
    await golive(["plan-report", "plans", "--commit", HEAD, ...out, ...steps], { cwd: ws.root });
  const sign = await ws.run(String(stepNamed("pr-review.yml", "sign the plan digest").run), {
    HEAD_SHA: HEAD,
    PLAN_REVIEW_HMAC_KEY: KEY,
    REVIEW_RUN_ID: runId,
    REVIEW_RUN_ATTEMPT: "1",
    ...REAL_NODE,
  });
  expect({ status: sign.status, stderr: sign.stderr }).toEqual({
    status: 0,
    stderr: expect.stringContaining(`signed for ${HEAD} by review run ${runId} attempt 1`),
  });
  return readFileSync(join(review, "plan-comment.md"), "utf8");
}

/** review.yml's verify and gate steps on the merged pull request's golive comments (oldest first). */
async function deployGate(comments: readonly string[]): Promise<{ verify: StepRun; gate: StepRun }> {
  const box = stepSandbox("golive-replay-deploy-", []);
  writeFileSync(join(box.dir, "review-comments.json"), JSON.stringify(comments));
  const env = { REVIEWED_COMMIT: HEAD, GITHUB_OUTPUT: join(box.dir, "github-output"), ...REAL_NODE };
  writeFileSync(env.GITHUB_OUTPUT, "");
  const verify = await box.run(String(stepNamed("review.yml", "verify the review's signature").run), { ...env, PLAN_REVIEW_HMAC_KEY: KEY });
  const gate = await box.run(String(stepNamed("review.yml", "review complete, risk flags accepted").run), env);
  return { verify, gate };
}

describe("an older signed review of the same commit, posted again, does not override the newer one", () => {
  let complete = "";
  let incomplete = "";
  beforeAll(async () => {
    complete = await signedReview("100", []);
    incomplete = await signedReview("101", ["secret scan"]);
  });

  const REFUSED = `::error::the signed review of ${HEAD} is incomplete (failed: secret scan): nothing is deployed`;

  test("the newer review (run 101, its secret scan failed) after the older one (run 100, complete): the deploy is refused", async () => {
    const { verify, gate } = await deployGate([complete, incomplete]);
    expect(verify.status).toBe(0);
    expect({ status: gate.status, stdout: gate.stdout }).toEqual({ status: 1, stdout: expect.stringContaining(REFUSED) });
  });

  test("fails when the older complete review is posted again after the newer one: still run 101's review, still refused", async () => {
    const { verify, gate } = await deployGate([complete, incomplete, complete]);
    expect(verify.stderr).toContain(`the review of ${HEAD} signed by review run 101 attempt 1, the latest of 3 signed comment(s)`);
    expect({ status: gate.status, stdout: gate.stdout }).toEqual({ status: 1, stdout: expect.stringContaining(REFUSED) });
  });

  test("a later complete review (run 102) outranks both wherever it stands: the gate passes; the latest run decides, not the verdict", async () => {
    const rerun = await signedReview("102", []);
    const { gate } = await deployGate([incomplete, complete, rerun, incomplete]);
    expect({ status: gate.status, stdout: gate.stdout }).toEqual({
      status: 0,
      stdout: `the signed review of ${HEAD} raised no risk flag\n`,
    });
  });
});

// The audit's edit: anyone with write access can edit the bot's comment. Its body, what a reviewer reads
// before approving, is signed with the digest and the flags, so review.yml's verify step refuses an edited
// one, saying so, while the same comment with GitHub's CRLF line endings still verifies.
describe("a review comment edited after it was signed is not trusted by the deploy", () => {
  test("fails when the body above the digest line is replaced, the signed lines kept: no digest, every stack refused, one line saying so", async () => {
    const signed = await signedReview("103", []);
    const kept = signed.slice(signed.indexOf("<!-- golive:plan-digest "));
    const edited = `${signed.slice(0, signed.indexOf("\n"))}\n## golive plan review\n\nNo changes. No risk flags.\n\n${kept}`;
    const { verify, gate } = await deployGate([edited]);
    expect(verify).toEqual({
      status: 0,
      stdout: "no signed review digest: every stack with changes is refused\n",
      stderr: `review-signature: the review comment signed for ${HEAD} by review run 103 attempt 1 was altered after it was signed (its text is not the text signed): none is trusted, every stack with changes is refused; re-run the pull request's pr workflow for a new review\n`,
    });
    expect(gate.stdout).toBe(
      `no signed review of ${HEAD}: no flag to accept here; every stack with changes is refused by golive plan-compare\n`,
    );
    const crlf = await deployGate([signed.replaceAll("\n", "\r\n")]);
    expect(crlf.verify.stdout).toBe(`a signed review digest of ${HEAD}: the deploy compares with it\n`);
  });
});
