/**
 * The one reader of a synth output directory (`cdktf.out`). Everything goes through `manifest.json`,
 * as cdktf itself writes it, instead of guessing `stacks/<name>/cdk.tf.json`: the stacks' names, their
 * folders and files, and their dependencies. A manifest that cannot be read is a SynthOutputError, for
 * every caller alike.
 */
import { existsSync } from "node:fs";
import { readBoundedText, readBoundedTextWithin } from "./bounded-read";
import { dirname, join } from "node:path";
import { PathError } from "./display-path";
import { formatPath } from "./issues";
import { firstDuplicateKey, type JsonPath } from "./json-duplicate-key";
import { field, isRecord, MAX_NESTING, str, tooDeepAt } from "./json";
import { otherTerraformInputs } from "./terraform/config-files";

export interface SynthesizedStack {
  readonly name: string;
  /** The stack's working directory, where terraform runs. */
  readonly dir: string;
  /** Its `cdk.tf.json`. */
  readonly file: string;
  /** The synth output folder it was listed from: its file is read only when it lies inside it. */
  readonly outdir?: string;
  /**
   * The stacks cdktf deploys before it (the manifest's `dependencies`; none in an older synth). Always
   * set on a stack the manifest lists; optional only for a stack a caller builds by hand.
   */
  readonly dependencies?: readonly string[];
}

/** A synth output that exists but cannot be read: names the file and what is wrong. */
export class SynthOutputError extends PathError {
  constructor(file: string, say: (file: string) => string) {
    super(file, say);
    this.name = "SynthOutputError";
  }
}

export function manifestPath(outdir: string): string {
  return join(outdir, "manifest.json");
}

/** Whether `outdir` holds a synth output (a manifest). */
export function hasSynthOutput(outdir: string): boolean {
  return existsSync(manifestPath(outdir));
}

/** A synthesized stack of golive's is a few MB at most; anything far larger is not one. */
export const MAX_SYNTH_FILE_BYTES = 64 * 1024 * 1024;

/** Segments of a too-deep path a message names: enough to find the field, not thousands of `[0]`. */
const SHOWN_PATH_SEGMENTS = 8;

/**
 * Parses a JSON file (a regular file, bounded in size; with `within`, a file that is no symbolic link and
 * lies inside that folder, bounded-read.ts); any failure is a SynthOutputError naming the file. A value
 * nested MAX_NESTING levels deep is refused, naming its field: a synthesized stack nests about ten, and
 * the checks that read it walk values recursively. A key repeated in one object is refused, naming it:
 * JSON.parse keeps the last one, while Terraform's JSON syntax declares the blocks under both, so a
 * second `"resource"` would be applied without being in any digest or check (json-duplicate-key.ts).
 */
