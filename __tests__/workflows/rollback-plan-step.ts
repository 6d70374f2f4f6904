import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type StepRun, stepNamed, stepSandbox } from "./support";

/** rollback.yml's plan-and-apply step on a traffic-production plan: its run, what it applied, its summary, its folder. */
export interface RollbackPlanRun {
  readonly result: StepRun;
  readonly applied: string[];
  readonly summary: string;
  readonly dir: string;
}

const runs = new Map<string, Promise<RollbackPlanRun>>();

/**
 * Runs rollback.yml's "plan traffic-<env>, show the plan" step as the runner runs it, once per plan and
 * layout: saved-plan-apply and rollback-updates-only both assert on the in-place rollback of one plan
 * (the specs of a folder share this module). Nothing changes a run's folder after it.
 */
export function rollbackPlanStep(plan: string, relocated = false): Promise<RollbackPlanRun> {
  const key = JSON.stringify([plan, relocated]);
  let run = runs.get(key);
  if (!run) {
    run = (async () => {
      const box = stepSandbox("golive-rollback-apply-", ["traffic-production"]);
      if (relocated) box.relocateStacks();
      writeFileSync(join(box.fixtures, "traffic-production.json"), plan);
      const summary = join(box.dir, "summary.md");
      const script = String(stepNamed("rollback.yml", "plan traffic-<env>, show the plan").run);
      const result = await box.run(script, { ENVIRONMENT: "production", GITHUB_STEP_SUMMARY: summary });
      return { result, applied: box.applied(), summary: existsSync(summary) ? readFileSync(summary, "utf8") : "", dir: box.dir };
    })();
    runs.set(key, run);
  }
  return run;
}
