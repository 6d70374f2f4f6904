import { GREEN_POOL, trafficPlan } from "../plan/traffic-plans";
import { closeGoliveServer } from "./golive-server";
import { rollbackPlanStep } from "./rollback-plan-step";
import { jobsOf, stepNamed, stepsIn, workflow } from "./support";

// The in-process golive behind the step sandboxes' `npx golive` (support.ts).
afterAll(closeGoliveServer);

const STEP = "plan traffic-<env>, show the plan";
const REFUSED = "::error::the rollback plan of traffic-production does more than a rollback";

/** The `golive plan` command lines of a script (one per line that runs it). */
function planCommands(script: string): string[] {
  return script.split("\n").filter((l) => /\bnpx golive plan\b/.test(l));
}

describe("rollback.yml applies a plan only when it does a rollback's changes (golive plan --release-only)", () => {
  const script = String(stepNamed("rollback.yml", STEP).run);

  // One run per plan, shared with saved-plan-apply's rollback tests (rollback-plan-step.ts).
  const run = (plan: string) => rollbackPlanStep(plan);

  test("the step that applies plans with --release-only (and keeps the plan file, with the detailed exit code)", () => {
    const applying = jobsOf(workflow("rollback.yml"))
      .flatMap(([, job]) => stepsIn(job))
      .filter((s) => /\bterraform\b[^\n]*\bapply\b/.test(String(s.run)));
    expect(applying.map((s) => s.name)).toEqual([stepNamed("rollback.yml", STEP).name]);
    const plans = planCommands(script);
    expect(plans).toHaveLength(1);
    for (const flag of ["--release-only", "--keep-plan-file", "--detailed-exitcode"]) expect(plans[0]).toContain(` ${flag}`);
  });

  test("a plan that replaces a pool fails the step before terraform apply, pointing to the break-glass rollback", async () => {
    const { result, applied, summary } = await run(trafficPlan("replace"));
    expect(result.status).toBe(1);
    expect(applied).toEqual([]);
    const out = `${result.stdout}${result.stderr}`;
    expect(out).toContain(`golive plan: traffic-production: ${GREEN_POOL} would be replaced; --updates-only allows in-place updates only`);
    const error = out.split("\n").find((l) => l.startsWith(REFUSED));
    expect(error).toContain("break-glass path");
    expect(error).toContain("'release rollback production --now'");
    expect(error).toContain("runbooks/rollback.md");
    expect(out).not.toContain("golive plan failed");
    // the review still reaches the summary: what the plan would have done, marked as refused
    expect(summary).toContain("## Rollback of production: REFUSED, nothing applied");
    expect(summary).toContain("<!-- golive:plan-report -->");
  });

  test("a plan that also applies an origin address merged on main but never deployed fails the step, nothing applied", async () => {
    const plan = JSON.parse(trafficPlan("drain"));
    const green = plan.resource_changes.find((rc: { address: string }) => rc.address === GREEN_POOL);
    green.change.after.origins[0].address = "203.0.113.66";
    const { result, applied, summary } = await run(JSON.stringify(plan));
    expect(result.status).toBe(1);
    expect(applied).toEqual([]);
    const out = `${result.stdout}${result.stderr}`;
    expect(out).toContain(
      `golive plan: traffic-production: ${GREEN_POOL} origins[0].address would change; --release-only allows a release step's changes only`,
    );
    expect(out.split("\n").find((l) => l.startsWith(REFUSED))).toContain("break-glass path");
    expect(summary).toContain("## Rollback of production: REFUSED, nothing applied (the plan does more than a rollback)");
  });

  test("a plan that fails for another reason is reported as a failed plan, not as a refusal", async () => {
    const { result, applied } = await run('{"not":"a plan"}');
    expect(result.status).toBe(1);
    expect(applied).toEqual([]);
    expect(result.stdout).toContain("::error::golive plan failed for traffic-production: nothing applied");
    expect(result.stdout).not.toContain(REFUSED);
  });

  test("a rollback that moves weights and drains a pool in place is applied", async () => {
    const { result, applied } = await run(trafficPlan("drain"));
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    expect(applied).toEqual(["traffic-production"]);
  });

  test("release.yml applies no plan (the API moves the weights), so it needs no --updates-only", () => {
    const runs = jobsOf(workflow("release.yml")).flatMap(([, job]) => stepsIn(job).map((s) => String(s.run ?? "")));
    expect(runs.filter((r) => /\bterraform\b|\bgolive plan\b|cdktf deploy/.test(r))).toEqual([]);
    expect(runs.some((r) => r.includes("golive release promote") && r.includes("--now"))).toBe(true);
  });
});
