import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { displayPath } from "../../core/display-path";
import { field, isRecord } from "../../core/json";
import { kindOf, type ProtectedDir, UnsafeOutputError } from "../../core/output-file";
import { insideGitFolder, isSameOrAncestor, lstatOrUndefined, realish } from "../../core/path-safety";
import { manifestPath, readJsonFile, SynthOutputError } from "../../core/synth-output";
import { foreignOutputEntries, OUTPUT_TOP } from "./output-layout";

/** Thrown here when a folder must not be replaced (lib/core/output-file.ts). */
export { UnsafeOutputError };

/** A protected folder as given: a path alone (named by its path) or with the words messages use. */
export type GuardedDir = string | ProtectedDir;

/**
 * Refuses an output folder whose replacement would destroy something golive did not write: the working
 * directory, the config directory or any folder holding them, anything inside `.git`, a symlink, a
 * file, or a folder with content, at any depth, other than a previous synth output (output-layout.ts).
 * Empty and missing folders are fine.
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
  if (!entries.includes(OUTPUT_TOP.manifest)) {
    const sample = entries.filter((e) => !Object.values<string>(OUTPUT_TOP).includes(e)).slice(0, 3);
    throw new UnsafeOutputError(
      `${out} holds files golive did not write (${sample.join(", ") || "and no manifest.json"}); choose an empty or new folder`,
    );
  }
  let manifest: unknown;
  try {
    manifest = readJsonFile(manifestPath(outdir), outdir);
  } catch (err) {
    if (!(err instanceof SynthOutputError)) throw err;
    manifest = undefined; // a link, a pipe, not JSON: not a manifest golive wrote
  }
  if (!isRecord(field(manifest, "stacks"))) {
    throw new UnsafeOutputError(`${out}/manifest.json is not a synth manifest; choose an empty or new folder`);
  }
  const foreign = foreignOutputEntries(outdir);
  if (foreign.length > 0) {
    const sample = foreign
      .slice(0, 3)
      .map((f) => (f.kind === undefined ? f.path : `${f.path}, ${f.kind}`))
      .join("; ");
    const more = foreign.length > 3 ? ` and ${foreign.length - 3} more` : "";
    throw new UnsafeOutputError(
      `${out} holds files golive did not write (${sample}${more}): synth replaces the whole folder, so move them out of it, or choose an empty or new folder`,
    );
  }
}

/**
 * Throws when the synth output folder `outdir` no longer holds only what golive wrote: checked again
 * just before a synth swaps its new output in, since a file may have been added during the synth.
 */
export function checkStillReplaceable(outdir: string): void {
  if (lstatOrUndefined(outdir) === undefined || readdirSync(outdir).length === 0) return;
  checkReplaceableOutput(outdir, []);
}
