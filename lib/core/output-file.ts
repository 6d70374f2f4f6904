import { closeSync, openSync, realpathSync, rmSync, type Stats, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { displayPath } from "./display-path";
import { fsProblem } from "./fs-problem";
import { writtenByGolive } from "./golive-output";
import { insideGitFolder, isSameOrAncestor, lstatOrUndefined, overlongName, realish } from "./path-safety";

/**
 * A path golive must not write or replace: names it and says why (one line, exit 2). Nothing has been
 * touched when it is thrown.
 */
export class UnsafeOutputError extends Error {
  /** `shownFrom`, when given, words the message with paths as seen from a working directory (displayPath). */
  constructor(
    message: string,
    private readonly shownFrom?: (cwd: string) => string,
  ) {
    super(message);
    this.name = "UnsafeOutputError";
  }

  /** The message with paths relative to the working directory `cwd` when inside it, where the thrower can say so. */
  describe(cwd: string): string {
    return this.shownFrom?.(cwd) ?? this.message;
  }
}

/** A folder golive never writes a report into, and how messages name it ("the config folder"). */
export interface ProtectedDir {
  readonly path: string;
  readonly label: string;
}

export interface OutputRules {
  /** The working directory: messages show paths relative to it; missing folders are created only inside it. */
  readonly cwd: string;
  /** Folders no output may be written into (the config folder). */
  readonly protectedDirs: readonly ProtectedDir[];
}

/** What a file is, for messages: "a folder", "a named pipe", ... */
export function kindOf(st: Stats): string {
  if (st.isFile()) return "a file";
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a named pipe";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Why `path`, inside the working directory as written, leads out of it through a symbolic link (a
 * folder on the way, or the path itself): golive follows a link only within the working directory.
 * Undefined when it does not, or when the path was written outside the working directory to begin with.
 * `followLast` false judges only the folders on the way (a link as the file itself is judged apart).
 */
export function linkOutsideProblem(path: string, rules: OutputRules, followLast = true): string | undefined {
  const lexical = resolve(rules.cwd, path);
  if (!isSameOrAncestor(resolve(rules.cwd), lexical)) return undefined;
  const real = followLast ? realish(lexical) : join(realish(dirname(lexical)), basename(lexical));
  if (isSameOrAncestor(realish(rules.cwd), real)) return undefined;
  return `${displayPath(rules.cwd, lexical)} leads through a symbolic link to ${real}, outside the working directory; golive follows a link only within it`;
}

/**
 * Why golive may not create `path` (a file or a folder) where it is; undefined when it may. Its folder
 * must exist, or be missing only inside the working directory (where golive creates it, one level at a
 * time): elsewhere a missing folder is a typo, and under /proc or /sys creating one never ends. A path
 * inside the working directory must stay inside it when its links are followed.
 */
export function parentProblem(path: string, rules: OutputRules): string | undefined {
  const shown = (p: string) => displayPath(rules.cwd, p);
  const long = overlongName(path);
  if (long !== undefined) return long;
  const leaves = linkOutsideProblem(path, rules);
  if (leaves !== undefined) return leaves;
  const parent = dirname(resolve(path));
  let existing = parent;
  while (lstatOrUndefined(existing) === undefined && dirname(existing) !== existing) existing = dirname(existing);
  let st: Stats;
  try {
    st = statSync(existing);
  } catch {
    return `${shown(existing)} is a symbolic link to nothing, not a folder`;
  }
  if (!st.isDirectory()) return `${shown(existing)} is ${kindOf(st)}, not a folder`;
  if (existing !== parent && !isSameOrAncestor(realish(rules.cwd), realish(parent)))
    return `the folder ${shown(parent)} does not exist (golive creates a missing folder only inside the working directory)`;
  return existing === parent ? unwritableProblem(parent, shown(parent)) : undefined;
}

/**
 * Why no file can be created in the folder `dir`, found by creating and removing an empty one: only
 * that tells (as root every permission check passes, yet /sys and /proc refuse any new file), and it
 * costs a refused command nothing.
 */
function unwritableProblem(dir: string, shown: string): string | undefined {
  const probe = join(dir, `.golive-probe-${process.pid}-${Date.now()}`);
  try {
    closeSync(openSync(probe, "wx"));
    rmSync(probe, { force: true });
    return undefined;
  } catch (err) {
    return `cannot write in the folder ${shown} (${fsProblem(err)})`;
  }
}

/** Why `path` is inside a folder no output may go into; undefined when it is not. */
export function protectedProblem(path: string, rules: OutputRules): string | undefined {
  const shown = displayPath(rules.cwd, path);
  const real = realish(path);
  if (insideGitFolder(path) || insideGitFolder(real)) return `${shown} is inside a .git folder, the repository's own files`;
  for (const dir of rules.protectedDirs)
    for (const p of new Set([resolve(dir.path), realish(dir.path)]))
      if (isSameOrAncestor(p, resolve(path)) || isSameOrAncestor(p, real))
        return p === resolve(path) || p === real
          ? `${shown} is ${dir.label}`
          : `${shown} is inside ${dir.label} (${displayPath(rules.cwd, p)})`;
  return undefined;
}

function readsAsGolives(path: string): boolean {
  try {
    return writtenByGolive(path);
  } catch {
    return false; // unreadable: golive cannot tell it wrote it, so it is not replaced
  }
}

/**
 * Why a flag may not write the file `file`; undefined when it may. Refused: anything inside a .git
 * folder or a protected folder (the config folder), a folder, a pipe or device, a symbolic link to
 * nothing or to a file outside the working directory, an existing file golive did not write (an empty
 * one is fine: nothing is lost), a missing folder outside the working directory, a path inside the
 * working directory that a linked folder leads out of it. A link inside it is judged by the file it
 * points to (the write goes there; the link stays a link).
 */
export function outputFileProblem(file: string, rules: OutputRules): string | undefined {
  const path = resolve(rules.cwd, file);
  const shown = displayPath(rules.cwd, path);
  // `reports/` asks for a folder; resolve() drops the slash, and a file named reports would be written.
  if (/[/\\]$/.test(file)) return `${file} ends with a slash, naming a folder; allowed: a file path such as ${shown}/report.md`;
  const where = protectedProblem(path, rules);
  if (where !== undefined) return `${where}; golive never writes a report there`;
  // A linked folder on the way out (lnout/r.txt, lnout -> /tmp); a link as the file itself is judged below.
  const leaves = linkOutsideProblem(path, rules, false);
  if (leaves !== undefined) return leaves;
  const st = lstatOrUndefined(path);
  if (st === undefined) return parentProblem(path, rules);
  if (st.isSymbolicLink()) {
    let target: string;
    try {
      target = realpathSync(path);
    } catch {
      return `${shown} is a symbolic link to a file that does not exist; nothing was written`;
    }
    if (!isSameOrAncestor(realish(rules.cwd), target))
      return `${shown} is a symbolic link to ${target}, outside the working directory; golive follows a link only to a file inside it`;
    return outputFileProblem(target, rules);
  }
  if (st.isDirectory()) return `${shown} is a folder; give the name of a file`;
  if (!st.isFile()) return `${shown} is ${kindOf(st)}; golive writes only regular files, so it was left as it is`;
  if (st.size > 0 && !readsAsGolives(path))
    return `${shown} exists and golive did not write it; golive replaces only a report it wrote (move the file away, or choose another name)`;
  return undefined;
}
