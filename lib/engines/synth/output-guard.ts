import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { displayPath } from "../../core/display-path";
import { field, isRecord } from "../../core/json";
import { kindOf, type ProtectedDir, UnsafeOutputError } from "../../core/output-file";
import { insideGitFolder, isSameOrAncestor, lstatOrUndefined, realish } from "../../core/path-safety";
import { manifestPath, readJsonFile } from "../../core/synth-output";

/** Thrown here when a folder must not be replaced (lib/core/output-file.ts). */
export { UnsafeOutputError };

/** What a synth output folder holds at its top level; anything else means golive did not write it. */
export const SYNTH_OUTPUT_ENTRIES: readonly string[] = ["manifest.json", "stacks", "golive.json"];

/** A protected folder as given: a path alone (named by its path) or with the words messages use. */
export type GuardedDir = string | ProtectedDir;

/**
 * Refuses an output folder whose replacement would destroy something golive did not write: the working
 * directory, the config directory or any folder holding them, anything inside `.git`, a symlink, a
 * file, or a folder with content other than a previous synth output. Empty and missing folders are fine.
 * Paths in messages are relative to `cwd` when given and inside it.
 */
export function checkReplaceableOutput(outdir: string, protectedDirs: readonly GuardedDir[], cwd?: string): void {
  const shown = (p: string) => (cwd === undefined ? p : displayPath(cwd, resolve(cwd, p)));
  const out = shown(outdir);
  const target = realish(outdir);
  for (const dir of protectedDirs) {
    const { path, label } = typeof dir === "string" ? { path: dir, label: undefined } : dir;
    for (const p of new Set([resolve(path), realish(path)])) {
      if (isSameOrAncestor(target, p)) {
        const what = label ?? shown(p);
        throw new UnsafeOutputError(
          `${out} ${target === p ? "is" : "holds"} ${what}, which golive must never replace; choose a folder of its own such as cdktf.out`,
        );
      }
    }
  }
  if (insideGitFolder(target)) throw new UnsafeOutputError(`${out} is inside a .git folder; choose a folder of its own such as cdktf.out`);
  const stat = lstatOrUndefined(outdir);
  if (stat === undefined) return;
  if (stat.isSymbolicLink()) throw new UnsafeOutputError(`${out} is a symlink; golive replaces only a folder it wrote itself`);
  if (!stat.isDirectory()) throw new UnsafeOutputError(`${out} is ${kindOf(stat)}, not a synth output folder; choose another folder`);
  const entries = readdirSync(outdir);
  if (entries.length === 0) return;
  const foreign = entries.filter((e) => !SYNTH_OUTPUT_ENTRIES.includes(e));
  if (foreign.length > 0 || !entries.includes("manifest.json")) {
    const sample = foreign.slice(0, 3).join(", ") || "no manifest.json";
    throw new UnsafeOutputError(`${out} holds files golive did not write (${sample}); choose an empty or new folder`);
  }
  if (!isRecord(field(readJsonFile(manifestPath(outdir)), "stacks"))) {
    throw new UnsafeOutputError(`${out}/manifest.json is not a synth manifest; choose an empty or new folder`);
  }
}