export function readJsonFile(file: string, within?: string): unknown {
  let json: unknown;
  let repeated: JsonPath | undefined;
  try {
    const text =
      within === undefined ? readBoundedText(file, MAX_SYNTH_FILE_BYTES) : readBoundedTextWithin(file, within, MAX_SYNTH_FILE_BYTES);
    json = JSON.parse(text);
    repeated = firstDuplicateKey(text);
  } catch (err) {
    throw new SynthOutputError(file, (f) => `cannot read ${f}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (repeated !== undefined) {
    const shown = shownPath(repeated);
    throw new SynthOutputError(
      file,
      (f) =>
        `${f}: ${shown}: duplicate key; golive would read only the last one and Terraform reads every one, so a review would miss what is applied; synthesize again`,
    );
  }
  const deep = tooDeepAt(json, MAX_NESTING);
  if (deep !== undefined) {
    const shown = shownPath(deep);
    throw new SynthOutputError(
      file,
      (f) => `${f}: ${shown}: is nested more than ${MAX_NESTING} levels deep; allowed: at most ${MAX_NESTING}; synthesize again`,
    );
  }
  return json;
}

function shownPath(path: JsonPath): string {
  return formatPath(path.slice(0, SHOWN_PATH_SEGMENTS)) + (path.length > SHOWN_PATH_SEGMENTS ? "…" : "");
}

/** Every stack the manifest lists, sorted by name; none when `outdir` holds no synth output. */
export function listSynthesizedStacks(outdir: string): SynthesizedStack[] {
  if (!hasSynthOutput(outdir)) return [];
  const file = manifestPath(outdir);
  const stacks = field(readJsonFile(file, outdir), "stacks");
  if (!isRecord(stacks)) throw new SynthOutputError(file, (f) => `${f}: has no "stacks" object; synthesize again`);
  return Object.keys(stacks)
    .sort()
    .map((name) => {
      const path = str(field(stacks[name], "synthesizedStackPath"));
      if (!path || path.split(/[\\/]/).includes(".."))
        throw new SynthOutputError(file, (f) => `${f}: stack "${name}" has no usable synthesizedStackPath; synthesize again`);
      const deps = field(stacks[name], "dependencies") ?? [];
      if (!Array.isArray(deps) || !deps.every((d): d is string => typeof d === "string"))
        throw new SynthOutputError(
          file,
          (f) => `${f}: stack "${name}" has "dependencies" that are not a list of stack names; synthesize again`,
        );
      const stackFile = join(outdir, path);
      return { name, dir: dirname(stackFile), file: stackFile, outdir, dependencies: deps };
    });
}

/** The named stack, when the manifest lists it and its file is there. */
export function findSynthesizedStack(outdir: string, name: string): SynthesizedStack | undefined {
  return listSynthesizedStacks(outdir).find((s) => s.name === name && existsSync(s.file));
}

/** The named stack; a SynthOutputError when there is no manifest, it does not list the stack, or the stack's file is gone. */
export function requireSynthesizedStack(outdir: string, name: string): SynthesizedStack {
  const file = manifestPath(outdir);
  if (!hasSynthOutput(outdir)) throw new SynthOutputError(file, (f) => `${f}: missing; synthesize first`);
  const stack = listSynthesizedStacks(outdir).find((s) => s.name === name);
  if (stack === undefined) throw new SynthOutputError(file, (f) => `${f}: lists no stack "${name}"; synthesize again`);
  if (!existsSync(stack.file))
    throw new SynthOutputError(stack.file, (f) => `${f}: missing, though the manifest lists stack "${name}"; synthesize again`);
  return stack;
}

/**
 * The stack's parsed `cdk.tf.json` (still `unknown` inside). Refused unless it has the shape every
 * synthesized stack has: an object with a `terraform` block or cdktf's `//` metadata and, when present, `resource` as an object
 * of objects. A `{}` or `null` must not read as a stack with nothing wrong in it. Refused too when its
 * folder holds another file Terraform reads (checkStackInputs): the file would not be all Terraform applies.
 */
export function readStackJson(stack: SynthesizedStack): unknown {
  checkStackInputs(stack);
  const json = readJsonFile(stack.file, stack.outdir);
  if (!isRecord(json) || !(isRecord(json.terraform) || isRecord(json["//"]))) {
    throw new SynthOutputError(
      stack.file,
      (f) => `${f}: not a synthesized stack (no terraform block, no cdktf metadata); synthesize again`,
    );
  }
  if (json.resource !== undefined && (!isRecord(json.resource) || !Object.values(json.resource).every(isRecord))) {
    throw new SynthOutputError(
      stack.file,
      (f) => `${f}: not a synthesized stack ("resource" is not an object of resource types); synthesize again`,
    );
  }
  return json;
}

/**
 * Refuses a stack whose folder holds a file Terraform reads as configuration or variables besides its
 * `cdk.tf.json` (terraform/config-files.ts), naming the first: every reader of the stack (digest,
 * configuration diff, check, zone, verify) sees only `cdk.tf.json`, Terraform would apply both.
 */
export function checkStackInputs(stack: SynthesizedStack): void {
  let others: string[];
  try {
    others = otherTerraformInputs(stack.dir);
  } catch (err) {
    throw new SynthOutputError(stack.dir, (f) => `cannot list ${f}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const [first] = others;
  if (first === undefined) return;
  throw new SynthOutputError(
    join(stack.dir, first),
    (f) =>
      `${f}: Terraform reads this file with the stack's cdk.tf.json (every *.tf, *.tf.json and auto-loaded *.tfvars file of the folder), while golive reviews, digests and checks only cdk.tf.json; remove it${others.length > 1 ? ` (and ${others.length - 1} more such file${others.length > 2 ? "s" : ""})` : ""} and synthesize again`,
  );
}

/**
 * Where the stack keeps its Terraform state: the backend its `cdk.tf.json` declares (`local`, `s3`, ...:
 * the key of `terraform.backend`; `cloud` for HCP Terraform, which cdktf writes as `terraform.cloud`), or
 * null when it declares none (Terraform then keeps the state in the working directory) or its file is
 * missing (a manifest written without its stacks: nothing says where the state is). Terraform refuses
 * more than one backend, and so does this.
 */
export function stackBackend(stack: SynthesizedStack): string | null {
  if (!existsSync(stack.file)) return null;
  const terraform = field(readStackJson(stack), "terraform");
  const backend = field(terraform, "backend");
  const declared = [...(isRecord(backend) ? Object.keys(backend) : []), ...(isRecord(field(terraform, "cloud")) ? ["cloud"] : [])];
  if (declared.length > 1)
    throw new SynthOutputError(
      stack.file,
      (f) => `${f}: declares more than one backend (${declared.join(", ")}), which Terraform refuses; synthesize again`,
    );
  return declared[0] ?? null;
}
