import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureText } from "../plan/fixtures";
import { trafficPlan } from "../plan/traffic-plans";
import { changedAfterReview, HEAD, isRecord, jobsOf, reviewedDigestLine, stepNamed, stepSandbox, stepsIn, workflow } from "./support";
import { awsStepEnv } from "./aws-credentials";
import { closeGoliveServer } from "./golive-server";
import { rollbackPlanStep } from "./rollback-plan-step";

// The in-process golive behind the step sandboxes' `npx golive` (support.ts).
afterAll(closeGoliveServer);

/** The steps of the job of `file` that applies, in order, with the index of the applying step. */
function applyingJob(file: string): { name: string; job: Record<string, unknown>; steps: Record<string, unknown>[] } {
  const found = jobsOf(workflow(file)).find(([, job]) => stepsIn(job).some((s) => /\bterraform\b[^\n]*\bapply\b/.test(String(s.run))));
  if (!found) throw new Error(`${file} has no job that applies`);
  return { name: found[0], job: found[1], steps: stepsIn(found[1]) };
}

describe("deploy-admin.yml applies secrets-<env> only as reviewed, from the saved plan file", () => {
  const script = String(stepNamed("deploy-admin.yml", "plan secrets-<env>, compare with the review").run);
  const reviewed = reviewedDigestLine(["secrets-production"]);

  async function run(plan: string, digest: string, o: { stacks?: string[]; relocated?: boolean } = {}) {
    const box = stepSandbox("golive-admin-apply-", o.stacks ?? ["secrets-production"]);
    if (o.relocated) box.relocateStacks();
    writeFileSync(join(box.fixtures, "secrets-production.json"), plan);
    const result = await box.run(script, { ENVIRONMENT: "production", REVIEWED_DIGEST: digest, REVIEWED_COMMIT: HEAD });
    return { result, applied: box.applied() };
  }

  test("the reviewed plan is compared, then its saved plan file applied", async () => {
    const { result, applied } = await run(fixtureText("tf-changes.json"), reviewed);
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    expect(result.stdout).toContain(`secrets-production: same as the review of ${HEAD}`);
    expect(applied).toEqual(["secrets-production"]);
  });

  test("fails and applies nothing when the plan differs from the review, or no review exists", async () => {
    const changed = await run(changedAfterReview(), reviewed);
    expect(changed.result.status).toBe(1);
    expect(changed.result.stdout).toMatch(/secrets-production: REFUSED: the plan differs from the review/);
    expect(changed.applied).toEqual([]);
    const none = await run(fixtureText("tf-changes.json"), "");
    expect(none.result.status).toBe(1);
    expect(none.applied).toEqual([]);
  });

  test("the saved plan is applied in the folder manifest.json names for the stack (golive stacks --json), wherever it is", async () => {
    const { result, applied } = await run(fixtureText("tf-changes.json"), reviewed, { relocated: true });
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    expect(applied).toEqual(["secrets-production"]);
  });

  test("an environment the synth output has no secrets stack of: nothing planned or applied, and it succeeds", async () => {
    const { result, applied } = await run(fixtureText("tf-changes.json"), reviewed, { stacks: ["traffic-production"] });
    expect(result).toMatchObject({ status: 0, stdout: "no secrets stack in production\n" });
    expect(applied).toEqual([]);
  });

  test("a plan without changes applies nothing and succeeds", async () => {
    const { result, applied } = await run(fixtureText("tf-noop.json"), "");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("secrets-production: no changes");
    expect(applied).toEqual([]);
  });

  test("the job takes the digest of review.yml (the merged pull request's comment), after it", () => {
    const { job } = applyingJob("deploy-admin.yml");
    const review = Object.fromEntries(jobsOf(workflow("deploy-admin.yml"))).review;
    expect(review).toMatchObject({ uses: "./.github/workflows/review.yml", permissions: { contents: "read", "pull-requests": "read" } });
    expect(job.needs).toEqual(["review", "target"]);
    const step = stepNamed("deploy-admin.yml", "plan secrets-<env>, compare with the review");
    expect(step.env).toEqual({
      ...awsStepEnv("${{ vars.AWS_REGION }}"),
      REVIEWED_DIGEST: "${{ needs.review.outputs.digest }}",
      REVIEWED_COMMIT: "${{ needs.review.outputs.commit }}",
    });
    expect(script).not.toMatch(/-auto-approve|--auto-approve/);
  });
});

describe("rollback.yml applies the plan it shows: the digest in the job summary, the saved plan file applied", () => {
  const script = String(stepNamed("rollback.yml", "plan traffic-<env>, show the plan").run);

  const run = rollbackPlanStep;

  test("plans traffic-<env> once, writes its report and digest to the summary, applies exactly that plan file", async () => {
    const { result, applied, summary, dir } = await run(trafficPlan("drain")); // a rollback only: rollback.yml plans with --release-only
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    const record: unknown = JSON.parse(readFileSync(join(dir, "rollback-digest.json"), "utf8"));
    const digest =
      isRecord(record) && isRecord(record.stacks) && isRecord(record.stacks["traffic-production"])
        ? record.stacks["traffic-production"].digest
        : "";
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(summary).toContain(`Plan digest of \`traffic-production\`: \`${String(digest)}\``);
    expect(summary).toContain("<!-- golive:plan-report -->");
    expect(result.stdout).toContain(`traffic-production: applying the saved plan, digest ${String(digest)}`);
    expect(applied).toEqual(["traffic-production"]);
  });

  test("the saved plan is applied in the folder manifest.json names for the stack (golive stacks --json), wherever it is", async () => {
    const { result, applied } = await run(trafficPlan("drain"), true);
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    expect(applied).toEqual(["traffic-production"]);
  });

  test("no changes: nothing applied, the summary says so", async () => {
    const { result, applied, summary } = await run(fixtureText("tf-noop.json"));
    expect(result.status).toBe(0);
    expect(applied).toEqual([]);
    expect(summary).toContain("traffic-production: no changes, nothing to apply");
  });

  test("only the traffic stack, from the rollback pull request's commit, with the deploy role and the environment's token", () => {
    const { job, steps } = applyingJob("rollback.yml");
    expect(job.environment).toBe("${{ inputs.environment }}");
    const applyStep = steps.find((s) => String(s.run).includes("apply"));
    expect(applyStep?.env).toEqual({
      ...awsStepEnv("${{ vars.AWS_REGION }}"),
      CLOUDFLARE_API_TOKEN: "${{ secrets.CLOUDFLARE_API_TOKEN }}",
    });
    expect(script).toMatch(/stack="traffic-\$ENVIRONMENT"/);
    expect(script).not.toMatch(/cdktf deploy|-auto-approve/);
  });
});
