import { lstatSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SYNTH_RECORD } from "./record";

/**
 * The folders a synth works in beside its output: `.golive-tmp-synth-<pid>-<ms>` (the new output,
 * swapped into place at the end) and `<that>-old` (the previous output, for the moment of the swap).
 * A synth stopped by Ctrl-C or SIGTERM cannot remove them: it is synchronous, so no handler would run
 * before it ended, and Node's default for those signals ends the process at once. The next synth beside
 * the same output removes them instead (sweepStaleTempFolders).
 */
const TEMP_NAME = /^\.golive-tmp-synth-(\d{1,10})-(\d{1,16})(-old)?$/;

/** The file a synth's temporary folder holds while it works: golive made the folder, so it may remove it. */
export const TEMP_MARKER = ".golive-synth-in-progress";

/** A new temporary folder name for this process, and its `-old` partner. */
export function tempFolderNames(parent: string): { readonly tmp: string; readonly old: string } {
  const tmp = join(parent, `.golive-tmp-synth-${process.pid}-${Date.now()}`);
  return { tmp, old: `${tmp}-old` };
}

/** Marks `tmp` (just made) as golive's own, before anything else is written into it. */
export function markTempFolder(tmp: string): void {
  writeFileSync(join(tmp, TEMP_MARKER), `${process.pid}\n`, { flag: "wx" });
}

/** Whether a process with this id runs (EPERM: it does, under another user). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && "code" in err && err.code === "EPERM";
  }
}

function isFileIn(dir: string, name: string): boolean {
  try {
    return lstatSync(join(dir, name)).isFile();
  } catch {
    return false;
  }
}

/**
 * Removes, in `parent`, the temporary folders of synths that were stopped: only a real folder (never a
 * link) named exactly as tempFolderNames names them, whose process no longer runs, holding golive's
 * marker (a new output) or golive's synth record (a previous output, `-old`). Anything else, however
 * named, is left alone, and so is one that cannot be removed. Returns the names removed.
 */
export function sweepStaleTempFolders(parent: string): string[] {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const dir = join(parent, name);
    let isDir: boolean;
    try {
      isDir = lstatSync(dir).isDirectory();
    } catch {
      continue;
    }
    if (!isDir || !isFileIn(dir, m[3] === undefined ? TEMP_MARKER : SYNTH_RECORD)) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Not ours to remove after all (another user's, in a shared folder): the synth goes on without it.
    }
  }
  return removed;
}
