import { existsSync, lstatSync, readdirSync, realpathSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { field, isRecord } from "../../core/json";
import { manifestPath, readJsonFile } from "../../core/synth-output";

/** What a synth output folder holds at its top level; anything else means golive did not write it. */
export const SYNTH_OUTPUT_ENTRIES: readonly string[] = ["manifest.json", "stacks", "golive.json"];

/** A folder synth must not replace: names it and says why. Nothing has been touched when it is thrown. */
export class UnsafeOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeOutputError";
  }
}

/** The path with every existing ancestor's symlinks resolved, so `out -> .` is seen for what it is. */
function realish(path: string): string {
  let existing = resolve(path);
  const rest: string[] = [];
  while (!existsSync(existing) && dirname(existing) !== existing) {
    rest.unshift(existing.slice(dirname(existing).length + 1));
    existing = dirname(existing);
  }
  return resolve(realpathSync(existing), ...rest);
}

function isSameOrAncestor(ancestor: string, path: string): boolean {
  const rel = relative(ancestor, path);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/**
 * Refuses an output folder whose replacement would destroy something golive did not write: the working
 * directory, the config directory or any folder holding them, anything inside `.git`, a symlink, a
 * file, or a folder with content other than a previous synth output. Empty and missing folders are fine.
 */
export function checkReplaceableOutput(outdir: string, protectedDirs: readonly string[]): void {
  const target = realish(outdir);
  for (const dir of protectedDirs) {
    for (const p of new Set([resolve(dir), realish(dir)])) {
      if (isSameOrAncestor(target, p)) {
        throw new UnsafeOutputError(
          `${outdir} is or contains ${p}, which golive must never replace; choose a folder of its own such as cdktf.out`,
        );
      }
    }
  }
  if (target.split(sep).includes(".git"))
    throw new UnsafeOutputError(`${outdir} is inside a .git folder; choose a folder of its own such as cdktf.out`);
  if (!existsSync(outdir) && !isSymlink(outdir)) return;
  const stat = lstatSync(outdir);
  if (stat.isSymbolicLink()) throw new UnsafeOutputError(`${outdir} is a symlink; golive replaces only a folder it wrote itself`);
  if (!stat.isDirectory()) throw new UnsafeOutputError(`${outdir} is a file, not a synth output folder; choose another --output`);
  const entries = readdirSync(outdir);
  if (entries.length === 0) return;
  const foreign = entries.filter((e) => !SYNTH_OUTPUT_ENTRIES.includes(e));
  if (foreign.length > 0 || !entries.includes("manifest.json")) {
    const sample = foreign.slice(0, 3).join(", ") || "no manifest.json";
    throw new UnsafeOutputError(`${outdir} holds files golive did not write (${sample}); choose an empty or new folder`);
  }
  if (!isRecord(field(readJsonFile(manifestPath(outdir)), "stacks"))) {
    throw new UnsafeOutputError(`${outdir}/manifest.json is not a synth manifest; choose an empty or new folder`);
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
