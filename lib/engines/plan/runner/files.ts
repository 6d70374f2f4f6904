import { existsSync, readdirSync, statSync } from "node:fs";
import { BoundedReadError, readBoundedBytes } from "../../../core/bounded-read";
import { parsePlanBytes } from "../../../core/plan/plan-bytes";
import { countValues } from "../../../core/plan/value-count";
import { basename, join, resolve } from "node:path";
import { z } from "zod";
import { isRecord } from "../../../core/json";
import { findSynthesizedStack, readStackJson } from "../../../core/synth-output";
import { constructPathsOf, type PlanInput, PlanInputError, PlanInputErrors, type StackFailure, validatePlanData } from "..";
import { displayPath } from "../../../core/display-path";

/** Where `golive plan` writes plans and `golive plan-report` looks by default. */
export const DEFAULT_PLAN_DIR = "plans";
export { DEFAULT_SYNTH_DIR } from "../../synth/output-layout";

/** `plans/edge-production.json` -> `edge-production`. */
export function stackNameOf(file: string): string {
  return basename(file).replace(/(\.plan|\.failed)?\.json$/i, "");
}

export interface PlanArgs {
  readonly files: string[];
  readonly missing: string[];
  /** Files found by listing a directory (not named): other JSON there is skipped, not refused. */
  readonly listed: ReadonlySet<string>;
}

/** Plan file arguments: files as given, directories expanded to their *.json files (sorted). */
export function expandPlanArgs(cwd: string, args: readonly string[]): PlanArgs {
  const files: string[] = [];
  const missing: string[] = [];
  const listed = new Set<string>();
  for (const arg of args) {
    const path = resolve(cwd, arg);
    if (!existsSync(path)) missing.push(arg);
    else if (statSync(path).isDirectory()) {
      const found = readdirSync(path)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => join(path, f));
      for (const f of found) {
        files.push(f);
        listed.add(f);
      }
    } else files.push(path);
  }
  return { files, missing, listed };
}

/**
 * JSON that is no Terraform document at all (no format_version, resource_changes or values): in a plan
 * directory it is someone else's file (a digest, a report) and skipped by name. A state file or a
 * broken plan is still refused: it claims to be Terraform's.
 */
function isOtherJson(data: unknown): boolean {
  return !isRecord(data) || !("format_version" in data || "resource_changes" in data || "values" in data || "output_changes" in data);
}

/** Construct paths of a stack synthesized in `synthDir`, when the manifest lists it and it is readable. */
export function readConstructPaths(synthDir: string, stack: string): ReadonlyMap<string, string> | undefined {
  try {
    const synthesized = findSynthesizedStack(synthDir, stack);
    return synthesized ? constructPathsOf(readStackJson(synthesized)) : undefined;
  } catch {
    return undefined; // construct paths are a convenience: a broken synth output must not stop the review
  }
}

/**
 * What `golive plan` writes as `<stack>.failed.json` when a stack could not be planned, so a later
 * `golive plan-report plans/` (e.g. after planning each environment with its own credentials) still
 * shows the stack as not planned. The message is already redacted.
 */
const FailureRecord = z.strictObject({
  golive_plan_failure: z.strictObject({ stack: z.string().min(1), step: z.string().min(1), message: z.string() }),
});

export function failureFile(planDir: string, stack: string): string {
  return join(planDir, `${stack}.failed.json`);
}

export function failureRecord(failure: StackFailure): string {
  return `${JSON.stringify({ golive_plan_failure: failure }, null, 2)}\n`;
}

function asFailure(data: unknown): StackFailure | undefined {
  const parsed = FailureRecord.safeParse(data);
  return parsed.success ? parsed.data.golive_plan_failure : undefined;
}

export interface PlanFiles {
  readonly inputs: PlanInput[];
  readonly failures: StackFailure[];
  /** Files of a listed directory that hold other JSON, with why (shown, never read further). */
  readonly skipped: { readonly file: string; readonly reason: string }[];
}

/**
 * The largest plan JSON read, and the most resource changes: what plan-report reviews within the targets
 * of docs/plan-review.md (60 s, 2 GiB). Measured: a 250,000-change plan of about 190 MB, 43 s and 1.4 GB;
 * 300,000 small changes in 81 MB, 31 s and 1.9 GB; 633 MB, 340 s and 2.4 GB (the 1 GiB this once was).
 * Memory follows the number of changes more than the bytes, so both are bounded.
 */
export const MAX_PLAN_BYTES = 200 * 1024 * 1024;
export const MAX_PLAN_CHANGES = 300_000;

/**
 * The most values (array elements and object members) of a plan, and of one change: the review's cost
 * follows them more than bytes or changes, most of all when one change holds them. The bench's
 * 250,000-change plan holds 7,335,720 (37 at most in one change). Measured at the limits, 2 cores:
 * 8 changes of a 999,000-element list, 16 s and 1.2 GB; 16 changes of a 499,900-key map, 49 s and
 * 2.1 GB (2.03 GiB: unique map keys cost the most, and the bench's plan must pass); one change of a
 * 1,000,000-element list 2 s and 0.6 GB, of a 1,000,000-key map 7 s and 1.0 GB (one of 4,000,000 keys
 * took 48 s and 2.9 GB).
 */
