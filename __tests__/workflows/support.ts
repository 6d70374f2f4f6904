import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { isRecord } from "../../lib/core/json";
import { REPO_ROOT } from "../helpers/example-config";

export { isRecord };

/** Where the repository's workflows live. */
export const DIR = join(REPO_ROOT, ".github", "workflows");

/** A workflow file, parsed; a file that is not a mapping fails the test that reads it. */
export function workflow(file: string): Record<string, unknown> {
  const doc: unknown = parse(readFileSync(join(DIR, file), "utf8"));
  if (!isRecord(doc)) throw new Error(`${file}: not a mapping`);
  return { ...doc };
}

/** The jobs of a workflow, by id. */
export function jobsOf(doc: Record<string, unknown>): [string, Record<string, unknown>][] {
  return isRecord(doc.jobs) ? Object.entries(doc.jobs).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1])) : [];
}

/** The steps of one job. */
export function stepsIn(job: Record<string, unknown> | undefined): Record<string, unknown>[] {
  return Array.isArray(job?.steps) ? job.steps.filter(isRecord) : [];
}
