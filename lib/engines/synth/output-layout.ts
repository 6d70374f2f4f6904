import { type Dirent, readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { field, isRecord } from "../../core/json";
import { lstatOrUndefined, realish } from "../../core/path-safety";
import { listSynthesizedStacks, manifestPath, readJsonFile, type SynthesizedStack, SynthOutputError } from "../../core/synth-output";
import { PROVIDER_LOCK_FILE } from "./provider-lock";
import { SYNTH_RECORD } from "./record";

/**
 * Everything that may be in a synth output folder: what golive synth writes, and what the tools run in
 * a stack's folder leave there. A synth replaces the whole folder, so anything else in it, at any depth,
 * is someone else's file and synth refuses (output-guard.ts). The one list of it.
 */

/** The synth output folder when no flag names another (cdktf's own default). */
export const DEFAULT_SYNTH_DIR = "cdktf.out";

/** The top level: cdktf's manifest, golive's record of the configs (record.ts), the stack folders. */
export const OUTPUT_TOP = { manifest: "manifest.json", record: SYNTH_RECORD, stacks: "stacks" } as const;

/** A stack folder's Terraform JSON, as cdktf writes it. */
export const STACK_FILE = "cdk.tf.json";

/**
 * Terraform's working files in a stack folder (`terraform init`: the providers and backend, and the
 * lock file, or the committed one provider-lock.ts copies): kept across synths, so `terraform output`
 * needs no new init. `.terraform` is Terraform's alone: nothing inside it is looked at.
 */
export const TERRAFORM_WORKING_FILES: readonly string[] = [".terraform", PROVIDER_LOCK_FILE];

/**
 * Files a run leaves in a stack folder, which the next synth of that stack drops (they belong to the
 * configuration it replaces): `golive plan --keep-plan-file`'s binary plan (PLAN_FILE in
 * lib/engines/plan/runner/plan-stacks.ts), and `cdktf diff`'s `plan` and `generated_resources.tf`.
 * Never a state file: local state lives in the project root (backend-model.ts), and a state file found
 * here is refused, never deleted. Tolerated for synth to drop, not to be read: Terraform would load
 * `generated_resources.tf` with the stack, so golive plan and every reader of the stack refuse it
 * (lib/core/terraform/config-files.ts; golive's import blocks come with their configuration).
 */
export const RUN_FILES: readonly string[] = ["golive.tfplan", "plan", "generated_resources.tf"];

/** Which entries are folders (the rest must be regular files): `stacks`, each stack's, `.terraform`. */
const FOLDERS: ReadonlySet<string> = new Set([OUTPUT_TOP.stacks, ".terraform"]);

/** A path (relative to the output folder, with `/`) that golive did not write, and why when not its name. */
export interface ForeignEntry {
  readonly path: string;
  /** Set when the name is golive's but the kind is not ("a symbolic link"). */
  readonly kind?: string;
}

function kindProblem(entry: Dirent, folder: boolean): string | undefined {
  if (entry.isSymbolicLink()) return "a symbolic link";
  if (folder && !entry.isDirectory()) return "not a folder";
  if (!folder && !entry.isFile()) return entry.isDirectory() ? "a folder" : "not a regular file";
  return undefined;
}

/** `dir`'s entries against `allowed` names: pushes each foreign one (as `prefix/name`), returns the rest. */
function foreignIn(dir: string, prefix: string, allowed: ReadonlySet<string>, folders: boolean, out: ForeignEntry[]): Dirent[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const known: Dirent[] = [];
  for (const e of entries) {
    const path = `${prefix}${e.name}`;
    if (!allowed.has(e.name)) {
      out.push({ path: e.isDirectory() ? `${path}/` : path });
      continue;
    }
    const kind = kindProblem(e, folders || FOLDERS.has(e.name));
    if (kind !== undefined) out.push({ path, kind });
    else known.push(e);
  }
  return known;
}

const TOP_NAMES: ReadonlySet<string> = new Set(Object.values(OUTPUT_TOP));
const STACK_NAMES: ReadonlySet<string> = new Set([STACK_FILE, ...TERRAFORM_WORKING_FILES, ...RUN_FILES]);

/**
 * What in the synth output folder `outdir` (an existing folder holding a manifest) golive did not
 * write, in order, at any depth: an unknown name at the top, in `stacks/` (a folder no stack of the
 * manifest lives in) or in a stack's folder; a known name of the wrong kind (a symbolic link). A
 * manifest synth-output.ts cannot read is itself foreign: it is not one golive wrote.
 */
export function foreignOutputEntries(outdir: string): ForeignEntry[] {
  const foreign: ForeignEntry[] = [];
  const top = foreignIn(outdir, "", TOP_NAMES, false, foreign);
  let listed: SynthesizedStack[];
  try {
    listed = listSynthesizedStacks(outdir);
  } catch (err) {
    if (!(err instanceof SynthOutputError)) throw err;
    return [...foreign, { path: OUTPUT_TOP.manifest, kind: "not a synth manifest golive can read" }];
  }
  if (!top.some((e) => e.name === OUTPUT_TOP.stacks)) return foreign;
  // The stack folders are where the manifest puts the stacks' files (cdktf: stacks/<name>).
  const stacksDir = join(outdir, OUTPUT_TOP.stacks);
  const stacks = new Set(listed.flatMap((s) => (dirname(s.dir) === stacksDir ? [basename(s.dir)] : [])));
  for (const stack of foreignIn(join(outdir, OUTPUT_TOP.stacks), `${OUTPUT_TOP.stacks}/`, stacks, true, foreign))
    foreignIn(join(outdir, OUTPUT_TOP.stacks, stack.name), `${OUTPUT_TOP.stacks}/${stack.name}/`, STACK_NAMES, false, foreign);
  return foreign;
}

/** Whether `dir` is a synth output folder: golive's record in it, or a manifest as cdktf writes it (a `stacks` object). */
function isSynthOutput(dir: string): boolean {
  if (lstatOrUndefined(join(dir, OUTPUT_TOP.record))?.isFile()) return true;
  if (!lstatOrUndefined(manifestPath(dir))?.isFile()) return false; // a web app's folder may hold a manifest.json too
  try {
    return isRecord(field(readJsonFile(manifestPath(dir)), "stacks"));
  } catch {
    return false;
  }
}

/**
 * The synth output folder `path` is or lies in (as given, or through its links), nearest first;
 * undefined when none. Whatever is put there is a file a synth did not write: the next one refuses the
 * folder, or replaces it whole.
 */
export function enclosingSynthOutput(path: string): string | undefined {
  for (const start of new Set([resolve(path), realish(path)]))
    for (let dir = start; ; dir = dirname(dir)) {
      if (isSynthOutput(dir)) return dir;
      if (dirname(dir) === dir) break;
    }
  return undefined;
}
