import { type Dirent, existsSync, lstatSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { foreignOutputEntries, OUTPUT_TOP, STACK_FILE } from "./output-layout";
import { SYNTH_RECORD } from "./record";

/**
 * The folders a synth works in beside its output: `.golive-tmp-synth-<pid>-<ms>` (the new output,
 * swapped into place at the end) and `<that>-old` (the previous output, for the moment of the swap).
 * A synth stopped by Ctrl-C or SIGTERM cannot remove them: it is synchronous, so no handler would run
 * before it ended, and Node's default for those signals ends the process at once. The next synth beside
 * the same output removes them instead (sweepStaleTempFolders), when they hold nothing a synth does not
 * write: a folder someone made under such a name, or put a file into, is left, with a note.
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

/** `dir`'s entries, or undefined when it is not a real folder (a link, a file, gone). */
function folderEntries(dir: string): Dirent[] | undefined {
  try {
    return lstatSync(dir).isDirectory() ? readdirSync(dir, { withFileTypes: true }) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What in a new output stopped before cdktf wrote its manifest golive did not write: cdktf makes
 * `stacks/<stack>/` and writes `cdk.tf.json` in it, one stack after another, and the manifest last
 * (node_modules/cdktf/lib/app.js synth, node_modules/cdktf/lib/synthesize/synthesizer.js); nothing else
 * is written before it.
 */
function foreignBeforeManifest(dir: string): string[] {
  const foreign: string[] = [];
  for (const e of folderEntries(dir) ?? []) {
    if (e.name === TEMP_MARKER) continue; // a regular file: checked by the caller
    const stacks = e.name === OUTPUT_TOP.stacks ? folderEntries(join(dir, e.name)) : undefined;
    if (stacks === undefined) {
      foreign.push(e.isDirectory() ? `${e.name}/` : e.name);
      continue;
    }
    for (const stack of stacks) {
      const files = folderEntries(join(dir, e.name, stack.name));
      if (files === undefined) foreign.push(`${e.name}/${stack.name}`);
      for (const f of files ?? [])
        if (f.name !== STACK_FILE || !f.isFile()) foreign.push(`${e.name}/${stack.name}/${f.name}${f.isDirectory() ? "/" : ""}`);
    }
  }
  return foreign;
}

/**
 * What in a stopped synth's temporary folder golive's synth did not write, at any depth, by
 * output-layout.ts's list (what synth checks before it replaces an output): a previous output (`-old`)
 * only what that list allows; a new output also golive's marker, or, stopped before cdktf wrote the
 * manifest, only what foreignBeforeManifest allows.
 */
function foreignContent(dir: string, old: boolean): string[] {
  if (!old && !existsSync(join(dir, OUTPUT_TOP.manifest))) return foreignBeforeManifest(dir);
  return foreignOutputEntries(dir)
    .filter((f) => old || f.path !== TEMP_MARKER || f.kind !== undefined)
    .map((f) => (f.kind === undefined ? f.path : `${f.path}, ${f.kind}`));
}

/** A stopped synth's temporary folder the sweep left, and why (a note, not an error). */
export interface LeftTempFolder {
  readonly name: string;
  readonly why: string;
}

/**
 * Removes, in `parent`, the temporary folders of synths that were stopped: only a real folder (never a
 * link) named exactly as tempFolderNames names them, whose process no longer runs, holding golive's
 * marker (a new output) or golive's synth record (a previous output, `-old`), and nothing golive's
 * synth does not write (foreignContent). Anything else, however named, is left alone, and so is one that
 * cannot be removed; a folder so named of a process that has ended is left with a reason (`left`).
 */
export function sweepStaleTempFolders(parent: string): { readonly removed: string[]; readonly left: LeftTempFolder[] } {
  let names: string[];
  try {
    names = readdirSync(parent).sort();
  } catch {
    return { removed: [], left: [] };
  }
  const removed: string[] = [];
  const left: LeftTempFolder[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const dir = join(parent, name);
    if (folderEntries(dir) === undefined) continue; // a link or a file: not a folder golive made
    const old = m[3] !== undefined;
    // A previous output holds golive's synth record and cdktf's manifest; a new one, golive's marker.
    const missing = (old ? [SYNTH_RECORD, OUTPUT_TOP.manifest] : [TEMP_MARKER]).find((f) => !isFileIn(dir, f));
    if (missing !== undefined) {
      left.push({ name, why: `it holds no ${missing}, so golive cannot tell it made it` });
      continue;
    }
    let foreign: string[];
    try {
      foreign = foreignContent(dir, old);
    } catch {
      foreign = ["content that cannot be read"]; // an unreadable folder is never removed unread
    }
    if (foreign.length > 0) {
      const more = foreign.length > 3 ? ` and ${foreign.length - 3} more` : "";
      left.push({ name, why: `it holds files golive's synth does not write (${foreign.slice(0, 3).join("; ")}${more})` });
      continue;
    }
    try {
      rmSync(dir, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Not ours to remove after all (another user's, in a shared folder): the synth goes on without it.
      left.push({ name, why: "it could not be removed" });
    }
  }
  return { removed, left };
}
