import { chmodSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, PlanInputError } from "..";
import { writeFileAtomic } from "../../../core/write-file-atomic";
import { recordWritten } from "../../../core/written-record";
import { failureFile, failureRecord } from "./files";
import { requireSynthesizedStack, type SynthesizedStack } from "../../../core/synth-output";
import { webhookPlaceholdersIn } from "../../../features/monitoring/webhook-placeholders";
// What the alert webhook variables get, for `golive plan --help` to name without importing the concern.
export { WEBHOOK_PLAN_PLACEHOLDER } from "../../../features/monitoring/destinations";
import { errorSummary, looksLikeCredentials, run } from "./terraform";
import { createPrivateFile, makePrivateFolder, PRIVATE_FILE_MODE } from "./private-files";
import { checkStackFolders } from "./stack-folders";

export type PlanStep = "init" | "plan" | "show";

export interface StackOutcome {
  readonly stack: string;
  readonly ok: boolean;
  /** Where the plan JSON (or, for a failure, the failure record) was written. */
  readonly planJson?: string;
  /** The binary plan kept for `terraform apply` (--keep-plan-file, planned stacks only). */
  readonly planFile?: string;
  readonly failedAt?: PlanStep;
  /** Redacted error text (failures only). */
  readonly error?: string;
  /** The failure looks like missing or expired credentials. */
  readonly credentials?: boolean;
  readonly seconds: number;
}

export interface PlanStacksOptions {
  /** Full path of terraform (or tofu). */
  readonly binary: string;
  /** The environment terraform runs with (core/terraform-env.ts, terraformEnv: the plugin cache made, no prompts). */
  readonly env: NodeJS.ProcessEnv;
  /** The synth output (`cdktf.out`); stacks are found through its manifest. */
  readonly synthDir: string;
  /** Where `<stack>.json` goes. */
  readonly planDir: string;
  /** Stacks planned at once (each terraform holds provider plugins in memory). */
  readonly concurrency: number;
  /** One line per step of each stack; `finished` is true on a stack's last line (planned or failed). */
  readonly progress: (line: string, finished: boolean) => void;
  /**
   * Keep the binary plan (`<stack dir>/golive.tfplan`) for `terraform apply golive.tfplan`. Such a plan
   * is applied, so it gets the real alert webhook URLs from the environment, never the placeholders.
   */
  readonly keepPlanFile?: boolean;
  /**
   * Plan without the state lock (`-lock=false`): a pull request's plan must never make a deploy wait,
   * and its read-only role cannot write the S3 lock file. Refused with keepPlanFile: a plan to apply
   * is made under the lock.
   */
  readonly noLock?: boolean;
}

/** The binary plan `golive plan --keep-plan-file` leaves in each stack's directory. */
export const PLAN_FILE = "golive.tfplan";

