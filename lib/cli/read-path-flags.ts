import { extname } from "node:path";
import { displayPath } from "../core/display-path";
import { kindOf } from "../core/output-file";
import { lstatOrUndefined, overlongName, statOrUndefined } from "../core/path-safety";
import { hasSynthOutput } from "../core/synth-output";
import { UsageError } from "./types";

/**
 * Path flags naming what a command reads (a synth output it never replaces, the runbooks folder, a rules
 * file), judged before any work as path-flags.ts judges what a command writes: a path the flag does not
 * take is one line naming the flag, what it is and what is allowed, exit 2, nothing read or written.
 * Only a path the user typed is judged here: a default path is the command's own to report.
 */

/** What a read flag takes. */
export interface ReadPath {
  /** A folder (a symbolic link to one counts) or a regular file. */
  readonly kind: "folder" | "file";
  /** What the message says is allowed, such as "the folder of the runbooks (*.md)". */
  readonly allowed: string;
  /** A file's extensions, with the dot (".json"). @default any */
  readonly extensions?: readonly string[];
  /** A folder must hold a synth output (manifest.json), as `golive synth` writes it. @default false */
  readonly synthOutput?: boolean;
}

/** The synth output a command reads without replacing it: stacks --dir, check --dir once it exists. */
export const SYNTH_OUTPUT_DIR: ReadPath = {
  kind: "folder",
  allowed: "a folder golive synth wrote, such as cdktf.out",
  synthOutput: true,
};

/** Why `path` is not what `want` says, and what to do when that is more than the flag's value; undefined when it is. */
function readPathProblem(path: string, want: ReadPath, cwd: string): readonly [string, string?] | undefined {
  // A name no file system allows, cut short: the path itself would make the message as long as it is.
  const long = overlongName(path);
  if (long !== undefined) return [long];
  const shown = displayPath(cwd, path);
  const link = lstatOrUndefined(path);
  if (link === undefined) return [`${shown} does not exist`];
  const st = statOrUndefined(path);
  const noun = want.kind === "folder" ? "a folder" : "a regular file";
  if (st === undefined) return [`${shown} is a symbolic link to nothing, not ${noun}`];
  if (want.kind === "folder" ? !st.isDirectory() : !st.isFile()) return [`${shown} is ${kindOf(st)}, not ${noun}`];
  const ext = extname(path);
  if (want.extensions !== undefined && !want.extensions.includes(ext))
    return [`${shown} ${ext === "" ? "has no extension" : `ends in ${ext}`}`];
  // A folder that may only be waiting for a synth: the one thing that tells it from a mistyped path.
  if (want.synthOutput && !hasSynthOutput(path)) return [`${shown} holds no synth output (no manifest.json)`, "run golive synth first"];
  return undefined;
}

/** Refuses (exit 2) the path `--<flag>` gave unless it is what `want` says: `--flag: <why>; allowed: <what>[; <then>]`. */
export function checkReadPath(flag: string, path: string, want: ReadPath, cwd: string): void {
  const problem = readPathProblem(path, want, cwd);
  if (problem === undefined) return;
  const [why, then] = problem;
  throw new UsageError(`--${flag}: ${why}; allowed: ${want.allowed}${then === undefined ? "" : `; ${then}`}`);
}