export const MAX_PLAN_VALUES = 8_000_000;
export const MAX_CHANGE_VALUES = 1_000_000;

/** Why a plan is refused for its size: one line naming the limit and what to do. */
const OVER_LIMIT =
  "plan-report reviews plans of at most 200 MiB, 300,000 resource and output changes and 8,000,000 values (1,000,000 in one change) (its 60 s / 2 GiB budget); plan the stack in parts";

/** A plan file's bytes: a regular file (a FIFO would hang the reader) within MAX_PLAN_BYTES. */
function readPlanBytes(file: string, shown: string): Buffer {
  try {
    return readBoundedBytes(file, MAX_PLAN_BYTES);
  } catch (err) {
    if (err instanceof BoundedReadError) {
      const size = statSafe(file);
      const detail = size !== undefined && size > MAX_PLAN_BYTES ? `is ${(size / 1024 / 1024).toFixed(0)} MiB; ${OVER_LIMIT}` : err.message;
      throw new PlanInputError(shown, [`(root): ${detail}`]);
    }
    throw err;
  }
}

function statSafe(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

/**
 * Refuses a plan of more changes than MAX_PLAN_CHANGES, before anything reads them: its resource changes
 * and its output changes together (a 200 MiB plan could hold millions of tiny output changes).
 */
function checkChangeCount(shown: string, data: unknown): void {
  if (!isRecord(data)) return;
  const resources = Array.isArray(data.resource_changes) ? data.resource_changes.length : 0;
  const outputs = isRecord(data.output_changes) ? Object.keys(data.output_changes).length : 0;
  if (resources + outputs <= MAX_PLAN_CHANGES) return;
  const count = (n: number) => n.toLocaleString("en-US");
  const field = outputs === 0 ? "resource_changes" : resources === 0 ? "output_changes" : "resource_changes + output_changes";
  throw new PlanInputError(shown, [`${field}: ${count(resources + outputs)} changes; ${OVER_LIMIT}`]);
}

/**
 * Refuses a plan of more values than MAX_PLAN_VALUES, or of a change of more than MAX_CHANGE_VALUES,
 * counted in its bytes before the parse (which would hold them all).
 */
function checkValueCount(shown: string, bytes: Buffer): void {
  const { total, most, mostValues } = countValues(bytes);
  const count = (n: number) => n.toLocaleString("en-US");
  if (mostValues > MAX_CHANGE_VALUES)
    throw new PlanInputError(shown, [`${most}: ${count(mostValues)} values in one change; ${OVER_LIMIT}`]);
  if (total > MAX_PLAN_VALUES) throw new PlanInputError(shown, [`(root): ${count(total)} values (the most in ${most}); ${OVER_LIMIT}`]);
}

/**
 * Reads and validates every plan (and failure record); all files' problems are reported together. A
 * file in `listed` (found in a directory) that holds JSON other than a plan is skipped, not refused.
 */
export function readPlanInputs(
  cwd: string,
  files: readonly string[],
  synthDir: string,
  listed: ReadonlySet<string> = new Set(),
): PlanFiles {
  const inputs: PlanInput[] = [];
  const failures: StackFailure[] = [];
  const skipped: { file: string; reason: string }[] = [];
  const errors: PlanInputError[] = [];
  for (const file of files) {
    const shown = displayPath(cwd, file);
    try {
      // Parsed once: a failure record or a plan (a 10k-change plan is megabytes of JSON).
      const bytes = readPlanBytes(file, shown);
      checkValueCount(shown, bytes);
      const data = parsePlanBytes(shown, bytes);
      const failure = asFailure(data);
      if (failure) {
        failures.push(failure);
        continue;
      }
      if (listed.has(file) && isOtherJson(data)) {
        skipped.push({ file: shown, reason: "not a plan (no format_version or resource_changes)" });
        continue;
      }
      checkChangeCount(shown, data);
      const plan = validatePlanData(shown, data);
      const stack = stackNameOf(file);
      const constructPaths = readConstructPaths(synthDir, stack);
      inputs.push({ stack, file: shown, plan, ...(constructPaths ? { constructPaths } : {}) });
    } catch (err) {
      if (err instanceof PlanInputError) errors.push(err);
      // V8's limits (`Set maximum size exceeded`, `Invalid array length`): a plan too large all the same.
      else if (err instanceof RangeError)
        errors.push(new PlanInputError(shown, [`(root): too large to read (${err.message}); ${OVER_LIMIT}`]));
      else
        errors.push(
          new PlanInputError(shown, [`(root): cannot read: ${err instanceof Error && "code" in err ? String(err.code) : "unreadable"}`]),
        );
    }
  }
  if (errors.length > 0) throw new PlanInputErrors(errors);
  return { inputs, failures, skipped };
}