async function planOne(synthesized: SynthesizedStack, o: PlanStacksOptions): Promise<StackOutcome> {
  const started = Date.now();
  const { name: stack, dir: cwd } = synthesized;
  // Alert webhook URLs are secrets the plan role may not read: placeholders (never shown, see
  // webhook-placeholders.ts), except in a plan that will be applied (the deploy sets the real ones).
  const placeholders = o.keepPlanFile ? {} : webhookPlaceholdersIn(synthesized);
  const env = { ...o.env, ...placeholders };
  const fail = (failedAt: PlanStep, stderr: string): StackOutcome => {
    const credentials = looksLikeCredentials(stderr);
    const error = errorSummary(stderr);
    const planJson = failureFile(o.planDir, stack);
    const hint = credentials ? "Credentials look missing or expired (see the README's requirements).\n" : "";
    writeFileAtomic(planJson, failureRecord({ stack, step: failedAt, message: `${hint}${error}` }), { mode: PRIVATE_FILE_MODE });
    return { stack, ok: false, planJson, failedAt, error, credentials, seconds: (Date.now() - started) / 1000 };
  };
  // a stale plan (or failure) from an earlier run must never be reported as this run's
  rmSync(join(o.planDir, `${stack}.json`), { force: true });
  rmSync(failureFile(o.planDir, stack), { force: true });
  const binaryPlan = join(cwd, PLAN_FILE);
  // The binary plan holds sensitive values in the clear: kept only when asked, and never after a failure.
  const dropPlan = (): void => rmSync(binaryPlan, { force: true });
  dropPlan(); // nor an earlier binary plan applied
  o.progress(`${stack}: init`, false);
  const init = await run(o.binary, ["init", "-input=false", "-no-color"], cwd, env);
  if (init.code !== 0) return fail("init", init.stderr || init.stdout);
  const faked = Object.keys(placeholders).map((k) => k.replace(/^TF_VAR_/, ""));
  o.progress(`${stack}: plan${faked.length > 0 ? ` (placeholder URL for ${faked.join(", ")})` : ""}`, false);
  // Made empty and private first: terraform truncates the -out file it finds (os.Create in
  // internal/plans/planfile/writer.go), keeping its mode, so the plan is never readable by others.
  createPrivateFile(binaryPlan);
  const plan = await run(
    o.binary,
    ["plan", "-input=false", "-no-color", ...(o.noLock ? ["-lock=false"] : []), `-out=${PLAN_FILE}`],
    cwd,
    env,
  );
  if (plan.code !== 0) {
    dropPlan();
    return fail("plan", plan.stderr || plan.stdout);
  }
  if (existsSync(binaryPlan)) chmodSync(binaryPlan, PRIVATE_FILE_MODE); // in case it was replaced rather than rewritten
  const show = await run(o.binary, ["show", "-json", "-no-color", PLAN_FILE], cwd, env);
  if (!o.keepPlanFile || show.code !== 0) dropPlan();
  if (show.code !== 0) return fail("show", show.stderr || show.stdout);
  try {
    parsePlanJson(`${stack} (terraform show -json)`, show.stdout);
  } catch (err) {
    dropPlan();
    return fail("show", err instanceof PlanInputError ? `Error: ${err.message}` : "Error: unreadable plan JSON");
  }
  const planJson = join(o.planDir, `${stack}.json`);
  writeFileAtomic(planJson, show.stdout, { mode: PRIVATE_FILE_MODE });
  recordWritten(planJson, show.stdout); // Terraform's JSON: only this record proves golive wrote it (lib/core/written-record.ts)
  const planFile = o.keepPlanFile ? { planFile: binaryPlan } : {};
  return { stack, ok: true, planJson, ...planFile, seconds: (Date.now() - started) / 1000 };
}

/**
 * Removes the binary plans kept for `outcomes`: a plan refused after planning (--updates-only) must not
 * be applied by a script that ignores the exit code. Returns the stacks whose plan file was removed.
 */
export function discardPlanFiles(outcomes: readonly StackOutcome[]): string[] {
  return outcomes.flatMap((o) => {
    if (o.planFile === undefined) return [];
    rmSync(o.planFile, { force: true });
    return [o.stack];
  });
}

/**
 * Plans every stack, `concurrency` at a time; a failing stack never stops the others. Each is found
 * through the manifest first: one it does not list (or whose file is gone), or whose folder is not the
 * synth output's own (stack-folders.ts), is a SynthOutputError before anything is planned.
 */
export async function planStacks(stacks: readonly string[], o: PlanStacksOptions): Promise<StackOutcome[]> {
  const located = stacks.map((s) => requireSynthesizedStack(o.synthDir, s));
  checkStackFolders(o.synthDir, located);
  makePrivateFolder(o.planDir);
  const outcomes: StackOutcome[] = new Array<StackOutcome>(stacks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < stacks.length) {
      const i = next++;
      const synthesized = located[i];
      if (synthesized === undefined) return;
      const stack = synthesized.name;
      const outcome = await planOne(synthesized, o);
      outcomes[i] = outcome;
      o.progress(
        outcome.ok
          ? `${stack}: planned in ${outcome.seconds.toFixed(1)}s`
          : `${stack}: FAILED at ${outcome.failedAt}${outcome.credentials ? " (credentials missing or expired?)" : ""}`,
        true,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, stacks.length)) }, worker));
  return outcomes;
}
