import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { constructPathsOf, parsePlanJson, PlanInput, PlanInputError, PlanInputErrors } from "../plan";

/** Where `golive plan` writes plans and `golive plan-report` looks by default. */
export const DEFAULT_PLAN_DIR = "plans";
export const DEFAULT_SYNTH_DIR = "cdktf.out";

/** `plans/edge-production.json` -> `edge-production`. */
export function stackNameOf(file: string): string {
  return basename(file).replace(/(\.plan)?\.json$/i, "");
}

/** Plan file arguments: files as given, directories expanded to their *.json files (sorted). */
export function expandPlanArgs(cwd: string, args: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const arg of args) {
    const path = resolve(cwd, arg);
    if (!existsSync(path)) missing.push(arg);
    else if (statSync(path).isDirectory()) files.push(...readdirSync(path).filter((f) => f.endsWith(".json")).sort().map((f) => join(path, f)));
    else files.push(path);
  }
  return { files, missing };
}

/** Construct paths of a stack from `<synthDir>/stacks/<stack>/cdk.tf.json`, when it is there and readable. */
export function readConstructPaths(synthDir: string, stack: string): ReadonlyMap<string, string> | undefined {
  const file = join(synthDir, "stacks", stack, "cdk.tf.json");
  if (!existsSync(file)) return undefined;
  try {
    return constructPathsOf(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return undefined; // construct paths are a convenience: a broken synth output must not stop the review
  }
}

/** Reads and validates every plan; all files' problems are reported together. */
export function readPlanInputs(cwd: string, files: readonly string[], synthDir: string): PlanInput[] {
  const inputs: PlanInput[] = [];
  const errors: PlanInputError[] = [];
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    try {
      const plan = parsePlanJson(shown, readFileSync(file, "utf8"));
      const stack = stackNameOf(file);
      const constructPaths = readConstructPaths(synthDir, stack);
      inputs.push({ stack, file: shown, plan, ...(constructPaths ? { constructPaths } : {}) });
    } catch (err) {
      if (err instanceof PlanInputError) errors.push(err);
      else errors.push(new PlanInputError(shown, [`(root): cannot read: ${err instanceof Error && "code" in err ? String(err.code) : "unreadable"}`]));
    }
  }
  if (errors.length > 0) throw new PlanInputErrors(errors);
  return inputs;
}

/** Writes a file atomically: a temp file in the same directory, then a rename. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}
